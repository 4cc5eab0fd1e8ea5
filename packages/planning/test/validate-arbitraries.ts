/**
 * Test-only generators: random scheduling problems with every feature (DAG routings, flexible
 * machines, windows with overtime, downtimes, setups, qualified workers) and a naive random
 * *feasible* schedule builder. Deliberately independent of the solvers and of the validator.
 */
import { createRandom, type Random } from '@aethercore/core';
import type { Assignment, Operation, SchedulingProblem, Schedule, TimeWindow, Worker } from '../src/index.ts';

export interface GenOptions {
  readonly windows?: boolean;
  readonly workers?: boolean;
  readonly setups?: boolean;
  readonly downtimes?: boolean;
  readonly releases?: boolean;
}

const FAR = 1_000_000;

function calendar(r: Random): TimeWindow[] {
  const w: TimeWindow[] = [];
  let t = r.int(0, 5);
  for (let k = 0; k < 4; k++) {
    const len = r.int(12, 40);
    w.push({ start: t, end: t + len, ...(r.next() < 0.3 ? { overtime: true } : {}) });
    t += len + r.int(1, 10);
  }
  w.push({ start: t, end: FAR });
  return w;
}

export function randomProblem(seed: number, o: GenOptions = {}): SchedulingProblem {
  const r = createRandom(seed);
  const nJobs = r.int(1, 5);
  const nMachines = r.int(1, 4);
  const quals = ['weld', 'paint', 'test'];
  const operations: Operation[] = [];
  const jobs = Array.from({ length: nJobs }, (_, id) => ({
    id,
    weight: r.int(1, 3),
    release: o.releases === false ? 0 : r.int(0, 10),
    due: r.int(10, 80),
  }));
  for (let j = 0; j < nJobs; j++) {
    const n = r.int(1, 4);
    for (let k = 0; k < n; k++) {
      const preds: string[] = [];
      for (let q = 0; q < k; q++) if (q === k - 1 || r.next() < 0.3) preds.push(`${j}.${q}`);
      // Occasionally a join: k depends on two earlier ops but not on k-1.
      if (k >= 2 && r.next() < 0.2) preds.splice(preds.indexOf(`${j}.${k - 1}`), 1);
      const machines = [...Array(nMachines).keys()].filter(() => r.next() < 0.6);
      if (machines.length === 0) machines.push(r.int(0, nMachines - 1));
      operations.push({
        id: `${j}.${k}`,
        job: j,
        index: k,
        alternatives: machines.map((m) => ({ machine: m, duration: r.int(1, 9) })),
        predecessors: preds,
        ...(o.workers === true && r.next() < 0.5 ? { qualification: quals[r.int(0, 2)]! } : {}),
        ...(o.setups === true ? { setupFamily: r.next() < 0.5 ? 'A' : 'B' } : {}),
      });
    }
  }
  const machines = Array.from({ length: nMachines }, (_, id) => ({
    id,
    powerKW: r.int(1, 20),
    ...(o.windows === true ? { windows: calendar(r) } : {}),
    ...(o.downtimes === true
      ? {
          downtimes: [{ start: r.int(0, 40), end: 0 }].map((d) => ({
            start: d.start,
            end: d.start + r.int(1, 8),
          })),
        }
      : {}),
    ...(o.setups === true
      ? { setupTimes: { A: { B: r.int(0, 4) }, B: { A: r.int(0, 4), B: r.int(0, 1) } } }
      : {}),
  }));
  const workers: Worker[] = [];
  if (o.workers === true) {
    // Every qualification has at least one holder, so a feasible schedule exists.
    for (let w = 0; w < 3; w++) {
      workers.push({
        id: `w${w}`,
        qualifications: [quals[w]!, ...(r.next() < 0.5 ? [quals[(w + 1) % 3]!] : [])],
        ...(o.windows === true ? { shifts: calendar(r) } : {}),
      });
    }
  }
  return {
    name: `random-${seed}`,
    jobs,
    machines,
    operations,
    ...(o.workers === true ? { workers } : {}),
    timeUnitS: 60,
  };
}

const fits = (s: number, d: number, wins: readonly TimeWindow[] | undefined): boolean =>
  wins === undefined || d === 0 || wins.some((w) => w.start <= s && s + d <= w.end);

/** A random feasible schedule built by appending operations in a random topological order. */
export function randomFeasibleSchedule(p: SchedulingProblem, seed: number): Schedule {
  const r = createRandom(seed ^ 0x5bd1e995);
  const done = new Map<string, Assignment>();
  const machineLast = new Map<number, Assignment>();
  const workerFree = new Map<string, number>();
  const opById = new Map(p.operations.map((o) => [o.id, o] as const));
  const left = [...p.operations];
  while (left.length > 0) {
    const ready = left.filter((o) => o.predecessors.every((q) => done.has(q)));
    const o = ready[r.int(0, ready.length - 1)]!;
    left.splice(left.indexOf(o), 1);
    const alt = o.alternatives[r.int(0, o.alternatives.length - 1)]!;
    const m = p.machines[alt.machine]!;
    const cands = (p.workers ?? []).filter(
      (w) => o.qualification !== undefined && w.qualifications.includes(o.qualification),
    );
    const worker = cands.length > 0 ? cands[r.int(0, cands.length - 1)] : undefined;
    const last = machineLast.get(alt.machine);
    const lastOp = last === undefined ? undefined : opById.get(last.op);
    const setup =
      lastOp?.setupFamily !== undefined && o.setupFamily !== undefined
        ? (m.setupTimes?.[lastOp.setupFamily]?.[o.setupFamily] ?? 0)
        : 0;
    let t = Math.max(
      p.jobs[o.job]!.release,
      ...o.predecessors.map((q) => done.get(q)!.end),
      last === undefined ? 0 : last.end + setup,
      worker === undefined ? 0 : (workerFree.get(worker.id) ?? 0),
    );
    t += r.int(0, 3);
    const d = alt.duration;
    while (!(
      fits(t, d, m.windows) &&
      fits(t, d, worker?.shifts) &&
      !(m.downtimes ?? []).some((x) => t < x.end && x.start < t + d)
    ))
      t++;
    const a: Assignment = {
      op: o.id,
      job: o.job,
      index: o.index,
      machine: alt.machine,
      start: t,
      end: t + d,
      ...(worker === undefined ? {} : { worker: worker.id }),
    };
    done.set(o.id, a);
    machineLast.set(alt.machine, a);
    if (worker !== undefined) workerFree.set(worker.id, a.end);
  }
  return { assignments: [...done.values()] };
}
