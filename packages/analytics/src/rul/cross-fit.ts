/**
 * Cross-fitting over *units* for the RUL ensemble: the units are dealt into K folds; member k is
 * trained on every fold but k, and predicts the truncated cuts of the units of fold k. So every
 * unit gives out-of-fold calibration points (not only a 20 % hold-out), and the K members are
 * averaged at prediction time, which removes most of the run-to-run variance of one boosted model.
 * This is the CV+ / cross-conformal construction (Vovk 2015; Barber, Candès, Ramdas & Tibshirani,
 * "Predictive inference with the jackknife+", Ann. Statist. 2021) with the ensemble mean as the
 * point prediction.
 */
import type { Random } from '@aethercore/core';
import type { UnitHistory } from '../io/cmapss.ts';
import { matrix, type Matrix } from '../ml/matrix.ts';
import { remainingLife } from './truncation.ts';
import { unitFeatures, type FeatureSpec } from './window-features.ts';

/** fold[i] = the fold (0..k−1) of unit i: a seeded shuffle dealt round-robin, so sizes differ by ≤ 1. */
export function unitFolds(n: number, k: number, rng: Random): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  const fold = new Array<number>(n).fill(0);
  order.forEach((u, pos) => (fold[u] = pos % k));
  return fold;
}

/**
 * Feature rows and capped targets of run-to-failure units. Every `stride`-th cycle counted back
 * from failure is a row, starting `offset` cycles before the last one: members with different
 * offsets see different rows, so together they use every cycle (a cheap form of bagging).
 */
export function trainingRows(
  units: readonly UnitHistory[],
  z: (u: UnitHistory) => Float64Array[],
  spec: FeatureSpec,
  nF: number,
  cap: number,
  stride: number,
  offset = 0,
): { x: Matrix; y: Float64Array } {
  const parts: Float64Array[] = [];
  const ys: number[] = [];
  for (const u of units) {
    const at: number[] = [];
    for (let i = u.cycles.length - 1 - (offset % stride); i >= 0; i -= stride) at.push(i);
    if (at.length === 0) continue;
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
