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
