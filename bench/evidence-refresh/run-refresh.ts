// Dexter's evidence refresh, measured side by side: the same refresh (two twin forks over the
// change's horizon, from the seed day's state) run on the event loop, as `liveEvidenceRefresher` did,
// and in the evidence-refresh worker thread (`workerEvidenceRefresher`). During each run a
// `perf_hooks.monitorEventLoopDelay` histogram records how late the loop's timers fire: on the loop,
// the loop is blocked for the whole refresh; with the worker only the recipe (command scan and
// snapshot hash) runs on it.
import { isDeepStrictEqual } from 'node:util';
import { silentLogger, type Plant } from '@aethercore/core';
import { hashRef, type ActionProposal } from '@aethercore/governance';
import { createTwin, type TwinCommand } from '@aethercore/twin';
import {
  EvidenceRefreshWorker,
  liveEvidenceRefresher,
  workerEvidenceRefresher,
  type EvidenceRefreshResult,
} from '@aethercore/server';
import { measureLoopDelay, type LoopDelay } from '../lib/loop-delay.ts';

const H = 3_600_000;

export interface RefreshBenchOptions {
  readonly plant: Plant;
  readonly scenario: string;
  readonly seed: number;
  /** Plant hours after the day's start at which the refresh runs (one twin per point). */
  readonly hours: readonly number[];
  /** Refreshes per point and change (each once on the loop and once in the worker). */
  readonly runs: number;
  readonly onSample?: (n: number) => void;
}

export type Measured = LoopDelay;

export interface RefreshSample {
  readonly hour: number;
  readonly change: string;
  readonly horizonH: number;
  readonly run: number;
  readonly onLoop: Measured;
  /** Round trip of the request; `workMs` the worker's own time (replica sync + forks). */
  readonly worker: Measured & { readonly workMs: number; readonly replica: string };
  /** The loop with nothing to do for 300 ms, right after: what the shared machine's load alone costs. */
  readonly idle: Measured;
  readonly sameEvidence: boolean;
  readonly ok: boolean;
}

const measure = <T>(run: () => Promise<T> | T) => measureLoopDelay(run, 5);

interface Change {
  readonly name: string;
  readonly horizonH: number;
  readonly change: ActionProposal['change'];
  readonly command: TwinCommand;
  readonly kpis: readonly string[];
}

/** The live proposers' two kinds of horizon: Analytika's work order (4 h) and an 8 h change (Strategos', drift corrections). */
const CHANGES: readonly Change[] = [
  {
    name: 'work order ST05 45 min',
    horizonH: 4,
    change: { kind: 'work-order', params: { station: 'ST05', durationMin: 45 } },
    command: { type: 'PerformMaintenance', station: 'ST05', durationMin: 45 },
    kpis: ['downtimeS', 'goodParts'],
  },
  {
    name: 'ST10 speed 0.8',
    horizonH: 8,
    change: { kind: 'setpoint', setpoint: { target: 'ST10/speedFactor', value: 0.8 } },
    command: { type: 'SetStationSpeed', station: 'ST10', speedFactor: 0.8 },
    kpis: ['goodParts', 'energyKWh', 'totalTardinessMin'],
  },
];

function proposalFor(c: Change): ActionProposal {
  const kpis: Record<string, { baseline: number; withChange: number }> = {};
  for (const k of c.kpis) kpis[k] = { baseline: 0, withChange: 0 };
  return {
    id: `bench-${c.command.type}`,
    proposer: 'bench',
    tool: 'bench',
    effect: 'actuate',
    change: c.change,
    createdAt: 0,
    evidence: {
      stateVersion: 0,
      simulatedAt: 0,
      changeHash: hashRef(c.change),
      kpis,
      constraintsOk: true,
      horizonMs: c.horizonH * H,
    },
  };
}

export async function runRefreshBench(o: RefreshBenchOptions): Promise<RefreshSample[]> {
  const worker = new EvidenceRefreshWorker({ plant: o.plant, logger: silentLogger });
  // Fixed wall time: both paths record the same `simulatedAt`, so their evidence can be compared whole.
  const governance = { clock: { now: () => 0 }, stateVersion: () => 0 };
  const out: RefreshSample[] = [];
  try {
    worker.warm();
    for (const hour of o.hours) {
      // The running day at `hour`, with a command applied an hour earlier (the replica must replay it).
      const twin = createTwin({ plant: o.plant, scenario: o.scenario, seed: o.seed });
      const start = twin.now();
      twin.advanceTo(start + Math.max(0, hour - 1) * H);
      twin.apply({ type: 'SetStationSpeed', station: 'ST03', speedFactor: 0.9 });
      twin.advanceTo(start + hour * H);
      const onLoop = liveEvidenceRefresher(o.plant, governance, () => twin);
      let last: { workMs: number; replica: string } = { workMs: Number.NaN, replica: '' };
      const offLoop = workerEvidenceRefresher({
        plant: o.plant,
        governance,
        twin: () => twin,
        replay: { loop: () => 0, seed: () => o.seed },
        worker: {
          run: async (job) => {
            const r = await worker.run(job);
            last = { workMs: r.workMs, replica: r.replica };
            return r;
          },
        },
      });
      for (const c of CHANGES) {
        const p = proposalFor(c);
        for (let run = 0; run < o.runs; run++) {
          // Alternate which mode runs first, so neither always meets the warmer caches or the quieter CPU.
          const first = out.length % 2 === 0;
          const loopRun = () => measure<EvidenceRefreshResult>(() => onLoop(p, c.command));
          const workerRun = () => measure<EvidenceRefreshResult>(() => offLoop(p, c.command));
          const x = first ? await loopRun() : await workerRun();
          const y = first ? await workerRun() : await loopRun();
          const [l, w] = first ? [x, y] : [y, x];
          const idle = await measure(() => new Promise<void>((r) => setTimeout(r, 300)));
          out.push({
            hour,
            change: c.name,
            horizonH: c.horizonH,
            run,
            onLoop: { wallMs: l.wallMs, maxDelayMs: l.maxDelayMs, p99DelayMs: l.p99DelayMs },
            worker: { wallMs: w.wallMs, maxDelayMs: w.maxDelayMs, p99DelayMs: w.p99DelayMs, ...last },
            idle: { wallMs: idle.wallMs, maxDelayMs: idle.maxDelayMs, p99DelayMs: idle.p99DelayMs },
            sameEvidence: isDeepStrictEqual(l.value, w.value),
            ok: l.value.ok && w.value.ok,
          });
          o.onSample?.(out.length);
        }
      }
    }
  } finally {
    await worker.close();
  }
  return out;
}
