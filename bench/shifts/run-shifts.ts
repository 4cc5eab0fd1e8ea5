// The shift planner's lower bounds side by side: the same absence sets on the Werkhalle 4 roster,
// planned live (planShiftCoverage, the live guard) with the per-position bound alone, the
// crew-matching bound (packages/planning/src/shifts/shift-bound.ts) and the instant-matching bound
// across shifts (shift-instant-bound.ts).
import { performance } from 'node:perf_hooks';
import { createRandom, type Plant } from '@aethercore/core';
import { planShiftCoverage, type PlanView } from '@aethercore/agents';

const DAY_MS = 86_400_000;
/** A Tuesday 09:31 UTC, the plan made after the 09:30 re-plan (as in the agents' shift tests). */
export const NOW = Date.UTC(2026, 2, 10, 9, 31);

export type BoundKind = 'position' | 'crew-matching' | 'instant-matching';

export interface ShiftBoundRun {
  readonly absent: readonly string[];
  readonly bound: BoundKind;
  readonly exact: boolean;
  /** The uncovered hours are proven least. */
  readonly uncoveredExact: boolean;
  /** The overtime is proven least given those uncovered hours. */
  readonly overtimeExact: boolean;
  readonly uncoveredHours: number;
  readonly overtimeHours: number;
  readonly ms: number;
}

/** Every manned station busy from now to the end of the night shift (06:00 next day). */
export function busyPlan(plant: Plant, now = NOW): PlanView {
  const stations = plant.stations.map((s) => s.id);
  const to = now - (now % DAY_MS) + 30 * 3_600_000;
  return {
    builtAt: now,
    reason: 'replan',
    stations,
    orders: [],
    operations: stations.map((station) => ({
      order: 'O',
      lot: 0,
      quantity: 10,
      station,
      start: now,
      end: to,
      wip: false,
    })),
    kpis: { makespanAt: to, tardyOrders: 0, totalTardinessMin: 0 },
    valid: true,
    lotSize: 10,
  };
}

/** The named sets (the docs' scenarios) then `random` sets of 1–3 distinct workers (seeded). */
export function absenceSets(plant: Plant, random: number, seed: number): string[][] {
  const named = [['W038'], ['W033'], ['W010'], ['W038', 'W024', 'W028']].filter((s) =>
    s.every((w) => plant.workers.some((x) => x.id === w)),
  );
  const rnd = createRandom(seed);
  const ids = plant.workers.map((w) => w.id);
  const sets: string[][] = [];
  for (let k = 0; k < random; k++) {
    const n = rnd.int(1, 3);
    const pick = new Set<string>();
    while (pick.size < Math.min(n, ids.length)) pick.add(ids[rnd.int(0, ids.length - 1)]!);
    sets.push([...pick].sort());
  }
  return [...named, ...sets];
}

export function runShiftBound(
  plant: Plant,
  absent: readonly string[],
  bound: BoundKind,
  maxNodes: number,
): ShiftBoundRun {
  const plan = busyPlan(plant);
  const absences = absent.map((worker) => ({ worker, fromMs: NOW, untilMs: NOW + DAY_MS }));
  const t0 = performance.now();
  const c = planShiftCoverage(plant, plan, absences, NOW, 'absence', { maxNodes, lowerBound: bound });
  const ms = performance.now() - t0;
  return {
    absent,
    bound,
    exact: c.exact,
    uncoveredExact: c.uncoveredExact,
    overtimeExact: c.overtimeExact,
    uncoveredHours: c.uncoveredHours,
    overtimeHours: c.overtimeHours,
    ms,
  };
}

/** a is lexicographically worse than b (uncovered, then overtime). */
export function worse(a: ShiftBoundRun, b: ShiftBoundRun): boolean {
  const e = 1e-6;
  if (a.uncoveredHours > b.uncoveredHours + e) return true;
  if (a.uncoveredHours < b.uncoveredHours - e) return false;
  return a.overtimeHours > b.overtimeHours + e;
}
