/**
 * Disruption events that trigger re-planning (past tense: things that happened), and how each
 * one changes the scheduling problem. Operations already running when the event arrives are
 * history and are never moved; the event changes only what has not started yet, except where
 * physics forces it (a running operation on a machine that goes down is interrupted and
 * resumed after the repair, so its processing time grows by the lost time).
 */
import { AetherError } from '@aethercore/core';
import type { Alternative, Operation, SchedulingProblem, TimeWindow } from '../model/problem.ts';
import type { Schedule } from '../model/schedule.ts';

export type ReplanEvent =
  | { readonly kind: 'machine-down'; readonly machine: number; readonly start: number; readonly end: number }
  | { readonly kind: 'material-late'; readonly job: number; readonly release: number }
  | { readonly kind: 'order-cancelled'; readonly job: number }
  | { readonly kind: 'rush-order'; readonly order: RushOrder }
  | {
      readonly kind: 'processing-time-changed';
      readonly op: string;
      readonly duration: number;
      readonly machine?: number;
    }
  | { readonly kind: 'worker-absent'; readonly worker: string; readonly start: number; readonly end: number };

export type ReplanEventKind = ReplanEvent['kind'];

/** A new order to insert; operation predecessors are indices within the order (default: a chain). */
export interface RushOrder {
  readonly name?: string;
  readonly weight: number;
  readonly release?: number;
  readonly due?: number;
  readonly operations: readonly {
    readonly alternatives: readonly Alternative[];
    readonly predecessors?: readonly number[];
    readonly qualification?: string;
    readonly setupFamily?: string;
  }[];
}

const FOREVER = 2 ** 31 - 1;

/** Remove [start, end) from a list of windows (absent list = always available). */
export function subtractWindow(
  windows: readonly TimeWindow[] | undefined,
  start: number,
  end: number,
): TimeWindow[] {
  const base = windows ?? [{ start: 0, end: FOREVER }];
  const out: TimeWindow[] = [];
  for (const w of base) {
    if (w.end <= start || w.start >= end) {
      out.push(w);
      continue;
    }
    if (w.start < start) out.push({ ...w, end: start });
    if (w.end > end) out.push({ ...w, start: end });
  }
  return out;
}

function bad(message: string, path: string): AetherError {
  return new AetherError({
    code: 'planning.event-invalid',
    message,
    hint: 'Check the event against the current problem.',
    path,
    kind: 'invalid',
  });
}

/**
 * The problem after the event. `now` separates history (started operations) from the future;
 * `current` tells which operations have started.
 */
export function applyEvent(
  problem: SchedulingProblem,
  current: Schedule,
  now: number,
  e: ReplanEvent,
): SchedulingProblem {
  const started = new Map(current.assignments.filter((a) => a.start < now).map((a) => [a.op, a] as const));
  const setOp = (id: string, f: (o: Operation) => Operation): SchedulingProblem => ({
    ...problem,
    operations: problem.operations.map((o) => (o.id === id ? f(o) : o)),
  });
  switch (e.kind) {
    case 'machine-down': {
      if (problem.machines[e.machine] === undefined)
        throw bad(`unknown machine ${e.machine}`, 'event.machine');
      if (!(e.end > e.start)) throw bad('downtime needs start < end', 'event.end');
      let p: SchedulingProblem = {
        ...problem,
        machines: problem.machines.map((m) =>
          m.id === e.machine
            ? {
                ...m,
                downtimes: [...(m.downtimes ?? []), { start: e.start, end: e.end, reason: 'breakdown' }],
              }
            : m,
        ),
      };
      // A running operation on the machine is interrupted and resumed: it takes longer by the overlap.
      for (const a of started.values()) {
        if (a.machine !== e.machine || a.end <= e.start || a.start >= e.end) continue;
        // The work left at the interruption resumes when the repair ends.
        const end = e.end + (a.end - Math.max(a.start, e.start));
        p = {
          ...p,
          operations: p.operations.map((o) =>
            o.id === a.op ? withDuration(o, a.machine, end - a.start) : o,
          ),
        };
      }
      return p;
    }
    case 'material-late': {
      if (problem.jobs[e.job] === undefined) throw bad(`unknown order ${e.job}`, 'event.job');
      return {
        ...problem,
        jobs: problem.jobs.map((j) =>
          j.id === e.job ? { ...j, release: Math.max(j.release, e.release) } : j,
        ),
      };
    }
    case 'order-cancelled': {
      if (problem.jobs[e.job] === undefined) throw bad(`unknown order ${e.job}`, 'event.job');
      // What has started finishes (history); everything else of the order is dropped.
      return {
        ...problem,
        operations: problem.operations.filter((o) => o.job !== e.job || started.has(o.id)),
      };
    }
    case 'rush-order': {
      const job = problem.jobs.length;
      const ops: Operation[] = e.order.operations.map((o, index) => ({
        id: `${job}.${index}`,
        job,
        index,
        alternatives: o.alternatives,
        predecessors: (o.predecessors ?? (index === 0 ? [] : [index - 1])).map((k) => `${job}.${k}`),
        ...(o.qualification === undefined ? {} : { qualification: o.qualification }),
        ...(o.setupFamily === undefined ? {} : { setupFamily: o.setupFamily }),
      }));
      if (ops.length === 0) throw bad('a rush order needs at least one operation', 'event.order.operations');
      return {
        ...problem,
        jobs: [
          ...problem.jobs,
          {
            id: job,
            weight: e.order.weight,
            release: Math.max(now, e.order.release ?? now),
            ...(e.order.name === undefined ? {} : { name: e.order.name }),
            ...(e.order.due === undefined ? {} : { due: e.order.due }),
          },
        ],
        operations: [...problem.operations, ...ops],
      };
    }
    case 'processing-time-changed': {
      const o = problem.operations.find((x) => x.id === e.op);
      if (o === undefined) throw bad(`unknown operation ${e.op}`, 'event.op');
      if (!Number.isInteger(e.duration) || e.duration < 0)
        throw bad('duration must be a non-negative integer', 'event.duration');
      const machine =
        e.machine ?? started.get(e.op)?.machine ?? current.assignments.find((a) => a.op === e.op)?.machine;
      return setOp(e.op, (x) => withDuration(x, machine, e.duration));
    }
    case 'worker-absent': {
      const w = (problem.workers ?? []).find((x) => x.id === e.worker);
      if (w === undefined) throw bad(`unknown worker ${e.worker}`, 'event.worker');
      return {
        ...problem,
        workers: (problem.workers ?? []).map((x) =>
          x.id === e.worker ? { ...x, shifts: subtractWindow(x.shifts, e.start, e.end) } : x,
        ),
      };
    }
  }
}

/** The operation with a new duration on one machine (all machines when `machine` is undefined). */
function withDuration(o: Operation, machine: number | undefined, duration: number): Operation {
  return {
    ...o,
    alternatives: o.alternatives.map((a) =>
      machine === undefined || a.machine === machine ? { ...a, duration } : a,
    ),
  };
}
