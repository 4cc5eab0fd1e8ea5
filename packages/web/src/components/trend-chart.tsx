import { useEffect } from 'react';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import {
  GridComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Reading, TrendSpec } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';
import { fmtNumber, fmtUnit } from '../format.ts';
import type { TrendMarker } from '../agents/findings.ts';
import { useEchart } from './use-echart.ts';

echarts.use([
  LineChart,
  GridComponent,
  TooltipComponent,
  MarkLineComponent,
  MarkPointComponent,
  MarkAreaComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

const C = {
  line: '#a9b7c6',
  axis: '#5b6470',
  grid: '#2c323a',
  text: '#8b949e',
  limit: '#d4a72c',
  alarm: '#e5534b',
  band: 'rgba(169,183,198,0.06)',
};

const NO_MARKERS: readonly TrendMarker[] = [];

/**
 * One live trend. Grey while inside the limits; the trace turns red outside them (ISA-101:
 * colour means abnormal). Tolerance limits of a quality characteristic are drawn as LSL/USL with
 * the nominal, as on a Shewhart chart.
 */
export function TrendChart({
  spec,
  title,
  points,
  latest,
  markers = NO_MARKERS,
}: {
  spec: TrendSpec;
  title: string;
  points: readonly (readonly [number, number])[];
  latest: Reading | undefined;
  /** Where agents' findings fired on this trend (a vertical line and a pin on the curve). */
  markers?: readonly TrendMarker[];
}) {
  const { t, locale } = useI18n();
  const { el, chart } = useEchart();
  const unit = fmtUnit(spec.unit);
  const digits = spec.kind === 'characteristic' ? 3 : 2;

  const { low, high, nominal } = spec.limits;
  const markerKey = markers.map((m) => `${m.time}:${m.severity}:${m.label}`).join('|');
  useEffect(() => {
    const c = chart.current;
    if (c === undefined) return;
    const isChar = spec.kind === 'characteristic';
    const lines = [
      ...(high === undefined
        ? []
        : [
            {
              yAxis: high,
              name: isChar ? t('trend.usl') : t('trend.limitHigh'),
              lineStyle: { color: C.limit },
            },
          ]),
      ...(low === undefined
        ? []
        : [
            {
              yAxis: low,
              name: isChar ? t('trend.lsl') : t('trend.limitHigh'),
              lineStyle: { color: C.limit },
            },
          ]),
      ...(nominal === undefined
        ? []
        : [
            {
              yAxis: nominal,
              name: t('trend.nominal'),
              lineStyle: { color: C.axis, type: 'dotted' as const },
            },
          ]),
    ];
    // Findings inside the charted window: a vertical line at the time, a pin on the curve there.
    const first = points[0]?.[0];
    const shown = first === undefined ? [] : markers.filter((m) => m.time >= first);
    const valueAt = (time: number): number | undefined => {
      let best: readonly [number, number] | undefined;
      for (const p of points)
        if (best === undefined || Math.abs(p[0] - time) < Math.abs(best[0] - time)) best = p;
      return best?.[1];
    };
    const markerColor = (m: TrendMarker): string => (m.severity === 'alarm' ? C.alarm : C.limit);
    const values = points.map((p) => p[1]);
    // Keep every limit in view, so a trace far beyond its limit still shows the line it crossed.
    const refs = [low, high, nominal].filter((x): x is number => x !== undefined);
    const lo = Math.min(...values, ...refs);
    const hi = Math.max(...values, ...refs);
    const pad = Number.isFinite(hi - lo) ? Math.max((hi - lo) * 0.12, Math.abs(hi) * 0.002, 1e-3) : 1;
    c.setOption(
      {
        animation: false,
        useUTC: true,
        grid: { left: 52, right: 44, top: 14, bottom: 26 },
        tooltip: {
          trigger: 'axis',
          backgroundColor: '#1f242b',
          borderColor: C.grid,
          textStyle: { color: '#c9d1d9', fontSize: 12 },
          valueFormatter: (v: unknown) =>
            typeof v === 'number' ? `${fmtNumber(locale, v, digits)} ${unit}` : String(v),
        },
        xAxis: {
          type: 'time',
          axisLine: { lineStyle: { color: C.axis } },
          axisLabel: { color: C.text, fontSize: 11, hideOverlap: true },
          splitLine: { show: false },
        },
        yAxis: {
          type: 'value',
          scale: true,
          min: Number.isFinite(lo) ? lo - pad : undefined,
          max: Number.isFinite(hi) ? hi + pad : undefined,
          axisLabel: {
            color: C.text,
            fontSize: 11,
            showMinLabel: false,
            showMaxLabel: false,
            formatter: (v: number) => fmtNumber(locale, v, isChar ? 2 : v % 1 === 0 ? 0 : 1),
          },
          splitLine: { lineStyle: { color: C.grid } },
        },
        visualMap:
          low === undefined && high === undefined
            ? undefined
            : {
                show: false,
                dimension: 1,
                pieces: [{ min: low ?? -1e12, max: high ?? 1e12, color: C.line }],
                outOfRange: { color: C.alarm },
              },
        series: [
          {
            type: 'line',
            name: title,
            showSymbol: false,
            // No fixed colour when a visualMap colours the trace by its limits.
            lineStyle:
              low === undefined && high === undefined ? { width: 1.5, color: C.line } : { width: 1.5 },
            data: points,
            markLine: {
              silent: true,
              symbol: 'none',
              label: { color: C.text, fontSize: 10, formatter: '{b}' },
              lineStyle: { type: 'dashed' },
              data: [
                ...lines,
                ...shown.map((m) => ({
                  xAxis: m.time,
                  name: m.label,
                  label: { show: false },
                  lineStyle: { color: markerColor(m), type: 'solid' as const, width: 1 },
                })),
              ],
            },
            markPoint: {
              symbol: 'pin',
              symbolSize: 26,
              label: { show: true, formatter: '!', color: '#111', fontSize: 11 },
              data: shown.flatMap((m) => {
                const v = valueAt(m.time);
                return v === undefined
                  ? []
                  : [{ coord: [m.time, v], name: m.label, itemStyle: { color: markerColor(m) } }];
              }),
            },
            ...(isChar && low !== undefined && high !== undefined
              ? {
                  markArea: {
                    silent: true,
                    itemStyle: { color: C.band },
                    data: [[{ yAxis: low }, { yAxis: high }]],
                  },
                }
              : {}),
          },
        ],
      },
      { notMerge: true, lazyUpdate: true },
    );
    // The markers arrive as a fresh array each render: redraw only when they really change.
  }, [points, low, high, nominal, spec.kind, title, t, locale, unit, digits, markerKey]);

  const last = latest?.value ?? points.at(-1)?.[1];
  const abnormal =
    last !== undefined && ((high !== undefined && last > high) || (low !== undefined && last < low));
  return (
    <figure
      className="panel trend"
      data-testid={`trend-${spec.kind}`}
      data-findings={markers.length}
      data-markers={markers.filter((m) => m.time >= (points[0]?.[0] ?? Infinity)).length}
    >
      <figcaption className="panel-head">
        <h2>{title}</h2>
        <span
          className={`trend-latest mono${abnormal ? ' abnormal' : ''}`}
          data-testid="trend-latest"
          title={t('trend.latest')}
        >
          {last === undefined ? '–' : fmtNumber(locale, last, digits)} <span className="unit">{unit}</span>
        </span>
      </figcaption>
      <div className="trend-body">
        <div ref={el} className="trend-canvas" />
        {points.length === 0 ? <div className="trend-empty muted small">{t('trend.noData')}</div> : null}
      </div>
    </figure>
  );
}
