/**
 * The RUL interval of a whole batch under covariate shift: the calibration cuts' normalised scores
 * r = (y − ŷ)/(floor + ŷ), reweighted per record by the label-free density ratio of
 * `shift-weights.ts`, with the record's own weight at ±∞ (Tibshirani et al., NeurIPS 2019, eq. 7;
 * `ml/weighted-conformal.ts`). With Mondrian bins (`intervalBins` > 1) only the cuts of the
 * record's bin of ŷ count, as in the unweighted interval.
 */
import { prepareWeightedConformal, weightedQuantiles } from '../ml/weighted-conformal.ts';
import { mondrianBin, type MondrianCalibration } from './mondrian-conformal.ts';
import {
  defaultShiftWeightSpec,
  fitShiftWeights,
  type ShiftWeightSpec,
  type ShiftWeights,
} from './shift-weights.ts';

/** The label-free inputs and the score of every calibration cut, kept in the model (format 3). */
export interface RulCalibrationSet {
  /** Cycles seen at the cut. */
  readonly seen: number[];
  /** The calibration prediction ŷ (mean of the unseen members, clamped). */
  readonly pred: number[];
  /** Normalised score (y − ŷ) / (sigmaFloor + ŷ). */
  readonly score: number[];
}

export function shiftWeightedIntervals(
  conformal: MondrianCalibration,
  cal: RulCalibrationSet,
  batch: { readonly seen: readonly number[]; readonly pred: readonly number[] },
  spec: ShiftWeightSpec = defaultShiftWeightSpec,
): { intervals: { lower: number; upper: number }[]; weights: ShiftWeights } {
  const weights = fitShiftWeights(cal, batch, spec);
  const nBins = conformal.edges.length + 1;
  const prepared = Array.from({ length: nBins }, (_, b) => {
    const ix = cal.pred.flatMap((p, i) => (mondrianBin(conformal, p) === b ? [i] : []));
    return prepareWeightedConformal(
      ix.map((i) => cal.score[i] ?? 0),
      ix.map((i) => weights.calibration[i] ?? 0),
      conformal.alpha,
    );
  });
  const intervals = batch.pred.map((p, j) => {
    const wc = prepared[mondrianBin(conformal, p)];
    if (wc === undefined) return { lower: -Infinity, upper: Infinity };
    const q = weightedQuantiles(wc, weights.batch[j] ?? 0);
    const s = conformal.sigmaFloor + p;
    return { lower: p + q.lower * s, upper: p + q.upper * s };
  });
  return { intervals, weights };
}
