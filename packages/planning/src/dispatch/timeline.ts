/**
 * Resource timelines for constructive scheduling and repair: the busy intervals of one machine
 * or worker, with availability windows, downtimes and sequence-dependent setups, answering
 * "earliest start ≥ t for an operation of length d" with insertion into idle gaps.
 * (Solver-side code: the independent validator re-checks everything these produce.)
 */
import type { Downtime, TimeWindow } from '../model/problem.ts';

/** Earliest s ≥ t such that [s, s+d) lies in one window and overlaps no downtime; Infinity if none. */
export function fitCalendar(t: number, d: number, windows: readonly TimeWindow[] | undefined, downtimes: readonly Downtime[] | undefined): number {
  let s = t;
  for (let guard = 0; guard < 10_000; guard++) {
    if (windows !== undefined && d > 0) {
      let found = Infinity;
      for (const w of windows) {
        const b = Math.max(s, w.start);
        if (b + d <= w.end && b < found) found = b;
      }
      if (found === Infinity) return Infinity;
      s = found;
    }
    let moved = false;
    if (downtimes !== undefined && d > 0) {
      for (const x of downtimes) {
        if (s < x.end && x.start < s + d) {
          s = x.end;
          moved = true;
        }
      }
    }
    if (!moved) return s;
  }
  return Infinity;
}

export type SetupFn = (from: string | undefined, to: string | undefined) => number;

const noSetup: SetupFn = () => 0;

interface Busy {
  start: number;
  end: number;
  family: string | undefined;
  op: string;
}

export class Timeline {
  readonly busy: Busy[] = [];
  constructor(
    readonly windows: readonly TimeWindow[] | undefined,
    readonly downtimes: readonly Downtime[] | undefined,
    readonly setup: SetupFn = noSetup,
  ) {}

  /** Earliest start ≥ t for an operation of length d and setup family `family`, filling gaps. */
  earliest(t: number, d: number, family?: string): number {
    const b = this.busy;
    // Intervals ending at or before t only matter as the predecessor of the first gap (its setup).
    let lo = 0;
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b[mid]!.end <= t) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i <= b.length; i++) {
      const prev = i > 0 ? b[i - 1] : undefined;
      const next = b[i];
      let s = Math.max(t, prev === undefined ? t : prev.end + this.setup(prev.family, family));
      s = fitCalendar(s, d, this.windows, this.downtimes);
      if (s === Infinity) return Infinity;
      if (next === undefined) return s;
      // Zero-length operations sit anywhere that is not strictly inside a busy interval.
      const limit = next.start - this.setup(family, next.family);
      if (s + d <= limit && (d > 0 || s <= next.start)) return s;
    }
    return Infinity;
  }

  insert(start: number, end: number, op: string, family?: string): void {
    const b = this.busy;
    let i = b.length;
    while (i > 0 && (b[i - 1]!.start > start || (b[i - 1]!.start === start && b[i - 1]!.end > end))) i--;
    b.splice(i, 0, { start, end, family, op });
  }
}
