import { AetherError, describeValue } from '@aethercore/core';
import {
  ANOMALY_FEATURE_KINDS,
  featureLayout,
  type AnomalyFeatureKind,
  type AnomalyFeatureSpec,
} from './features.ts';
import type { MsetParams } from './mset.ts';
import type { T2QParams } from './pca-t2q.ts';
import type { Scaler } from './scaler.ts';

/**
 * A fitted anomaly detector as plain JSON (`aethercore anomaly fit --out model.json`), so that the
 * CLI, the server and the live twin load the same model. Everything a score needs is inside: the
 * column order, the feature window, the scaler, the statistical model(s), the calibration and the
 * alarm rule.
 */
export const ANOMALY_MODEL_FORMAT = 'aethercore.anomaly-model/1';

export const ANOMALY_METHODS = ['t2', 't2q', 'mset', 'ensemble'] as const;
export type AnomalyMethod = (typeof ANOMALY_METHODS)[number];

export type ScorerParams = T2QParams | MsetParams;

export interface AlarmRule {
  /** Rolling median of the score over this many samples (1 = none), as SKAB's baselines do (5). */
  readonly smoothing: number;
  /** Alarm when the calibrated score exceeds this value (1.0 = the calibration level). */
  readonly threshold: number;
  /** Label a sample anomalous when at least k of the last n samples are in alarm (persistence). */
  readonly k: number;
  readonly n: number;
}

export interface AnomalyModel {
  readonly format: typeof ANOMALY_MODEL_FORMAT;
  readonly method: AnomalyMethod;
  readonly columns: readonly string[];
  readonly features: AnomalyFeatureSpec;
  readonly scaler: Scaler;
  readonly scorers: readonly ScorerParams[];
  /**
   * Divisor per scorer, so that each calibrated score is "multiples of the training level": the
   * `calibrationQuantile` of the (smoothed, out-of-fold) training scores, or 1 for control limits.
   */
  readonly calibration: readonly number[];
  readonly alarm: AlarmRule;
  readonly training: {
    readonly rows: number;
    readonly calibration: 'control-limit' | 'quantile';
    readonly calibrationQuantile?: number;
    readonly folds: number;
  };
}

const bad = (message: string, path: string): AetherError =>
  new AetherError({
    code: 'anomaly.model-invalid',
    message,
    path,
    hint: 'Fit a model with `aethercore anomaly fit --data <csv> --out <model.json>` and pass that file.',
  });

const isNumArray = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));
const isMatrix = (v: unknown): v is number[][] => Array.isArray(v) && v.every(isNumArray);
/** An object's fields, or undefined for null, arrays and primitives (hostile JSON must not crash). */
const asRecord = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const FEATURE_KINDS: readonly AnomalyFeatureKind[] = ANOMALY_FEATURE_KINDS;

/** Validate parsed JSON as an anomaly model; throws `anomaly.model-invalid` naming the first bad field. */
export function parseAnomalyModel(value: unknown): AnomalyModel {
  if (typeof value !== 'object' || value === null) throw bad('The model is not a JSON object.', '$');
  const m = value as Record<string, unknown>;
  if (m['format'] !== ANOMALY_MODEL_FORMAT)
    throw bad(
      `Unknown model format ${describeValue(m['format'])}; expected ${ANOMALY_MODEL_FORMAT}.`,
      'format',
    );
  if (!ANOMALY_METHODS.includes(m['method'] as AnomalyMethod))
    throw bad(`Unknown method ${describeValue(m['method'])}.`, 'method');
  const columns = m['columns'];
  if (!Array.isArray(columns) || columns.length === 0 || !columns.every((c) => typeof c === 'string'))
    throw bad('columns must be a non-empty list of names.', 'columns');
  const f = asRecord(m['features']);
  if (
    f === undefined ||
    typeof f['window'] !== 'number' ||
    !(f['window'] >= 1) ||
    !Array.isArray(f['kinds']) ||
    f['kinds'].length === 0 ||
    !f['kinds'].every((k) => FEATURE_KINDS.includes(k as AnomalyFeatureKind))
  )
    throw bad('features must be { window ≥ 1, kinds: (raw|mean|std|diff)[] }.', 'features');
  const ro = f['rateOnly'];
  if (
    ro !== undefined &&
    (!isNumArray(ro) || ro.some((j) => !Number.isInteger(j) || j < 0 || j >= columns.length))
  )
    throw bad('features.rateOnly must list column indices.', 'features.rateOnly');
  const d = featureLayout(f as unknown as AnomalyFeatureSpec, columns.length).length;
  const s = asRecord(m['scaler']);
  if (
    s === undefined ||
    !isNumArray(s['mean']) ||
    !isNumArray(s['std']) ||
    s['mean'].length !== d ||
    s['std'].length !== d ||
    s['std'].some((v) => !(v > 0))
  )
    throw bad(`scaler must hold mean and positive std of length ${d}.`, 'scaler');
  const scorers = m['scorers'];
  if (!Array.isArray(scorers) || scorers.length === 0)
    throw bad('scorers must be a non-empty list.', 'scorers');
  scorers.forEach((sc: unknown, i) => {
    const path = `scorers[${i}]`;
    const p = asRecord(sc);
    if (p === undefined) throw bad('A scorer must be an object.', path);
    if (p['kind'] === 't2q') {
      if (!isNumArray(p['mean']) || p['mean'].length !== d)
        throw bad(`mean must have length ${d}.`, `${path}.mean`);
      const ev = p['eigenvalues'];
      if (!isNumArray(ev) || ev.length === 0 || ev.some((v) => !(v > 0)))
        throw bad('eigenvalues must be positive numbers.', `${path}.eigenvalues`);
      if (
        !isMatrix(p['loadings']) ||
        p['loadings'].length !== d ||
        p['loadings'].some((r) => r.length !== ev.length)
      )
        throw bad(`loadings must be a ${d} × ${ev.length} matrix.`, `${path}.loadings`);
      if (typeof p['t2Limit'] !== 'number' || !(p['t2Limit'] > 0))
        throw bad('t2Limit must be a positive number.', `${path}.t2Limit`);
      if (p['qLimit'] !== undefined && (typeof p['qLimit'] !== 'number' || !(p['qLimit'] > 0)))
        throw bad('qLimit must be a positive number.', `${path}.qLimit`);
      const ic = p['inverseCovariance'];
      if (ic !== undefined && (!isMatrix(ic) || ic.length !== d || ic.some((r) => r.length !== d)))
        throw bad(`inverseCovariance must be a ${d} × ${d} matrix.`, `${path}.inverseCovariance`);
    } else if (p['kind'] === 'mset') {
      if (!isMatrix(p['memory']) || p['memory'].length === 0 || p['memory'].some((r) => r.length !== d))
        throw bad(`memory must be an m × ${d} matrix.`, `${path}.memory`);
      if (
        !isNumArray(p['residualScale']) ||
        p['residualScale'].length !== d ||
        p['residualScale'].some((v) => !(v > 0))
      )
        throw bad(`residualScale must hold ${d} positive numbers.`, `${path}.residualScale`);
      if (
        typeof p['bandwidth'] !== 'number' ||
        !(p['bandwidth'] > 0) ||
        typeof p['ridge'] !== 'number' ||
        !(p['ridge'] >= 0)
      )
        throw bad('bandwidth must be positive and ridge non-negative.', path);
    } else throw bad(`Unknown scorer kind ${describeValue(p['kind'])}.`, `${path}.kind`);
  });
  const cal = m['calibration'];
  if (!isNumArray(cal) || cal.length !== scorers.length || cal.some((c) => !(c > 0)))
    throw bad('calibration must hold one positive number per scorer.', 'calibration');
  const a = asRecord(m['alarm']);
  if (
    a === undefined ||
    typeof a['smoothing'] !== 'number' ||
    typeof a['threshold'] !== 'number' ||
    typeof a['k'] !== 'number' ||
    typeof a['n'] !== 'number' ||
    !(a['smoothing'] >= 1 && a['n'] >= 1 && a['k'] >= 1 && a['k'] <= a['n'])
  )
    throw bad('alarm must be { smoothing ≥ 1, threshold, 1 ≤ k ≤ n }.', 'alarm');
  return value as AnomalyModel;
}
