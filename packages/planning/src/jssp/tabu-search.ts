/**
 * Tabu search for the classic job shop over the N7 critical-block neighbourhood
 * (Nowicki & Smutnicki 1996 "TSAB"; Zhang, Li, Guan & Rao 2007 "TS/SA" N7 with its tenure rule),
 * run in rounds: when a round stagnates its best joins an elite pool, and the next round starts
 * from a path-relinked point between two elite solutions (Peng, Lü & Cheng 2015) or from an elite
 * solution kicked with a few random N7 moves (the back-jump idea of TSAB, as a perturbation).
 *
 * Anytime and deterministic: the solver never reads a clock. It asks `deadline.expired()` once per
 * iteration, so `callBudget(n)` gives a reproducible run of n iterations for a given seed.
 */
import { createRandom, type Deadline, type Random } from '@aethercore/core';
import type { JobShopInstance } from '../io/instances.ts';
import { jobShopData, Solution, type JobShopData } from './disjunctive-graph.ts';
import { gifflerThompson } from './giffler-thompson.ts';
import { ElitePool } from './elite-pool.ts';
import { N7Neighbourhood } from './n7-neighbourhood.ts';
import { pathRelink } from './path-relinking.ts';
import { jobShopLowerBound, scheduleOf, type JobShopSchedule } from './schedule.ts';

export interface JobShopImprovement {
  readonly makespan: number;
  readonly iteration: number;
}

export interface SolveJobShopOptions {
  /** When to stop; polled once per iteration (`callBudget(n)` = n iterations). */
  readonly deadline: Deadline;
  readonly seed: number;
  /** A hard iteration cap on top of the deadline. */
  readonly maxIterations?: number;
  /** Called on every new best solution (the caller may read its own clock here for time-to-best). */
  readonly onImprove?: (e: JobShopImprovement) => void;
  /**
   * A makespan known to be optimal (a proven lower bound, e.g. from a closed benchmark instance):
   * the search stops as soon as it gets there. The trivial bound always stops it.
   */
  readonly stopAt?: number;
  /** Iterations without a new round best before the next round (default from the size). */
  readonly stagnation?: number;
  /**
   * Elite solutions kept for path relinking (default 8; 1 = every round restarts from the best with
   * a kick). Measured at 10 s CPU: relinking with short rounds solved 4 of the 6 la instances that
   * kicks alone missed, and was even on a hard Taillard subset (1.23% vs 1.25%).
   */
  readonly poolSize?: number;
  /** Probability that a new round starts by path relinking rather than a kick (default 0.7). */
  readonly relinkShare?: number;
  /**
   * Iterations without a new best after which the search starts afresh: the pool is emptied down to
   * the best solution and the next round starts from a random active schedule (default 0 = never).
   * Meant for runs that sit in one basin (seed 1 holds 938 on la24 and 1240 on la27 from the first
   * second to the tenth); measured at 250 000 on eight hard Lawrence instances × 2 seeds it was
   * within seed noise of the default (10/16 vs 9/16 optima), so it is off by default.
   */
  readonly restartAfter?: number;
  /**
   * Iterations without a new best after which one round starts from a random active schedule, the
   * elite pool kept (default 200 000, about one CPU second on a 15×15 instance; 0 = never). The
   * round's best then competes for a place in the pool like any other, so a run stuck in one basin
   * gets new material to relink with, without losing what it has (as `restartAfter` does). Measured
   * on la22/la29/la39/la40 × seeds 1–3 at 10 s CPU (session 3, docs/planning-jssp.md).
   */
  readonly diversifyAfter?: number;
}

export interface SolveJobShopResult {
  readonly makespan: number;
  readonly schedule: JobShopSchedule;
  /** Iterations performed (one neighbourhood scan and one move each). */
  readonly iterations: number;
  /** Iteration at which the returned solution was found (0 = the initial solution). */
  readonly bestIteration: number;
  readonly initialMakespan: number;
  /** The trivial bound max(job length, machine load). */
  readonly lowerBound: number;
  /** True when the makespan meets the lower bound (proven optimal). */
  readonly optimal: boolean;
  readonly restarts: number;
  /** Fresh starts from a random schedule after `restartAfter` iterations without a new best. */
  readonly freshStarts: number;
}

/**
 * Solve a job shop; returns the best schedule found before the deadline.
 * @example solveJobShop(ft06, { deadline: callBudget(20_000), seed: 1 }).makespan // 55
 */
export function solveJobShop(instance: JobShopInstance, options: SolveJobShopOptions): SolveJobShopResult {
  const d = jobShopData(instance);
  const lowerBound = jobShopLowerBound(instance);
  const random = createRandom(options.seed);
  const maxIterations = options.maxIterations ?? Number.POSITIVE_INFINITY;
  if (d.n === 0) {
    return {
      makespan: 0,
      schedule: { assignments: [] },
      iterations: 0,
      bestIteration: 0,
      initialMakespan: 0,
      lowerBound,
      optimal: true,
      restarts: 0,
      freshStarts: 0,
    };
  }

  const cur = gifflerThompson(d, 'mwr', random);
  const best = new Solution(d);
  best.copyFrom(cur);
  const initialMakespan = cur.makespan;
  options.onImprove?.({ makespan: best.makespan, iteration: 0 });

  const search = new TabuState(d, random, options.stagnation);
  // Rounds of tabu search; each ends after `stagnation` iterations without a new round best, offers
  // its best to the elite pool, and the next round starts from a path-relinked point between two
  // elite solutions (or from a kicked elite while the pool is small).
  const pool = new ElitePool(d, options.poolSize ?? 8);
  const roundBest = new Solution(d);
  roundBest.copyFrom(cur);
  const blocked = new Uint8Array(d.machines);
  let iter = 0;
  let bestIteration = 0;
  let lastImprove = 0;
  let restarts = 0;
  let lastGlobal = 0;
  let freshStarts = 0;
  const restartAfter = options.restartAfter ?? 0;
  const diversifyAfter = options.diversifyAfter ?? 200_000;
  const stopAt = Math.max(lowerBound, options.stopAt ?? lowerBound);
  while (best.makespan > stopAt && iter < maxIterations && !options.deadline.expired()) {
    iter++;
    const moved = search.step(cur, iter, best.makespan);
    if (cur.makespan < roundBest.makespan) {
      roundBest.copyFrom(cur);
      lastImprove = iter;
      if (cur.makespan < best.makespan) {
        best.copyFrom(cur);
        bestIteration = iter;
        lastGlobal = iter;
        options.onImprove?.({ makespan: best.makespan, iteration: iter });
      }
    } else if (!moved || iter - lastImprove > search.stagnation) {
      if (!moved && search.provenOptimal) break;
      pool.offer(roundBest);
      restarts++;
      if (restartAfter > 0 && iter - lastGlobal > restartAfter) {
        // Long-term diversification: the pool has converged around one basin. Keep only the best
        // (so relinking can still head for it) and start the next round from a random schedule.
        pool.clear();
        pool.offer(best);
        cur.copyFrom(gifflerThompson(d, 'random', random));
        search.clear();
        lastGlobal = iter;
        freshStarts++;
      } else if (diversifyAfter > 0 && iter - lastGlobal > diversifyAfter) {
        // Stuck: one round from a random active schedule; its best may enter the pool (crowding).
        cur.copyFrom(gifflerThompson(d, 'random', random));
        search.clear();
        lastGlobal = iter;
        freshStarts++;
      } else if (pool.size >= 2 && random.next() < (options.relinkShare ?? 0.7)) {
        const a = pool.pick(random);
        const b = pool.pick(random, a);
        cur.copyFrom(pool.members[a]!);
        pathRelink(cur, pool.members[b]!, 0.25 + 0.25 * random.next(), random, blocked);
        search.clear();
      } else {
        cur.copyFrom(pool.size > 0 ? pool.members[pool.pick(random)]! : best);
        if (search.kick(cur, iter) === 0 && !moved) break;
      }
      roundBest.copyFrom(cur);
      lastImprove = iter;
    }
  }
  return {
    makespan: best.makespan,
    schedule: scheduleOf(best),
    iterations: iter,
    bestIteration,
    initialMakespan,
    lowerBound,
    optimal: best.makespan <= lowerBound,
    restarts,
    freshStarts,
  };
}

/** The search state between iterations: neighbourhood buffers, tabu list, parameters. */
class TabuState {
  readonly nb: N7Neighbourhood;
  /**
   * tabu[key(a, b)] = the iteration until which "a before b" on their machine stays forbidden.
   * key = a · maxMachCount + rank(b) exactly when that fits in 2^22 slots; larger instances (the
   * `bel` set) hash the pair into 2^22 slots, where a rare collision only makes a move tabu.
   */
  readonly tabu: Int32Array;
  readonly #exact: boolean;
  readonly #mask: number;
  readonly stagnation: number;
  /** Zhang et al. (2007): tenure L + rand(0 … Lmax − L), L = 10 + n/m, Lmax = 1.4L (n ≤ 2m) or 1.5L. */
  readonly tenureMin: number;
  readonly tenureMax: number;
  readonly kickLength: number;
  provenOptimal = false;

  constructor(
    readonly d: JobShopData,
    readonly random: Random,
    stagnation: number | undefined,
  ) {
    this.nb = new N7Neighbourhood(d.n);
    const slots = d.n * d.maxMachCount;
    this.#exact = slots <= 1 << 22;
    this.tabu = new Int32Array(this.#exact ? slots : 1 << 22);
    this.#mask = (1 << 22) - 1;
    const L = 10 + Math.floor(d.jobs / d.machines);
    this.tenureMin = L;
    this.tenureMax = Math.floor(d.jobs <= 2 * d.machines ? 1.4 * L : 1.5 * L);
    this.stagnation = stagnation ?? 3_000;
    this.kickLength = Math.max(2, Math.min(10, Math.floor(d.machines / 2)));
  }

  /** One tabu move; returns false when the neighbourhood is empty (nothing to do). */
  step(cur: Solution, iter: number, bestMakespan: number): boolean {
    const nb = this.nb;
    nb.build(cur);
    if (nb.size === 0) {
      // No block of two or more, or one block spanning the whole path: the makespan is a lower bound.
      this.provenOptimal = nb.blocks === 0 || (nb.blocks === 1 && this.#singleBlock(cur));
      return false;
    }
    let pick = -1;
    let pickEst = Number.POSITIVE_INFINITY;
    let ties = 0;
    for (let i = 0; i < nb.size; i++) {
      const est = nb.estimate[i]!;
      if (est > pickEst) continue;
      if (this.#isTabu(cur, nb.from[i]!, nb.to[i]!, iter) && est >= bestMakespan) continue;
      if (est < pickEst) {
        pickEst = est;
        pick = i;
        ties = 1;
      } else if (this.random.next() * ++ties < 1) {
        pick = i;
      }
    }
    // Every move tabu and none aspirated: take a random one (TSAB takes the oldest; either breaks the lock).
    if (pick < 0) pick = this.random.int(0, nb.size - 1);
    this.#apply(cur, nb.from[pick]!, nb.to[pick]!, iter);
    return true;
  }

  clear(): void {
    this.tabu.fill(0);
  }

  /** Random N7 moves from the current solution, tabu list cleared: the restart perturbation. */
  kick(cur: Solution, iter: number): number {
    this.tabu.fill(0);
    let k = 0;
    for (; k < this.kickLength; k++) {
      this.nb.build(cur);
      if (this.nb.size === 0) return k;
      const i = this.random.int(0, this.nb.size - 1);
      this.#apply(cur, this.nb.from[i]!, this.nb.to[i]!, iter);
    }
    return k;
  }

  #singleBlock(cur: Solution): boolean {
    const nb = this.nb;
    return nb.pathLength > 0 && cur.d.mach[nb.path[0]!] === cur.d.mach[nb.path[nb.pathLength - 1]!];
  }

  #key(a: number, b: number): number {
    if (this.#exact) return a * this.d.maxMachCount + this.d.machRank[b]!;
    return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca77)) & this.#mask;
  }

  /** A move is tabu if it re-creates an order "a before b" that a recent move reversed. */
  #isTabu(cur: Solution, from: number, to: number, iter: number): boolean {
    const { seq } = cur;
    const u = seq[from]!;
    if (from < to) {
      for (let p = from + 1; p <= to; p++) if (this.tabu[this.#key(seq[p]!, u)]! > iter) return true;
    } else {
      for (let p = to; p < from; p++) if (this.tabu[this.#key(u, seq[p]!)]! > iter) return true;
    }
    return false;
  }

  #apply(cur: Solution, from: number, to: number, iter: number): void {
    const u = cur.seq[from]!;
    if (!cur.moveAndEvaluate(from, to)) {
      // The sufficient feasibility test let a cycle through (zero durations): undone; forbid it, go on.
      this.#forbid(cur, to, from, u, iter);
      return;
    }
    this.#forbid(cur, from, to, u, iter);
  }

  /** After moving u from `from` to `to`, forbid restoring the orders it reversed. */
  #forbid(cur: Solution, from: number, to: number, u: number, iter: number): void {
    const { seq } = cur;
    const until = iter + this.random.int(this.tenureMin, this.tenureMax);
    if (from < to) {
      // u was before seq[from..to-1]; "u before x" is now forbidden.
      for (let p = from; p < to; p++) this.tabu[this.#key(u, seq[p]!)] = until;
    } else {
      for (let p = to + 1; p <= from; p++) this.tabu[this.#key(seq[p]!, u)] = until;
    }
  }
}

/** The dispatching-rule baseline: one Giffler–Thompson active schedule with MWR priority. */
export function dispatchJobShop(
  instance: JobShopInstance,
  rule: 'mwr' | 'spt' = 'mwr',
): { makespan: number; schedule: JobShopSchedule } {
  const d = jobShopData(instance);
  if (d.n === 0) return { makespan: 0, schedule: { assignments: [] } };
  const s = gifflerThompson(d, rule);
  return { makespan: s.makespan, schedule: scheduleOf(s) };
}
