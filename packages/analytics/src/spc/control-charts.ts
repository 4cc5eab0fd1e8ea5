import { AetherError, describeValue } from '@aethercore/core';

/**
 * Shewhart individuals (X) and moving-range (MR) chart, EWMA and tabular CUSUM, after Montgomery,
 * "Introduction to Statistical Quality Control" (7th ed.), §6.4 (X/MR), §9.1 (CUSUM), §9.2 (EWMA).
 * Limits come from a baseline (phase I) that is assumed in control; the charts then monitor new points.
 */

/** d2 for subgroups of n = 2 (the moving range of two consecutive points). */
export const D2_N2 = 1.128;
/** D4 for n = 2: the MR chart's upper limit is D4 · MR̄. */
export const D4_N2 = 3.267;

export interface ProcessBaseline {
  /** Centre line μ₀. */
  readonly mean: number;
  /** Short-term σ estimated as MR̄ / d2 (robust to a slow drift inside the baseline). */
  readonly sigma: number;
}

function finite(values: readonly number[], what: string): void {
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) {
      throw new AetherError({
        code: 'spc.value-invalid',
        message: `${what}[${i}] is ${describeValue(v)}, not a finite number.`,
        path: `${what}[${i}]`,
        hint: 'Remove or impute bad measurements before charting.',
      });
    }
  });
}

/** Estimate μ₀ and σ from in-control baseline data (≥ 2 points). */
export function estimateBaseline(values: readonly number[]): ProcessBaseline {
  finite(values, 'baseline');
  if (values.length < 2) {
    throw new AetherError({
      code: 'spc.baseline-too-short',
      message: `A baseline needs at least 2 points, got ${values.length}.`,
      hint: 'Use 20–25 in-control points for phase I (Montgomery §6.4).',
    });
  }
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  let mr = 0;
  for (let i = 1; i < values.length; i++) mr += Math.abs((values[i] as number) - (values[i - 1] as number));
  mr /= values.length - 1;
  const sigma = mr / D2_N2;
  return { mean, sigma: sigma > 0 ? sigma : Number.EPSILON };
}

export interface IndividualsChart {
  readonly centre: number;
  readonly ucl: number;
  readonly lcl: number;
  readonly mrCentre: number;
  readonly mrUcl: number;
  /** Indices of points outside [lcl, ucl]. */
  readonly outOfControl: readonly number[];
  /** Indices i ≥ 1 whose moving range |xᵢ − xᵢ₋₁| exceeds mrUcl. */
  readonly mrOutOfControl: readonly number[];
}

/** X/MR chart of `values` with 3σ limits from `baseline` (default: estimated from `values`). */
export function individualsChart(
  values: readonly number[],
  baseline: ProcessBaseline = estimateBaseline(values),
): IndividualsChart {
  finite(values, 'values');
  const { mean, sigma } = baseline;
  const mrCentre = sigma * D2_N2;
  const ucl = mean + 3 * sigma;
  const lcl = mean - 3 * sigma;
  const mrUcl = D4_N2 * mrCentre;
  const outOfControl: number[] = [];
  const mrOutOfControl: number[] = [];
  values.forEach((v, i) => {
    if (v > ucl || v < lcl) outOfControl.push(i);
    if (i > 0 && Math.abs(v - (values[i - 1] as number)) > mrUcl) mrOutOfControl.push(i);
  });
  return { centre: mean, ucl, lcl, mrCentre, mrUcl, outOfControl, mrOutOfControl };
}

export interface EwmaOptions {
  /** Smoothing λ (Montgomery recommends 0.05–0.25; 0.2 default). */
  readonly lambda?: number;
  /** Limit width L in σ of the EWMA (2.7–3; 3 default). */
  readonly width?: number;
}

export interface EwmaChart {
  readonly z: readonly number[];
  readonly ucl: readonly number[];
  readonly lcl: readonly number[];
  /** First index outside the limits, or undefined. */
  readonly firstSignal: number | undefined;
  readonly signals: readonly number[];
}

/** EWMA chart (Roberts 1959) with exact time-varying limits μ₀ ± Lσ√(λ/(2−λ)·(1−(1−λ)^{2t})). */
export function ewmaChart(
  values: readonly number[],
  baseline: ProcessBaseline,
  options: EwmaOptions = {},
): EwmaChart {
  finite(values, 'values');
  const lambda = options.lambda ?? 0.2;
  const width = options.width ?? 3;
  const z: number[] = [];
  const ucl: number[] = [];
  const lcl: number[] = [];
  const signals: number[] = [];
  let prev = baseline.mean;
  values.forEach((x, i) => {
    prev = lambda * x + (1 - lambda) * prev;
    const half =
      width * baseline.sigma * Math.sqrt((lambda / (2 - lambda)) * (1 - (1 - lambda) ** (2 * (i + 1))));
    z.push(prev);
    ucl.push(baseline.mean + half);
    lcl.push(baseline.mean - half);
    if (prev > baseline.mean + half || prev < baseline.mean - half) signals.push(i);
  });
  return { z, ucl, lcl, firstSignal: signals[0], signals };
}

export interface CusumOptions {
  /** Reference value k in σ (half the shift to detect; 0.5 default). */
  readonly k?: number;
  /** Decision interval h in σ (4 or 5; 5 default: ARL₀ ≈ 465 at k = 0.5). */
  readonly h?: number;
}

export interface CusumChart {
  readonly upper: readonly number[];
  readonly lower: readonly number[];
  readonly decisionInterval: number;
  readonly firstSignal: number | undefined;
  /** Direction of the first signal. */
  readonly direction: 'up' | 'down' | undefined;
  readonly signals: readonly number[];
}

/**
 * Tabular CUSUM (Page 1954; Montgomery §9.1.2): C⁺ᵢ = max(0, xᵢ − (μ₀ + K) + C⁺ᵢ₋₁),
 * C⁻ᵢ = max(0, (μ₀ − K) − xᵢ + C⁻ᵢ₋₁), signal when either exceeds H, with K = kσ and H = hσ.
 */
export function cusumChart(
  values: readonly number[],
  baseline: ProcessBaseline,
  options: CusumOptions = {},
): CusumChart {
  finite(values, 'values');
  const kk = (options.k ?? 0.5) * baseline.sigma;
  const hh = (options.h ?? 5) * baseline.sigma;
  const upper: number[] = [];
  const lower: number[] = [];
  const signals: number[] = [];
  let cp = 0;
  let cm = 0;
  let direction: 'up' | 'down' | undefined;
  values.forEach((x, i) => {
    cp = Math.max(0, x - (baseline.mean + kk) + cp);
    cm = Math.max(0, baseline.mean - kk - x + cm);
    upper.push(cp);
    lower.push(cm);
    if (cp > hh || cm > hh) {
      if (signals.length === 0) direction = cp > hh ? 'up' : 'down';
      signals.push(i);
    }
  });
  return { upper, lower, decisionInterval: hh, firstSignal: signals[0], direction, signals };
}
