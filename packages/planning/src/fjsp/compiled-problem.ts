/**
 * A scheduling problem compiled into flat arrays for the solvers' inner loops: operations are
 * indices 0..n−1, alternatives per operation, precedence lists, setup matrices per machine.
 */
import { Calendar } from '../dispatch/timeline.ts';
import type { SchedulingProblem } from '../model/problem.ts';

export interface CompiledProblem {
  readonly problem: SchedulingProblem;
  readonly n: number;
  readonly machines: number;
  readonly ids: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  readonly preds: readonly Int32Array[];
  readonly succs: readonly Int32Array[];
  readonly altMachine: readonly Int32Array[];
  readonly altDuration: readonly Int32Array[];
  readonly release: Int32Array;
  /** Setup family index per operation, −1 for none. */
  readonly family: Int32Array;
  readonly families: number;
  /** Per machine: a families×families matrix of setup times, or undefined when none. */
  readonly setup: readonly (Int32Array | undefined)[];
  /** Per machine: availability windows and downtimes. */
  readonly calendar: readonly Calendar[];
  /** True when any machine has windows or downtimes (the decoder must consult calendars). */
  readonly calendars: boolean;
  /** Per operation: indices of workers qualified for it (empty: no worker needed). */
  readonly staff: readonly Int32Array[];
  readonly workerIds: readonly string[];
  readonly workerCalendars: readonly Calendar[];
  /** True when some operation needs a qualified worker. */
  readonly staffed: boolean;
}

export function compile(problem: SchedulingProblem): CompiledProblem {
  const ops = problem.operations;
  const n = ops.length;
  const indexOf = new Map<string, number>();
  ops.forEach((o, i) => indexOf.set(o.id, i));
  const famIndex = new Map<string, number>();
  for (const o of ops)
    if (o.setupFamily !== undefined && !famIndex.has(o.setupFamily))
      famIndex.set(o.setupFamily, famIndex.size);
  const F = famIndex.size;
  const workers = problem.workers ?? [];
  const succLists: number[][] = ops.map(() => []);
  const preds = ops.map((o, i) => {
    const p = Int32Array.from(o.predecessors.map((q) => indexOf.get(q) ?? -1).filter((x) => x >= 0));
    for (const q of p) succLists[q]!.push(i);
    return p;
  });
  const setup = problem.machines.map((m) => {
    if (m.setupTimes === undefined || F === 0) return undefined;
    const mat = new Int32Array(F * F);
    for (const [from, row] of Object.entries(m.setupTimes)) {
      const f = famIndex.get(from);
      if (f === undefined) continue;
      for (const [to, v] of Object.entries(row)) {
        const t = famIndex.get(to);
        if (t !== undefined) mat[f * F + t] = v;
      }
    }
    return mat;
  });
  return {
    problem,
    n,
    machines: problem.machines.length,
    ids: ops.map((o) => o.id),
    indexOf,
    preds,
    succs: succLists.map((s) => Int32Array.from(s)),
    altMachine: ops.map((o) => Int32Array.from(o.alternatives.map((a) => a.machine))),
    altDuration: ops.map((o) => Int32Array.from(o.alternatives.map((a) => a.duration))),
    release: Int32Array.from(ops.map((o) => problem.jobs[o.job]?.release ?? 0)),
    family: Int32Array.from(
      ops.map((o) => (o.setupFamily === undefined ? -1 : (famIndex.get(o.setupFamily) ?? -1))),
    ),
    families: F,
    setup,
    calendar: problem.machines.map((m) => new Calendar(m.windows, m.downtimes)),
    calendars: problem.machines.some((m) => m.windows !== undefined || (m.downtimes?.length ?? 0) > 0),
    staff: ops.map((o) =>
      Int32Array.from(
        workers.flatMap((w, i) =>
          o.qualification !== undefined && w.qualifications.includes(o.qualification) ? [i] : [],
        ),
      ),
    ),
    workerIds: workers.map((w) => w.id),
    workerCalendars: workers.map((w) => new Calendar(w.shifts, undefined)),
    staffed: ops.some((o) => o.qualification !== undefined),
  };
}
