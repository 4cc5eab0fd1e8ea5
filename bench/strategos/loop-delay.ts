// The server's event loop while Strategos plans, measured side by side: the same plan request run on
// the loop (in-process, as the runner did before) and in the planning worker thread. During each run a
// `perf_hooks.monitorEventLoopDelay` histogram (10 ms resolution) records how late the loop's timers
// fire: with the planning on the loop, the loop is blocked for the whole re-plan.
import { silentLogger, type Plant } from '@aethercore/core';
import { Strategos, type TriggerEvent } from '@aethercore/agents';
import { createTwin } from '@aethercore/twin';
import {
  PlanJobRunner,
  StrategosWorkerClient,
  scanCommands,
  twinRecipe,
  type PlanJobRequest,
  type PlanJobResult,
} from '@aethercore/server';
import { measureLoopDelay, type LoopDelay } from '../lib/loop-delay.ts';

export interface LoopDelayOptions {
  readonly plant: Plant;
  readonly scenario: string;
  readonly days: number;
  readonly seed: number;
  readonly budgetMs: number;
  readonly stepMs?: number;
  /** Stop after this many re-plans (bounded runs on a shared machine). */
  readonly maxReplans?: number;
  readonly onReplan?: (n: number) => void;
}

export interface LoopDelaySample {
  readonly day: number;
  readonly time: number;
  readonly triggers: readonly string[];
  /** Wall ms of the request, and the loop delay (max, p99) while it ran, per mode. */
  readonly inline: LoopDelay;
  readonly worker: LoopDelay;
  /** The loop with nothing to plan for 500 ms, right after: what the shared machine's load alone costs. */
  readonly idle: LoopDelay;
  readonly sameOutcome: boolean;
  readonly valid: boolean;
}

const KNOWLEDGE = new Set([
  'OrderPriorityChanged',
  'OrderReceived',
  'SupplierDeliveryDelayed',
  'StationFailed',
  'StationRepaired',
  'WorkerReportedSick',
  'OrderCancelled',
]);

const measure = <T>(run: () => Promise<T> | T) => measureLoopDelay(run, 10);

export async function runLoopDelayBench(o: LoopDelayOptions): Promise<LoopDelaySample[]> {
  const step = o.stepMs ?? 15 * 60_000;
  const worker = new StrategosWorkerClient({ plant: o.plant, logger: silentLogger, startTimeoutMs: 120_000 });
  const inline = new PlanJobRunner(o.plant, () => performance.now());
  const out: LoopDelaySample[] = [];
  let id = 0;
  try {
    worker.warm();
    for (let day = 0; day < o.days && out.length < (o.maxReplans ?? Infinity); day++) {
      const seed = o.seed + day;
      const twin = createTwin({ plant: o.plant, scenario: o.scenario, seed });
      const agent = new Strategos({ plant: o.plant });
      const knowledge: TriggerEvent[] = [];
      let scan = { upTo: 0, commands: [] as ReturnType<typeof scanCommands>['commands'] };
      const start = twin.now();
      for (
        let t = start + step;
        t <= start + 86_400_000 && out.length < (o.maxReplans ?? Infinity);
        t += step
      ) {
        const fresh = twin.run(t).map((e) => ({ type: e.type, time: e.time, data: e.data }));
        knowledge.push(...fresh.filter((e) => KNOWLEDGE.has(e.type)));
        const triggers = agent.observe(fresh);
        if (triggers.length === 0) continue;
        scan = scanCommands(twin.events(), scan);
        const req: PlanJobRequest = {
          id: ++id,
          kind: 'react',
          twin: twinRecipe(twin, day, seed, scan.commands),
          knowledge,
          triggers,
          budgetMs: o.budgetMs,
        };
        // Alternate which mode runs first, so neither always meets the warmer caches or the quieter CPU.
        const runInline = () => measure<PlanJobResult>(() => inline.runOn(twin, req));
        const runWorker = () => measure<PlanJobResult>(() => worker.run(req));
        const first = out.length % 2 === 0;
        const a = first ? await runInline() : await runWorker();
        const b = first ? await runWorker() : await runInline();
        const [i, w] = first ? [a, b] : [b, a];
        const idle = await measure(() => new Promise<void>((r) => setTimeout(r, 500)));
        const iv = i.value;
        const wv = w.value;
        out.push({
          day,
          time: t,
          triggers: triggers.map((x) => x.type),
          inline: { wallMs: i.wallMs, maxDelayMs: i.maxDelayMs, p99DelayMs: i.p99DelayMs },
          worker: { wallMs: w.wallMs, maxDelayMs: w.maxDelayMs, p99DelayMs: w.p99DelayMs },
          idle: { wallMs: idle.wallMs, maxDelayMs: idle.maxDelayMs, p99DelayMs: idle.p99DelayMs },
          sameOutcome: iv.report?.outcome === wv.report?.outcome,
          valid: iv.plan.valid && wv.plan.valid,
        });
        o.onReplan?.(out.length);
      }
    }
  } finally {
    await worker.close();
  }
  return out;
}
