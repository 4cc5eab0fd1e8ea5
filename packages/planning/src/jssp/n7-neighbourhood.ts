/**
 * The N7 critical-block neighbourhood (Zhang, Li, Guan & Rao 2007), which extends N6 (Balas &
 * Vazacopoulos 1998) and N5 (Nowicki & Smutnicki 1996). For each block B[0..k-1] of consecutive
 * critical operations on one machine:
 *  - an internal operation moves to the front or the back of its block (N6);
 *  - the first operation moves behind any later one, the last one in front of any earlier one (N7);
 * the swaps of the first two / last two operations (N5) are the shortest of these moves.
 * Moves that cannot shorten the path are left out, as in N5: in the first block of the path only
 * moves that change its last operation, in the last block only moves that change its first.
 *
 * Each move is rated by the Balas–Vazacopoulos estimate: new heads forward and new tails backward
 * over the moved segment only, from the unchanged heads/tails around it. Feasibility uses their
 * sufficient conditions; the rare cycle is still caught by the exact re-evaluation afterwards.
 */
import type { Solution } from './disjunctive-graph.ts';

export class N7Neighbourhood {
  /** Move list: operation at absolute position from[i] goes to absolute position to[i]. */
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly estimate: Int32Array;
  size = 0;
  readonly path: Int32Array;
  pathLength = 0;
  /** Number of critical blocks with ≥ 2 operations on the last path. */
  blocks = 0;
  readonly #order: Int32Array;
  readonly #rr: Int32Array;

  constructor(n: number) {
    // A path has ≤ n operations and each operation of a block yields ≤ 3 moves.
    this.from = new Int32Array(3 * n + 4);
    this.to = new Int32Array(3 * n + 4);
    this.estimate = new Int32Array(3 * n + 4);
    this.path = new Int32Array(n);
    this.#order = new Int32Array(n);
    this.#rr = new Int32Array(n);
  }

  /** Enumerate the feasible N7 moves of `s` (evaluated) on one critical path, with their estimates. */
  build(s: Solution): void {
    this.size = 0;
    this.blocks = 0;
    const L = s.criticalPath(this.path);
    this.pathLength = L;
    const path = this.path;
    const mach = s.d.mach;
    let i = 0;
    while (i < L) {
      let e = i;
      while (e + 1 < L && mach[path[e + 1]!] === mach[path[i]!]) e++;
      if (e > i) {
        this.blocks++;
        this.#blockMoves(s, s.pos[path[i]!]!, s.pos[path[e]!]!, i === 0, e === L - 1);
      }
      i = e + 1;
    }
  }

  #blockMoves(s: Solution, a: number, b: number, first: boolean, last: boolean): void {
    // One block holds the whole path: its length is the machine's load, a lower bound; optimal.
    if (first && last) return;
    // The first operation behind a later one; in the first block only behind the last one.
    for (let t = a + 1; t <= b; t++) {
      if (first && t !== b) continue;
      this.#tryForward(s, a, t);
    }
    // The last operation in front of an earlier one; in the last block only in front of the first.
    // With two operations this is the swap added just above.
    if (b - a + 1 > 2) {
      for (let t = a; t < b; t++) {
        if (last && t !== a) continue;
        this.#tryBackward(s, b, t);
      }
    }
    // Internal operations to the front (changes the first) and to the back (changes the last).
    for (let t = a + 1; t < b; t++) {
      if (!first) this.#tryBackward(s, t, a);
      if (!last) this.#tryForward(s, t, b);
    }
  }

  /** u = seq[from] goes behind v = seq[to], to > from. */
  #tryForward(s: Solution, from: number, to: number): void {
    const u = s.seq[from]!;
    const v = s.seq[to]!;
    const { dur, js } = s.d;
    const ju = js[u]!;
    // Balas–Vazacopoulos: feasible if L(v, sink) ≥ L(JS(u), sink).
    if (ju >= 0 && dur[v]! + s.q[v]! < dur[ju]! + s.q[ju]!) return;
    const order = this.#order;
    let k = 0;
    for (let p = from + 1; p <= to; p++) order[k++] = s.seq[p]!;
    order[k++] = u;
    this.#push(s, from, to, order, k, s.mp[u]!, s.ms[v]!);
  }

  /** u = seq[from] goes in front of v = seq[to], to < from. */
  #tryBackward(s: Solution, from: number, to: number): void {
    const u = s.seq[from]!;
    const v = s.seq[to]!;
    const { dur, jp } = s.d;
    const pu = jp[u]!;
    // Balas–Vazacopoulos: feasible if L(source, v) + p(v) ≥ L(source, JP(u)) + p(JP(u)).
    if (pu >= 0 && s.r[v]! + dur[v]! < s.r[pu]! + dur[pu]!) return;
    const order = this.#order;
    let k = 0;
    order[k++] = u;
    for (let p = to; p < from; p++) order[k++] = s.seq[p]!;
    this.#push(s, from, to, order, k, s.mp[v]!, s.ms[u]!);
  }

  #push(
    s: Solution,
    from: number,
    to: number,
    order: Int32Array,
    k: number,
    pred: number,
    succ: number,
  ): void {
    const { dur, jp, js } = s.d;
    const { r, q } = s;
    const rr = this.#rr;
    let prevEnd = pred >= 0 ? r[pred]! + dur[pred]! : 0;
    for (let i = 0; i < k; i++) {
      const x = order[i]!;
      const p = jp[x]!;
      const je = p >= 0 ? r[p]! + dur[p]! : 0;
      const h = je > prevEnd ? je : prevEnd;
      rr[i] = h;
      prevEnd = h + dur[x]!;
    }
    let nextTail = succ >= 0 ? q[succ]! + dur[succ]! : 0;
    let est = 0;
    for (let i = k - 1; i >= 0; i--) {
      const x = order[i]!;
      const sx = js[x]!;
      const jt = sx >= 0 ? q[sx]! + dur[sx]! : 0;
      const t = jt > nextTail ? jt : nextTail;
      const c = rr[i]! + dur[x]! + t;
      if (c > est) est = c;
      nextTail = t + dur[x]!;
    }
    const n = this.size++;
    this.from[n] = from;
    this.to[n] = to;
    this.estimate[n] = est;
  }
}
