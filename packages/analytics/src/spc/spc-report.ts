import { AetherError } from '@aethercore/core';
import {
  cusumChart,
  estimateBaseline,
  ewmaChart,
  individualsChart,
  type CusumChart,
  type EwmaChart,
  type IndividualsChart,
  type ProcessBaseline,
} from './control-charts.ts';
import { nelsonRules, type NelsonFinding, type NelsonRule } from './nelson-rules.ts';

/**
 * One call for a dashboard or the daily summary: phase I limits from the first `baselineParts` points,
 * then the X/MR chart, EWMA, CUSUM and the Nelson rules on the points after the baseline. Indices in
 * the result refer to the full series.
 */
export interface SpcReportOptions {
  /** In-control points that set the limits (default 25, Montgomery's phase I guideline). */
  readonly baselineParts?: number;
  readonly rules?: readonly NelsonRule[];
}

export interface SpcReport {
  readonly baseline: ProcessBaseline;
  readonly individuals: IndividualsChart;
  readonly ewma: EwmaChart;
  readonly cusum: CusumChart;
  readonly findings: readonly NelsonFinding[];
  /** True when no chart signalled and no rule fired after the baseline. */
  readonly inControl: boolean;
}

export function spcReport(values: readonly number[], options: SpcReportOptions = {}): SpcReport {
  const n0 = options.baselineParts ?? 25;
  if (values.length <= n0) {
    throw new AetherError({
      code: 'spc.series-too-short',
      message: `${values.length} points, but the baseline alone needs ${n0}.`,
      hint: 'Record more points or lower baselineParts.',
    });
  }
  const baseline = estimateBaseline(values.slice(0, n0));
  const monitored = values.slice(n0);
  const shift = (i: number): number => i + n0;
  const x = individualsChart(monitored, baseline);
  const e = ewmaChart(monitored, baseline);
  const c = cusumChart(monitored, baseline);
  const findings = nelsonRules(monitored, baseline, options.rules).map((f) => ({
    ...f,
    from: shift(f.from),
    to: shift(f.to),
  }));
  const individuals: IndividualsChart = {
    ...x,
    outOfControl: x.outOfControl.map(shift),
    mrOutOfControl: x.mrOutOfControl.map(shift),
  };
  const ewma: EwmaChart = {
    ...e,
    firstSignal: e.firstSignal === undefined ? undefined : shift(e.firstSignal),
    signals: e.signals.map(shift),
  };
  const cusum: CusumChart = {
    ...c,
    firstSignal: c.firstSignal === undefined ? undefined : shift(c.firstSignal),
    signals: c.signals.map(shift),
  };
  const inControl =
    findings.length === 0 &&
    individuals.outOfControl.length === 0 &&
    ewma.signals.length === 0 &&
    cusum.signals.length === 0;
  return { baseline, individuals, ewma, cusum, findings, inControl };
}
