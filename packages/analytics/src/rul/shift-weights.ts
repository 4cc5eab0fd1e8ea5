/**
 * Label-free covariate-shift weights for the RUL interval (Tibshirani, Barber, Candès & Ramdas,
 * "Conformal Prediction Under Covariate Shift", NeurIPS 2019, §4): when the whole batch of records
 * to predict is known, a probabilistic classifier tells the calibration cuts from the batch, and its
 * odds estimate the density ratio w(x) = p_batch(x) / p_cal(x). The calibration scores are then
 * reweighted by w (`ml/weighted-conformal.ts`), so cuts that look like the batch count more.
 *
 * Why: the calibration cuts are drawn by a documented cut law from training units, the test records
 * by an undocumented one; on C-MAPSS FD001/FD003 the cuts' errors are larger than the test records'
 * (docs/analytics-rul.md). The weights correct what the label-free inputs can see of that shift.
 *
 * Fixed before any measurement (docs/analytics-rul.md, "Session 4"):
 * - features x = (ln cycles seen, ŷ): the record's length and the ensemble prediction, both known
 *   for a calibration cut and for a record to predict, nothing derived from a truth;
 * - classifier: L2-regularised logistic regression, C = 1 on standardised features, class-balanced
 *   (`ml/logistic-regression.ts`), so the odds are the density ratio without a prior correction;
 * - weights clipped to [0.05, 20], so no single cut dominates nor vanishes;
 * - at least 20 records in the batch, else no weighting (a single live unit gets the split interval).
 */
import { logisticLogit, trainLogistic, type LogisticModel } from '../ml/logistic-regression.ts';
import { kishEffectiveSize } from '../ml/weighted-conformal.ts';

export interface ShiftWeightSpec {
  /** Inverse L2 penalty of the classifier (default 1). */
  readonly c: number;
  /** Clipping range of the weights (default [0.05, 20]). */
  readonly clip: readonly [number, number];
  /** Fewest records in a batch for the weighting (default 20). */
  readonly minBatch: number;
}

export const defaultShiftWeightSpec: ShiftWeightSpec = { c: 1, clip: [0.05, 20], minBatch: 20 };

/** The label-free inputs of one record: the cycles seen and the prediction ŷ. */
export interface ShiftInputs {
  readonly seen: ArrayLike<number>;
  readonly pred: ArrayLike<number>;
}

export interface ShiftWeights {
  readonly classifier: LogisticModel;
  /** w(X_i) of every calibration cut, clipped. */
  readonly calibration: Float64Array;
  /** w(x) of every record of the batch, clipped. */
  readonly batch: Float64Array;
  /** Kish's effective size of the calibration weights (n when all weights are equal). */
  readonly nEff: number;
  /** Fractions of the calibration weights clipped at the lower and the upper bound. */
  readonly clippedLow: number;
  readonly clippedHigh: number;
}

/** The classifier's feature row of one record. */
export function shiftFeatures(seen: number, pred: number): [number, number] {
  return [Math.log(Math.max(1, seen)), pred];
}

/** Fit the classifier (calibration cuts = class 0, the batch = class 1) and weigh both sides. */
export function fitShiftWeights(
  cal: ShiftInputs,
  batch: ShiftInputs,
  spec: ShiftWeightSpec = defaultShiftWeightSpec,
): ShiftWeights {
  const rows = (s: ShiftInputs): [number, number][] =>
    Array.from({ length: s.seen.length }, (_, i) => shiftFeatures(s.seen[i] ?? 1, s.pred[i] ?? 0));
  const xc = rows(cal);
  const xb = rows(batch);
  const classifier = trainLogistic(
    [...xc, ...xb],
    [...xc.map(() => 0 as const), ...xb.map(() => 1 as const)],
    {
      c: spec.c,
      classWeight: 'balanced',
    },
  );
  const [lo, hi] = spec.clip;
  // Class-balanced fit: the odds P(batch | x) / P(cal | x) estimate p_batch(x) / p_cal(x) directly.
  const weigh = (x: readonly number[]): number =>
    Math.min(hi, Math.max(lo, Math.exp(logisticLogit(classifier, x))));
  const calibration = Float64Array.from(xc, weigh);
  const raw = xc.map((x) => Math.exp(logisticLogit(classifier, x)));
  return {
    classifier,
    calibration,
    batch: Float64Array.from(xb, weigh),
    nEff: kishEffectiveSize(calibration),
    clippedLow: raw.filter((w) => w < lo).length / Math.max(1, raw.length),
    clippedHigh: raw.filter((w) => w > hi).length / Math.max(1, raw.length),
  };
}
