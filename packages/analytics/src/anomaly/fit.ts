import { AetherError } from '@aethercore/core';
import { empiricalQuantile } from './distributions.ts';
import { createFeatureExtractor, featureLayout, type AnomalyFeatureSpec } from './features.ts';
import { ANOMALY_MODEL_FORMAT, type AnomalyMethod, type AnomalyModel, type ScorerParams } from './model.ts';
import { fitMset } from './mset.ts';
import { fitT2Q } from './pca-t2q.ts';
import { applyScaler, fitScaler } from './scaler.ts';
import { createRollingMedian, scorerFunction } from './streaming-detector.ts';

export interface FitOptions {
  readonly method: AnomalyMethod;
  readonly features: AnomalyFeatureSpec;
  /** PCA: explained variance of the retained components (t2q). */
  readonly explainedVariance: number;
  /** Control-limit confidence (t2, t2q). */
  readonly confidence: number;
  /** MSET memory size and kernel bandwidth (multiple of the median memory distance). */
  readonly memorySize: number;
  readonly bandwidth: number;
  /**
   * `control-limit`: score 1.0 = the theoretical UCL (t2, t2q only).
   * `quantile`: score 1.0 = the `calibrationQuantile` of out-of-fold training scores.
   */
  readonly calibration: 'control-limit' | 'quantile';
  readonly calibrationQuantile: number;
  /** Contiguous folds for out-of-fold training scores (≥ 2), so that calibration is not optimistic. */
  readonly folds: number;
  readonly smoothing: number;
  readonly threshold: number;
  readonly k: number;
  readonly n: number;
  /**
   * Detect slow columns from the training part: a column whose mean moves by more than this many
   * short-term σ (MR̄/1.128) between the first and the last quarter of training is not stationary
   * there, and is monitored by rate only (added to `features.rateOnly`). Off when absent.
   */
  readonly autoRateOnly?: number;
}

/**
 * Drift index of a training column: |mean(last quarter) − mean(first quarter)| / σ_short, with the
 * short-term σ from moving ranges. About 0–1 for a stationary signal, large for a warming one.
 */
export function driftIndex(values: readonly number[]): number {
  const n = values.length;
  const q = Math.max(1, Math.floor(n / 4));
  const mean = (a: readonly number[]): number => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);
  let mr = 0;
  for (let i = 1; i < n; i++) mr += Math.abs((values[i] as number) - (values[i - 1] as number));
  const sigma = mr / Math.max(1, n - 1) / 1.128;
  const shift = Math.abs(mean(values.slice(n - q)) - mean(values.slice(0, q)));
  return sigma > 0 ? shift / sigma : shift > 0 ? Infinity : 0;
}

/** Column indices whose training drift index exceeds `limit`. */
export function slowColumns(rows: readonly (readonly number[])[], limit: number): number[] {
  const d = rows[0]?.length ?? 0;
  const out: number[] = [];
  for (let j = 0; j < d; j++) if (driftIndex(rows.map((r) => r[j] as number)) > limit) out.push(j);
  return out;
}

/**
 * Recommended options per method: 20-row rolling mean features, calibration at
 * the 0.99 quantile of out-of-fold training scores (4 contiguous folds), a rolling median of 5 and an
 * alarm at 1.5 × the calibration level. Chosen on SKAB and checked by leave-one-group-out
 * cross-validation across its experiment groups (bench/skab, docs/analytics-anomaly.md).
 * `rateOnly` (slow thermal columns) depends on the data's columns and is set by the caller.
 */
export function defaultFitOptions(method: AnomalyMethod): FitOptions {
  return {
    method,
    features: { window: 20, kinds: ['mean'] },
    explainedVariance: 0.85,
    confidence: 0.999,
    memorySize: 120,
    bandwidth: 1,
    calibration: 'quantile',
    calibrationQuantile: 0.99,
    folds: 4,
    smoothing: 5,
    threshold: 1.5,
    k: 1,
    n: 1,
  };
}

/**
 * The classic configuration of SKAB's own baselines: raw signals, a rolling median of 5, and the
 * theoretical control limits at 0.999 (t2, t2q) or the training 0.99 quantile (mset).
 */
export function baselineFitOptions(method: AnomalyMethod): FitOptions {
  const classic = method === 't2' || method === 't2q';
  return {
    ...defaultFitOptions(method),
    features: { window: 1, kinds: ['raw'] },
    calibration: classic ? 'control-limit' : 'quantile',
    threshold: 1,
  };
}

function fitScorers(
  method: AnomalyMethod,
  rows: readonly (readonly number[])[],
  o: FitOptions,
): ScorerParams[] {
  const t2 = (): ScorerParams => fitT2Q(rows, { explainedVariance: 'all', confidence: o.confidence });
  const t2q = (): ScorerParams =>
    fitT2Q(rows, { explainedVariance: o.explainedVariance, confidence: o.confidence });
  const mset = (): ScorerParams =>
    fitMset(rows, { memorySize: o.memorySize, bandwidth: o.bandwidth, ridge: 1e-6 });
  switch (method) {
    case 't2':
      return [t2()];
    case 't2q':
      return [t2q()];
    case 'mset':
      return [mset()];
    case 'ensemble':
      return [t2q(), mset()];
  }
}

/**
 * Fit a detector on anomaly-free training rows (values in `columns` order). The threshold comes from the
 * training part alone: either the theoretical control limits or a quantile of out-of-fold training
 * scores (contiguous folds, so neighbouring, correlated samples never score each other).
 */
export function fitAnomalyModel(
  columns: readonly string[],
  rows: readonly (readonly number[])[],
  given: FitOptions,
): AnomalyModel {
  const d = columns.length;
  const options: FitOptions =
    given.autoRateOnly === undefined
      ? given
      : {
          ...given,
          features: {
            ...given.features,
            rateOnly: [
              ...new Set([
                ...(given.features.rateOnly ?? []),
                ...slowColumns(
                  rows.filter((r) => r.length === d),
                  given.autoRateOnly,
                ),
              ]),
            ].sort((a, b) => a - b),
          },
        };
  const bad = (options.features.rateOnly ?? []).find((j) => !Number.isInteger(j) || j < 0 || j >= d);
  if (bad !== undefined) {
    throw new AetherError({
      code: 'anomaly.option-invalid',
      message: `features.rateOnly names column index ${bad}, but there are ${d} columns.`,
      hint: 'List 0-based indices of the columns to monitor by rate of change.',
    });
  }
  if (!(options.features.window >= 1) || options.features.kinds.length === 0) {
    throw new AetherError({
      code: 'anomaly.option-invalid',
      message: 'features need a window ≥ 1 and at least one kind.',
      hint: 'e.g. { window: 20, kinds: ["mean"] }',
    });
  }
  const layout = featureLayout(options.features, d);
  const warm =
    Math.max(0, options.features.window - 1) +
    (layout.some(([k]) => k === 'diff') ? options.features.window : 0);
  if (rows.length - warm < Math.max(20, 2 * layout.length)) {
    throw new AetherError({
      code: 'anomaly.training-too-short',
      message: `${rows.length} training rows are too few for ${d} columns with a ${options.features.window}-row feature window.`,
      hint: 'Train on more anomaly-free rows (SKAB uses 400), or use fewer columns or a shorter window.',
    });
  }
  if (options.calibration === 'control-limit' && options.method !== 't2' && options.method !== 't2q') {
    throw new AetherError({
      code: 'anomaly.option-invalid',
      message: `Control-limit calibration exists only for t2 and t2q, not ${options.method}.`,
      hint: 'Use calibration "quantile" for this method.',
    });
  }
  const fx = createFeatureExtractor(options.features, d);
  rows.forEach((r, i) => {
    if (r.length !== d) {
      throw new AetherError({
        code: 'anomaly.row-width',
        message: `Training row ${i + 1} has ${r.length} values, expected ${d}.`,
        path: `row ${i + 1}`,
      });
    }
  });
  const feats = rows.map((r) => fx.push(r)).slice(warm);
  const scaler = fitScaler(feats);
  const x = feats.map((f) => applyScaler(scaler, f));
  const scorers = fitScorers(options.method, x, options);
  let calibration: number[];
  if (options.calibration === 'control-limit') {
    calibration = scorers.map(() => 1);
  } else {
    const folds = Math.max(2, Math.floor(options.folds));
    const oof: number[][] = scorers.map(() => []);
    for (let f = 0; f < folds; f++) {
      const lo = Math.floor((f * x.length) / folds);
      const hi = Math.floor(((f + 1) * x.length) / folds);
      const fitPart = [...x.slice(0, lo), ...x.slice(hi)];
      const foldScorers = fitScorers(options.method, fitPart, options).map(scorerFunction);
      foldScorers.forEach((score, i) => {
        const smooth = createRollingMedian(options.smoothing);
        for (let t = lo; t < hi; t++) (oof[i] as number[]).push(smooth(score(x[t] as number[])));
      });
    }
    calibration = oof.map((s) => Math.max(1e-12, empiricalQuantile(s, options.calibrationQuantile)));
  }
  return {
    format: ANOMALY_MODEL_FORMAT,
    method: options.method,
    columns: [...columns],
    features: {
      window: options.features.window,
      kinds: [...options.features.kinds],
      ...(options.features.rateOnly === undefined || options.features.rateOnly.length === 0
        ? {}
        : { rateOnly: [...options.features.rateOnly] }),
    },
    scaler,
    scorers,
    calibration,
    alarm: { smoothing: options.smoothing, threshold: options.threshold, k: options.k, n: options.n },
    training: {
      rows: rows.length,
      calibration: options.calibration,
      ...(options.calibration === 'quantile' ? { calibrationQuantile: options.calibrationQuantile } : {}),
      folds: options.calibration === 'quantile' ? options.folds : 0,
    },
  };
}
