/**
 * Truncated trajectories, the way the C-MAPSS test set was built: each test engine's record stops
 * some time before failure (Saxena et al., PHM 2008). On the published FD001/FD003 truth the
 * remaining life is roughly a uniform 5–75 % of the engine's life and never above 145 cycles; we
 * draw cuts the same way for calibration and for cross-validation on the training units.
 */
import type { Random } from '@aethercore/core';
import type { UnitHistory } from '../io/cmapss.ts';

export interface TruncationSpec {
  readonly minFraction: number;
  readonly maxFraction: number;
  /** Largest remaining life drawn, in cycles. */
  readonly maxRul: number;
  /** Never cut before this many cycles have been seen. */
  readonly minCycles: number;
}

export const defaultTruncation: TruncationSpec = {
  minFraction: 0.05,
  maxFraction: 0.75,
  maxRul: 145,
  minCycles: 20,
};

/** A seeded cut: the index of the last kept cycle of a unit with n cycles. */
export function drawCut(n: number, rng: Random, spec: TruncationSpec = defaultTruncation): number {
  const upper = Math.min(spec.maxFraction * n, spec.maxRul);
  const lower = Math.min(spec.minFraction * n, upper);
  const rul = Math.round(lower + rng.next() * (upper - lower));
  const lastIndex = n - 1 - Math.max(1, rul);
  return Math.max(Math.min(spec.minCycles, n - 1) - 1, Math.min(n - 2, lastIndex));
}

/** The unit as seen up to and including cycle index `last`. */
export function truncateUnit(u: UnitHistory, last: number): UnitHistory {
  const end = last + 1;
  return {
    unit: u.unit,
    cycles: u.cycles.slice(0, end),
    settings: u.settings.map((c) => c.slice(0, end)),
    sensors: u.sensors.map((c) => c.slice(0, end)),
  };
}

/** Remaining cycles to failure after index i of a run-to-failure unit. */
export function remainingLife(u: UnitHistory, i: number): number {
  return (u.cycles[u.cycles.length - 1] ?? 0) - (u.cycles[i] ?? 0);
}
