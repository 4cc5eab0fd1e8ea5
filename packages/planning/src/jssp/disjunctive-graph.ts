/**
 * The disjunctive graph of a job shop (Roy & Sussmann 1964) with the machine orders fixed: a solution
 * is one permutation of operations per machine. Heads r(i) (earliest start = longest path from the
 * source) and tails q(i) (longest path from the end of i to the sink) are computed in one
 * topological pass each; the makespan is max r(i) + p(i) + q(i).
 *
 * Everything lives in typed arrays so that the tabu search's inner loop allocates nothing.
 */
import type { JobShopInstance } from '../io/instances.ts';

/** Static data of an instance, operations numbered job by job (`op = jobStart[j] + k`). */
export interface JobShopData {
  readonly n: number;
  readonly jobs: number;
  readonly machines: number;
  readonly dur: Int32Array;
  readonly mach: Int32Array;
  readonly job: Int32Array;
  /** Index of the operation within its job. */
  readonly index: Int32Array;
  /** Job predecessor/successor, -1 at the ends. */
  readonly jp: Int32Array;
  readonly js: Int32Array;
  readonly jobStart: Int32Array;
  /** Number of operations per machine and the offset of each machine's slice in a flat sequence array. */
  readonly machCount: Int32Array;
  readonly machStart: Int32Array;
  /** Rank of each operation among the operations of its machine (0 … machCount−1), fixed. */
  readonly machRank: Int32Array;
  readonly maxMachCount: number;
}

export function jobShopData(inst: JobShopInstance): JobShopData {
  let n = 0;
  for (const ops of inst.ops) n += ops.length;
  const dur = new Int32Array(n);
  const mach = new Int32Array(n);
  const job = new Int32Array(n);
  const index = new Int32Array(n);
  const jp = new Int32Array(n).fill(-1);
  const js = new Int32Array(n).fill(-1);
  const jobStart = new Int32Array(inst.jobs + 1);
  const machCount = new Int32Array(inst.machines);
  const machRank = new Int32Array(n);
  let o = 0;
  for (let j = 0; j < inst.jobs; j++) {
    jobStart[j] = o;
    const ops = inst.ops[j] ?? [];
    for (let k = 0; k < ops.length; k++) {
      const op = ops[k];
      if (op === undefined) continue;
      dur[o] = op.duration;
      mach[o] = op.machine;
      job[o] = j;
      index[o] = k;
      if (k > 0) {
        jp[o] = o - 1;
        js[o - 1] = o;
      }
      machRank[o] = machCount[op.machine] ?? 0;
      machCount[op.machine] = (machCount[op.machine] ?? 0) + 1;
      o++;
    }
  }
  jobStart[inst.jobs] = n;
  const machStart = new Int32Array(inst.machines + 1);
  for (let m = 0; m < inst.machines; m++) machStart[m + 1] = (machStart[m] ?? 0) + (machCount[m] ?? 0);
  let maxMachCount = 0;
  for (let m = 0; m < inst.machines; m++) maxMachCount = Math.max(maxMachCount, machCount[m]!);
  return {
    n,
    jobs: inst.jobs,
    machines: inst.machines,
    dur,
    mach,
    job,
    index,
    jp,
    js,
    jobStart,
    machCount,
    machStart,
    machRank,
    maxMachCount,
  };
}

/**
 * A solution: machine sequences plus the derived machine predecessor/successor links, positions,
 * heads, tails and a topological order. `evaluate()` recomputes everything in O(n).
 */
export class Solution {
  readonly d: JobShopData;
  /** Flat machine sequences: machine m owns seq[machStart[m] .. machStart[m+1]). */
  readonly seq: Int32Array;
  /** Position of each operation in `seq` (absolute index). */
  readonly pos: Int32Array;
  readonly mp: Int32Array;
  readonly ms: Int32Array;
  readonly r: Int32Array;
  readonly q: Int32Array;
  readonly topo: Int32Array;
  /** Position of each operation in `topo`. */
  readonly ord: Int32Array;
  makespan = 0;
  readonly #indeg: Int32Array;
  readonly #buf: Int32Array;
  /** Marks for the region pass of `moveAndEvaluate`: mark[i] === epoch means "collected". */
  readonly #mark: Int32Array;
  #epoch = 0;

  constructor(d: JobShopData) {
    this.d = d;
    this.seq = new Int32Array(d.n);
    this.pos = new Int32Array(d.n);
    this.mp = new Int32Array(d.n);
    this.ms = new Int32Array(d.n);
    this.r = new Int32Array(d.n);
    this.q = new Int32Array(d.n);
    this.topo = new Int32Array(d.n);
    this.ord = new Int32Array(d.n);
    this.#indeg = new Int32Array(d.n);
    this.#buf = new Int32Array(d.n);
    this.#mark = new Int32Array(d.n);
  }

  copyFrom(o: Solution): void {
    this.seq.set(o.seq);
    this.pos.set(o.pos);
    this.mp.set(o.mp);
    this.ms.set(o.ms);
    this.r.set(o.r);
    this.q.set(o.q);
    this.topo.set(o.topo);
    this.ord.set(o.ord);
    this.makespan = o.makespan;
  }

  /** Rebuild pos/mp/ms from `seq` (after a construction or a wholesale change). */
  relink(): void {
    const { machines, machStart } = this.d;
    for (let m = 0; m < machines; m++) {
      const a = machStart[m]!;
      const b = machStart[m + 1]!;
      for (let i = a; i < b; i++) this.#linkAt(i, a, b);
    }
  }

  #linkAt(i: number, a: number, b: number): void {
    const o = this.seq[i]!;
    this.pos[o] = i;
    this.mp[o] = i > a ? this.seq[i - 1]! : -1;
    this.ms[o] = i + 1 < b ? this.seq[i + 1]! : -1;
  }

  /**
   * Move the operation at absolute position `from` to absolute position `to` on the same machine,
   * shifting the operations in between. Only links inside the touched range (±1) change.
   */
  move(from: number, to: number): void {
    const s = this.seq;
    const o = s[from]!;
    if (from < to) s.copyWithin(from, from + 1, to + 1);
    else if (to < from) s.copyWithin(to + 1, to, from);
    s[to] = o;
    const m = this.d.mach[o]!;
    const a = this.d.machStart[m]!;
    const b = this.d.machStart[m + 1]!;
    const lo = Math.max(a, Math.min(from, to) - 1);
    const hi = Math.min(b - 1, Math.max(from, to) + 1);
    for (let i = lo; i <= hi; i++) this.#linkAt(i, a, b);
  }

  /**
   * Heads, tails, makespan and topological order from the current sequences (Kahn's algorithm).
   * Returns false if the sequences contain a cycle (an infeasible solution).
   */
  evaluate(): boolean {
    const { n, dur, jp, js } = this.d;
    const { mp, ms, r, q, topo } = this;
    const indeg = this.#indeg;
    let tail = 0;
    for (let i = 0; i < n; i++) {
      const k = (jp[i]! >= 0 ? 1 : 0) + (mp[i]! >= 0 ? 1 : 0);
      indeg[i] = k;
      r[i] = 0;
      if (k === 0) topo[tail++] = i;
    }
    let head = 0;
    while (head < tail) {
      const u = topo[head++]!;
      const fu = r[u]! + dur[u]!;
      const a = js[u]!;
      if (a >= 0) {
        if (r[a]! < fu) r[a] = fu;
        indeg[a] = indeg[a]! - 1;
        if (indeg[a] === 0) topo[tail++] = a;
      }
      const b = ms[u]!;
      if (b >= 0) {
        if (r[b]! < fu) r[b] = fu;
        indeg[b] = indeg[b]! - 1;
        if (indeg[b] === 0) topo[tail++] = b;
      }
    }
    if (tail < n) return false;
    const ord = this.ord;
    let cmax = 0;
    for (let t = n - 1; t >= 0; t--) {
      const u = topo[t]!;
      ord[u] = t;
      let qu = 0;
      const a = js[u]!;
      if (a >= 0) qu = q[a]! + dur[a]!;
      const b = ms[u]!;
      if (b >= 0) {
        const v = q[b]! + dur[b]!;
        if (v > qu) qu = v;
      }
      q[u] = qu;
      const c = r[u]! + dur[u]! + qu;
      if (c > cmax) cmax = c;
    }
    this.makespan = cmax;
    return true;
  }

  /**
   * Move the operation at `from` to `to` (same machine) and bring heads, tails and the topological
   * order up to date incrementally. Returns false, with the move undone, if it closed a cycle.
   *
   * Only one new arc can contradict the old topological order: v → u when u moves forward behind v,
   * u → v when u moves backward in front of v. The order is repaired inside the region between the
   * two, as in Pearce & Kelly's dynamic topological sort (2006): one pass over the region collects the
   * operations that now must follow u (forward: u and its descendants in the region) or precede it
   * (backward: u and its ancestors), and moves them to the region's end (start), keeping every other
   * relative order. If v is among them, the move closed a cycle. Heads then change only from the
   * region's start onwards and tails only up to the moved segment's last position, so two linear
   * passes over a suffix and a prefix of the order finish the job (no queue, no in-degree counts).
   */
  moveAndEvaluate(from: number, to: number): boolean {
    const { n, dur, jp, js, jobs, jobStart } = this.d;
    const { seq, mp, ms, r, q, topo, ord } = this;
    const u = seq[from]!;
    const v = seq[to]!;
    this.move(from, to);
    const mark = this.#mark;
    const buf = this.#buf;
    if (++this.#epoch >= 0x3fffffff) {
      mark.fill(0);
      this.#epoch = 1;
    }
    const epoch = this.#epoch;
    mark[u] = epoch;
    let lo: number;
    if (from < to) {
      // Region [ord u, ord v]: u and whatever it now reaches inside it go behind everything else.
      lo = ord[u]!;
      const hi = ord[v]!;
      let k = lo;
      let f = 0;
      buf[f++] = u;
      for (let t = lo + 1; t <= hi; t++) {
        const y = topo[t]!;
        const a = jp[y]!;
        const b = mp[y]!;
        if ((a >= 0 && mark[a] === epoch) || (b >= 0 && mark[b] === epoch)) {
          if (y === v) return this.#undo(from, to);
          mark[y] = epoch;
          buf[f++] = y;
        } else {
          topo[k] = y;
          ord[y] = k++;
        }
      }
      for (let i = 0; i < f; i++, k++) {
        topo[k] = buf[i]!;
        ord[buf[i]!] = k;
      }
    } else {
      // Region [ord v, ord u]: u and whatever now reaches it inside the region go in front.
      lo = ord[v]!;
      const hi = ord[u]!;
      let k = hi;
      let f = 0;
      buf[f++] = u;
      for (let t = hi - 1; t >= lo; t--) {
        const y = topo[t]!;
        const a = js[y]!;
        const b = ms[y]!;
        if ((a >= 0 && mark[a] === epoch) || (b >= 0 && mark[b] === epoch)) {
          if (y === v) return this.#undo(from, to);
          mark[y] = epoch;
          buf[f++] = y;
        } else {
          topo[k] = y;
          ord[y] = k--;
        }
      }
      for (let i = 0; i < f; i++, k--) {
        topo[k] = buf[i]!;
        ord[buf[i]!] = k;
      }
    }
    // Heads: everything before the region keeps its head.
    for (let t = lo; t < n; t++) {
      const i = topo[t]!;
      let h = 0;
      const a = jp[i]!;
      if (a >= 0) h = r[a]! + dur[a]!;
      const b = mp[i]!;
      if (b >= 0) {
        const e = r[b]! + dur[b]!;
        if (e > h) h = e;
      }
      r[i] = h;
    }
    // Tails: only the moved segment's operations and their ancestors can change.
    const sLo = from < to ? from : to;
    const sHi = from < to ? to : from;
    const m = this.d.mach[u]!;
    let pmax = 0;
    for (let p = sLo > this.d.machStart[m]! ? sLo - 1 : sLo; p <= sHi; p++) {
      const o = ord[seq[p]!]!;
      if (o > pmax) pmax = o;
    }
    for (let t = pmax; t >= 0; t--) {
      const i = topo[t]!;
      let qi = 0;
      const a = js[i]!;
      if (a >= 0) qi = q[a]! + dur[a]!;
      const b = ms[i]!;
      if (b >= 0) {
        const e = q[b]! + dur[b]!;
        if (e > qi) qi = e;
      }
      q[i] = qi;
    }
    // Every path ends at the last operation of a job.
    let cmax = 0;
    for (let j = 0; j < jobs; j++) {
      const e = jobStart[j + 1]! - 1;
      if (e < jobStart[j]!) continue;
      const c = r[e]! + dur[e]!;
      if (c > cmax) cmax = c;
    }
    this.makespan = cmax;
    return true;
  }

  /** The move closed a cycle: put the sequence back and rebuild everything (rare: zero durations). */
  #undo(from: number, to: number): boolean {
    this.move(to, from);
    this.evaluate();
    return false;
  }

  /**
   * One critical path, source to sink, written into `out`; returns its length. Ties between a job
   * and a machine successor are broken towards the machine successor, which yields longer blocks.
   */
  criticalPath(out: Int32Array): number {
    const { n, dur, js } = this.d;
    const { r, q, ms } = this;
    const cmax = this.makespan;
    let u = -1;
    const { jobs, jobStart } = this.d;
    for (let j = 0; j < jobs; j++) {
      const i = jobStart[j]!;
      if (i < jobStart[j + 1]! && r[i] === 0 && dur[i]! + q[i]! === cmax) {
        u = i;
        break;
      }
    }
    if (u < 0) {
      for (let i = 0; i < n; i++) {
        if (r[i] === 0 && dur[i]! + q[i]! === cmax) {
          u = i;
          break;
        }
      }
    }
    let len = 0;
    while (u >= 0) {
      out[len++] = u;
      const fu = r[u]! + dur[u]!;
      const b = ms[u]!;
      if (b >= 0 && r[b] === fu && fu + dur[b]! + q[b]! === cmax) {
        u = b;
        continue;
      }
      const a = js[u]!;
      if (a >= 0 && r[a] === fu && fu + dur[a]! + q[a]! === cmax) {
        u = a;
        continue;
      }
      u = -1;
    }
    return len;
  }
}
