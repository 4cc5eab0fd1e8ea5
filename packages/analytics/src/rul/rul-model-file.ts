/**
 * Reading a saved RUL model (`RulModel` as JSON): the format check and a shallow validation of the
 * parts prediction reads. Format 3 (session 4) and format 2 (sessions 2–3, no calibration set:
 * predicts with the split interval) are read; format 1 is refused with `rul.model-version`.
 */
import { AetherError } from '@aethercore/core';
import type { ConformalCalibration } from '../ml/conformal.ts';
import { RUL_MODEL_FORMAT, type RulModel } from './rul-model.ts';
import type { RulCalibrationSet } from './weighted-interval.ts';

const READABLE_FORMATS: readonly string[] = [RUL_MODEL_FORMAT, 'aethercore.rul/2'];

/** Validate a parsed JSON value as a RulModel (shallow: format and the parts prediction reads). */
export function parseRulModel(value: unknown, source = 'model'): RulModel {
  const v = value as Partial<RulModel> | null;
  const format = v !== null && typeof v === 'object' ? (v as { format?: unknown }).format : undefined;
  if (
    typeof format === 'string' &&
    format.startsWith('aethercore.rul/') &&
    !READABLE_FORMATS.includes(format)
  ) {
    throw new AetherError({
      code: 'rul.model-version',
      message: `${source} is an AetherCore RUL model of format ${format}; this version reads ${READABLE_FORMATS.join(' and ')}`,
      hint: 'Retrain it with `aethercore rul train --data <file> --out <model.json>` (formats 2 and 3 are cross-fitted ensembles).',
      path: source,
    });
  }
  const members = v?.family === 'gbt' ? v.gbt : v?.family === 'ridge' ? v.ridge : undefined;
  if (
    v === null ||
    typeof v !== 'object' ||
    typeof format !== 'string' ||
    !READABLE_FORMATS.includes(format) ||
    (v.calibration !== undefined && !validCalibration(v.calibration)) ||
    !Array.isArray(members) ||
    members.length === 0 ||
    !Array.isArray(v.gbt) ||
    !Array.isArray(v.ridge) ||
    v.conformal === null ||
    typeof v.conformal !== 'object' ||
    !Array.isArray(v.conformal.bins) ||
    v.conformal.bins.length === 0 ||
    !Array.isArray(v.conformal.edges) ||
    v.conformal.edges.length !== v.conformal.bins.length - 1 ||
    !v.conformal.bins.every(
      (b: unknown) =>
        b !== null &&
        typeof b === 'object' &&
        [(b as { lower?: unknown }).lower, (b as { upper?: unknown }).upper].every(
          (q) => q === null || typeof q === 'number',
        ),
    ) ||
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
  const c = v.conformal;
  const bins = (c.bins as (ConformalCalibration & { lower: number | null; upper: number | null })[]).map(
    (b) => ({ ...b, lower: b.lower ?? -Infinity, upper: b.upper ?? Infinity }),
  );
  return { ...(v as RulModel), conformal: { ...c, bins } };
}

function validCalibration(c: unknown): boolean {
  if (c === null || typeof c !== 'object') return false;
  const { seen, pred, score } = c as Partial<Record<keyof RulCalibrationSet, unknown>>;
  const numbers = (a: unknown): a is number[] =>
    Array.isArray(a) && a.every((x) => typeof x === 'number' && Number.isFinite(x));
  return (
    numbers(seen) &&
    numbers(pred) &&
    numbers(score) &&
    seen.length === pred.length &&
    pred.length === score.length
  );
}
