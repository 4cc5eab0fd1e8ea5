/**
 * Remaining-useful-life model: per-regime sensor normalisation → causal window features →
 * gradient-boosted trees on a piecewise-linear target capped at 125 cycles (Heimes, PHM 2008) →
 * an ensemble of K members cross-fitted over unit folds (`cross-fit.ts`) → a split-conformal 90 %
 * interval calibrated on the out-of-fold truncated cuts of *every* unit → Mahalanobis
 * out-of-distribution flag. A ridge regression on the same features is cross-fitted beside the
 * trees; the family with the lower out-of-fold error is used ("gating" by measured error).
 *
 * The model is a plain JSON value (`RulModel`): train once, save, predict anywhere.
 */
import { AetherError, createRandom } from '@aethercore/core';
import type { FleetHistory, UnitHistory } from '../io/cmapss.ts';
import { defaultGbtParams, predictGbtRow, trainGbt, type GbtModel, type GbtParams } from '../ml/gbt.ts';
import { fitMahalanobis, mahalanobis, type MahalanobisModel } from '../ml/mahalanobis.ts';
import { matrix } from '../ml/matrix.ts';
import { predictRidgeRow, trainRidge, type RidgeModel } from '../ml/ridge.ts';
import { trainingRows, unitFolds } from './cross-fit.ts';
import { calibrateMondrian, mondrianInterval, type MondrianCalibration } from './mondrian-conformal.ts';
import { defaultShiftWeightSpec, type ShiftWeights } from './shift-weights.ts';
import { shiftWeightedIntervals, type RulCalibrationSet } from './weighted-interval.ts';
import { fitOperatingRegimes, regimeOf, type OperatingRegimes } from './operating-regimes.ts';
import { fitSensorNormaliser, normaliseUnit, type SensorNormaliser } from './sensor-normaliser.ts';
import { defaultTruncation, drawCut, remainingLife, type TruncationSpec } from './truncation.ts';
import {
  defaultFeatureSpec,
  featureCount,
  featureNames,
  unitFeatures,
  type FeatureSpec,
} from './window-features.ts';

/**
 * Version 3 adds `calibration` (the calibration cuts' cycles seen, ŷ and scores) for the
 * shift-weighted interval; version 2 files (cross-fitted ensemble, no `calibration`) are still read
 * and predict with the unweighted interval. Version 1 held one model per family and is refused.
 */
export const RUL_MODEL_FORMAT = 'aethercore.rul/3';
export type RulModelFormat = typeof RUL_MODEL_FORMAT | 'aethercore.rul/2';

/**
 * `auto`: when a whole batch is predicted (≥ 20 records) and the model keeps its calibration cuts,
 * the interval is reweighted for covariate shift (`shift-weights.ts`); else the split interval.
 * `off`: always the split interval. Default `auto`, by the rule fixed before the CV runs: weighted
 * coverage in 0.87–0.93 on every FD001 test seed (1–5) and every FD002/FD004 3-fold CV run (seeds
 * 1–5); it was, with Kish n_eff ≥ 98 % of the cuts and RMSE unchanged (docs/analytics-rul.md).
 */
export type ShiftWeighting = 'auto' | 'off';
export const DEFAULT_SHIFT_WEIGHTING: ShiftWeighting = 'auto';

export interface RulPredictOptions {
  readonly shiftWeights?: ShiftWeighting;
  /** Called once per batch with what the weighting did (also when it did not apply, with the reason). */
  readonly onShift?: (summary: RulShiftSummary) => void;
}

export interface RulShiftSummary {
  readonly applied: boolean;
  /** Why the split interval was used: `off`, `batch-too-small`, `no-calibration-set` (format-2 file). */
  readonly reason?: 'off' | 'batch-too-small' | 'no-calibration-set';
  readonly batch: number;
  readonly calibrationPoints: number;
  readonly weights?: ShiftWeights;
}

export interface RulTrainOptions {
  readonly seed?: number;
  /** Piecewise-linear target cap in cycles (default 125). */
  readonly cap?: number;
  /** Miscoverage of the interval (default 0.1 → 90 %). */
  readonly alpha?: number;
  /** Ensemble members = unit folds of the cross-fit (default 10; at least 2, at most the units). */
  readonly members?: number;
  /** Folds each member leaves out (default 2, at most members − 1): every calibration cut is predicted by the mean of this many members that never saw its unit. */
  readonly leaveOut?: number;
  /** Truncation cuts drawn per unit for calibration (default 10). */
  readonly cutsPerUnit?: number;
  /** σ(x) = sigmaFloor + ŷ for the normalised conformal score (default 10 cycles). */
  readonly sigmaFloor?: number;
  /** At most this many Mondrian bins of ŷ for the interval (default 1: one normalised quantile pair), each with ≥ `minPerBin` calibration points (default 200). */
  readonly intervalBins?: number;
  readonly minPerBin?: number;
  /** Use every k-th cycle of a unit as a training row (default 1: all); members use different offsets. */
  readonly rowStride?: number;
  readonly regimes?: number;
  readonly gbt?: Partial<GbtParams>;
  readonly features?: FeatureSpec;
  readonly truncation?: TruncationSpec;
  /** Training quantile of the Mahalanobis distance above which a unit is out of distribution. */
  readonly oodQuantile?: number;
  /** Model families to gate between (default both). */
  readonly families?: readonly RulFamily[];
  /** (stage, trees done over all members, trees in total). */
  readonly onProgress?: (stage: 'fit', done: number, total: number) => void;
  /**
   * Called once with every calibration cut: its true remaining life and the raw (unclamped)
   * predictions of the chosen family's members that never saw its unit. For side-by-side evaluation of
   * calibration rules (the benchmark compares one unseen member against their mean).
   */
  readonly onCalibrationCuts?: (cuts: readonly CalibrationCut[]) => void;
}

/** One out-of-fold calibration cut (`RulTrainOptions.onCalibrationCuts`). */
export interface CalibrationCut {
  readonly truth: number;
  /** Predictions of the members that never saw the unit, in member order. */
  readonly unseen: readonly number[];
}

export type RulFamily = 'gbt' | 'ridge';

export interface RulModel {
  readonly format: RulModelFormat;
  readonly settingNames: string[];
  readonly sensorNames: string[];
  readonly cap: number;
  readonly features: FeatureSpec;
  readonly featureNames: string[];
  readonly regimes: OperatingRegimes;
  readonly normaliser: SensorNormaliser;
  /** The family used for predictions, chosen by out-of-fold RMSE on the calibration cuts. */
  readonly family: RulFamily;
  /** Out-of-fold RMSE of each trained family on the calibration cuts (uncapped truth). */
  readonly gating: Partial<Record<RulFamily, number>>;
  /** The cross-fitted members of each trained family (empty when the family was not trained). */
  readonly gbt: GbtModel[];
  readonly ridge: RidgeModel[];
  /** Per-bin split-conformal quantiles of the normalised score (`mondrian-conformal.ts`). */
  readonly conformal: MondrianCalibration;
  /** Mahalanobis model over the feature columns listed in `oodFeatures`. */
  readonly ood: MahalanobisModel;
  readonly oodFeatures: number[];
  /** The calibration cuts' label-free inputs and scores, for the shift-weighted interval (format 3; absent in format-2 files). */
  readonly calibration?: RulCalibrationSet;
  readonly training: {
    readonly units: number;
    readonly rows: number;
    readonly members: number;
    /** Folds each member left out = unseen members averaged per calibration cut (absent in files before session 3: 1). */
    readonly leaveOut?: number;
    readonly calibrationUnits: number;
    readonly calibrationPoints: number;
    readonly seed: number;
  };
}

export interface RulPrediction {
  readonly unit: string;
  /** The last cycle seen. */
  readonly cycle: number;
  readonly rul: number;
  readonly lower: number;
  readonly upper: number;
  /** True when the unit looks unlike anything in training: do not trust `rul`. */
  readonly ood: boolean;
  readonly status: 'ok' | 'uncertain';
  readonly oodDistance: number;
  readonly regimeDistance: number;
  /** The ensemble prediction of every trained family (clamped), for side-by-side evaluation. */
  readonly byFamily: Partial<Record<RulFamily, number>>;
  /** `shift-weighted`: the interval was reweighted for the batch's covariate shift; `split`: not. */
  readonly interval: 'shift-weighted' | 'split';
  /** The record's density-ratio weight w(x) when the interval is shift-weighted. */
  readonly shiftWeight?: number;
}

/** Train on run-to-failure histories (every unit runs until failure at its last cycle). */
export function trainRulModel(fleet: FleetHistory, options: RulTrainOptions = {}): RulModel {
  const seed = options.seed ?? 1;
  const cap = options.cap ?? 125;
  const spec = options.features ?? defaultFeatureSpec;
  const stride = Math.max(1, Math.round(options.rowStride ?? 1));
  // Leaves of at least 100 rows: chosen by 4-fold unit CV on FD001–FD003 (RMSE 12.9→12.8,
  // 13.8→13.5, 14.4→13.9 against the library default of 20); rows of one unit are highly correlated.
  const gbtParams: Partial<GbtParams> = { minLeaf: 100, ...options.gbt };
  const trees = gbtParams.trees ?? defaultGbtParams.trees;
  if (fleet.units.length < 3) {
    throw new AetherError({
      code: 'rul.too-few-units',
      message: `training needs at least 3 run-to-failure units, ${fleet.source} has ${fleet.units.length}`,
      hint: 'Provide more units; each must run until failure.',
      path: fleet.source,
    });
  }
  const k = Math.min(fleet.units.length, Math.max(2, Math.round(options.members ?? 10)));
  // Member m leaves out folds m … m+h−1 (mod k), so a unit of fold f is unseen by members
  // f−h+1 … f and its calibration prediction is the mean of those h members: the aggregation of
  // jackknife+-after-bootstrap (Kim, Xu & Barber, NeurIPS 2020) on a balanced design, where every
  // unit is out of bag for exactly h members. The deployed prediction is the mean of all k, so
  // calibration residuals carry member variance σ²/h against σ²/k at prediction time and the
  // interval is conservative by that gap. k = 10, h = 2 halves the gap of k = 5, h = 1 while each
  // member still sees 80 % of the units (so accuracy is unchanged); it costs 2× the training.
  // Measured side by side (same members, one unseen member vs the mean of two, FD001–FD004 ×
  // seeds 1–5): widths −2.1 % (median), coverage 0 to −0.02; FD004 CV seed 2 0.925 → 0.914
  // (session 2: 0.9304). Table in docs/analytics-rul.md.
  // k = 6, h = 2 was worse: members then see only 4/6 of the units (RMSE 12.08 → 12.23 on FD001).
  const h = Math.min(k - 1, Math.max(1, Math.round(options.leaveOut ?? 2)));
  const unseenBy = (f: number): number[] => Array.from({ length: h }, (_, j) => (f - j + k) % k);
  const trainsOn = (m: number, f: number): boolean => !unseenBy(f).includes(m);
  const families = options.families ?? ['gbt', 'ridge'];
  if (families.length === 0) throw new Error('trainRulModel: no model family');
  const rng = createRandom(seed);
  const fold = unitFolds(fleet.units.length, k, rng);

  // Regimes and normalisation come from all units: they use no target, so nothing leaks.
  const regimes = fitOperatingRegimes(fleet, {
    seed,
    ...(options.regimes === undefined ? {} : { k: options.regimes }),
  });
  const normaliser = fitSensorNormaliser(fleet, regimes);
  const nF = featureCount(spec, normaliser.kept.length);
  const zOf = new Map<UnitHistory, Float64Array[]>();
  const z = (u: UnitHistory): Float64Array[] => {
    let v = zOf.get(u);
    if (v === undefined) zOf.set(u, (v = normaliseUnit(u, regimes, normaliser)));
    return v;
  };

  const gbt: GbtModel[] = [];
  const ridge: RidgeModel[] = [];
  let rows = 0;
  for (let m = 0; m < k; m++) {
    const fit = trainingRows(
      fleet.units.filter((_, i) => trainsOn(m, fold[i] ?? 0)),
      z,
      spec,
      nF,
      cap,
      stride,
      m,
    );
    rows += fit.y.length;
    if (families.includes('gbt'))
      gbt.push(
        trainGbt(
          fit.x,
          fit.y,
          { ...gbtParams, seed: (gbtParams.seed ?? seed) + 7919 * m },
          { onTree: (done) => options.onProgress?.('fit', m * trees + done, k * trees) },
        ),
      );
    if (families.includes('ridge')) ridge.push(trainRidge(fit.x, fit.y));
  }

  // Calibrate on truncated cuts of every unit, each predicted by the members that never saw it,
  // against the true (uncapped) remaining life: the test protocol scores the same kind of point.
  const sigmaFloor = options.sigmaFloor ?? 10;
  const truth: number[] = [];
  const seenCal: number[] = [];
  const predCal: Record<RulFamily, number[]> = { gbt: [], ridge: [] };
  const unseenCal: Record<RulFamily, number[][]> = { gbt: [], ridge: [] };
  fleet.units.forEach((u, i) => {
    const oof = unitUnseen(unseenBy(fold[i] ?? 0));
    const at = Array.from({ length: options.cutsPerUnit ?? 10 }, () =>
      drawCut(u.cycles.length, rng, options.truncation ?? defaultTruncation),
    );
    const feats = unitFeatures(z(u), spec, at);
    at.forEach((cut, r) => {
      const row = feats.subarray(r * nF, (r + 1) * nF);
      truth.push(remainingLife(u, cut));
      seenCal.push(cut + 1);
      if (gbt.length > 0) unseenCal.gbt.push(oof(gbt).map((g) => predictGbtRow(g, row)));
      if (ridge.length > 0) unseenCal.ridge.push(oof(ridge).map((l) => predictRidgeRow(l, row)));
    });
  });
  // The calibration prediction is the mean of the unseen members (jackknife+-after-bootstrap
  // aggregation, Kim, Xu & Barber, NeurIPS 2020), clamped like the deployed ensemble mean.
  for (const f of families) predCal[f] = unseenCal[f].map((u) => clamp(mean(u), 0, cap));
  const gating: Partial<Record<RulFamily, number>> = {};
  for (const f of families)
    gating[f] = Math.sqrt(
      predCal[f].reduce((a, p, i) => a + (p - (truth[i] ?? 0)) ** 2, 0) / Math.max(1, truth.length),
    );
  const family = families.reduce((best, f) =>
    (gating[f] ?? Infinity) < (gating[best] ?? Infinity) ? f : best,
  );
  const chosen = predCal[family];
  options.onCalibrationCuts?.(unseenCal[family].map((u, i) => ({ truth: truth[i] ?? 0, unseen: u })));
  // One bin by default: 5 Mondrian bins of ŷ gave about 90 % per bin in CV, but 0.96–0.98 on the
  // FD003 test units (whose errors near failure are half those of truncated training units).
  const conformal = calibrateMondrian(truth, chosen, options.alpha ?? 0.1, sigmaFloor, {
    maxBins: options.intervalBins ?? 1,
    ...(options.minPerBin === undefined ? {} : { minPerBin: options.minPerBin }),
  });

  // OOD: the window means of the middle window of every kept sensor, over all training rows.
  const names = featureNames(
    spec,
    normaliser.kept.map((j) => fleet.sensorNames[j] ?? `s${j}`),
  );
  const all = trainingRows(fleet.units, z, spec, nF, cap, stride);
  const midW = spec.windows[1] ?? spec.windows[0] ?? 1;
  const oodFeatures = names.flatMap((n, i) => (n.endsWith(`.mean${midW}`) ? [i] : []));
  const oodX = matrix(all.x.rows, oodFeatures.length);
  for (let r = 0; r < all.x.rows; r++)
    oodFeatures.forEach((f, j) => (oodX.data[r * oodFeatures.length + j] = all.x.data[r * nF + f] ?? 0));
  const ood = fitMahalanobis(oodX, options.oodQuantile ?? 0.995);

  return {
    format: RUL_MODEL_FORMAT,
    settingNames: [...fleet.settingNames],
    sensorNames: [...fleet.sensorNames],
    cap,
    features: spec,
    featureNames: names,
    regimes,
    normaliser,
    family,
    gating,
    gbt,
    ridge,
    conformal,
    ood,
    oodFeatures,
    calibration: {
      seen: seenCal,
      pred: chosen,
      // The same normalised score as `calibrateConformal` computes for the split interval.
      score: chosen.map((p, i) => ((truth[i] ?? 0) - p) / (sigmaFloor + p > 0 ? sigmaFloor + p : 1)),
    },
    training: {
      units: fleet.units.length,
      rows,
      members: k,
      leaveOut: h,
      calibrationUnits: fleet.units.length,
      calibrationPoints: truth.length,
      seed,
    },
  };
}

/**
 * RUL at the last cycle of every unit, with its 90 % interval and OOD flag. The units form one
 * batch: with `shiftWeights: 'auto'` (see `DEFAULT_SHIFT_WEIGHTING`) and ≥ 20 of them, the interval
 * is reweighted for the batch's covariate shift; the point prediction never changes.
 */
export function predictRul(
  model: RulModel,
  fleet: FleetHistory,
  options: RulPredictOptions = {},
): RulPrediction[] {
  checkColumns(model, fleet);
  const nF = featureCount(model.features, model.normaliser.kept.length);
  const lookback = model.features.windows[1] ?? 10;
  const points = fleet.units.map((u) => {
    const n = u.cycles.length;
    const row = unitFeatures(normaliseUnit(u, model.regimes, model.normaliser), model.features, [
      n - 1,
    ]).subarray(0, nF);
    const byFamily: Partial<Record<RulFamily, number>> = {};
    if (model.gbt.length > 0) byFamily.gbt = predictEnsemble(model, 'gbt', row);
    if (model.ridge.length > 0) byFamily.ridge = predictEnsemble(model, 'ridge', row);
    const rul = byFamily[model.family] ?? predictEnsemble(model, model.family, row);
    const oodDistance = mahalanobis(
      model.ood,
      model.oodFeatures.map((f) => row[f] ?? 0),
    );
    let regimeDistance = 0;
    const settings = new Float64Array(u.settings.length);
    for (let i = Math.max(0, n - lookback); i < n; i++) {
      u.settings.forEach((c, j) => (settings[j] = c[i] ?? 0));
      regimeDistance = Math.max(regimeDistance, regimeOf(model.regimes, settings).distance);
    }
    // NaN distances (non-finite input) count as out of distribution: `!(d <= t)`.
    const ood = !(oodDistance <= model.ood.threshold) || !(regimeDistance <= model.regimes.maxDistance);
    return { u, n, rul, byFamily, oodDistance, regimeDistance, ood };
  });

  const mode = options.shiftWeights ?? DEFAULT_SHIFT_WEIGHTING;
  const cal = model.calibration;
  const base = { batch: points.length, calibrationPoints: cal?.score.length ?? 0 };
  let weighted: ReturnType<typeof shiftWeightedIntervals> | undefined;
  if (mode === 'off') options.onShift?.({ ...base, applied: false, reason: 'off' });
  else if (cal === undefined) options.onShift?.({ ...base, applied: false, reason: 'no-calibration-set' });
  else if (points.length < defaultShiftWeightSpec.minBatch)
    options.onShift?.({ ...base, applied: false, reason: 'batch-too-small' });
  else {
    weighted = shiftWeightedIntervals(model.conformal, cal, {
      seen: points.map((p) => p.n),
      pred: points.map((p) => p.rul),
    });
    options.onShift?.({ ...base, applied: true, weights: weighted.weights });
  }

  return points.map((p, j) => {
    const { lower, upper } = weighted?.intervals[j] ?? mondrianInterval(model.conformal, p.rul);
    const w = weighted?.weights.batch[j];
    return {
      unit: p.u.unit,
      cycle: p.u.cycles[p.n - 1] ?? 0,
      rul: p.rul,
      lower: Math.max(0, lower),
      upper,
      ood: p.ood,
      status: p.ood ? 'uncertain' : 'ok',
      oodDistance: p.oodDistance,
      regimeDistance: p.regimeDistance,
      byFamily: p.byFamily,
      interval: w === undefined ? 'split' : 'shift-weighted',
      ...(w === undefined ? {} : { shiftWeight: w }),
    };
  });
}

/** The ensemble prediction of one trained family for a feature row: the member mean, clamped to [0, cap]. */
export function predictEnsemble(model: RulModel, family: RulFamily, row: ArrayLike<number>): number {
  const members = family === 'gbt' ? model.gbt : model.ridge;
  if (members.length === 0)
    throw new AetherError({
      code: 'rul.model-invalid',
      message: `the model holds no trained ${family} family`,
      hint: 'Retrain the model.',
    });
  let s = 0;
  for (const m of members) s += m.kind === 'gbt' ? predictGbtRow(m, row) : predictRidgeRow(m, row);
  return clamp(s / members.length, 0, model.cap);
}

function checkColumns(model: RulModel, fleet: FleetHistory): void {
  const same = (a: readonly string[], b: readonly string[]): boolean =>
    a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same(model.sensorNames, fleet.sensorNames) || !same(model.settingNames, fleet.settingNames)) {
    throw new AetherError({
      code: 'rul.columns-mismatch',
      message: `${fleet.source} has settings [${fleet.settingNames.join(', ')}] and sensors [${fleet.sensorNames.join(', ')}]; the model was trained on settings [${model.settingNames.join(', ')}] and sensors [${model.sensorNames.join(', ')}]`,
      hint: 'Predict with data in the same layout (same columns, same order) as the training data.',
      path: fleet.source,
    });
  }
}

function unitUnseen(members: readonly number[]): <T>(all: readonly T[]) => T[] {
  return (all) => members.flatMap((m) => (all[m] === undefined ? [] : [all[m]]));
}

function mean(v: readonly number[]): number {
  return v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
