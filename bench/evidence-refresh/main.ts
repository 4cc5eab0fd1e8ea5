// `npm run bench -- evidence-refresh [--runs n] [--hours h,h,…]`: how long Dexter's evidence refresh
// blocks the server's event loop, on the loop and in its worker thread, side by side.
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AetherError, parsePlantYaml } from '@aethercore/core';
import { progress, table } from '@aethercore/cli';
import { machineInfo } from '../lib/machine.ts';
import { intOption, numberOption } from '../lib/options.ts';
import { writeResult } from '../lib/results.ts';
import { quantile } from '../lib/stats.ts';
import { runRefreshBench, type Measured, type RefreshSample } from './run-refresh.ts';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const HELP = `usage: npm run bench -- evidence-refresh [options]

Dexter's evidence refresh (an approved change simulated again from the plant's current state: two
twin forks over 4 h for a work order, 8 h for a speed change) on the seed day of the Werkhalle 4 twin.
Each refresh runs once on the server's event loop and once in the evidence-refresh worker thread,
alternating which goes first; perf_hooks.monitorEventLoopDelay records the loop's worst delay during each.
  --runs <n>            refreshes per time point and change (default 5)
  --hours <h,h,…>       plant hours after the day's start (06:00) (default 3,7,10)
  --scenario <name>     twin scenario (default werkhalle4-day, the live mode's default)
  --seed <n>            twin seed (default 42, the live mode's default)
  --plant <file>        plant file (default plants/werkhalle4.yaml)
  --data <dir>          accepted for uniformity; unused (the twin generates the day)
  --out <file>          JSON output (default bench/results/evidence-refresh.json)
  --help`;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '5' },
      hours: { type: 'string', default: '3,7,10' },
      scenario: { type: 'string', default: 'werkhalle4-day' },
      seed: { type: 'string', default: '42' },
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
  const runs = intOption('runs', values.runs, 1);
  const seed = intOption('seed', values.seed, 0);
  const hours = values.hours.split(',').map((h) => numberOption('hours', h.trim(), 0));
  if (hours.some((h) => h > 24))
    throw new AetherError({
      code: 'bench.option-invalid',
      message: `--hours must lie within the day (0–24), got '${values.hours}'`,
      hint: 'see --help',
      path: '--hours',
    });
  const plant = parsePlantYaml(readFileSync(values.plant, 'utf8'));

  const loadBefore = os.loadavg();
  const total = hours.length * 2 * runs;
  const bar = progress('refreshes', total);
  const samples = await runRefreshBench({
    plant,
    scenario: values.scenario,
    seed,
    hours,
    runs,
    onSample: (n) => bar.tick(n),
  });
  bar.done();
  const loadAfter = os.loadavg();

  const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(0) : '–');
  const q = (xs: number[], p: number): string => (xs.length === 0 ? '–' : f(quantile(xs, p)));
  const row = (
    label: string,
    pick: (s: RefreshSample) => Measured,
    of: readonly RefreshSample[],
  ): (string | number)[] => {
    const m = of.map(pick);
    return [
      label,
      of.length,
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
      m.length === 0 ? '–' : f(Math.max(...m.map((x) => x.maxDelayMs))),
      q(
        m.map((x) => x.p99DelayMs),
        0.5,
      ),
    ];
  };
  const rows: (string | number)[][] = [];
  for (const change of [...new Set(samples.map((s) => s.change))]) {
    const of = samples.filter((s) => s.change === change);
    rows.push(row(`${change}: on the event loop`, (s) => s.onLoop, of));
    rows.push(row(`${change}: in the worker thread`, (s) => s.worker, of));
  }
  rows.push(row('idle loop, 300 ms (load only)', (s) => s.idle, samples));
  console.log(
    table(
      [
        'refresh',
        'runs',
        'request p50 ms',
        'loop delay max: p50 ms',
        'p95 ms',
        'max ms',
        'loop delay p99: p50 ms',
      ],
      rows,
    ),
  );
  const ratio = samples.map((s) => s.onLoop.maxDelayMs / Math.max(s.worker.maxDelayMs, 1e-3));
  const work = samples.map((s) => s.worker.workMs).filter(Number.isFinite);
  const rebuilt = samples.filter((s) => s.worker.replica === 'rebuilt').length;
  console.log(
    `median ratio of the loop's worst delay, on the loop / with the worker: ${q(ratio, 0.5)}×; worker's own time p50 ${q(work, 0.5)} ms (replica rebuilt ${rebuilt}×, else kept); same evidence on both paths: ${samples.filter((s) => s.sameEvidence).length}/${samples.length}; refreshes that failed: ${samples.filter((s) => !s.ok).length}`,
  );
  const m = machineInfo();
  console.log(
    `\n${m.cores} cores; load average before ${loadBefore.map((x) => x.toFixed(1)).join('/')} after ${loadAfter.map((x) => x.toFixed(1)).join('/')} (shared machine: delays include waiting for the CPU)`,
  );
  const file = writeResult(
    'evidence-refresh',
    {
      scenario: values.scenario,
      seed,
      hours,
      runs,
      loadBefore,
      loadAfter,
      machine: m,
      medianMaxDelayMs: {
        onLoop: quantile(
          samples.map((s) => s.onLoop.maxDelayMs),
          0.5,
        ),
        worker: quantile(
          samples.map((s) => s.worker.maxDelayMs),
          0.5,
        ),
        idle: quantile(
          samples.map((s) => s.idle.maxDelayMs),
          0.5,
        ),
      },
      sameEvidence: samples.filter((s) => s.sameEvidence).length,
      samples,
    },
    values.out,
  );
  console.log(`wrote ${file}`);
}
