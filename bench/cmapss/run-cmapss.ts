// B3 (BENCHMARKS.md): NASA C-MAPSS turbofan RUL, the standard protocol plus k-fold CV over training
// units. Data: Saxena, Goebel, Simon, Eklund, "Damage Propagation Modeling for Aircraft Engine
// Run-to-Failure Simulation", PHM 2008.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  calibrateConformal,
  crossValidateRul,
  DEFAULT_SHIFT_WEIGHTING,
  parseFleetHistory,
  parseRulTruth,
  predictRul,
  scoreRul,
  trainRulModel,
  type CalibrationCut,
  type FleetHistory,
  type RulModel,
  type RulPrediction,
  type RulScores,
  type RulTrainOptions,
} from '@aethercore/analytics';

export interface CmapssBenchOptions {
  /** Directory holding train_FD00x.txt, test_FD00x.txt and RUL_FD00x.txt. */
  readonly dir: string;
  readonly datasets: readonly string[];
  readonly seed: number;
  /** k of the cross-validation over training units; 0 = skip CV. */
  readonly folds: number;
  /** CV on every data set (`all`) or only on those without published test truth (`untested`, default). */
  readonly cvOn?: 'all' | 'untested';
  /** Truncation cuts scored per held-out unit in CV. */
  readonly cvCuts: number;
  readonly train: RulTrainOptions;
  /** (trees done in the current training, trees per training, label). */
  readonly onTree?: (label: string, done: number, total: number) => void;
}

export interface CmapssEvaluation extends RulScores {
  readonly dataset: string;
  readonly seed: number;
  /** `test`: the published test set and truth; `cv-k`: k-fold CV over training units (truncated). */
  readonly protocol: string;
  readonly units: number;
  readonly oodRate: number;
  readonly trainSeconds: number;
  readonly regimes: number;
  readonly sensorsKept: number;
  /** Ensemble members per trained model. */
  readonly members: number;
  /** The family gating chose (per fold for CV: the most frequent). */
  readonly family: string;
  /** RMSE of each family on the same units, measured side by side. */
  readonly rmseByFamily: Record<string, number>;
  /** Folds each member leaves out: every calibration cut is predicted by this many unseen members. */
  readonly leaveOut: number;
  /**
   * Side by side, same members and same predictions: the interval calibrated on the prediction of
   * ONE unseen member per cut (the session-2 rule) instead of the mean of all unseen members.
   */
  readonly oneMember: { readonly coverage: number; readonly meanWidth: number };
  /** Side by side, same models and point predictions: the unweighted split-conformal interval. */
  readonly split: { readonly coverage: number; readonly meanWidth: number };
  /**
   * Side by side: the interval reweighted for covariate shift (label-free density ratio of the
   * calibration cuts vs the batch, Tibshirani et al. 2019). For CV, one batch per fold: nEff and
   * the clipped fractions are means over the folds, nEffMin the smallest.
   */
  readonly weighted: {
    readonly coverage: number;
    readonly meanWidth: number;
    readonly applied: boolean;
    readonly calibrationPoints: number;
    readonly nEff: number;
    readonly nEffMin: number;
    readonly clippedLow: number;
    readonly clippedHigh: number;
    /** Classifier coefficients on the standardised (ln cycles seen, ŷ), per batch. */
    readonly beta: number[][];
  };
}

/**
 * The interval of `rul` when the calibration cuts are predicted by `aggregate(unseen)` (clamped to
 * [0, cap] like the ensemble mean): one
 * normalised asymmetric quantile pair (the model's default, `intervalBins` 1), σ = floor + ŷ.
 */
function intervalWith(
  model: RulModel,
  cuts: readonly CalibrationCut[],
  aggregate: (unseen: readonly number[]) => number,
): (rul: number) => { lower: number; upper: number } {
  const pred = cuts.map((c) => Math.min(model.cap, Math.max(0, aggregate(c.unseen))));
  const floor = model.conformal.sigmaFloor;
  const cal = calibrateConformal(
    cuts.map((c) => c.truth),
    pred,
    pred.map((p) => floor + p),
    model.conformal.alpha,
  );
  return (rul) => ({
    lower: Math.max(0, rul + cal.lower * (floor + rul)),
    upper: rul + cal.upper * (floor + rul),
  });
}

const firstUnseen = (u: readonly number[]): number => u[0] ?? Number.NaN;

function coverageOf(
  truth: readonly number[],
  iv: readonly { lower: number; upper: number }[],
): { coverage: number; meanWidth: number } {
  let hit = 0;
  let width = 0;
  iv.forEach((v, i) => {
    const y = truth[i] ?? Number.NaN;
    if (y >= v.lower && y <= v.upper) hit++;
    width += v.upper - v.lower;
  });
  return { coverage: hit / Math.max(1, iv.length), meanWidth: width / Math.max(1, iv.length) };
}

interface SideBySide {
  readonly split: RulPrediction[];
  readonly weighted: RulPrediction[];
  readonly applied: boolean;
  readonly calibrationPoints: number;
  readonly nEff: number;
  readonly clippedLow: number;
  readonly clippedHigh: number;
  readonly beta: number[];
}

/** One batch predicted both ways by the same model: the point predictions must be identical. */
function predictBothWays(model: RulModel, batch: FleetHistory): SideBySide {
  const split = predictRul(model, batch, { shiftWeights: 'off' });
  let info: Omit<SideBySide, 'split' | 'weighted'> = {
    applied: false,
    calibrationPoints: 0,
    nEff: Number.NaN,
    clippedLow: Number.NaN,
    clippedHigh: Number.NaN,
    beta: [],
  };
  const weighted = predictRul(model, batch, {
    shiftWeights: 'auto',
    onShift: (s) =>
      (info = {
        applied: s.applied,
        calibrationPoints: s.calibrationPoints,
        nEff: s.weights?.nEff ?? s.calibrationPoints,
        clippedLow: s.weights?.clippedLow ?? 0,
        clippedHigh: s.weights?.clippedHigh ?? 0,
        beta: s.weights?.classifier.beta ?? [],
      }),
  });
  if (weighted.some((p, i) => p.rul !== split[i]?.rul))
    throw new Error('bench.invariant: the shift weighting changed a point prediction');
  return { split, weighted, ...info };
}

function weightedSummary(
  truth: readonly number[],
  batches: readonly SideBySide[],
): CmapssEvaluation['weighted'] {
  const mean = (f: (b: SideBySide) => number): number =>
    batches.reduce((a, b) => a + f(b), 0) / Math.max(1, batches.length);
  return {
    ...coverageOf(
      truth,
      batches.flatMap((b) => b.weighted),
    ),
    applied: batches.length > 0 && batches.every((b) => b.applied),
    calibrationPoints: mean((b) => b.calibrationPoints),
    nEff: mean((b) => b.nEff),
    nEffMin: Math.min(...batches.map((b) => b.nEff)),
    clippedLow: mean((b) => b.clippedLow),
    clippedHigh: mean((b) => b.clippedHigh),
    beta: batches.map((b) => b.beta),
  };
}

function rmseByFamily(
  pred: readonly { byFamily: Partial<Record<string, number>> }[],
  truth: ArrayLike<number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of ['gbt', 'ridge']) {
    if (pred.length === 0 || pred.some((p) => p.byFamily[f] === undefined)) continue;
    out[f] = Math.sqrt(
      pred.reduce((a, p, i) => a + ((p.byFamily[f] ?? 0) - (truth[i] ?? 0)) ** 2, 0) / pred.length,
    );
  }
  return out;
}

export async function runCmapss(o: CmapssBenchOptions): Promise<CmapssEvaluation[]> {
  const out: CmapssEvaluation[] = [];
  for (const ds of o.datasets) {
    const file = (kind: string): string => path.join(o.dir, `${kind}_${ds}.txt`);
    if (!existsSync(file('train')))
      throw new Error(`bench.data-missing: ${file('train')} not found (use --data <dir>)`);
    const train = parseFleetHistory(await readFile(file('train'), 'utf8'), { source: `train_${ds}.txt` });
    const cutsByModel: (readonly CalibrationCut[])[] = [];
    const opts = (label: string): RulTrainOptions => ({
      ...o.train,
      seed: o.seed,
      onProgress: (_stage, done, total) => o.onTree?.(`${ds} ${label}`, done, total),
      onCalibrationCuts: (cuts) => cutsByModel.push(cuts),
    });

    const tested = existsSync(file('test')) && existsSync(file('RUL'));
    if (tested) {
      const test = parseFleetHistory(await readFile(file('test'), 'utf8'), { source: `test_${ds}.txt` });
      const truth = parseRulTruth(await readFile(file('RUL'), 'utf8'), `RUL_${ds}.txt`);
      if (truth.length !== test.units.length)
        throw new Error(`bench.truth-mismatch: ${truth.length} truths for ${test.units.length} test units`);
      const t0 = performance.now();
      cutsByModel.length = 0;
      const model = trainRulModel(train, opts('test'));
      const one = intervalWith(model, cutsByModel[0] ?? [], firstUnseen);
      const trainSeconds = (performance.now() - t0) / 1000;
      const both = predictBothWays(model, test);
      const pred = DEFAULT_SHIFT_WEIGHTING === 'off' ? both.split : both.weighted;
      const s = scoreRul(
        pred.map((p) => p.rul),
        truth,
        pred.map((p) => p.lower),
        pred.map((p) => p.upper),
      );
      out.push({
        dataset: ds,
        seed: o.seed,
        protocol: 'test',
        units: test.units.length,
        ...s,
        oodRate: pred.filter((p) => p.ood).length / pred.length,
        trainSeconds,
        regimes: model.regimes.k,
        sensorsKept: model.normaliser.kept.length,
        members: model.training.members,
        family: model.family,
        rmseByFamily: rmseByFamily(pred, truth),
        leaveOut: leaveOutOf(model),
        oneMember: coverageOf(
          [...truth],
          pred.map((p) => one(p.rul)),
        ),
        split: coverageOf([...truth], both.split),
        weighted: weightedSummary([...truth], [both]),
      });
    }

    if (o.folds > 1 && (o.cvOn === 'all' || !tested)) {
      const t0 = performance.now();
      let members = 0;
      let regimes = 0;
      let kept = 0;
      const chosen: string[] = [];
      const models: RulModel[] = [];
      cutsByModel.length = 0;
      const sideBySide: SideBySide[] = [];
      const heldOutTruth: number[] = [];
      const cv = crossValidateRul(train, {
        ...opts(`cv`),
        folds: o.folds,
        evalCutsPerUnit: o.cvCuts,
        onModel: (m) => {
          regimes = Math.max(regimes, m.regimes.k);
          kept = Math.max(kept, m.normaliser.kept.length);
          members = m.training.members;
          chosen.push(m.family);
          models.push(m);
        },
        onHeldOut: (m, heldOut, truth) => {
          sideBySide.push(predictBothWays(m, heldOut));
          heldOutTruth.push(...truth);
        },
      });
      const one = models.map((m, f) => intervalWith(m, cutsByModel[f] ?? [], firstUnseen));
      const trainSeconds = (performance.now() - t0) / 1000 / o.folds;
      const s = scoreRul(
        cv.map((p) => p.rul),
        cv.map((p) => p.truth),
        cv.map((p) => p.lower),
        cv.map((p) => p.upper),
      );
      out.push({
        dataset: ds,
        seed: o.seed,
        protocol: `cv-${o.folds}`,
        units: train.units.length,
        ...s,
        oodRate: cv.filter((p) => p.ood).length / cv.length,
        trainSeconds,
        regimes,
        sensorsKept: kept,
        members,
        family: ['gbt', 'ridge'].map((f) => `${f}×${chosen.filter((c) => c === f).length}`).join(' '),
        rmseByFamily: rmseByFamily(
          cv,
          cv.map((p) => p.truth),
        ),
        leaveOut: models[0] === undefined ? 0 : leaveOutOf(models[0]),
        oneMember: coverageOf(
          cv.map((p) => p.truth),
          cv.map((p) => one[p.fold]?.(p.rul) ?? { lower: Number.NaN, upper: Number.NaN }),
        ),
        split: coverageOf(
          heldOutTruth,
          sideBySide.flatMap((b) => b.split),
        ),
        weighted: weightedSummary(heldOutTruth, sideBySide),
      });
    }
  }
  return out;
}

function leaveOutOf(model: RulModel): number {
  return model.training.leaveOut ?? 1;
}

/**
 * Published test RMSE (BENCHMARKS.md B3), quoted for side-by-side printing; not computed here.
 * GB = gradient boosting, LSTM = deep LSTM, TCNN-T = TCNN-Transformer (2021), MTSTAN.
 */
export const REFERENCE_RMSE: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  GB: { FD001: 15.7, FD002: 29.1, FD003: 16.8, FD004: 29.0 },
  LSTM: { FD001: 16.1, FD002: 24.5, FD003: 16.2, FD004: 28.2 },
  'TCNN-T': { FD001: 11.4, FD002: 14.8, FD003: 11.4, FD004: 17.3 },
  MTSTAN: { FD001: 11.0, FD002: 16.8, FD003: 10.9, FD004: 18.9 },
};

/** Goals (BENCHMARKS.md B3): RMSE per dataset, and 90 % intervals covering 87–93 %. */
export const GOAL_RMSE: Readonly<Record<string, number>> = { FD001: 12.5, FD002: 16, FD003: 12.5, FD004: 19 };
export const GOAL_COVERAGE = [0.87, 0.93] as const;
