/**
 * `solveFlexibleJobShop`: best dispatching rule as the start, then tabu search on machine
 * assignment and sequencing (see tabu-search.ts). Anytime: it returns the best schedule found
 * when the deadline expires or the iteration budget is spent.
 */
import { createRandom, neverExpires, type Deadline } from '@aethercore/core';
import { DISPATCH_RULES, dispatch } from '../dispatch/dispatch.ts';
import type { FlexibleJobShopInstance } from '../io/instances.ts';
import { assertValidProblem } from '../model/check-problem.ts';
import { fromFlexibleJobShop } from '../model/from-instances.ts';
import type { SchedulingProblem } from '../model/problem.ts';
import type { Assignment, Schedule } from '../model/schedule.ts';
import { compile, type CompiledProblem } from './compiled-problem.ts';
import { Decoder, type Solution } from './decode.ts';
import { tabuSearch } from './tabu-search.ts';

export interface FjspOptions {
  readonly deadline?: Deadline;
  readonly seed?: number;
  readonly maxIterations?: number;
  readonly onImprove?: (makespan: number, iteration: number) => void;
}

export interface FjspResult {
  readonly schedule: Schedule;
  readonly makespan: number;
  /** Makespan of the best dispatching rule, the starting point. */
  readonly initialMakespan: number;
  readonly initialRule: string;
  readonly iterations: number;
  readonly bestIteration: number;
  /** 'tabu', or 'dispatch' when the search found nothing better than the best dispatching rule. */
  readonly method: 'tabu' | 'dispatch';
}

/** Read a schedule back into the solver representation (machine choice + order by start). */
export function solutionFromSchedule(c: CompiledProblem, s: Schedule): Solution {
  const alt = new Int32Array(c.n);
  const seq: { v: number; start: number; end: number }[][] = Array.from({ length: c.machines }, () => []);
  for (const a of s.assignments) {
    const v = c.indexOf.get(a.op);
    if (v === undefined) continue;
    const k = c.altMachine[v]!.indexOf(a.machine);
    alt[v] = Math.max(0, k);
    seq[a.machine]?.push({ v, start: a.start, end: a.end });
  }
  return { alt, seq: seq.map((q) => q.sort((x, y) => x.start - y.start || x.end - y.end).map((x) => x.v)) };
}

export function scheduleFromDecoder(c: CompiledProblem, d: Decoder, s: Solution): Schedule {
  const assignments: Assignment[] = [];
  c.problem.operations.forEach((o, v) => {
    assignments.push({
      op: o.id,
      job: o.job,
      index: o.index,
      machine: c.altMachine[v]![s.alt[v]!]!,
      start: d.start[v]!,
      end: d.end[v]!,
      ...(d.worker[v]! >= 0 ? { worker: c.workerIds[d.worker[v]!]! } : {}),
    });
  });
  return { assignments };
}

export function solveFlexibleJobShop(
  input: SchedulingProblem | FlexibleJobShopInstance,
  opts: FjspOptions = {},
): FjspResult {
  const problem = 'operations' in input ? input : fromFlexibleJobShop(input);
  assertValidProblem(problem);
  let initial: Schedule | undefined;
  let initialMs = Infinity;
  let initialRule = '';
  for (const rule of DISPATCH_RULES) {
    const r = dispatch(problem, { rule });
    if (!r.ok) continue;
    const ms = r.schedule.assignments.reduce((m, a) => Math.max(m, a.end), 0);
    if (ms < initialMs) {
      initialMs = ms;
      initial = r.schedule;
      initialRule = rule;
    }
  }
  if (initial === undefined) {
    return {
      schedule: { assignments: [] },
      makespan: Infinity,
      initialMakespan: Infinity,
      initialRule: 'none',
      iterations: 0,
      bestIteration: 0,
      method: 'dispatch',
    };
  }
  const c = compile(problem);
  const start = solutionFromSchedule(c, initial);
  const ts = tabuSearch(c, start, {
    random: createRandom(opts.seed ?? 1),
    deadline: opts.deadline ?? neverExpires,
    ...(opts.maxIterations === undefined ? {} : { maxIterations: opts.maxIterations }),
    ...(opts.onImprove === undefined ? {} : { onImprove: opts.onImprove }),
  });
  const d = new Decoder(c);
  const ms = d.run(ts.best);
  if (ms === Infinity || ms > initialMs) {
    return {
      schedule: initial,
      makespan: initialMs,
      initialMakespan: initialMs,
      initialRule,
      iterations: ts.iterations,
      bestIteration: 0,
      method: 'dispatch',
    };
  }
  return {
    schedule: scheduleFromDecoder(c, d, ts.best),
    makespan: ms,
    initialMakespan: initialMs,
    initialRule,
    iterations: ts.iterations,
    bestIteration: ts.bestIteration,
    method: 'tabu',
  };
}
