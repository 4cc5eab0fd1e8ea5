/**
 * Shift re-planning after a worker absence ("re-plan the night shift so that no overtime is
 * needed"): assign qualified staff to every position of the affected shifts, so that
 * - each position gets a worker holding its qualification,
 * - nobody works two positions at once or two shifts closer than the minimum rest (ArbZG §5:
 *   11 h in Germany; configurable),
 * - nobody exceeds their maximum number of shifts,
 * minimising overtime (shifts outside a worker's roster) first and changes to the previous plan
 * second. The instance is small (a few shifts, tens of positions), so the search is exact:
 * depth-first branch and bound, most-constrained position first, with a node limit as a guard.
 */
import { AetherError } from '@aethercore/core';

export interface ShiftSlot {
  readonly id: string;
  /** Seconds (any consistent unit; `unitS` converts to hours). */
  readonly start: number;
  readonly end: number;
  readonly positions: readonly { readonly id: string; readonly qualification: string }[];
}

export interface StaffMember {
  readonly id: string;
  readonly qualifications: readonly string[];
  /** Shifts in the worker's roster: working them is regular time; any other shift is overtime. */
  readonly regularShifts: readonly string[];
  /** Shifts the worker could be called in for (default: every shift). */
  readonly available?: readonly string[];
  /** Most shifts in this plan (default: unlimited). */
  readonly maxShifts?: number;
}

export interface ShiftAssignment {
  readonly shift: string;
  readonly position: string;
  readonly worker: string;
}

export interface ShiftProblem {
  readonly shifts: readonly ShiftSlot[];
  readonly staff: readonly StaffMember[];
  /** Minimum rest between two shifts of one worker, in time units (default 11 h = 39,600 s). */
  readonly minRest?: number;
  /** Seconds per time unit (default 1). */
  readonly unitS?: number;
}

export interface Absence {
  readonly worker: string;
  /** Shifts missed (default: all). */
  readonly shifts?: readonly string[];
}

export interface ShiftPlanOptions {
  readonly absences?: readonly Absence[];
  /** The plan before the absence: kept where possible. */
  readonly previous?: readonly ShiftAssignment[];
  /** Search guard (default 2,000,000 nodes). */
  readonly maxNodes?: number;
}

export type ShiftPlanResult =
  | {
      readonly ok: true;
      readonly assignments: readonly ShiftAssignment[];
      readonly overtimeHours: 0;
      readonly changes: number;
      /** False when the node limit stopped the search (the plan is still feasible). */
      readonly exact: boolean;
    }
  | {
      readonly ok: false;
      readonly reason: 'overtime-needed';
      /** The plan with the least overtime. */
      readonly assignments: readonly ShiftAssignment[];
      readonly overtimeHours: number;
      readonly changes: number;
      readonly exact: boolean;
    }
  | {
      readonly ok: false;
      readonly reason: 'uncoverable';
      readonly uncovered: readonly {
        readonly shift: string;
        readonly position: string;
        readonly qualification: string;
      }[];
    };

interface Slot {
  shift: number;
  position: string;
  qualification: string;
  cands: { w: number; overtime: number; change: number }[];
  prev: string | undefined;
}

export function planShifts(problem: ShiftProblem, opts: ShiftPlanOptions = {}): ShiftPlanResult {
  const unit = problem.unitS ?? 1;
  const minRest = problem.minRest ?? 39_600 / unit;
  const staff = problem.staff;
  const shifts = problem.shifts;
  const shiftIdx = new Map(shifts.map((s, i) => [s.id, i] as const));
  for (const s of shifts) {
    if (!(s.end > s.start))
      throw new AetherError({
        code: 'planning.shift-invalid',
        message: `shift ${s.id} needs start < end`,
        hint: 'Give shifts as [start, end).',
        path: `shifts.${s.id}`,
      });
  }
  const absent = new Set<string>();
  for (const a of opts.absences ?? []) {
    if (!staff.some((w) => w.id === a.worker))
      throw new AetherError({
        code: 'planning.worker-unknown',
        message: `unknown worker ${a.worker}`,
        hint: 'Use an id from staff.',
        path: 'absences',
      });
    for (const s of a.shifts ?? shifts.map((x) => x.id)) absent.add(`${a.worker}@${s}`);
  }
  const prev = new Map((opts.previous ?? []).map((a) => [`${a.shift}/${a.position}`, a.worker] as const));
  const hours = (s: ShiftSlot): number => ((s.end - s.start) * unit) / 3600;

  const slots: Slot[] = [];
  const uncovered: { shift: string; position: string; qualification: string }[] = [];
  shifts.forEach((s, si) => {
    for (const p of s.positions) {
      const before = prev.get(`${s.id}/${p.id}`);
      const cands = staff
        .map((w, wi) => ({ w, wi }))
        .filter(
          ({ w }) =>
            w.qualifications.includes(p.qualification) &&
            !absent.has(`${w.id}@${s.id}`) &&
            (w.available === undefined || w.available.includes(s.id) || w.regularShifts.includes(s.id)),
        )
        .map(({ w, wi }) => ({
          w: wi,
          overtime: w.regularShifts.includes(s.id) ? 0 : hours(s),
          change: before === w.id ? 0 : 1,
        }))
        .sort((a, b) => a.overtime - b.overtime || a.change - b.change || a.w - b.w);
      if (cands.length === 0) uncovered.push({ shift: s.id, position: p.id, qualification: p.qualification });
      slots.push({ shift: si, position: p.id, qualification: p.qualification, cands, prev: before });
    }
  });
  if (uncovered.length > 0) return { ok: false, reason: 'uncoverable', uncovered };

  // Most constrained first: fewest candidates, then fewest overtime-free candidates.
  slots.sort(
    (a, b) =>
      a.cands.length - b.cands.length ||
      a.cands.filter((c) => c.overtime === 0).length - b.cands.filter((c) => c.overtime === 0).length,
  );
  const conflict = (a: ShiftSlot, b: ShiftSlot): boolean =>
    a.start < b.end + minRest && b.start < a.end + minRest;
  const clash: boolean[][] = shifts.map((a, i) => shifts.map((b, j) => i !== j && conflict(a, b)));
  const worked: number[][] = staff.map(() => []);
  const choice = new Array<number>(slots.length).fill(-1);
  // Lower bound of the remaining cost: each slot's cheapest candidate, ignoring conflicts.
  const COST_OT = 1e6;
  const cost = (c: { overtime: number; change: number }): number => c.overtime * COST_OT + c.change;
  const suffixLb = new Array<number>(slots.length + 1).fill(0);
  for (let i = slots.length - 1; i >= 0; i--)
    suffixLb[i] = suffixLb[i + 1]! + Math.min(...slots[i]!.cands.map(cost));
  let bestCost = Infinity;
  let best: number[] | undefined;
  let nodes = 0;
  const maxNodes = opts.maxNodes ?? 2_000_000;
  let exhausted = true;

  const dfs = (i: number, acc: number): void => {
    if (acc + suffixLb[i]! >= bestCost) return;
    if (i === slots.length) {
      bestCost = acc;
      best = choice.slice();
      return;
    }
    if (++nodes > maxNodes) {
      exhausted = false;
      return;
    }
    const s = slots[i]!;
    for (const c of s.cands) {
      const w = staff[c.w]!;
      const list = worked[c.w]!;
      if (list.includes(s.shift)) continue; // one position per shift
      if (list.some((x) => clash[x]![s.shift])) continue;
      if (w.maxShifts !== undefined && list.length >= w.maxShifts) continue;
      list.push(s.shift);
      choice[i] = c.w;
      dfs(i + 1, acc + cost(c));
      list.pop();
      if (!exhausted && best !== undefined) return;
    }
  };
  dfs(0, 0);
  if (best === undefined) {
    // Qualified people exist for each position but not all at once (rest times, one job at a time).
    return {
      ok: false,
      reason: 'uncoverable',
      uncovered: slots.map((s) => ({
        shift: shifts[s.shift]!.id,
        position: s.position,
        qualification: s.qualification,
      })),
    };
  }
  const chosen = best;
  const assignments: ShiftAssignment[] = slots.map((s, i) => ({
    shift: shifts[s.shift]!.id,
    position: s.position,
    worker: staff[chosen[i]!]!.id,
  }));
  assignments.sort(
    (a, b) => shiftIdx.get(a.shift)! - shiftIdx.get(b.shift)! || a.position.localeCompare(b.position),
  );
  let overtimeHours = 0;
  let changes = 0;
  for (const a of assignments) {
    const w = staff.find((x) => x.id === a.worker)!;
    if (!w.regularShifts.includes(a.shift)) overtimeHours += hours(shifts[shiftIdx.get(a.shift)!]!);
    if (prev.get(`${a.shift}/${a.position}`) !== a.worker) changes++;
  }
  if (overtimeHours === 0) return { ok: true, assignments, overtimeHours: 0, changes, exact: exhausted };
  return { ok: false, reason: 'overtime-needed', assignments, overtimeHours, changes, exact: exhausted };
}
