/**
 * Remaining-useful-life model: per-regime sensor normalisation → causal window features →
 * gradient-boosted trees on a piecewise-linear target capped at 125 cycles (Heimes, PHM 2008) →
 * split-conformal 90 % interval calibrated on held-out *units* → Mahalanobis out-of-distribution flag.
 * A ridge regression on the same features is trained beside the trees; the family with the lower
 * error on the held-out calibration units is used ("gating" by measured validation error).
 *
 * The model is a plain JSON value (`RulModel`): train once, save, predict anywhere.
 */
import { AetherError, createRandom, type Random } from '@aethercore/core';
import type { FleetHistory, UnitHistory } from '../io/cmapss.ts';
import { calibrateConformal, conformalInterval, type ConformalCalibration } from '../ml/conformal.ts';
import { defaultGbtParams, predictGbtRow, trainGbt, type GbtModel, type GbtParams } from '../ml/gbt.ts';
import { fitMahalanobis, mahalanobis, type MahalanobisModel } from '../ml/mahalanobis.ts';
import { matrix } from '../ml/matrix.ts';
import { predictRidgeRow, trainRidge, type RidgeModel } from '../ml/ridge.ts';
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

export const RUL_MODEL_FORMAT = 'aethercore.rul/1';

export interface RulTrainOptions {
  readonly seed?: number;
  /** Piecewise-linear target cap in cycles (default 125). */
  readonly cap?: number;
  /** Miscoverage of the interval (default 0.1 → 90 %). */
  readonly alpha?: number;
  /** Share of units held out to calibrate the interval (default 0.2). */
  readonly calibrationFraction?: number;
  /** Truncation cuts drawn per calibration unit (default 10). */
  readonly cutsPerUnit?: number;
  /** σ(x) = sigmaFloor + ŷ for the normalised conformal score (default 10 cycles). */
  readonly sigmaFloor?: number;
  /** After calibrating, refit the trees on all units (default false: the calibrated model is the one used, so the coverage guarantee holds exactly; true trains twice and usually over-covers a little). */
  readonly refit?: boolean;
  /** Use every k-th cycle of a unit as a training row (default 1: all). */
  readonly rowStride?: number;
  readonly regimes?: number;
  readonly gbt?: Partial<GbtParams>;
  readonly features?: FeatureSpec;
  readonly truncation?: TruncationSpec;
  /** Training quantile of the Mahalanobis distance above which a unit is out of distribution. */
  readonly oodQuantile?: number;
  /** Model families to gate between (default both). */
  readonly families?: readonly RulFamily[];
  readonly onProgress?: (stage: 'fit' | 'refit', done: number, total: number) => void;
}

export type RulFamily = 'gbt' | 'ridge';

export interface RulModel {
  readonly format: typeof RUL_MODEL_FORMAT;
  readonly settingNames: string[];
  readonly sensorNames: string[];
  readonly cap: number;
  readonly features: FeatureSpec;
  readonly featureNames: string[];
  readonly regimes: OperatingRegimes;
  readonly normaliser: SensorNormaliser;
  /** The family used for predictions, chosen by RMSE on the calibration cuts. */
  readonly family: RulFamily;
  /** RMSE of each trained family on the calibration cuts (uncapped truth). */
  readonly gating: Partial<Record<RulFamily, number>>;
  readonly gbt: GbtModel | null;
  readonly ridge: RidgeModel | null;
  readonly conformal: ConformalCalibration;
  readonly sigmaFloor: number;
  /** Mahalanobis model over the feature columns listed in `oodFeatures`. */
  readonly ood: MahalanobisModel;
  readonly oodFeatures: number[];
  readonly training: {
    readonly units: number;
    readonly rows: number;
    readonly calibrationUnits: number;
    readonly calibrationPoints: number;
    readonly refit: boolean;
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
  /** The prediction of every trained family (clamped), for side-by-side evaluation. */
  readonly byFamily: Partial<Record<RulFamily, number>>;
}

/** Train on run-to-failure histories (every unit runs until failure at its last cycle). */
export function trainRulModel(fleet: FleetHistory, options: RulTrainOptions = {}): RulModel {
  const seed = options.seed ?? 1;
  const cap = options.cap ?? 125;
  const spec = options.features ?? defaultFeatureSpec;
  const refit = options.refit ?? false;
  const stride = Math.max(1, Math.round(options.rowStride ?? 1));
  // Leaves of at least 100 rows: chosen by 4-fold unit CV on FD001–FD003 (RMSE 12.9→12.8,
  // 13.8→13.5, 14.4→13.9 against the library default of 20); rows of one unit are highly correlated.
  const gbtParams: Partial<GbtParams> = { minLeaf: 100, ...options.gbt, seed: options.gbt?.seed ?? seed };
  const trees = gbtParams.trees ?? defaultGbtParams.trees;
  if (fleet.units.length < 3) {
    throw new AetherError({
      code: 'rul.too-few-units',
      message: `training needs at least 3 run-to-failure units, ${fleet.source} has ${fleet.units.length}`,
      hint: 'Provide more units; each must run until failure.',
      path: fleet.source,
    });
  }
  const rng = createRandom(seed);
  const order = shuffled(fleet.units.length, rng);
  const nCal = Math.max(1, Math.round(fleet.units.length * (options.calibrationFraction ?? 0.2)));
  const calIdx = order.slice(0, nCal);
  const fitIdx = order.slice(nCal);
  const pick = (ix: readonly number[]): FleetHistory => ({
    ...fleet,
    units: ix.map((i) => fleet.units[i]).filter((u) => u !== undefined),
  });

  // Regimes and normalisation come from all units: they use no target, so no leakage into calibration.
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

  const families = options.families ?? ['gbt', 'ridge'];
  if (families.length === 0) throw new Error('trainRulModel: no model family');
  const fitSet = trainingRows(pick(fitIdx).units, z, spec, nF, cap, stride);
  const progress = (stage: 'fit' | 'refit') => (done: number) => options.onProgress?.(stage, done, trees);
  const gbtFit = families.includes('gbt')
    ? trainGbt(fitSet.x, fitSet.y, gbtParams, { onTree: progress('fit') })
    : null;
  const ridgeFit = families.includes('ridge') ? trainRidge(fitSet.x, fitSet.y) : null;
  const predictors: Partial<Record<RulFamily, (row: Float64Array) => number>> = {
    ...(gbtFit === null ? {} : { gbt: (row: Float64Array) => predictGbtRow(gbtFit, row) }),
    ...(ridgeFit === null ? {} : { ridge: (row: Float64Array) => predictRidgeRow(ridgeFit, row) }),
  };

  // Calibrate on truncated held-out units against their true (uncapped) remaining life.
  const sigmaFloor = options.sigmaFloor ?? 10;
  const truth: number[] = [];
  const predCal: Record<RulFamily, number[]> = { gbt: [], ridge: [] };
  for (const u of pick(calIdx).units) {
    const at = Array.from({ length: options.cutsPerUnit ?? 10 }, () =>
      drawCut(u.cycles.length, rng, options.truncation ?? defaultTruncation),
    );
    const rows = unitFeatures(z(u), spec, at);
    at.forEach((i, r) => {
      const row = rows.subarray(r * nF, (r + 1) * nF);
      truth.push(remainingLife(u, i));
      for (const f of families) predCal[f].push(clamp(predictors[f]?.(row) ?? 0, 0, cap));
    });
  }
  const gating: Partial<Record<RulFamily, number>> = {};
  for (const f of families)
    gating[f] = Math.sqrt(
      predCal[f].reduce((a, p, i) => a + (p - (truth[i] ?? 0)) ** 2, 0) / Math.max(1, truth.length),
    );
  const family = families.reduce((best, f) =>
    (gating[f] ?? Infinity) < (gating[best] ?? Infinity) ? f : best,
  );
  const chosen = predCal[family];
  const conformal = calibrateConformal(
    truth,
    chosen,
    chosen.map((p) => sigmaFloor + p),
    options.alpha ?? 0.1,
    'asymmetric',
  );

  const allSet = refit ? trainingRows(fleet.units, z, spec, nF, cap, stride) : fitSet;
  const gbt =
    refit && family === 'gbt'
      ? trainGbt(allSet.x, allSet.y, gbtParams, { onTree: progress('refit') })
      : gbtFit;
  const ridge = refit && family === 'ridge' ? trainRidge(allSet.x, allSet.y) : ridgeFit;

  // OOD: the window means of the middle window of every kept sensor, over all training rows.
  const names = featureNames(
    spec,
    normaliser.kept.map((k) => fleet.sensorNames[k] ?? `s${k}`),
  );
  const midW = spec.windows[1] ?? spec.windows[0] ?? 1;
  const oodFeatures = names.flatMap((n, i) => (n.endsWith(`.mean${midW}`) ? [i] : []));
  const oodX = matrix(allSet.x.rows, oodFeatures.length);
  for (let r = 0; r < allSet.x.rows; r++)
    oodFeatures.forEach((f, j) => (oodX.data[r * oodFeatures.length + j] = allSet.x.data[r * nF + f] ?? 0));
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
    sigmaFloor,
    ood,
    oodFeatures,
    training: {
      units: fleet.units.length,
      rows: allSet.x.rows,
      calibrationUnits: nCal,
      calibrationPoints: truth.length,
      refit,
      seed,
    },
  };
}

/** RUL at the last cycle of every unit, with its 90 % interval and OOD flag. */
export function predictRul(model: RulModel, fleet: FleetHistory): RulPrediction[] {
  checkColumns(model, fleet);
  const nF = featureCount(model.features, model.normaliser.kept.length);
  const lookback = model.features.windows[1] ?? 10;
  return fleet.units.map((u) => {
    const n = u.cycles.length;
    const row = unitFeatures(normaliseUnit(u, model.regimes, model.normaliser), model.features, [
      n - 1,
    ]).subarray(0, nF);
    const byFamily: Partial<Record<RulFamily, number>> = {};
    if (model.gbt !== null) byFamily.gbt = clamp(predictGbtRow(model.gbt, row), 0, model.cap);
    if (model.ridge !== null) byFamily.ridge = clamp(predictRidgeRow(model.ridge, row), 0, model.cap);
    const rul = byFamily[model.family] ?? clamp(predictFamily(model, model.family, row), 0, model.cap);
    const { lower, upper } = conformalInterval(model.conformal, rul, model.sigmaFloor + rul);
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
    return {
      unit: u.unit,
      cycle: u.cycles[n - 1] ?? 0,
      rul,
      lower: Math.max(0, lower),
      upper,
      ood,
      status: ood ? 'uncertain' : 'ok',
      oodDistance,
      regimeDistance,
      byFamily,
    };
  });
}

/** The raw (unclamped) prediction of one trained family for a feature row. */
export function predictFamily(model: RulModel, family: RulFamily, row: ArrayLike<number>): number {
  if (family === 'gbt' && model.gbt !== null) return predictGbtRow(model.gbt, row);
  if (family === 'ridge' && model.ridge !== null) return predictRidgeRow(model.ridge, row);
  throw new AetherError({
    code: 'rul.model-invalid',
    message: `the model holds no trained ${family} family`,
    hint: 'Retrain the model.',
  });
}

/** Validate a parsed JSON value as a RulModel (shallow: format and the parts prediction reads). */
export function parseRulModel(value: unknown, source = 'model'): RulModel {
  const v = value as Partial<RulModel> | null;
  const family = v?.family === 'gbt' ? v.gbt : v?.family === 'ridge' ? v.ridge : undefined;
  if (
    v === null ||
    typeof v !== 'object' ||
    v.format !== RUL_MODEL_FORMAT ||
    family === undefined ||
    family === null ||
    v.conformal === undefined ||
    v.normaliser === undefined
  ) {
    throw new AetherError({
      code: 'rul.model-invalid',
      message: `${source} is not an AetherCore RUL model (format ${RUL_MODEL_FORMAT})`,
      hint: 'Train one with `aethercore rul train --data <file> --out <model.json>`.',
      path: source,
    });
  }
  // JSON has no Infinity: a too-small calibration set stores null, which means an unbounded side.
  const c = v.conformal as { lower: number | null; upper: number | null } & ConformalCalibration;
  return { ...(v as RulModel), conformal: { ...c, lower: c.lower ?? -Infinity, upper: c.upper ?? Infinity } };
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

function trainingRows(
  units: readonly UnitHistory[],
  z: (u: UnitHistory) => Float64Array[],
  spec: FeatureSpec,
  nF: number,
  cap: number,
  stride: number,
): { x: ReturnType<typeof matrix>; y: Float64Array } {
  const parts: Float64Array[] = [];
  const ys: number[] = [];
  for (const u of units) {
    const at: number[] = [];
    for (let i = u.cycles.length - 1; i >= 0; i -= stride) at.push(i);
    parts.push(unitFeatures(z(u), spec, at));
    for (const i of at) ys.push(Math.min(cap, remainingLife(u, i)));
  }
  const x = matrix(ys.length, nF);
  let off = 0;
  for (const p of parts) {
    x.data.set(p, off);
    off += p.length;
  }
  return { x, y: Float64Array.from(ys) };
}

function shuffled(n: number, rng: Random): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [a[i], a[j]] = [a[j] ?? 0, a[i] ?? 0];
  }
  return a;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
