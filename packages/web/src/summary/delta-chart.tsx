import { memo, useEffect } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useEchart } from '../components/use-echart.ts';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface DeltaBar {
  readonly label: string;
  /** Relative change in % (or percentage points for ratios). */
  readonly value: number;
  readonly unit: '%' | 'pp';
  readonly verdict: 'better' | 'worse' | 'same' | undefined;
  /** Tooltip: day and reference values, formatted. */
  readonly detail: string;
}

/** Better in a calm green, worse in amber (ISA-101: colour for what needs attention, no alarm red). */
const COLOUR = { better: '#3fb68b', worse: '#d4a72c', same: '#7f8fa6' } as const;
const C = { axis: '#5b6470', grid: '#2c323a', text: '#8b949e' };

/** The day's deltas against the reference as horizontal bars, one per KPI (echarts). */
export const DeltaChart = memo(function DeltaChart({ bars }: { bars: readonly DeltaBar[] }) {
  const { el, chart } = useEchart();

  useEffect(() => {
    const c = chart.current;
    if (c === undefined) return;
    c.setOption(
      {
        animation: false,
        grid: { left: 150, right: 48, top: 4, bottom: 20 },
        tooltip: {
          backgroundColor: '#1f242b',
          borderColor: C.grid,
          textStyle: { color: '#c9d1d9', fontSize: 12 },
          formatter: (p: { dataIndex: number }) => bars[p.dataIndex]?.detail ?? '',
        },
        xAxis: {
          type: 'value',
          axisLine: { lineStyle: { color: C.axis } },
          axisLabel: { color: C.text, fontSize: 10 },
          splitLine: { lineStyle: { color: C.grid } },
        },
        yAxis: {
          type: 'category',
          inverse: true,
          data: bars.map((b) => b.label),
          axisLabel: { color: C.text, fontSize: 11 },
          axisLine: { lineStyle: { color: C.axis } },
        },
        series: [
          {
            type: 'bar',
            barMaxWidth: 16,
            data: bars.map((b) => ({
              value: Number(b.value.toFixed(2)),
              itemStyle: { color: COLOUR[b.verdict ?? 'same'] },
            })),
            label: {
              show: true,
              position: 'right',
              color: C.text,
              fontSize: 10,
              formatter: (p: { dataIndex: number }) => {
                const b = bars[p.dataIndex];
                return b === undefined
                  ? ''
                  : `${b.value > 0 ? '+' : b.value < 0 ? '−' : '±'}${Math.abs(b.value).toFixed(1)} ${b.unit}`;
              },
            },
          },
        ],
      },
      { notMerge: true },
    );
  }, [bars]);

  return (
    <div
      ref={el}
      className="delta-chart"
      role="img"
      aria-label={bars.map((b) => `${b.label} ${b.value.toFixed(1)} ${b.unit}`).join(', ')}
    />
  );
});
