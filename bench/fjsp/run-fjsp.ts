/**
 * The core of the flexible job-shop benchmark (B2), separate from the CLI wrapper so that the
 * smoke test can call it on a fixture: for each instance, every dispatching rule (the baseline)
 * and the tabu search under a wall-clock limit, side by side in the same run; every schedule
 * passes the independent validator.
 */
import {
  DISPATCH_RULES,
  dispatch,
  fromFlexibleJobShop,
  makespanOf,
  parseFlexibleJobShop,
  solveFlexibleJobShop,
  validateSchedule,
  type DispatchRule,
} from '@aethercore/planning';

export interface FjspCase {
  readonly name: string;
  readonly text: string;
  /** Best-known upper bound (bks.json), when known. */
  readonly bks?: number;
}

export interface FjspRow {
  readonly instance: string;
  readonly size: string;
  readonly bks: number | null;
  readonly rules: Readonly<Record<DispatchRule, number>>;
  readonly bestRule: DispatchRule;
  readonly ruleMakespan: number;
  readonly ruleGapPct: number | null;
  readonly makespan: number;
  readonly gapPct: number | null;
  readonly timeToBestS: number;
  readonly timeS: number;
  readonly cpuS: number;
  readonly iterations: number;
  readonly valid: boolean;
  readonly violations: number;
}

const gap = (c: number, ub: number | undefined): number | null =>
  ub === undefined ? null : (100 * (c - ub)) / ub;

/**
 * `wall`: the protocol's wall-clock limit. `cpu`: this process's CPU time, for shared machines
 * where other work steals the core (the limit then means the same amount of computing).
 */
export type BenchClock = 'wall' | 'cpu';

export function runFjspCase(
  c: FjspCase,
  timeLimitS: number,
  seed: number,
  clock: BenchClock = 'wall',
): FjspRow {
  const inst = parseFlexibleJobShop(c.text, c.name);
  const problem = fromFlexibleJobShop(inst);
  let violations = 0;
  const rules = {} as Record<DispatchRule, number>;
  let bestRule: DispatchRule = 'MWR';
  for (const rule of DISPATCH_RULES) {
    const r = dispatch(problem, { rule });
    if (!r.ok) throw new Error(`${c.name}: dispatch ${rule} failed`);
    const v = validateSchedule(problem, r.schedule);
    if (!v.ok) violations += v.violations.length;
    rules[rule] = makespanOf(r.schedule);
    if (rules[rule] < rules[bestRule]) bestRule = rule;
  }
  const t0 = performance.now();
  const end = t0 + timeLimitS * 1000;
  const cpu0 = process.cpuUsage();
  const expired =
    clock === 'wall' ? () => performance.now() >= end : () => process.cpuUsage(cpu0).user >= timeLimitS * 1e6;
  let bestAt = 0;
  const res = solveFlexibleJobShop(problem, {
    seed,
    deadline: { expired },
    onImprove: () => {
      bestAt = performance.now() - t0;
    },
  });
  const timeS = (performance.now() - t0) / 1000;
  const cpuS = process.cpuUsage(cpu0).user / 1e6;
  const v = validateSchedule(problem, res.schedule);
  if (!v.ok) violations += v.violations.length;
  const makespan = makespanOf(res.schedule);
  return {
    instance: c.name,
    size: `${inst.jobs}x${inst.machines}`,
    bks: c.bks ?? null,
    rules,
    bestRule,
    ruleMakespan: rules[bestRule],
    ruleGapPct: gap(rules[bestRule], c.bks),
    makespan,
    gapPct: gap(makespan, c.bks),
    timeToBestS: bestAt / 1000,
    timeS,
    cpuS,
    iterations: res.iterations,
    valid: v.ok,
    violations,
  };
}
