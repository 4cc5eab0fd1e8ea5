import { AetherError, describeValue } from '@aethercore/core';
import { createFeatureExtractor, featureLayout } from './features.ts';
import { columnContributions, type ColumnContribution } from './contributions.ts';
import type { AnomalyModel, ScorerParams } from './model.ts';
import { msetScorer } from './mset.ts';
import { t2qScore } from './pca-t2q.ts';
import { applyScaler } from './scaler.ts';

export interface AnomalyVerdict {
  /** Calibrated, smoothed score: 1.0 is the training calibration level; the alarm threshold is `model.alarm.threshold`. */
  readonly score: number;
  /** 1 when at least k of the last n samples were above the threshold (always 0 while warming up). */
  readonly label: 0 | 1;
  /** False while the feature window is still filling (the first window − 1 rows, 2·window − 1 with `diff`). */
  readonly ready: boolean;
}

export interface StreamingDetector {
  /** Feed one row (values in `model.columns` order); O(window) time and memory. */
  update(row: readonly number[]): AnomalyVerdict;
  /** Which columns drive the score of the last row (contribution plot), largest share first. */
  explain(): ColumnContribution[];
  reset(): void;
}

/** A raw (uncalibrated) scoring function for one fitted scorer. */
export function scorerFunction(p: ScorerParams): (x: readonly number[]) => number {
  if (p.kind === 't2q') return (x) => t2qScore(p, x);
  return msetScorer(p);
}

/** Rolling median over a small window: robust smoothing of isolated spikes (SKAB's baselines use 5). */
export function createRollingMedian(size: number): (v: number) => number {
  const buf: number[] = [];
  let head = 0;
  return (v) => {
    if (buf.length < size) buf.push(v);
    else buf[head] = v;
    head = (head + 1) % size;
    const s = [...buf].sort((a, b) => a - b);
    const mid = s.length >> 1;
    return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  };
}

/**
 * The online form of a fitted model: the live twin feeds telemetry rows one by one and gets a score and
 * a label per row. Batch scoring of a recorded file uses the very same object, so both paths agree
 * exactly. Memory: the feature window, the smoothing window and the persistence window, nothing else.
 *
 * @example
 * const det = createStreamingDetector(model);
 * for (const row of rows) { const { score, label } = det.update(row); }
 */
export function createStreamingDetector(model: AnomalyModel): StreamingDetector {
  const d = model.columns.length;
  const scorers = model.scorers.map(scorerFunction);
  let features = createFeatureExtractor(model.features, d);
  let smooth = createRollingMedian(model.alarm.smoothing);
  let alarms: number[] = [];
  let seen = 0;
  let last: number[] | undefined;
  const w = Math.max(1, Math.floor(model.features.window));
  const warmUp = w - 1 + (featureLayout(model.features, d).some(([k]) => k === 'diff') ? w : 0);
  return {
    update(row) {
      seen++;
      if (row.length !== d) {
        throw new AetherError({
          code: 'anomaly.row-width',
          message: `Row ${seen} has ${row.length} values; the model expects ${d} (${model.columns.join(', ')}).`,
          hint: 'Feed the columns the model was fitted on, in the same order.',
          path: `row ${seen}`,
        });
      }
      row.forEach((v, j) => {
        if (!Number.isFinite(v)) {
          throw new AetherError({
            code: 'anomaly.value-invalid',
            message: `Row ${seen}, column ${model.columns[j] ?? j}: ${describeValue(v)} is not a finite number.`,
            hint: 'Drop or impute bad readings (quality = bad) before scoring.',
            path: `row ${seen}, column ${model.columns[j] ?? j}`,
          });
        }
      });
      const x = applyScaler(model.scaler, features.push(row));
      last = x;
      let raw = 0;
      scorers.forEach((f, i) => {
        raw += f(x) / (model.calibration[i] as number);
      });
      const score = smooth(raw / scorers.length);
      // A partly filled window is not comparable with training features (a 1-row "std" is 0), so no
      // alarm is raised before the window is full: a stream that starts mid-anomaly alarms w rows later.
      const ready = seen > warmUp;
      alarms.push(ready && score > model.alarm.threshold ? 1 : 0);
      if (alarms.length > model.alarm.n) alarms.shift();
      const hits = alarms.reduce((s, a) => s + a, 0);
      return { score, label: hits >= model.alarm.k ? 1 : 0, ready };
    },
    explain() {
      return last === undefined
        ? model.columns.map((column) => ({ column, share: 0 }))
        : columnContributions(model, last);
    },
    reset() {
      last = undefined;
      features = createFeatureExtractor(model.features, d);
      smooth = createRollingMedian(model.alarm.smoothing);
      alarms = [];
      seen = 0;
    },
  };
}

/** Score a recorded table (rows in `model.columns` order) from its first row, as a stream would see it. */
export function scoreRows(model: AnomalyModel, rows: readonly (readonly number[])[]): AnomalyVerdict[] {
  const det = createStreamingDetector(model);
  return rows.map((r) => det.update(r));
}
