import type { Plant } from '@aethercore/core';
import type { Job, Machine, Operation, SchedulingProblem } from '@aethercore/planning';
import { workingIntervals } from './calendar.ts';
import { lineSequence, type LineState, type PlanOrder } from './line-state.ts';
import { completeKitReleases } from './material-release.ts';

export interface PlanModelOptions {
  /**
   * Parts per transfer lot (lot streaming, Potts & Baker 1989): a lot moves to the next station
   * when it is complete. Smaller lots follow the one-piece flow of the line more closely and make
   * the model larger; 10 keeps a 16-hour horizon near 1,000 operations.
   */
  readonly lotSize: number;
  /** Orders are planned, in the line's release order, until their bottleneck load passes this. */
  readonly horizonMs: number;
}

/** What one planned operation stands for on the line. */
export interface PlanOpInfo {
  readonly order: string;
  readonly lot: number;
  readonly quantity: number;
  readonly station: string;
  /** A lot of parts already in the line (released before the plan): it skips the feeding step. */
  readonly wip: boolean;
}

export interface PlanModel {
  readonly problem: SchedulingProblem;
  /** Problem time 0 (seconds are the unit), ms since epoch: the re-planning instant. */
  readonly epochMs: number;
  /** Job index → order. */
  readonly orders: readonly PlanOrder[];
  readonly ops: ReadonlyMap<string, PlanOpInfo>;
  /** Complete-kit release per order id, ms. */
  readonly releases: ReadonlyMap<string, number>;
}

/** The operations of one order as a DAG over lots × routing steps, with predecessors by index. */
export interface OrderOperations {
  readonly ops: readonly {
    readonly machine: number;
    readonly duration: number;
    readonly predecessors: readonly number[];
    readonly info: PlanOpInfo;
  }[];
}

const toS = (ms: number, epochMs: number): number => Math.round((ms - epochMs) / 1000);

export function orderOperations(plant: Plant, o: PlanOrder, lotSize: number): OrderOperations {
  const variant = plant.products.find((p) => p.id === o.product)?.variants.find((v) => v.id === o.variant);
  const routing = plant.routings.find((r) => r.id === variant?.routing);
  if (routing === undefined) return { ops: [] };
  const stationIndex = new Map(plant.stations.map((s, i) => [s.id, i] as const));
  const lots: { qty: number; wip: boolean }[] = [];
  for (let left = o.wip; left > 0; left -= lotSize) lots.push({ qty: Math.min(lotSize, left), wip: true });
  for (let left = o.toRelease; left > 0; left -= lotSize)
    lots.push({ qty: Math.min(lotSize, left), wip: false });
  const ops: { machine: number; duration: number; predecessors: number[]; info: PlanOpInfo }[] = [];
  const at = new Map<string, number>(); // `${lot}/${step}` → op index
  lots.forEach((lot, k) => {
    for (const step of routing.steps) {
      if (lot.wip && step.after.length === 0) continue;
      const machine = stationIndex.get(step.station);
      const station = plant.stations[machine ?? -1];
      if (machine === undefined || station === undefined) continue;
      const predecessors: number[] = [];
      for (const a of step.after) {
        const p = at.get(`${k}/${a}`);
        if (p !== undefined) predecessors.push(p);
      }
      const prevLot = at.get(`${k - 1}/${step.id}`);
      if (prevLot !== undefined) predecessors.push(prevLot);
      at.set(`${k}/${step.id}`, ops.length);
      ops.push({
        machine,
        duration: Math.max(1, Math.round(lot.qty * (step.cycleTimeS ?? station.cycleTimeS))),
        predecessors,
        info: { order: o.id, lot: k, quantity: lot.qty, station: station.id, wip: lot.wip },
      });
    }
  });
  return { ops };
}

/** Seconds one part of the order holds the line's bottleneck (its slowest routing step). */
function bottleneckS(plant: Plant, o: PlanOrder): number {
  const variant = plant.products.find((p) => p.id === o.product)?.variants.find((v) => v.id === o.variant);
  const routing = plant.routings.find((r) => r.id === variant?.routing);
  let worst = 0;
  for (const s of routing?.steps ?? [])
    worst = Math.max(worst, s.cycleTimeS ?? plant.stations.find((x) => x.id === s.station)?.cycleTimeS ?? 0);
  return worst;
}

/** Which orders the plan covers: the line's release order, until the horizon's bottleneck load is reached. */
export function ordersInHorizon(plant: Plant, state: LineState, horizonMs: number): PlanOrder[] {
  const out: PlanOrder[] = [];
  let loadMs = 0;
  for (const o of lineSequence(state.orders)) {
    if (o.toRelease + o.wip === 0) continue;
    if (out.length > 0 && loadMs >= horizonMs && o.toRelease > 0) continue;
    out.push(o);
    loadMs += (o.toRelease + o.wip) * bottleneckS(plant, o) * 1000;
  }
  return out;
}

/**
 * The scheduling problem of the line from now on: one job per open order, one machine per
 * station with the shift calendar as windows and running breakdowns as downtimes, releases by
 * the complete-kit rule. Times are seconds from `epochMs` (= now), so history is empty and the
 * frozen horizon of the re-planner holds what is about to start.
 */
export function buildPlanModel(
  plant: Plant,
  state: LineState,
  opts: PlanModelOptions,
  only?: readonly string[],
): PlanModel {
  const epochMs = state.nowMs;
  const chosen =
    only === undefined
      ? ordersInHorizon(plant, state, opts.horizonMs)
      : lineSequence(state.orders.filter((o) => only.includes(o.id)));
  const spanEnd = epochMs + 4 * opts.horizonMs + 3 * 86_400_000;
  const releases = completeKitReleases(plant, state, lineSequence(state.orders), spanEnd);
  // A week of calendar beyond the supply horizon: an order whose kit is not complete by then starts
  // at the horizon (release = spanEnd) and must still fit, weekends included.
  const windows = workingIntervals(plant, epochMs, spanEnd + 7 * 86_400_000).map((w) => ({
    start: Math.max(0, toS(w.start, epochMs)),
    end: toS(w.end, epochMs),
  }));
  const machines: Machine[] = plant.stations.map((s, id) => {
    const downtimes = state.down
      .filter((d) => d.station === s.id && d.untilMs > epochMs)
      .map((d) => ({
        start: Math.max(0, toS(d.fromMs, epochMs)),
        end: Math.max(1, toS(d.untilMs, epochMs)),
        reason: d.reason,
      }));
    return {
      id,
      name: s.id,
      windows,
      ...(downtimes.length > 0 ? { downtimes } : {}),
      powerKW: s.energy.producingKW,
    };
  });
  const jobs: Job[] = [];
  const operations: Operation[] = [];
  const info = new Map<string, PlanOpInfo>();
  chosen.forEach((o, job) => {
    jobs.push({
      id: job,
      name: o.id,
      weight: 1,
      release: Math.max(0, toS(releases.get(o.id) ?? epochMs, epochMs)),
      due: toS(o.dueAt, epochMs),
    });
    orderOperations(plant, o, opts.lotSize).ops.forEach((op, index) => {
      const id = `${job}.${index}`;
      operations.push({
        id,
        job,
        index,
        alternatives: [{ machine: op.machine, duration: op.duration }],
        predecessors: op.predecessors.map((p) => `${job}.${p}`),
      });
      info.set(id, op.info);
    });
  });
  return {
    problem: { name: `${plant.id} from ${epochMs}`, jobs, machines, operations, timeUnitS: 1 },
    epochMs,
    orders: chosen,
    ops: info,
    releases,
  };
}
