/**
 * k-fold cross-validation over *units* (never rows: the cycles of one engine are strongly
 * correlated). Each held-out unit is truncated at a seeded random cycle the way the C-MAPSS test
 * set was built (`truncation.ts`) and scored against its true remaining life. This is how FD002 and
 * FD004 are evaluated, whose test truth is not published with this project's data.
 */
import { createRandom } from '@aethercore/core';
import type { FleetHistory } from '../io/cmapss.ts';
import {
  predictRul,
  trainRulModel,
  type RulModel,
  type RulPrediction,
  type RulPredictOptions,
  type RulTrainOptions,
} from './rul-model.ts';
import { defaultTruncation, drawCut, remainingLife, truncateUnit } from './truncation.ts';

export interface CrossValidationOptions extends RulTrainOptions {
  readonly folds: number;
  /** Truncation cuts scored per held-out unit (default 1, as in the test set). */
  readonly evalCutsPerUnit?: number;
  /** Called with each fold's model after it is trained (fold is 0-based). */
  readonly onModel?: (model: RulModel, fold: number) => void;
  readonly onFold?: (fold: number, folds: number) => void;
  /** How the held-out cuts of each fold (one batch per fold) are predicted, e.g. `shiftWeights`. */
  readonly predict?: RulPredictOptions;
  /**
   * Called with each fold's model, its held-out truncated units (in the order of the returned
   * predictions of that fold) and their true remaining lives: lets a caller predict the same
   * batch another way, side by side.
   */
  readonly onHeldOut?: (
    model: RulModel,
    heldOut: FleetHistory,
    truth: readonly number[],
    fold: number,
  ) => void;
}

export interface HeldOutPrediction extends RulPrediction {
  readonly truth: number;
  readonly fold: number;
}

export function crossValidateRul(fleet: FleetHistory, options: CrossValidationOptions): HeldOutPrediction[] {
  const seed = options.seed ?? 1;
  const rng = createRandom(seed ^ 0x5eed);
  const order = fleet.units.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  const k = Math.max(2, Math.min(options.folds, fleet.units.length));
  const out: HeldOutPrediction[] = [];
  for (let f = 0; f < k; f++) {
    const test = order.filter((_, i) => i % k === f);
    const train = order.filter((_, i) => i % k !== f);
    const model = trainRulModel(
      { ...fleet, units: train.map((i) => fleet.units[i]).filter((u) => u !== undefined) },
      { ...options, seed: seed + f },
    );
    options.onModel?.(model, f);
    const truncated = [];
    const truth: number[] = [];
    for (const i of test) {
      const u = fleet.units[i];
      if (u === undefined) continue;
      for (let c = 0; c < (options.evalCutsPerUnit ?? 1); c++) {
        const last = drawCut(u.cycles.length, rng, options.truncation ?? defaultTruncation);
        truncated.push(truncateUnit(u, last));
        truth.push(remainingLife(u, last));
      }
    }
    const heldOut = { ...fleet, units: truncated };
    options.onHeldOut?.(model, heldOut, truth, f);
    predictRul(model, heldOut, options.predict).forEach((p, i) =>
      out.push({ ...p, truth: truth[i] ?? 0, fold: f }),
    );
    options.onFold?.(f + 1, k);
  }
  return out;
}
