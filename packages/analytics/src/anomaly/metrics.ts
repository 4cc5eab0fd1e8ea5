/**
 * Binary outlier-detection metrics exactly as SKAB computes them (waico/tsad `evaluating(metric='binary')`):
 * TP, TN, FP, FN are summed over all files first (micro-aggregation), then
 * F1 = TP / (TP + (FP + FN) / 2), FAR = FP / (FP + TN), MAR = FN / (FN + TP).
 */
export interface Confusion {
  tp: number;
  tn: number;
  fp: number;
  fn: number;
}

export interface BinaryMetrics {
  readonly f1: number;
  /** False-alarm rate in [0, 1]. */
  readonly far: number;
  /** Missed-alarm rate in [0, 1]. */
  readonly mar: number;
}

export function confusion(truth: readonly number[], predicted: readonly number[]): Confusion {
  const c: Confusion = { tp: 0, tn: 0, fp: 0, fn: 0 };
  const n = Math.min(truth.length, predicted.length);
  for (let i = 0; i < n; i++) {
    const t = truth[i] === 1;
    const p = predicted[i] === 1;
    if (t && p) c.tp++;
    else if (t) c.fn++;
    else if (p) c.fp++;
    else c.tn++;
  }
  return c;
}

export function addConfusion(a: Confusion, b: Confusion): Confusion {
  return { tp: a.tp + b.tp, tn: a.tn + b.tn, fp: a.fp + b.fp, fn: a.fn + b.fn };
}

export function binaryMetrics(c: Confusion): BinaryMetrics {
  const ratio = (x: number, y: number): number => (y === 0 ? 0 : x / y);
  return {
    f1: ratio(c.tp, c.tp + (c.fp + c.fn) / 2),
    far: ratio(c.fp, c.fp + c.tn),
    mar: ratio(c.fn, c.fn + c.tp),
  };
}

/** One labelled anomaly event (a maximal run of 1s in the truth) and how soon the detector flagged it. */
export interface DetectionEvent {
  /** Index of the event's first sample (the changepoint). */
  readonly start: number;
  /** Index one past its last sample. */
  readonly end: number;
  /** Samples from the changepoint to the first alarm inside the event; `null` when it was missed. */
  readonly delay: number | null;
}

/**
 * Detection delay per anomaly event: the samples from the start of each run of 1s in `truth` to the
 * first 1 in `predicted` within that run (NAB-style event view, Lavin & Ahmad 2015, with the window
 * equal to the labelled event). An alarm raised before the changepoint counts as a false alarm in the
 * binary metrics, not as an early detection, so the delay is never negative.
 */
export function detectionDelays(truth: readonly number[], predicted: readonly number[]): DetectionEvent[] {
  const out: DetectionEvent[] = [];
  let i = 0;
  while (i < truth.length) {
    if (truth[i] !== 1) {
      i++;
      continue;
    }
    const start = i;
    while (i < truth.length && truth[i] === 1) i++;
    let delay: number | null = null;
    for (let t = start; t < i; t++) {
      if (predicted[t] === 1) {
        delay = t - start;
        break;
      }
    }
    out.push({ start, end: i, delay });
  }
  return out;
}
