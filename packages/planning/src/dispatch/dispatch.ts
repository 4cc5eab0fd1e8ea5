/**
 * Dispatching rules in a non-delay serial schedule generation scheme: repeatedly take the
 * operations whose predecessors are done, find for each its earliest-completion placement
 * (machine, worker, start — respecting releases, windows, downtimes, setups and qualified
 * workers), keep those that can start earliest, and choose among them by the rule:
 *
 * - EDD: earliest due date of the order (Jackson 1955).
 * - SPT: shortest processing time.
 * - MWR: most work remaining in the order.
 * - ATC: apparent tardiness cost, I = w/p · exp(−max(0, d − p_rem − t) / (k · p̄))
 *   (Vepsalainen & Morton 1987), with k = 2 by default.
 *
 * Used as a baseline in the benchmarks and as the starting solution of the solvers.
 */
import { AetherError } from '@aethercore/core';
import { assertValidProblem } from '../model/check-problem.ts';
import type { Operation, SchedulingProblem } from '../model/problem.ts';
import type { Assignment, Schedule } from '../model/schedule.ts';
import { Placer, type Placement } from './placer.ts';

export type DispatchRule = 'EDD' | 'SPT' | 'MWR' | 'ATC';
export const DISPATCH_RULES: readonly DispatchRule[] = ['EDD', 'SPT', 'MWR', 'ATC'];

export interface DispatchOptions {
  readonly rule?: DispatchRule;
  /** ATC look-ahead parameter k (default 2). */
  readonly atcK?: number;
  /** Assignments that are already fixed (history); they are kept as they are. */
  readonly fixed?: readonly Assignment[];
  /** No new operation starts before this time (the re-planning instant). */
  readonly notBefore?: number;
}

export type DispatchResult =
  | { readonly ok: true; readonly schedule: Schedule }
  | {
      readonly ok: false;
      readonly reason: 'unplaceable';
      readonly ops: readonly string[];
      readonly partial: Schedule;
    };

const minDuration = (o: Operation): number => Math.min(...o.alternatives.map((a) => a.duration));

export function dispatch(problem: SchedulingProblem, opts: DispatchOptions = {}): DispatchResult {
  assertValidProblem(problem);
  return dispatchChecked(problem, opts);
}

/** `dispatch` for a problem already checked by `assertValidProblem` (re-planning's inner loop). */
export function dispatchChecked(problem: SchedulingProblem, opts: DispatchOptions = {}): DispatchResult {
  const rule = opts.rule ?? 'ATC';
  if (!DISPATCH_RULES.includes(rule)) {
    throw new AetherError({
      code: 'planning.rule-unknown',
      message: `unknown dispatching rule ${String(rule)}`,
      hint: `Use one of ${DISPATCH_RULES.join(', ')}.`,
    });
  }
  const k = opts.atcK ?? 2;
  const notBefore = opts.notBefore ?? 0;
  const placer = new Placer(problem);
  for (const a of opts.fixed ?? []) if (placer.ops.has(a.op)) placer.fix(a);

  const remaining = problem.jobs.map(() => 0);
  const succ = new Map<string, Operation[]>();
  const waiting = new Map<string, number>();
  for (const o of problem.operations) {
    for (const q of o.predecessors) succ.set(q, [...(succ.get(q) ?? []), o]);
    if (placer.done.has(o.id)) continue;
    remaining[o.job] = (remaining[o.job] ?? 0) + minDuration(o);
  }
  let ready: Operation[] = [];
  for (const o of problem.operations) {
    if (placer.done.has(o.id)) continue;
    const open = o.predecessors.filter((q) => !placer.done.has(q)).length;
    waiting.set(o.id, open);
    if (open === 0) ready.push(o);
  }
  const unplaceable: string[] = [];
  const cache = new Map<string, Placement | undefined>();
  while (ready.length > 0) {
    let tStar = Infinity;
    const options: { o: Operation; p: Placement }[] = [];
    for (const o of ready) {
      let p = cache.get(o.id);
      if (!cache.has(o.id)) {
        p = placer.best(o, placer.readyTime(o, notBefore));
        cache.set(o.id, p);
      }
      if (p === undefined) continue;
      options.push({ o, p });
      if (p.start < tStar) tStar = p.start;
    }
    if (options.length === 0) {
      unplaceable.push(...ready.map((o) => o.id));
      break;
    }
    const cands = options.filter((c) => c.p.start <= tStar);
    const pbar = cands.reduce((s, c) => s + c.p.duration, 0) / cands.length || 1;
    const score = (c: { o: Operation; p: Placement }): number => {
      const job = problem.jobs[c.o.job]!;
      switch (rule) {
        case 'EDD':
          return (job.due ?? Infinity) * 1e-3 + c.p.duration * 1e-12;
        case 'SPT':
          return c.p.duration;
        case 'MWR':
          return -(remaining[c.o.job] ?? 0);
        case 'ATC': {
          const slack = Math.max(0, (job.due ?? Infinity) - (remaining[c.o.job] ?? 0) - c.p.start);
          const p = Math.max(c.p.duration, 1e-9);
          return -((job.weight / p) * Math.exp(-slack / (k * pbar)));
        }
      }
    };
    let pick = cands[0]!;
    let best = score(pick);
    for (const c of cands) {
      const s = score(c);
      if (s < best) {
        best = s;
        pick = c;
      }
    }
    const a = placer.commit(pick.o, pick.p);
    remaining[pick.o.job] = (remaining[pick.o.job] ?? 0) - minDuration(pick.o);
    ready = ready.filter((o) => o !== pick.o);
    // Placements on the same machine or with the same worker are stale now.
    for (const [id, p] of cache)
      if (p === undefined || p.machine === a.machine || (a.worker !== undefined && p.worker === a.worker))
        cache.delete(id);
    cache.delete(pick.o.id);
    for (const s of succ.get(pick.o.id) ?? []) {
      if (placer.done.has(s.id)) continue;
      const left = (waiting.get(s.id) ?? 1) - 1;
      waiting.set(s.id, left);
      if (left === 0) ready.push(s);
    }
  }
  const schedule: Schedule = { assignments: [...placer.done.values()] };
  if (unplaceable.length > 0 || placer.done.size < problem.operations.length) {
    const missing = problem.operations.filter((o) => !placer.done.has(o.id)).map((o) => o.id);
    return { ok: false, reason: 'unplaceable', ops: missing, partial: schedule };
  }
  return { ok: true, schedule };
}
