/**
 * Schedule KPIs, computed independently of any solver: makespan C_max, total weighted
 * tardiness Σ w_j·max(0, C_j − d_j) (Pinedo 2016, §2.3), tardy orders, overtime (processing
 * inside windows or shifts marked `overtime`) and energy (processing time × machine power).
 */
import type { Interval, SchedulingProblem, TimeWindow } from '../model/problem.ts';
import type { Schedule } from '../model/schedule.ts';

export interface ScheduleKpis {
  readonly makespan: number;
  readonly totalWeightedTardiness: number;
  readonly tardyJobs: number;
  /** Completion time C_j per job (jobs without operations: undefined). */
  readonly completion: readonly (number | undefined)[];
  /** Processing time inside overtime windows (machine) or overtime shifts (worker), in time units. */
  readonly overtime: number;
  readonly overtimeHours: number;
  /** Present when at least one machine declares `powerKW`. */
  readonly energyKWh?: number;
}

/** Time of `a` that falls inside windows marked overtime. */
function overtimeOverlap(a: Interval, windows: readonly TimeWindow[] | undefined): Interval[] {
  const out: Interval[] = [];
  for (const w of windows ?? []) {
    if (w.overtime !== true) continue;
    const s = Math.max(a.start, w.start);
    const e = Math.min(a.end, w.end);
    if (e > s) out.push({ start: s, end: e });
  }
  return out;
}

/** Length of a union of intervals. */
function unionLength(list: Interval[]): number {
  list.sort((x, y) => x.start - y.start);
  let total = 0;
  let curS = -Infinity;
  let curE = -Infinity;
  for (const i of list) {
    if (i.start > curE) {
      if (curE > curS) total += curE - curS;
      curS = i.start;
      curE = i.end;
    } else if (i.end > curE) curE = i.end;
  }
  if (curE > curS) total += curE - curS;
  return total;
}

export function evaluate(problem: SchedulingProblem, schedule: Schedule): ScheduleKpis {
  const unit = problem.timeUnitS ?? 1;
  const completion: (number | undefined)[] = problem.jobs.map(() => undefined);
  const workers = new Map((problem.workers ?? []).map((w) => [w.id, w] as const));
  let makespan = 0;
  let overtime = 0;
  let energy = 0;
  const hasPower = problem.machines.some((m) => m.powerKW !== undefined);
  for (const a of schedule.assignments) {
    makespan = Math.max(makespan, a.end);
    const c = completion[a.job];
    if (a.job >= 0 && a.job < completion.length)
      completion[a.job] = c === undefined ? a.end : Math.max(c, a.end);
    const m = problem.machines[a.machine];
    const parts = overtimeOverlap(a, m?.windows);
    if (a.worker !== undefined) parts.push(...overtimeOverlap(a, workers.get(a.worker)?.shifts));
    overtime += unionLength(parts);
    if (m?.powerKW !== undefined) energy += ((a.end - a.start) * unit * m.powerKW) / 3600;
  }
  let twt = 0;
  let tardy = 0;
  problem.jobs.forEach((j, k) => {
    const c = completion[k];
    if (c === undefined || j.due === undefined) return;
    const t = Math.max(0, c - j.due);
    if (t > 0) tardy++;
    twt += j.weight * t;
  });
  return {
    makespan,
    totalWeightedTardiness: twt,
    tardyJobs: tardy,
    completion,
    overtime,
    overtimeHours: (overtime * unit) / 3600,
    ...(hasPower ? { energyKWh: energy } : {}),
  };
}
