/**
 * Event-driven re-planning by repair, not re-solving: history and the frozen horizon stay, the
 * rest is repaired by right shift first (most stable), then a bounded improvement tries
 * insertion-based and randomised repairs and ATC dispatching within the `Deadline`, keeping the
 * best plan by (weighted tardiness, overtime, makespan, total shift). Every returned plan has
 * passed the independent validator.
 */
import { createRandom, neverExpires, type Deadline } from '@aethercore/core';
import { dispatchChecked } from '../dispatch/dispatch.ts';
import { assertValidProblem } from '../model/check-problem.ts';
import type { Operation, SchedulingProblem } from '../model/problem.ts';
import type { Assignment, Schedule } from '../model/schedule.ts';
import { evaluate, type ScheduleKpis } from '../validate/evaluate.ts';
import { validateSchedule } from '../validate/validate-schedule.ts';
import type { Violation } from '../validate/violation.ts';
import { applyEvent, type ReplanEvent } from './events.ts';
import { repair, type RepairInput } from './repair.ts';
import { stability, type Stability } from './stability.ts';

export interface PlantState {
  /** The problem the current schedule was made for. */
  readonly problem: SchedulingProblem;
  /** The re-planning instant: operations started before it are history. */
  readonly now: number;
  /** Operations planned to start in [now, now + frozenHorizon) keep their slot when feasible. */
  readonly frozenHorizon?: number;
}

export interface ReplanOptions {
  readonly deadline?: Deadline;
  readonly seed?: number;
  /** Upper bound on candidate plans, the right-shift repair included (default 24). */
  readonly maxCandidates?: number;
  /** 'right-shift' only, or 'improve' (default): right shift, then bounded improvement. */
  readonly strategy?: 'right-shift' | 'improve';
}

export interface KpiDelta {
  readonly makespan: number;
  readonly totalWeightedTardiness: number;
  readonly tardyJobs: number;
  readonly overtimeHours: number;
  readonly energyKWh?: number;
}

export type ReplanResult =
  | {
      readonly ok: true;
      readonly problem: SchedulingProblem;
      readonly schedule: Schedule;
      readonly before: ScheduleKpis;
      readonly after: ScheduleKpis;
      readonly delta: KpiDelta;
      readonly stability: Stability;
      /** Frozen-horizon operations the event forced to move. */
      readonly unfrozen: readonly string[];
      /** Which repair won: 'right-shift', 'insertion', 'atc' or 'randomised'. */
      readonly method: string;
      readonly candidates: number;
    }
  | {
      readonly ok: false;
      readonly reason: 'infeasible';
      readonly problem: SchedulingProblem;
      readonly unplaced: readonly string[];
      readonly violations: readonly Violation[];
    };

type Cost = readonly [number, number, number, number];
const better = (a: Cost, b: Cost): boolean => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
};

export function replan(
  current: Schedule,
  state: PlantState,
  event: ReplanEvent,
  opts: ReplanOptions = {},
): ReplanResult {
  const deadline = opts.deadline ?? neverExpires;
  const random = createRandom(opts.seed ?? 1);
  const now = state.now;
  const problem = applyEvent(state.problem, current, now, event);
  assertValidProblem(problem);
  const previous = new Map<string, Assignment>(current.assignments.map((a) => [a.op, a] as const));
  const input: RepairInput = { problem, previous, now, frozenUntil: now + (state.frozenHorizon ?? 0) };
  const before = evaluate(state.problem, current);
  const due = (o: Operation): number => problem.jobs[o.job]?.due ?? Number.MAX_SAFE_INTEGER;
  // New operations (rush order) are keyed by their order's due date; planned ones by their old start.
  const byOldStart = (o: Operation): number =>
    previous.get(o.id)?.start ?? Math.max(now, problem.jobs[o.job]?.release ?? 0);

  let best: { schedule: Schedule; cost: Cost; method: string; unfrozen: readonly string[] } | undefined;
  let lastUnplaced: readonly string[] = [];
  let lastViolations: readonly Violation[] = [];
  let candidates = 0;
  const consider = (schedule: Schedule, method: string, unfrozen: readonly string[]): void => {
    candidates++;
    const v = validateSchedule(problem, schedule, { frozenBefore: now, previous: current });
    if (!v.ok) {
      lastViolations = v.violations;
      return;
    }
    const k = evaluate(problem, schedule);
    const cost: Cost = [
      k.totalWeightedTardiness,
      k.overtime,
      k.makespan,
      stability(current, schedule).totalShift,
    ];
    if (best === undefined || better(cost, best.cost)) best = { schedule, cost, method, unfrozen };
  };
  const tryRepair = (method: string, plan: Parameters<typeof repair>[1]): void => {
    const r = repair(input, plan);
    if (r.unplaced.length > 0) {
      lastUnplaced = r.unplaced;
      candidates++;
      return;
    }
    consider(r.schedule, method, r.unfrozen);
  };

  tryRepair('right-shift', { key: byOldStart, insertion: 0 });
  const maxCandidates = opts.strategy === 'right-shift' ? 1 : (opts.maxCandidates ?? 24);
  const more = (): boolean => candidates < maxCandidates && !deadline.expired();
  if (more()) tryRepair('insertion', { key: byOldStart, insertion: 1 });
  if (more())
    tryRepair('edd-insertion', {
      key: (o) => (previous.has(o.id) ? byOldStart(o) : due(o) - 1e9),
      insertion: 1,
    });
  if (more()) {
    // ATC dispatching of everything not yet fixed, as a re-solve candidate.
    const r0 = repair(input, { key: byOldStart, insertion: 0 });
    const keep = new Set(r0.unfrozen);
    const fixed = r0.schedule.assignments.filter(
      (a) =>
        a.start < input.frozenUntil &&
        previous.get(a.op)?.start === a.start &&
        !keep.has(a.op) &&
        (a.start < now || previous.has(a.op)),
    );
    const d = dispatchChecked(problem, { rule: 'ATC', fixed, notBefore: now });
    candidates++;
    if (d.ok) consider(d.schedule, 'atc', r0.unfrozen);
  }
  const scale = Math.max(
    1,
    ...problem.operations.map((o) => Math.min(...o.alternatives.map((a) => a.duration))),
  );
  while (more()) {
    const noise = scale * (0.5 + 2 * random.next());
    const jitter = new Map<string, number>();
    const ins = random.next() * 0.6;
    tryRepair('randomised', {
      key: (o) => {
        let j = jitter.get(o.id);
        if (j === undefined) {
          j = byOldStart(o) + noise * random.next() - (previous.has(o.id) ? 0 : scale);
          jitter.set(o.id, j);
        }
        return j;
      },
      insertion: ins,
      random,
    });
  }
  if (best === undefined) {
    return { ok: false, reason: 'infeasible', problem, unplaced: lastUnplaced, violations: lastViolations };
  }
  const b: { schedule: Schedule; method: string; unfrozen: readonly string[] } = best;
  const after = evaluate(problem, b.schedule);
  return {
    ok: true,
    problem,
    schedule: b.schedule,
    before,
    after,
    delta: {
      makespan: after.makespan - before.makespan,
      totalWeightedTardiness: after.totalWeightedTardiness - before.totalWeightedTardiness,
      tardyJobs: after.tardyJobs - before.tardyJobs,
      overtimeHours: after.overtimeHours - before.overtimeHours,
      ...(after.energyKWh !== undefined && before.energyKWh !== undefined
        ? { energyKWh: after.energyKWh - before.energyKWh }
        : {}),
    },
    stability: stability(current, b.schedule),
    unfrozen: b.unfrozen,
    method: b.method,
    candidates,
  };
}
