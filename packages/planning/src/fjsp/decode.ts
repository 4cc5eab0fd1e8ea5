/**
 * The semi-active decoder of a flexible job-shop solution (a machine per operation plus a
 * sequence per machine): heads by a topological pass over the disjunctive graph (Roy & Sussmann
 * 1964), honouring releases, setups, calendars and fixed operations, and the critical path by
 * following the arcs that are tight.
 */
import { Timeline } from '../dispatch/timeline.ts';
import type { CompiledProblem } from './compiled-problem.ts';

export interface Solution {
  /** Chosen alternative per operation. */
  readonly alt: Int32Array;
  /** Operation indices per machine, in processing order. */
  readonly seq: number[][];
}

export function cloneSolution(s: Solution): Solution {
  return { alt: s.alt.slice(), seq: s.seq.map((q) => q.slice()) };
}

export class Decoder {
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** The predecessor whose arc is tight (job or machine), −1 when the start is set by release/calendar/fixing. */
  readonly tight: Int32Array;
  readonly mprev: Int32Array;
  readonly mnext: Int32Array;
  readonly order: Int32Array;
  readonly #indeg: Int32Array;
  readonly #queue: Int32Array;
  /** Fixed start per operation (−1: free). */
  readonly fixedStart: Int32Array;
  /** Worker index per operation (−1: none), chosen greedily while decoding. */
  readonly worker: Int32Array;
  readonly #workers: Timeline[];

  constructor(readonly c: CompiledProblem) {
    const n = c.n;
    this.start = new Int32Array(n);
    this.end = new Int32Array(n);
    this.tight = new Int32Array(n);
    this.mprev = new Int32Array(n);
    this.mnext = new Int32Array(n);
    this.order = new Int32Array(n);
    this.#indeg = new Int32Array(n);
    this.#queue = new Int32Array(n);
    this.fixedStart = new Int32Array(n).fill(-1);
    this.worker = new Int32Array(n).fill(-1);
    this.#workers = c.workerCalendars.map((cal) => new Timeline(cal));
  }

  /**
   * Earliest start ≥ t on machine m's calendar when some qualified worker is free too; the
   * worker with the earliest such start is taken (greedy, in decoding order).
   */
  #staff(v: number, m: number, t: number, d: number): number {
    const c = this.c;
    let bestS = Infinity;
    let bestW = -1;
    const cands = c.staff[v]!;
    for (let k = 0; k < cands.length; k++) {
      const w = cands[k]!;
      const tl = this.#workers[w]!;
      let s = t;
      for (let guard = 0; guard < 1000; guard++) {
        const a = c.calendars ? c.calendar[m]!.fit(s, d) : s;
        if (a === Infinity) {
          s = Infinity;
          break;
        }
        const b = tl.earliest(a, d);
        if (b === a || b === Infinity) {
          s = b;
          break;
        }
        s = b;
      }
      if (s < bestS) {
        bestS = s;
        bestW = w;
      }
    }
    if (bestW >= 0) {
      this.worker[v] = bestW;
      this.#workers[bestW]!.insert(bestS, bestS + d, '');
    }
    return bestS;
  }

  /** Decode; returns the makespan, or Infinity when the sequences create a cycle or do not fit calendars. */
  run(s: Solution): number {
    const c = this.c;
    const n = c.n;
    const { start, end, tight, mprev, mnext } = this;
    const indeg = this.#indeg;
    for (let i = 0; i < n; i++) {
      indeg[i] = c.preds[i]!.length;
      mprev[i] = -1;
      mnext[i] = -1;
    }
    for (const q of s.seq) {
      for (let k = 1; k < q.length; k++) {
        const a = q[k - 1]!;
        const b = q[k]!;
        mprev[b] = a;
        mnext[a] = b;
        indeg[b]!++;
      }
    }
    if (c.staffed) {
      for (const tl of this.#workers) tl.busy.length = 0;
      this.worker.fill(-1);
    }
    const queue = this.#queue;
    let head = 0;
    let tail = 0;
    for (let i = 0; i < n; i++) if (indeg[i] === 0) queue[tail++] = i;
    let makespan = 0;
    while (head < tail) {
      const v = queue[head++]!;
      this.order[head - 1] = v;
      const ai = s.alt[v]!;
      const m = c.altMachine[v]![ai]!;
      const d = c.altDuration[v]![ai]!;
      let est = c.release[v]!;
      let t = -1;
      const pv = c.preds[v]!;
      for (let k = 0; k < pv.length; k++) {
        const p = pv[k]!;
        if (end[p]! > est || (end[p] === est && t < 0)) {
          est = end[p]!;
          t = p;
        }
      }
      const mp = mprev[v]!;
      if (mp >= 0) {
        let e = end[mp]!;
        const mat = c.setup[m];
        if (mat !== undefined) {
          const fa = c.family[mp]!;
          const fb = c.family[v]!;
          if (fa >= 0 && fb >= 0) e += mat[fa * c.families + fb]!;
        }
        if (e > est || (e === est && t < 0)) {
          est = e;
          t = mp;
        }
      }
      let st = est;
      const fixed = this.fixedStart[v]!;
      if (fixed >= 0) {
        // A fixed operation cannot wait: anything forcing it later makes the sequence infeasible.
        if (fixed < est) return Infinity;
        st = fixed;
        if (st !== est) t = -1;
      } else if (c.staffed && c.staff[v]!.length > 0) {
        st = this.#staff(v, m, est, d);
        if (st === Infinity) return Infinity;
        if (st !== est) t = -1;
      } else if (c.calendars) {
        st = c.calendar[m]!.fit(est, d);
        if (st === Infinity) return Infinity;
        if (st !== est) t = -1;
      }
      start[v] = st;
      end[v] = st + d;
      tight[v] = t;
      if (st + d > makespan) makespan = st + d;
      const sv = c.succs[v]!;
      for (let k = 0; k < sv.length; k++) {
        const x = sv[k]!;
        if (--indeg[x]! === 0) queue[tail++] = x;
      }
      const mn = mnext[v]!;
      if (mn >= 0 && --indeg[mn]! === 0) queue[tail++] = mn;
    }
    return tail === n ? makespan : Infinity;
  }

  /** The critical path ending at the operation with the largest completion time, first to last. */
  criticalPath(): number[] {
    const n = this.c.n;
    let last = -1;
    let best = -1;
    for (let i = 0; i < n; i++)
      if (this.end[i]! > best) {
        best = this.end[i]!;
        last = i;
      }
    const path: number[] = [];
    for (let v = last; v >= 0; v = this.tight[v]!) {
      path.push(v);
      if (path.length > n) break;
    }
    return path.reverse();
  }
}
