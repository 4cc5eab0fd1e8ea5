/**
 * Resource timelines for constructive scheduling and repair: the busy intervals of one machine
 * or worker, with availability windows, downtimes and sequence-dependent setups, answering
 * "earliest start ≥ t for an operation of length d" with insertion into idle gaps.
 * (Solver-side code: the independent validator re-checks everything these produce.)
 */
import type { Downtime, TimeWindow } from '../model/problem.ts';

/**
 * A machine's or worker's calendar: availability windows (absent = always) and downtimes,
 * pre-sorted so that "earliest s ≥ t with [s, s+d) inside one window and clear of downtimes"
 * costs a binary search plus a short scan.
 */
export class Calendar {
  readonly #ws: Int32Array | Float64Array;
  readonly #we: Float64Array;
  /** Prefix maximum of window ends: the first index whose prefix max exceeds t starts the scan. */
  readonly #maxEnd: Float64Array;
  readonly #ds: Float64Array;
  readonly #de: Float64Array;
  readonly #hasWindows: boolean;

  constructor(windows: readonly TimeWindow[] | undefined, downtimes: readonly Downtime[] | undefined) {
    const w = [...(windows ?? [])].sort((a, b) => a.start - b.start);
    this.#hasWindows = windows !== undefined;
    this.#ws = Float64Array.from(w.map((x) => x.start));
    this.#we = Float64Array.from(w.map((x) => x.end));
    this.#maxEnd = new Float64Array(w.length);
    let m = -Infinity;
    w.forEach((x, i) => {
      m = Math.max(m, x.end);
      this.#maxEnd[i] = m;
    });
    const d = [...(downtimes ?? [])].sort((a, b) => a.start - b.start);
    this.#ds = Float64Array.from(d.map((x) => x.start));
    this.#de = Float64Array.from(d.map((x) => x.end));
  }

  get trivial(): boolean {
    return !this.#hasWindows && this.#ds.length === 0;
  }

  /** Earliest s ≥ t such that [s, s+d) lies in one window and overlaps no downtime; Infinity if none. */
  fit(t: number, d: number): number {
    if (d <= 0) return t;
    let s = t;
    for (let guard = 0; guard < 100_000; guard++) {
      if (this.#hasWindows) {
        const ws = this.#ws;
        const we = this.#we;
        const me = this.#maxEnd;
        let lo = 0;
        let hi = me.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (me[mid]! < s + d) lo = mid + 1;
          else hi = mid;
        }
        let found = Infinity;
        for (let i = lo; i < ws.length && ws[i]! < found; i++) {
          const b = Math.max(s, ws[i]!);
          if (b + d <= we[i]! && b < found) found = b;
        }
        if (found === Infinity) return Infinity;
        s = found;
      }
      let moved = false;
      const ds = this.#ds;
      const de = this.#de;
      for (let i = 0; i < ds.length && ds[i]! < s + d; i++) {
        if (s < de[i]!) {
          s = de[i]!;
          moved = true;
        }
      }
      if (!moved) return s;
    }
    return Infinity;
  }
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
    readonly calendar: Calendar,
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
      s = this.calendar.fit(s, d);
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
