/**
 * Places operations one at a time into machine and worker timelines: the shared step of the
 * serial schedule generation scheme (Kolisch 1996) used by dispatching and by repair.
 */
import type { Downtime, Operation, SchedulingProblem, TimeWindow } from '../model/problem.ts';
import type { Assignment } from '../model/schedule.ts';
import { Calendar, Timeline } from './timeline.ts';

// Problems are immutable values, and re-planning rebuilds timelines for every candidate plan:
// cache each machine's and worker's calendar by the (unchanged) object it came from.
const calendars = new WeakMap<object, Calendar>();
function calendarOf(
  owner: object,
  windows: readonly TimeWindow[] | undefined,
  downtimes: readonly Downtime[] | undefined,
): Calendar {
  let c = calendars.get(owner);
  if (c === undefined) {
    c = new Calendar(windows, downtimes);
    calendars.set(owner, c);
  }
  return c;
}

export interface Placement {
  readonly machine: number;
  readonly duration: number;
  readonly start: number;
  readonly worker?: string;
}

export class Placer {
  readonly machines: Timeline[];
  readonly workers = new Map<string, Timeline>();
  readonly done = new Map<string, Assignment>();
  readonly ops = new Map<string, Operation>();

  constructor(readonly problem: SchedulingProblem) {
    this.machines = problem.machines.map((m) => {
      const table = m.setupTimes;
      return new Timeline(
        calendarOf(m, m.windows, m.downtimes),
        table === undefined
          ? undefined
          : (f, t) => (f === undefined || t === undefined ? 0 : (table[f]?.[t] ?? 0)),
      );
    });
    for (const w of problem.workers ?? [])
      this.workers.set(w.id, new Timeline(calendarOf(w, w.shifts, undefined)));
    for (const o of problem.operations) this.ops.set(o.id, o);
  }

  /** Earliest time the operation may start by precedence and release (Infinity if a predecessor is unplaced). */
  readyTime(o: Operation, notBefore = 0): number {
    let t = Math.max(notBefore, this.problem.jobs[o.job]?.release ?? 0);
    for (const q of o.predecessors) {
      const a = this.done.get(q);
      if (a === undefined) return Infinity;
      if (a.end > t) t = a.end;
    }
    return t;
  }

  /**
   * Best placement at or after `t`: the alternative (and qualified worker) with the earliest
   * completion, ties to the earlier start then the lower machine index. `machines` restricts the choice.
   */
  best(o: Operation, t: number, machines?: readonly number[]): Placement | undefined {
    let best: Placement | undefined;
    let bestEnd = Infinity;
    const staff =
      o.qualification === undefined
        ? [undefined]
        : (this.problem.workers ?? [])
            .filter((w) => w.qualifications.includes(o.qualification!))
            .map((w) => w.id);
    for (const alt of o.alternatives) {
      if (machines !== undefined && !machines.includes(alt.machine)) continue;
      const mt = this.machines[alt.machine];
      if (mt === undefined) continue;
      for (const w of staff) {
        const s = this.jointFit(
          mt,
          w === undefined ? undefined : this.workers.get(w),
          t,
          alt.duration,
          o.setupFamily,
        );
        if (s === Infinity) continue;
        const e = s + alt.duration;
        if (e < bestEnd || (e === bestEnd && best !== undefined && s < best.start)) {
          bestEnd = e;
          best = {
            machine: alt.machine,
            duration: alt.duration,
            start: s,
            ...(w === undefined ? {} : { worker: w }),
          };
        }
      }
    }
    return best;
  }

  /** Earliest common start on a machine and (optionally) a worker: alternate until both agree. */
  jointFit(m: Timeline, w: Timeline | undefined, t: number, d: number, family: string | undefined): number {
    let s = t;
    for (let guard = 0; guard < 1000; guard++) {
      const a = m.earliest(s, d, family);
      if (w === undefined || a === Infinity) return a;
      const b = w.earliest(a, d);
      if (b === a || b === Infinity) return b;
      s = b;
    }
    return Infinity;
  }

  commit(o: Operation, p: Placement): Assignment {
    const a: Assignment = {
      op: o.id,
      job: o.job,
      index: o.index,
      machine: p.machine,
      start: p.start,
      end: p.start + p.duration,
      ...(p.worker === undefined ? {} : { worker: p.worker }),
    };
    this.machines[p.machine]!.insert(a.start, a.end, o.id, o.setupFamily);
    if (p.worker !== undefined) this.workers.get(p.worker)?.insert(a.start, a.end, o.id);
    this.done.set(o.id, a);
    return a;
  }

  /** Pre-place an existing assignment (frozen history) without any check. */
  fix(a: Assignment): void {
    const o = this.ops.get(a.op);
    this.machines[a.machine]?.insert(a.start, a.end, a.op, o?.setupFamily);
    if (a.worker !== undefined) this.workers.get(a.worker)?.insert(a.start, a.end, a.op);
    this.done.set(a.op, a);
  }
}
