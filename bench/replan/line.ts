/**
 * Seeded synthetic lines for the re-plan benchmark (B7): stages of parallel machines (a flexible
 * flow line like Werkhalle 4's chained assembly), orders routed through the stages, a shift
 * calendar (06–22 h regular, 22–06 h overtime), machine power, setup families on the first stage,
 * and qualified workers for welding and testing. Times in seconds.
 */
import { createRandom, type Random } from '@aethercore/core';
import type { Machine, Operation, SchedulingProblem, TimeWindow, Worker } from '@aethercore/planning';

export interface LineSpec {
  readonly name: string;
  readonly stages: number;
  readonly machinesPerStage: number;
  readonly orders: number;
  readonly seed: number;
  /** Fraction of operations that need a qualified worker. */
  readonly staffed?: number;
  readonly workers?: number;
  /** Due date = release + work × factor, factor uniform in [lo, hi]. */
  readonly dueFactor?: readonly [number, number];
}

export const DEMO_LINE: LineSpec = {
  name: 'demo-line',
  stages: 5,
  machinesPerStage: 3,
  orders: 30,
  seed: 4,
  staffed: 0.2,
  workers: 6,
};
// 115 orders × 10 stages = 1,150 operations, so that about 1,000 are still open at the event.
export const LARGE_LINE: LineSpec = {
  name: 'large-line',
  stages: 20,
  machinesPerStage: 5,
  orders: 115,
  seed: 100,
  staffed: 0.1,
  workers: 20,
  dueFactor: [1.5, 3],
};

const H = 3600;
const DAYS = 30;

function calendar(): TimeWindow[] {
  const w: TimeWindow[] = [];
  for (let d = 0; d < DAYS; d++) {
    w.push({ start: d * 24 * H, end: d * 24 * H + 16 * H });
    w.push({ start: d * 24 * H + 16 * H, end: (d + 1) * 24 * H, overtime: true });
  }
  return w;
}

function dur(r: Random): number {
  return 60 * r.int(5, 30);
}

export function makeLine(spec: LineSpec): SchedulingProblem {
  const r = createRandom(spec.seed);
  const cal = calendar();
  const machines: Machine[] = [];
  for (let s = 0; s < spec.stages; s++) {
    for (let k = 0; k < spec.machinesPerStage; k++) {
      machines.push({
        id: machines.length,
        name: `S${s + 1}-M${k + 1}`,
        windows: cal,
        powerKW: r.int(3, 40),
        ...(s === 0 ? { setupTimes: { A: { B: 600 }, B: { A: 900 } } } : {}),
      });
    }
  }
  const operations: Operation[] = [];
  const jobs = [];
  // Each order visits every stage of its own segment of the line (orders of the large line use
  // 10 consecutive stages), so the open operations are orders × stages visited.
  const visit = Math.min(spec.stages, 10);
  const [lo, hi] = spec.dueFactor ?? [2, 6];
  for (let j = 0; j < spec.orders; j++) {
    const first = spec.stages === visit ? 0 : r.int(0, spec.stages - visit);
    let work = 0;
    for (let k = 0; k < visit; k++) {
      const stage = first + k;
      const base = dur(r);
      const alts = Array.from({ length: spec.machinesPerStage }, (_, m) => ({
        machine: stage * spec.machinesPerStage + m,
        duration: Math.round((base * (0.8 + 0.4 * r.next())) / 60) * 60,
      }));
      work += base;
      const staffed = r.next() < (spec.staffed ?? 0);
      operations.push({
        id: `${j}.${k}`,
        job: j,
        index: k,
        alternatives: alts,
        predecessors: k === 0 ? [] : [`${j}.${k - 1}`],
        ...(staffed ? { qualification: r.next() < 0.5 ? 'weld' : 'test' } : {}),
        ...(stage === 0 ? { setupFamily: r.next() < 0.5 ? 'A' : 'B' } : {}),
      });
    }
    const release = r.int(0, 8) * H;
    jobs.push({
      id: j,
      name: `WO-${4711 + j}`,
      weight: r.int(1, 3),
      release,
      due: release + Math.round(work * (lo + (hi - lo) * r.next())),
    });
  }
  const workers: Worker[] = Array.from({ length: spec.workers ?? 0 }, (_, i) => ({
    id: `worker-${i + 1}`,
    qualifications: i % 3 === 0 ? ['weld', 'test'] : i % 3 === 1 ? ['weld'] : ['test'],
    shifts: cal,
  }));
  return { name: spec.name, jobs, machines, operations, workers, timeUnitS: 1 };
}
