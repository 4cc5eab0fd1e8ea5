// `npm run bench -- strategos [--days n] [--scenario s] [--seed n] [--budget ms]`: Strategos' event-to-
// proposal latency on the twin's day (p50/p95), with the outcomes and Sentinel's routing.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parsePlantYaml } from '@aethercore/core';
import { progress, table } from '@aethercore/cli';
import { readFileSync } from 'node:fs';
import { writeResult } from '../lib/results.ts';
import { machineInfo } from '../lib/machine.ts';
import { intOption } from '../lib/options.ts';
import { quantile } from '../lib/stats.ts';
import { runStrategosBench } from './run-strategos.ts';
import { runLoopDelayBench } from './loop-delay.ts';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const HELP = `usage: npm run bench -- strategos [options]

Strategos live: latency from a line disruption (late delivery, breakdown, cancellation, rush order,
sick worker) to the reviewed proposal or finding, over simulated days of the Werkhalle 4 twin.
  --scenario <name>     werkhalle4-day | random-disruptions | baseline (default random-disruptions)
  --days <n>            days (seeds seed … seed+n−1; default 3)
  --seed <n>            first seed (default 42)
  --budget <ms>         re-plan improvement budget, wall ms (default 600, as the live runner)
  --plant <file>        plant file (default plants/werkhalle4.yaml)
  --data <dir>          accepted for uniformity; unused (the twin generates the day)
  --out <file>          JSON output (default bench/results/strategos.json)
  --loop-delay          instead: the server's event-loop delay while a re-plan runs, the same request
                        on the loop (in-process) and in the planning worker thread, side by side
                        (perf_hooks.monitorEventLoopDelay); writes bench/results/strategos-loop-delay.json
  --replans <n>         with --loop-delay: stop after n re-plans (default 20)
  --help`;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: 'string', default: 'random-disruptions' },
      days: { type: 'string', default: '3' },
      seed: { type: 'string', default: '42' },
      budget: { type: 'string', default: '600' },
      plant: { type: 'string', default: path.join(REPO, 'plants', 'werkhalle4.yaml') },
      data: { type: 'string' },
      out: { type: 'string' },
      'loop-delay': { type: 'boolean', default: false },
      replans: { type: 'string', default: '20' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const days = intOption('days', values.days, 1);
  const seed = intOption('seed', values.seed, 0);
  const budgetMs = intOption('budget', values.budget, 1);
  const plant = parsePlantYaml(readFileSync(values.plant, 'utf8'));
  if (values['loop-delay']) {
    await loopDelay(
      plant,
      values.scenario,
      days,
      seed,
      budgetMs,
      intOption('replans', values.replans, 1),
      values.out,
    );
    return;
  }
  const loadBefore = os.loadavg();
  const bar = progress('days', days);
  const samples = await runStrategosBench({
    plant,
    policyFile: path.join(REPO, 'policies', 'default.yaml'),
    scenario: values.scenario,
    days,
    seed,
    budgetMs,
    onDay: (d) => bar.tick(d),
  });
  bar.done();
  const loadAfter = os.loadavg();
  const lat = samples.map((s) => s.latencyMs);
  const q = (xs: number[], p: number): string => (xs.length === 0 ? '–' : quantile(xs, p).toFixed(0));
  const count = (xs: readonly string[]): Record<string, number> => {
    const m: Record<string, number> = {};
    for (const x of xs) m[x] = (m[x] ?? 0) + 1;
    return m;
  };
  const outcomes = count(samples.map((s) => s.outcome));
  const routes = count(samples.flatMap((s) => (s.route === undefined ? [] : [s.route])));
  console.log(
    table(
      [
        'scenario',
        'days',
        're-plans',
        'p50 ms',
        'p95 ms',
        'max ms',
        'model p50',
        'replan p50',
        'what-if p50',
        'proposed',
        'inbox',
        'rejected',
        'invalid plans',
      ],
      [
        [
          values.scenario,
          days,
          samples.length,
          q(lat, 0.5),
          q(lat, 0.95),
          lat.length === 0 ? '–' : Math.max(...lat).toFixed(0),
          q(
            samples.map((s) => s.modelMs),
            0.5,
          ),
          q(
            samples.map((s) => s.replanMs),
            0.5,
          ),
          q(
            samples.map((s) => s.simulateMs),
            0.5,
          ),
          outcomes['proposed'] ?? 0,
          routes['inbox'] ?? 0,
          routes['rejected'] ?? 0,
          samples.filter((s) => !s.planValid).length,
        ],
      ],
    ),
  );
  console.log(
    `outcomes ${JSON.stringify(outcomes)}; triggers ${JSON.stringify(count(samples.flatMap((s) => s.triggers)))}`,
  );
  const m = machineInfo();
  console.log(
    `\n${m.cores} cores; load average before ${loadBefore.map((x) => x.toFixed(1)).join('/')} after ${loadAfter.map((x) => x.toFixed(1)).join('/')} (shared machine: latencies include waiting for the CPU)`,
  );
  const file = writeResult(
    'strategos',
    {
      scenario: values.scenario,
      days,
      seed,
      budgetMs,
      loadBefore,
      loadAfter,
      machine: m,
      p50Ms: quantile(lat, 0.5),
      p95Ms: quantile(lat, 0.95),
      outcomes,
      routes,
      samples,
    },
    values.out,
  );
  console.log(`wrote ${file}`);
}

async function loopDelay(
  plant: Parameters<typeof runLoopDelayBench>[0]['plant'],
  scenario: string,
  days: number,
  seed: number,
  budgetMs: number,
  maxReplans: number,
  out: string | undefined,
): Promise<void> {
  const loadBefore = os.loadavg();
  const bar = progress('re-plans', maxReplans);
  const samples = await runLoopDelayBench({
    plant,
    scenario,
    days,
    seed,
    budgetMs,
    maxReplans,
    onReplan: (n) => bar.tick(n),
  });
  bar.done();
  const loadAfter = os.loadavg();
  const q = (xs: number[], p: number): string => (xs.length === 0 ? '–' : quantile(xs, p).toFixed(0));
  const mx = (xs: number[]): string => (xs.length === 0 ? '–' : Math.max(...xs).toFixed(0));
  const row = (mode: 'inline' | 'worker' | 'idle', label: string): (string | number)[] => {
    const m = samples.map((s) => s[mode]);
    return [
      label,
      samples.length,
      q(
        m.map((x) => x.wallMs),
        0.5,
      ),
      q(
        m.map((x) => x.maxDelayMs),
        0.5,
      ),
      q(
        m.map((x) => x.maxDelayMs),
        0.95,
      ),
      mx(m.map((x) => x.maxDelayMs)),
      q(
        m.map((x) => x.p99DelayMs),
        0.5,
      ),
    ];
  };
  console.log(
    table(
      [
        'planning runs',
        're-plans',
        'request p50 ms',
        'loop delay max: p50 ms',
        'p95 ms',
        'max ms',
        'loop delay p99: p50 ms',
      ],
      [
        row('inline', 'on the event loop'),
        row('worker', 'in the worker thread'),
        row('idle', 'idle loop, 500 ms (load only)'),
      ],
    ),
  );
  const ratio = samples
    .map((s) => s.inline.maxDelayMs / Math.max(s.worker.maxDelayMs, 1e-3))
    .filter((x) => Number.isFinite(x));
  console.log(
    `median ratio of the loop's worst delay, on the loop / in the worker: ${q(ratio, 0.5)}×; same outcome in both: ${samples.filter((s) => s.sameOutcome).length}/${samples.length}; invalid plans: ${samples.filter((s) => !s.valid).length}`,
  );
  const m = machineInfo();
  console.log(
    `\n${m.cores} cores; load average before ${loadBefore.map((x) => x.toFixed(1)).join('/')} after ${loadAfter.map((x) => x.toFixed(1)).join('/')} (shared machine)`,
  );
  const file = writeResult(
    'strategos-loop-delay',
    { scenario, days, seed, budgetMs, loadBefore, loadAfter, machine: m, samples },
    out,
  );
  console.log(`wrote ${file}`);
}
