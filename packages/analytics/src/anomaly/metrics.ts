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
