/**
 * The core of the re-plan latency benchmark (B7): one base plan, then N seeded disruption events,
 * each re-planned from the base plan; latency = event in → validated plan out (the re-planner
 * validates internally). Right shift alone is run side by side as the baseline.
 */
import { createRandom, type Deadline } from '@aethercore/core';
import {
  dispatch,
  evaluate,
  replan,
  validateSchedule,
  type ReplanEvent,
  type Schedule,
  type SchedulingProblem,
} from '@aethercore/planning';
import { quantile } from '../lib/stats.ts';

export interface ReplanBenchOptions {
  readonly events: number;
  readonly seed: number;
  /** Improvement budget per event (ms); the repair itself always completes. */
  readonly budgetMs: number;
  /** Frozen horizon in seconds. */
  readonly frozenHorizon: number;
  readonly onEvent?: (i: number) => void;
}

export interface ReplanBenchResult {
  readonly line: string;
  readonly machines: number;
  readonly operations: number;
  readonly meanOpenOps: number;
  readonly events: number;
  readonly failures: number;
  readonly invalid: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  /** The same latencies in this process's CPU time (the machine is shared; wall time includes waiting). */
  readonly cpuP50Ms: number;
  readonly cpuP95Ms: number;
  readonly meanMoved: number;
  readonly meanShiftS: number;
  readonly meanTwtRightShift: number;
  readonly meanTwtReplan: number;
  readonly byKind: Readonly<Record<string, { count: number; p95Ms: number }>>;
  readonly methods: Readonly<Record<string, number>>;
}

const KINDS: ReplanEvent['kind'][] = [
  'machine-down',
  'material-late',
  'order-cancelled',
  'rush-order',
  'processing-time-changed',
  'worker-absent',
];

export function basePlan(p: SchedulingProblem): Schedule {
  const r = dispatch(p, { rule: 'ATC' });
  if (!r.ok) throw new Error(`base plan of ${p.name} failed: ${r.ops.length} operations unplaceable`);
  return r.schedule;
}

export function makeEvent(
  p: SchedulingProblem,
  s: Schedule,
  seed: number,
  i: number,
): { now: number; event: ReplanEvent } {
  const r = createRandom(seed * 1_000_003 + i);
  const makespan = Math.max(...s.assignments.map((a) => a.end));
  const now = Math.round(r.next() * 0.3 * makespan);
  const kind = KINDS[i % KINDS.length]!;
  const open = s.assignments.filter((a) => a.end > now);
  switch (kind) {
    case 'machine-down': {
      const a = open[r.int(0, open.length - 1)];
      const start = now + r.int(0, 1800);
      return { now, event: { kind, machine: a?.machine ?? 0, start, end: start + 60 * r.int(15, 240) } };
    }
    case 'material-late':
      return { now, event: { kind, job: r.int(0, p.jobs.length - 1), release: now + 60 * r.int(30, 240) } };
    case 'order-cancelled':
      return { now, event: { kind, job: r.int(0, p.jobs.length - 1) } };
    case 'rush-order': {
      const template = p.operations.filter((o) => o.job === r.int(0, p.jobs.length - 1));
      return {
        now,
        event: {
          kind,
          order: {
            name: `RUSH-${i}`,
            weight: 5,
            due: now + 6 * 3600,
            operations: (template.length > 0 ? template : p.operations.slice(0, 3)).map((o) => ({
              alternatives: o.alternatives,
              ...(o.setupFamily === undefined ? {} : { setupFamily: o.setupFamily }),
            })),
          },
        },
      };
    }
    case 'processing-time-changed': {
      const a = open[r.int(0, open.length - 1)]!;
      return { now, event: { kind, op: a.op, duration: Math.round((a.end - a.start) * (1.2 + r.next())) } };
    }
    case 'worker-absent': {
      const ws = p.workers ?? [];
      const w = ws[r.int(0, ws.length - 1)];
      if (w === undefined) return { now, event: { kind: 'material-late', job: 0, release: now } };
      return { now, event: { kind, worker: w.id, start: now, end: now + 8 * 3600 } };
    }
  }
}

const wallDeadline = (ms: number): Deadline => {
  const end = performance.now() + ms;
  return { expired: () => performance.now() >= end };
};

export function runReplanBench(problem: SchedulingProblem, o: ReplanBenchOptions): ReplanBenchResult {
  const base = basePlan(problem);
  const lat: number[] = [];
  const cpu: number[] = [];
  const byKind = new Map<string, number[]>();
  const methods: Record<string, number> = {};
  let failures = 0;
  let invalid = 0;
  let moved = 0;
  let shift = 0;
  let open = 0;
  let twtRs = 0;
  let twtRp = 0;
  let ok = 0;
  for (let i = 0; i < o.events; i++) {
    const { now, event } = makeEvent(problem, base, o.seed, i);
    open += base.assignments.filter((a) => a.start >= now).length;
    const state = { problem, now, frozenHorizon: o.frozenHorizon };
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = replan(base, state, event, { seed: o.seed + i, deadline: wallDeadline(o.budgetMs) });
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    lat.push(ms);
    cpu.push((c.user + c.system) / 1000);
    byKind.set(event.kind, [...(byKind.get(event.kind) ?? []), ms]);
    o.onEvent?.(i + 1);
    if (!r.ok) {
      failures++;
      continue;
    }
    // Belt and braces: validate again outside the timed region.
    if (!validateSchedule(r.problem, r.schedule, { frozenBefore: now, previous: base }).ok) invalid++;
    methods[r.method] = (methods[r.method] ?? 0) + 1;
    moved += r.stability.moved;
    shift += r.stability.meanShift;
    // Baseline: right shift alone, side by side.
    const rs = replan(base, state, event, { seed: o.seed + i, strategy: 'right-shift' });
    if (rs.ok) {
      ok++;
      twtRs += evaluate(rs.problem, rs.schedule).totalWeightedTardiness;
      twtRp += r.after.totalWeightedTardiness;
    }
  }
  const done = o.events - failures;
  return {
    line: problem.name,
    machines: problem.machines.length,
    operations: problem.operations.length,
    meanOpenOps: open / o.events,
    events: o.events,
    failures,
    invalid,
    p50Ms: quantile(lat, 0.5),
    p95Ms: quantile(lat, 0.95),
    maxMs: Math.max(...lat),
    cpuP50Ms: quantile(cpu, 0.5),
    cpuP95Ms: quantile(cpu, 0.95),
    meanMoved: done > 0 ? moved / done : 0,
    meanShiftS: done > 0 ? shift / done : 0,
    meanTwtRightShift: ok > 0 ? twtRs / ok : 0,
    meanTwtReplan: ok > 0 ? twtRp / ok : 0,
    byKind: Object.fromEntries(
      [...byKind].map(([k, v]) => [k, { count: v.length, p95Ms: quantile(v, 0.95) }]),
    ),
    methods,
  };
}
