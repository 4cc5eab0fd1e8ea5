import { memo, useEffect } from 'react';
import * as echarts from 'echarts/core';
import { CustomChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type {
  CustomSeriesRenderItemAPI,
  CustomSeriesRenderItemParams,
  CustomSeriesRenderItemReturn,
} from 'echarts';
import type { PlanOperationView } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';
import { fmtTime } from '../format.ts';
import { useEchart } from '../components/use-echart.ts';

echarts.use([CustomChart, GridComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

/** Muted order colours (the chart is about sequence, not alarm: no red, ISA-101). */
const PALETTE = [
  '#5b8def',
  '#9b7bd4',
  '#3fb68b',
  '#d4a72c',
  '#c97b4a',
  '#4fb3c9',
  '#a3a86a',
  '#b06a9e',
  '#7f8fa6',
  '#6aa84f',
];
const C = { axis: '#5b6470', grid: '#2c323a', text: '#8b949e', now: '#c9d1d9' };

/**
 * The plan as a Gantt chart (echarts custom series): one row per station in flow order, one bar
 * per lot operation, coloured by order, from now to `hours` ahead, with a line at the current time.
 */
export const GanttChart = memo(function GanttChart({
  stations,
  operations,
  orderIds,
  now,
  hours = 8,
}: {
  stations: readonly string[];
  operations: readonly PlanOperationView[];
  orderIds: readonly string[];
  now: number;
  hours?: number;
}) {
  const { t, locale } = useI18n();
  const { el, chart } = useEchart();

  useEffect(() => {
    const c = chart.current;
    if (c === undefined) return;
    const from = now;
    const to = now + hours * 3_600_000;
    const row = new Map(stations.map((s, i) => [s, i] as const));
    const colour = (order: string): string =>
      PALETTE[Math.max(0, orderIds.indexOf(order)) % PALETTE.length] ?? PALETTE[0]!;
    const shown = operations.filter((o) => o.end > from && o.start < to && row.has(o.station));
    const data = shown.map((o) => ({
      value: [row.get(o.station) ?? 0, o.start, o.end, o.order, o.lot, o.quantity],
      itemStyle: { color: colour(o.order), opacity: o.wip ? 0.55 : 0.9 },
    }));
    const renderItem = (
      params: CustomSeriesRenderItemParams,
      api: CustomSeriesRenderItemAPI,
    ): CustomSeriesRenderItemReturn => {
      const y = api.value(0) as number;
      const start = api.coord([api.value(1), y]);
      const end = api.coord([api.value(2), y]);
      const h = (api.size?.([0, 1]) as number[] | undefined)?.[1] ?? 10;
      const cs = params.coordSys as unknown as { x: number; y: number; width: number; height: number };
      const rect = echarts.graphic.clipRectByRect(
        {
          x: start[0] ?? 0,
          y: (start[1] ?? 0) - h * 0.35,
          width: Math.max(1, (end[0] ?? 0) - (start[0] ?? 0) - 0.5),
          height: h * 0.7,
        },
        { x: cs.x, y: cs.y, width: cs.width, height: cs.height },
      );
      return rect === undefined ? null : { type: 'rect', transition: [], shape: rect, style: api.style() };
    };
    c.setOption(
      {
        animation: false,
        useUTC: true,
        grid: { left: 44, right: 16, top: 8, bottom: 24 },
        tooltip: {
          backgroundColor: '#1f242b',
          borderColor: C.grid,
          textStyle: { color: '#c9d1d9', fontSize: 12 },
          formatter: (p: { value?: unknown }) => {
            const v = p.value as [number, number, number, string, number, number] | undefined;
            if (v === undefined) return '';
            return `${v[3]} · ${t('plan.lot')} ${v[4] + 1} (${v[5]})<br/>${stations[v[0]] ?? ''}: ${fmtTime(locale, v[1])}–${fmtTime(locale, v[2])}`;
          },
        },
        xAxis: {
          type: 'time',
          min: from,
          max: to,
          axisLine: { lineStyle: { color: C.axis } },
          axisLabel: { color: C.text, fontSize: 11, hideOverlap: true },
          splitLine: { show: true, lineStyle: { color: C.grid } },
        },
        yAxis: {
          type: 'category',
          data: [...stations],
          inverse: true,
          axisLabel: { color: C.text, fontSize: 10 },
          axisLine: { lineStyle: { color: C.axis } },
          splitLine: { show: false },
        },
        series: [
          {
            type: 'custom',
            name: t('plan.title'),
            renderItem,
            encode: { x: [1, 2], y: 0 },
            data,
            markLine: {
              silent: true,
              symbol: 'none',
              label: { color: C.text, fontSize: 10, formatter: t('plan.now') },
              lineStyle: { color: C.now, type: 'solid', width: 1 },
              data: [{ xAxis: now }],
            },
          },
        ],
      },
      { notMerge: true },
    );
  }, [stations, operations, orderIds, now, hours, t, locale]);

  return (
    <div
      ref={el}
      className="gantt-chart"
      data-testid="plan-gantt"
      data-bars={operations.filter((o) => o.end > now && o.start < now + hours * 3_600_000).length}
    />
  );
});
