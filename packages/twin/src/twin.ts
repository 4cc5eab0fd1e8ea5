import type { NewEvent, Plant, Reading } from '@aethercore/core';
import { AetherError } from '@aethercore/core';
import { LineSimulation } from './kernel/line-simulation.ts';
import { MS_PER_DAY } from './model/calendar.ts';
import { compilePlant, type CompiledPlant } from './model/compiled-plant.ts';
import { generateDisruptions } from './scenario/disruption-generator.ts';
import { baselineDay, werkhalle4Day, WERKHALLE4_DAY_START_MS } from './scenario/werkhalle4-day.ts';
import { currentReadings } from './telemetry/readings.ts';
import type {
  Disruption,
  LineSnapshot,
  OrderSnapshot,
  Scenario,
  StationSnapshot,
  TwinCommand,
} from './types.ts';

export const SCENARIO_NAMES = ['werkhalle4-day', 'baseline', 'random-disruptions'] as const;

export interface TwinOptions {
  readonly plant: Plant;
  /** A named scenario (`werkhalle4-day`, `baseline`, `random-disruptions`) or a scripted one. */
  readonly scenario?: string | Scenario;
  readonly seed?: number;
  /** Disruptions per day for `random-disruptions` (default 3). */
  readonly disruptionsPerDay?: number;
}

export interface Twin {
  /** Sim time, ms since epoch. */
  now(): number;
  /** Runs the kernel up to simMs (inclusive) and returns the events produced on the way. */
  advanceTo(simMs: number): readonly NewEvent[];
  /** Current value of every variable in `describeAddressSpace(plant)`. */
  readings(): readonly Reading[];
  snapshot(): LineSnapshot;
  /** Batch mode for sim/bench: `advanceTo`, returning the events produced. */
  run(untilMs: number): readonly NewEvent[];
  /** Every event since the start. */
  events(): readonly NewEvent[];
  /** Applies an imperative command now (maintenance, drift correction, order priority…). */
  apply(command: TwinCommand): boolean;
  /**
   * A what-if copy at the current state ("simulate before actuate"): same plant, seed and past, by
   * deterministic replay of the scenario up to now and of every applied command. By default the copy
   * does not know the scenario's future disruptions (a what-if must not be clairvoyant).
   */
  fork(options?: { readonly keepFutureDisruptions?: boolean }): Twin;
  /** The scenario being run, including its (hidden) disruptions: ground truth for evaluation. */
  readonly scenario: Scenario;
  readonly plant: Plant;
}

/** Resolves a scenario name for a plant; random disruptions cover 24 h from the seed day's start. */
export function resolveScenario(
  plant: Plant,
  scenario: string | Scenario,
  seed: number,
  perDay?: number,
): Scenario {
  if (typeof scenario !== 'string') return scenario;
  switch (scenario) {
    case 'werkhalle4-day':
      return werkhalle4Day(plant);
    case 'baseline':
      return baselineDay();
    case 'random-disruptions': {
      const disruptions: Disruption[] = generateDisruptions(plant, seed, {
        startMs: WERKHALLE4_DAY_START_MS,
        durationMs: MS_PER_DAY,
        ...(perDay === undefined ? {} : { perDay }),
      });
      return {
        name: 'random-disruptions',
        description: `Seeded random disruptions (seed ${seed})`,
        startMs: WERKHALLE4_DAY_START_MS,
        disruptions,
      };
    }
    default:
      throw new AetherError({
        code: 'twin.scenario-unknown',
        message: `unknown scenario "${scenario}"`,
        hint: `use one of: ${SCENARIO_NAMES.join(', ')}`,
      });
  }
}

/**
 * Creates a digital twin of the plant, positioned at the scenario's start. Cheap: it compiles the
 * plant and queues the first events; nothing runs until `advanceTo`/`run`.
 * @example const twin = createTwin({ plant, scenario: 'werkhalle4-day', seed: 42 }); twin.run(twin.now() + 8 * 3600_000);
 */
export function createTwin(opts: TwinOptions): Twin {
  const seed = opts.seed ?? 42;
  const scenario = resolveScenario(
    opts.plant,
    opts.scenario ?? 'werkhalle4-day',
    seed,
    opts.disruptionsPerDay,
  );
  return build(opts.plant, scenario, seed, compilePlant(opts.plant));
}

function build(plant: Plant, scenario: Scenario, seed: number, cp: CompiledPlant): Twin {
  const sim = new LineSimulation(cp, scenario, seed);
  let emitted = 0;
  const applied: { atMs: number; command: TwinCommand }[] = [];
  const advanceTo = (simMs: number): readonly NewEvent[] => {
    if (!Number.isFinite(simMs))
      throw new AetherError({
        code: 'twin.time-invalid',
        message: `cannot advance to ${simMs}`,
        hint: 'pass a finite sim time in ms since epoch',
      });
    sim.advanceTo(simMs);
    const out = sim.log.slice(emitted);
    emitted = sim.log.length;
    return out;
  };
  const twin: Twin = {
    scenario,
    plant,
    now: () => sim.now,
    advanceTo,
    run: advanceTo,
    readings: () => currentReadings(sim, cp),
    snapshot: () => snapshot(sim, cp),
    events: () => sim.log,
    apply: (command) => {
      applied.push({ atMs: sim.now, command });
      return sim.command(command);
    },
    fork: (options) => {
      const now = sim.now;
      const known =
        options?.keepFutureDisruptions === true
          ? scenario
          : { ...scenario, disruptions: scenario.disruptions.filter((d) => d.atMs <= now) };
      const copy = build(plant, known, seed, cp);
      for (const a of applied) {
        copy.advanceTo(a.atMs);
        copy.apply(a.command);
      }
      copy.advanceTo(now);
      return copy;
    },
  };
  return twin;
}

function snapshot(sim: LineSimulation, cp: CompiledPlant): LineSnapshot {
  const stations: Record<string, StationSnapshot> = {};
  let wip = 0;
  for (let s = 0; s < cp.n; s++) {
    const info = sim.partInfo(s);
    if (info !== undefined) wip++;
    const worker = sim.staffedBy[s];
    const reason = sim.reason[s];
    stations[cp.stationIds[s] as string] = {
      state: sim.stateName(s),
      ...(reason === undefined ? {} : { reason }),
      partsProduced: sim.produced[s] as number,
      energyKWh: sim.energyAt(s),
      inputBufferLevel: s === 0 ? 0 : (sim.bufCount[s - 1] as number),
      inputBufferCapacity: s === 0 ? 0 : (cp.bufferCap[s - 1] as number),
      ...(info === undefined ? {} : { currentOrder: info.order, currentVariant: info.variant }),
      ...(worker === undefined ? {} : { worker }),
      speedFactor: sim.speed[s] as number,
      ...(cp.stations[s]?.thermal === undefined ? {} : { thermalDriftK: sim.driftK(s) }),
    };
  }
  const buffers: Record<string, { level: number; capacity: number }> = {};
  cp.bufferIds.forEach((id, i) => {
    buffers[id] = { level: sim.bufCount[i] as number, capacity: cp.bufferCap[i] as number };
    wip += sim.bufCount[i] as number;
  });
  const orders: OrderSnapshot[] = sim.orders.map((o) => ({
    id: o.id,
    variant: o.variantName,
    quantity: o.quantity,
    released: o.released,
    good: o.good,
    scrapped: o.scrapped,
    dueAt: o.dueAt,
    priority: o.priority,
    status: o.cancelled ? 'cancelled' : o.completed ? 'completed' : o.released > 0 ? 'in-progress' : 'open',
  }));
  let energy = 0;
  for (let s = 0; s < cp.n; s++) energy += sim.energyAt(s);
  return {
    time: sim.now,
    plant: cp.plant.id,
    shifts: sim.activeShifts.map((i) => cp.plant.shiftCalendar.shifts[i]?.id ?? String(i)),
    stations,
    buffers,
    stock: Object.fromEntries(cp.materialIds.map((m, i) => [m, sim.stock[i] as number])),
    orders,
    line: {
      released: sim.released,
      goodParts: sim.good,
      scrapped: sim.scrapped,
      reworked: sim.reworked,
      wip,
      energyKWh: energy,
    },
  };
}
