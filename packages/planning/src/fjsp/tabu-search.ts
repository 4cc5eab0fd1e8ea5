/**
 * Tabu search for the flexible job shop in the spirit of Mastrolilli & Gambardella (2000),
 * "Effective neighbourhood functions for the flexible job shop problem", J. Scheduling 3(1):
 * every move touches the critical path — swap the first or last two operations of a critical
 * block (the N5 moves of Nowicki & Smutnicki 1996, which alone contain every improving swap
 * of the classic job shop), or move a critical operation to another eligible machine at the
 * slot its current start time suggests (± SPREAD positions). Every move is first scored by the
 * longest path through the moved operations, computed from heads and tails (the estimates of
 * Nowicki & Smutnicki 1996 and Mastrolilli & Gambardella 2000); only the EXACT best are decoded
 * in full. Tabu attributes forbid restoring a swapped order or moving an operation back to the
 * machine it left, for a random tenure in [TENURE_MIN, TENURE_MAX]; aspiration accepts any new
 * best. After a stall the search restarts from the best solution with a few random moves.
 *
 * Deterministic for a seed and an iteration budget: randomness only from `Random`, time only
 * from the `Deadline` port.
 */
import { neverExpires, type Deadline, type Random } from '@aethercore/core';
import type { CompiledProblem } from './compiled-problem.ts';
import { cloneSolution, Decoder, type Solution } from './decode.ts';

export interface TabuOptions {
  readonly random: Random;
  readonly deadline?: Deadline;
  readonly maxIterations?: number;
  /** Iterations without a new best before a restart from the best (default 1000 + 5n; tuned on mk06/mk10, 3 seeds). */
  readonly stall?: number;
  /** Operations that must not move (indices). */
  readonly fixed?: ReadonlySet<number>;
  readonly fixedStart?: Int32Array;
  /** Called with every new best makespan (anytime progress). */
  readonly onImprove?: (makespan: number, iteration: number) => void;
}

export interface TabuResult {
  readonly best: Solution;
  readonly makespan: number;
  readonly iterations: number;
  readonly bestIteration: number;
}

/** How many moves per iteration, best by estimate, are evaluated exactly. */
const EXACT = 6;
/** Insertion positions tried on another machine: the slot its start suggests ± SPREAD. */
const SPREAD = 2;
/** Tabu tenure range (tuned on mk02/mk06/mk10: 2–12 and 1–8 tie, 5–20 is worse). */
const TENURE_MIN = 2;
const TENURE_MAX = 12;

type Move =
  | { kind: 0; m: number; pos: number }
  | { kind: 1; v: number; from: number; fromPos: number; to: number; toAlt: number; toPos: number };

export function tabuSearch(c: CompiledProblem, initial: Solution, o: TabuOptions): TabuResult {
  const r = o.random;
  const deadline = o.deadline ?? neverExpires;
  const maxIt = o.maxIterations ?? Infinity;
  const stallLimit = o.stall ?? 1000 + 5 * c.n;
  const fixed = o.fixed ?? new Set<number>();
  const dec = new Decoder(c);
  if (o.fixedStart !== undefined) dec.fixedStart.set(o.fixedStart);
  const cur = cloneSolution(initial);
  let curMs = dec.run(cur);
  let best = cloneSolution(cur);
  let bestMs = curMs;
  let bestIt = 0;
  const tabuOrder = new Map<number, number>();
  const tabuMachine = new Map<number, number>();
  const n = c.n;
  const M = c.machines;
  const startSnap = new Int32Array(n);
  const tail = new Int32Array(n);
  const machineOf = (v: number, s: Solution): number => c.altMachine[v]![s.alt[v]!]!;
  const moves: Move[] = [];
  const ests: number[] = [];
  const orderBuf: number[] = [];

  const apply = (s: Solution, mv: Move): void => {
    if (mv.kind === 0) {
      const q = s.seq[mv.m]!;
      const a = q[mv.pos]!;
      q[mv.pos] = q[mv.pos + 1]!;
      q[mv.pos + 1] = a;
    } else {
      s.seq[mv.from]!.splice(mv.fromPos, 1);
      s.seq[mv.to]!.splice(mv.toPos, 0, mv.v);
      s.alt[mv.v] = mv.toAlt;
    }
  };
  const undo = (s: Solution, mv: Move, oldAlt: number): void => {
    if (mv.kind === 0) apply(s, mv);
    else {
      s.seq[mv.to]!.splice(mv.toPos, 1);
      s.seq[mv.from]!.splice(mv.fromPos, 0, mv.v);
      s.alt[mv.v] = oldAlt;
    }
  };
  /** Position in machine k's sequence where an operation starting at `t` belongs. */
  const slot = (s: Solution, k: number, t: number): number => {
    const q = s.seq[k]!;
    let lo = 0;
    let hi = q.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (startSnap[q[mid]!]! < t) lo = mid + 1;
      else hi = mid;
    }
    // Never before a fixed operation: history stays first.
    while (lo < q.length && fixed.has(q[lo]!)) lo++;
    return lo;
  };

  const collect = (s: Solution): void => {
    moves.length = 0;
    ests.length = 0;
    computeTails(s);
    const path = dec.criticalPath();
    // Blocks: maximal runs of path operations joined by machine arcs.
    let i = 0;
    while (i < path.length) {
      let j = i;
      while (j + 1 < path.length && dec.mprev[path[j + 1]!] === path[j]) j++;
      if (j > i) {
        const m = machineOf(path[i]!, s);
        const q = s.seq[m]!;
        const first = q.indexOf(path[i]!);
        const pushSwap = (pos: number): void => {
          const u = q[pos]!;
          const v = q[pos + 1]!;
          if (fixed.has(u) || fixed.has(v)) return;
          moves.push({ kind: 0, m, pos });
          ests.push(swapEstimate(s, u, v));
        };
        pushSwap(first);
        if (j - i >= 2) pushSwap(first + (j - i) - 1);
      }
      i = j + 1;
    }
    // Reassignments are many: rank them by the longest path through the moved operation
    // (head + p + tail, the estimate of Mastrolilli & Gambardella 2000) and keep the best few.
    const cands: { mv: Move; est: number }[] = [];
    for (const v of path) {
      if (fixed.has(v)) continue;
      const alts = c.altMachine[v]!;
      if (alts.length < 2) continue;
      const from = machineOf(v, s);
      const fromPos = s.seq[from]!.indexOf(v);
      let headJ = c.release[v]!;
      for (const p of c.preds[v]!) headJ = Math.max(headJ, dec.end[p]!);
      let tailJ = 0;
      for (const x of c.succs[v]!) tailJ = Math.max(tailJ, tail[x]!);
      for (let a = 0; a < alts.length; a++) {
        const to = alts[a]!;
        if (to === from) continue;
        const q = s.seq[to]!;
        const p0 = slot(s, to, startSnap[v]!);
        for (let p = Math.max(0, p0 - SPREAD); p <= Math.min(p0 + SPREAD, q.length); p++) {
          if (p < q.length && fixed.has(q[p]!)) continue;
          const before = p > 0 ? q[p - 1]! : -1;
          const after = p < q.length ? q[p]! : -1;
          const head = Math.max(headJ, before >= 0 ? dec.end[before]! : 0);
          const est = head + c.altDuration[v]![a]! + Math.max(tailJ, after >= 0 ? tail[after]! : 0);
          cands.push({ mv: { kind: 1, v, from, fromPos, to, toAlt: a, toPos: p }, est });
        }
      }
    }
    for (const c of cands) {
      moves.push(c.mv);
      ests.push(c.est);
    }
  };

  /** Longest path through u and v after swapping them (v first), from heads and tails (Nowicki & Smutnicki 1996). */
  function swapEstimate(s: Solution, u: number, v: number): number {
    const pu = c.altDuration[u]![s.alt[u]!]!;
    const pv = c.altDuration[v]![s.alt[v]!]!;
    const before = dec.mprev[u]!;
    const after = dec.mnext[v]!;
    const rv = Math.max(jobHead(v), before >= 0 ? dec.end[before]! : 0);
    const ru = Math.max(jobHead(u), rv + pv);
    const qu = pu + Math.max(jobTail(u), after >= 0 ? tail[after]! : 0);
    const qv = pv + Math.max(jobTail(v), qu);
    return Math.max(rv + qv, ru + qu);
  }
  function jobHead(x: number): number {
    let h = c.release[x]!;
    for (const p of c.preds[x]!) if (dec.end[p]! > h) h = dec.end[p]!;
    return h;
  }
  function jobTail(x: number): number {
    let t = 0;
    for (const y of c.succs[x]!) if (tail[y]! > t) t = tail[y]!;
    return t;
  }

  /** tail[v] = p_v + longest path from v's end to the sink (reverse topological pass). */
  function computeTails(s: Solution): void {
    for (let k = n - 1; k >= 0; k--) {
      const v = dec.order[k]!;
      let t = 0;
      for (const x of c.succs[v]!) if (tail[x]! > t) t = tail[x]!;
      const mn = dec.mnext[v]!;
      if (mn >= 0 && tail[mn]! > t) t = tail[mn]!;
      tail[v] = c.altDuration[v]![s.alt[v]!]! + t;
    }
  }

  const isTabu = (s: Solution, mv: Move, it: number): boolean => {
    if (mv.kind === 0) {
      const q = s.seq[mv.m]!;
      // After the swap q[pos+1] comes before q[pos]; tabu if that order was recently undone.
      return (tabuOrder.get(q[mv.pos + 1]! * n + q[mv.pos]!) ?? -1) > it;
    }
    return (tabuMachine.get(mv.v * M + mv.to) ?? -1) > it;
  };

  let it = 0;
  let stall = 0;
  while (it < maxIt && !deadline.expired()) {
    it++;
    curMs = dec.run(cur);
    startSnap.set(dec.start);
    collect(cur);
    if (moves.length === 0) break;
    let chosen: Move | undefined;
    let chosenMs = Infinity;
    let ties = 0;
    // Evaluate exactly only the most promising moves by estimate (ties broken at random).
    orderBuf.length = 0;
    for (let k = 0; k < moves.length; k++) orderBuf.push(k);
    const jitter = orderBuf.map(() => r.next());
    orderBuf.sort((a, b) => ests[a]! - ests[b]! || jitter[a]! - jitter[b]!);
    let exact = 0;
    for (const k of orderBuf) {
      if (exact >= EXACT) break;
      const mv = moves[k]!;
      if (isTabu(cur, mv, it) && ests[k]! >= bestMs) continue;
      exact++;
      const oldAlt = mv.kind === 1 ? cur.alt[mv.v]! : 0;
      apply(cur, mv);
      const ms = dec.run(cur);
      undo(cur, mv, oldAlt);
      if (ms === Infinity) continue;
      if (isTabu(cur, mv, it) && ms >= bestMs) continue;
      if (ms < chosenMs) {
        chosenMs = ms;
        chosen = mv;
        ties = 1;
      } else if (ms === chosenMs && r.int(0, ties++) === 0) chosen = mv;
    }
    if (chosen === undefined) {
      // Everything tabu or infeasible: take a random feasible move.
      for (let tries = 0; tries < 5 && chosen === undefined; tries++) {
        const mv = moves[r.int(0, moves.length - 1)]!;
        const oldAlt = mv.kind === 1 ? cur.alt[mv.v]! : 0;
        apply(cur, mv);
        const ms = dec.run(cur);
        undo(cur, mv, oldAlt);
        if (ms !== Infinity) {
          chosen = mv;
          chosenMs = ms;
        }
      }
      if (chosen === undefined) continue;
    }
    const tenure = r.int(TENURE_MIN, TENURE_MAX);
    if (chosen.kind === 0) {
      const q = cur.seq[chosen.m]!;
      tabuOrder.set(q[chosen.pos]! * n + q[chosen.pos + 1]!, it + tenure);
    } else tabuMachine.set(chosen.v * M + chosen.from, it + tenure);
    apply(cur, chosen);
    curMs = chosenMs;
    if (curMs < bestMs) {
      bestMs = curMs;
      best = cloneSolution(cur);
      bestIt = it;
      stall = 0;
      o.onImprove?.(bestMs, it);
    } else if (++stall > stallLimit) {
      stall = 0;
      restart(cur, best);
    }
  }
  return { best, makespan: bestMs, iterations: it, bestIteration: bestIt };

  function restart(s: Solution, from: Solution): void {
    for (let m = 0; m < M; m++) s.seq[m] = from.seq[m]!.slice();
    s.alt.set(from.alt);
    tabuOrder.clear();
    tabuMachine.clear();
    dec.run(s);
    startSnap.set(dec.start);
    const kicks = 2 + r.int(0, 3);
    for (let k = 0; k < kicks; k++) {
      const v = r.int(0, n - 1);
      if (fixed.has(v)) continue;
      const alts = c.altMachine[v]!;
      const a = r.int(0, alts.length - 1);
      const from = machineOf(v, s);
      const to = alts[a]!;
      const fromPos = s.seq[from]!.indexOf(v);
      let mv: Move;
      if (to === from) {
        if (fromPos + 1 >= s.seq[from]!.length || fixed.has(s.seq[from]![fromPos + 1]!)) continue;
        mv = { kind: 0, m: from, pos: fromPos };
      } else mv = { kind: 1, v, from, fromPos, to, toAlt: a, toPos: slot(s, to, startSnap[v]!) };
      const oldAlt = s.alt[v]!;
      apply(s, mv);
      if (dec.run(s) === Infinity) undo(s, mv, oldAlt);
      else startSnap.set(dec.start);
    }
  }
}
