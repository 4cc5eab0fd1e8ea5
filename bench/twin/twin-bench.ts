// B6 twin throughput: simulated 8-hour shifts of a 20-station line per minute on one core.
import type { Plant } from '@aethercore/core';
import { computeKpis, createTwin, hashEventLog } from '@aethercore/twin';
import { median, quantile } from '../lib/stats.ts';

export interface TwinBenchOptions {
  readonly plant: Plant;
  /** Shift-scenarios per repetition. */
  readonly shifts: number;
  readonly repeats: number;
  readonly seed: number;
  readonly shiftHours?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface TwinBenchRepeat {
  readonly shifts: number;
  readonly seconds: number;
  readonly events: number;
  readonly shiftsPerMin: number;
  readonly eventsPerS: number;
  /** CPU seconds of this process (user + system; includes GC and JIT threads, so conservative). */
  readonly cpuSeconds: number;
  /** Shifts per CPU-minute: the fair figure on a shared machine, where wall time includes waiting for a core. */
  readonly shiftsPerCpuMin: number;
}

export interface TwinBenchResult {
  readonly stations: number;
  readonly shiftHours: number;
  readonly scenario: string;
  readonly repeats: readonly TwinBenchRepeat[];
  readonly medianShiftsPerMin: number;
  readonly medianEventsPerS: number;
  readonly medianShiftsPerCpuMin: number;
  readonly msPerShiftMedian: number;
  readonly msPerShiftP95: number;
  readonly eventsPerShiftMean: number;
  readonly createTwinMsCold: number;
  readonly goodPartsPerShiftMean: number;
  readonly oeeMean: number;
  /** Hash of the first shift's event log: the run is deterministic, so this repeats across runs. */
  readonly firstShiftHash: string;
}

/**
 * Runs `repeats` repetitions of `shifts` seeded shift-scenarios each (random disruptions, seed + i),
 * after one untimed warm-up repetition (JIT). Every figure is computed from this run.
 */
export function runTwinBench(o: TwinBenchOptions): TwinBenchResult {
  const hours = o.shiftHours ?? 8;
  const shiftMs = hours * 3_600_000;
  const t0 = performance.now();
  const probe = createTwin({ plant: o.plant, scenario: 'random-disruptions', seed: o.seed });
  const createTwinMsCold = performance.now() - t0;
  const firstEvents = probe.run(probe.now() + shiftMs);
  const firstShiftHash = hashEventLog(firstEvents);
  const k = computeKpis(firstEvents, o.plant, {
    fromMs: probe.scenario.startMs,
    toMs: probe.scenario.startMs + shiftMs,
  });

  const one = (i: number): { ms: number; events: number; good: number } => {
    const s = performance.now();
    const twin = createTwin({ plant: o.plant, scenario: 'random-disruptions', seed: o.seed + i });
    const ev = twin.run(twin.now() + shiftMs);
    const ms = performance.now() - s;
    let good = 0;
    for (const e of ev) if (e.type === 'PartCompleted') good++;
    return { ms, events: ev.length, good };
  };
  for (let i = 0; i < Math.min(o.shifts, 20); i++) one(i); // warm-up
  const repeats: TwinBenchRepeat[] = [];
  const perShift: number[] = [];
  let events = 0;
  let good = 0;
  let n = 0;
  const total = o.shifts * o.repeats;
  for (let r = 0; r < o.repeats; r++) {
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    let ev = 0;
    for (let i = 0; i < o.shifts; i++) {
      const x = one(r * o.shifts + i);
      perShift.push(x.ms);
      ev += x.events;
      good += x.good;
      n++;
      o.onProgress?.(n, total);
    }
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    events += ev;
    repeats.push({
      shifts: o.shifts,
      seconds,
      events: ev,
      shiftsPerMin: (o.shifts / seconds) * 60,
      eventsPerS: ev / seconds,
      cpuSeconds,
      shiftsPerCpuMin: (o.shifts / cpuSeconds) * 60,
    });
  }
  return {
    stations: o.plant.stations.length,
    shiftHours: hours,
    scenario: 'random-disruptions',
    repeats,
    medianShiftsPerMin: median(repeats.map((r) => r.shiftsPerMin)),
    medianEventsPerS: median(repeats.map((r) => r.eventsPerS)),
    medianShiftsPerCpuMin: median(repeats.map((r) => r.shiftsPerCpuMin)),
    msPerShiftMedian: median(perShift),
    msPerShiftP95: quantile(perShift, 0.95),
    eventsPerShiftMean: events / Math.max(1, n),
    createTwinMsCold,
    goodPartsPerShiftMean: good / Math.max(1, n),
    oeeMean: k.line.oee,
    firstShiftHash,
  };
}
