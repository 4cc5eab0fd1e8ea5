import type { Plant } from '@aethercore/core';
import { evaluate, type Schedule, type SchedulingProblem } from '@aethercore/planning';
import type { PlanModel, PlanOpInfo } from './plan-model.ts';

/** One planned lot operation on a station, in ms since epoch (the Gantt bar). */
export interface PlannedOperation {
  readonly order: string;
  readonly lot: number;
  readonly quantity: number;
  readonly station: string;
  readonly start: number;
  readonly end: number;
  readonly wip: boolean;
}

export interface PlannedOrder {
  readonly id: string;
  readonly variant: string;
  readonly quantity: number;
  readonly dueAt: number;
  /** Complete-kit release (ms). */
  readonly release: number;
  /** Planned completion of the order's last lot (ms). */
  readonly completion?: number;
  readonly tardinessMin: number;
  /** Position in the planned release sequence (0 = next). */
  readonly sequence: number;
}

/** The current plan as data: what `/api/plan` serves and the dashboard draws. */
export interface PlanView {
  /** When the plan was made (sim ms) and why. */
  readonly builtAt: number;
  readonly reason: 'initial' | 'refresh' | 'replan';
  readonly stations: readonly string[];
  readonly orders: readonly PlannedOrder[];
  readonly operations: readonly PlannedOperation[];
  readonly kpis: {
    /** Planned end of the last operation (ms). */
    readonly makespanAt: number;
    readonly tardyOrders: number;
    readonly totalTardinessMin: number;
  };
  /** The independent validator accepted the schedule. */
  readonly valid: boolean;
  readonly lotSize: number;
}

/** Order ids in the planned release sequence: by the start of each order's first lot. */
export function plannedSequence(
  problem: SchedulingProblem,
  schedule: Schedule,
  ops: ReadonlyMap<string, PlanOpInfo>,
): string[] {
  const first = new Map<number, number>();
  for (const a of schedule.assignments) {
    if (ops.get(a.op)?.wip === true) continue;
    first.set(a.job, Math.min(first.get(a.job) ?? Number.POSITIVE_INFINITY, a.start));
  }
  // Orders with only parts in the line left come first: they are released already.
  for (const a of schedule.assignments) if (!first.has(a.job)) first.set(a.job, Number.NEGATIVE_INFINITY);
  return [...first.entries()]
    .sort((x, y) => x[1] - y[1] || x[0] - y[0])
    .map(([job]) => problem.jobs[job]?.name ?? String(job));
}

export function planView(
  plant: Plant,
  model: PlanModel,
  problem: SchedulingProblem,
  schedule: Schedule,
  ops: ReadonlyMap<string, PlanOpInfo>,
  meta: {
    readonly builtAt: number;
    readonly reason: PlanView['reason'];
    readonly valid: boolean;
    readonly lotSize: number;
    readonly orders: readonly {
      readonly id: string;
      readonly variant: string;
      readonly quantity: number;
      readonly dueAt: number;
    }[];
  },
): PlanView {
  const ms = (s: number): number => model.epochMs + s * 1000;
  const k = evaluate(problem, schedule);
  const sequence = plannedSequence(problem, schedule, ops);
  const orders: PlannedOrder[] = [];
  let total = 0;
  problem.jobs.forEach((j, i) => {
    const id = j.name ?? String(i);
    const o = meta.orders.find((x) => x.id === id);
    const c = k.completion[i];
    if (o === undefined || c === undefined) return;
    const tardinessMin = Math.max(0, Math.round((ms(c) - o.dueAt) / 60_000));
    total += tardinessMin;
    orders.push({
      id,
      variant: o.variant,
      quantity: o.quantity,
      dueAt: o.dueAt,
      release: model.epochMs + j.release * 1000,
      completion: ms(c),
      tardinessMin,
      sequence: sequence.indexOf(id),
    });
  });
  const operations: PlannedOperation[] = [];
  for (const a of schedule.assignments) {
    const info = ops.get(a.op);
    if (info === undefined) continue;
    operations.push({
      order: info.order,
      lot: info.lot,
      quantity: info.quantity,
      station: info.station,
      start: ms(a.start),
      end: ms(a.end),
      wip: info.wip,
    });
  }
  operations.sort((a, b) => a.start - b.start || a.station.localeCompare(b.station));
  return {
    builtAt: meta.builtAt,
    reason: meta.reason,
    stations: plant.stations.map((s) => s.id),
    orders: orders.sort((a, b) => a.sequence - b.sequence),
    operations,
    kpis: {
      makespanAt: ms(k.makespan),
      tardyOrders: orders.filter((o) => o.tardinessMin > 0).length,
      totalTardinessMin: total,
    },
    valid: meta.valid,
    lotSize: meta.lotSize,
  };
}
