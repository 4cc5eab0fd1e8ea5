// `npm run bench -- replan [--events n] [--seed n] [--lines demo,large]`: BENCHMARKS.md B7 —
// latency from a disruption event to a new, validated plan, p50/p95 over seeded events.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { progress, table } from '@aethercore/cli';
import { writeResult } from '../lib/results.ts';
import { machineInfo } from '../lib/machine.ts';
import { DEMO_LINE, LARGE_LINE, makeLine } from './line.ts';
import { runReplanBench, type ReplanBenchResult } from './run-replan.ts';

const HELP = `usage: npm run bench -- replan [options]

Re-plan latency (B7): event → validated plan, on a demo line (15 machines, 150 operations) and a
large line (100 machines, 1,000 operations). Synthetic seeded lines; no external data is needed.
  --events <n>          events per line (default 200)
  --seed <n>            seed of the events (default 1)
  --lines <list>        demo,large (default both)
  --budget-demo <ms>    improvement budget per event on the demo line (default 40)
  --budget-large <ms>   improvement budget per event on the large line (default 300)
  --frozen <s>          frozen horizon in seconds (default 1800)
  --data <dir>          accepted for uniformity; unused (the lines are generated)
  --out <file>          JSON output (default bench/results/replan.json)
  --help`;

const GOALS: Record<string, number> = { 'demo-line': 100, 'large-line': 800 };

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string', default: '200' },
      seed: { type: 'string', default: '1' },
      lines: { type: 'string', default: 'demo,large' },
      'budget-demo': { type: 'string', default: '40' },
      'budget-large': { type: 'string', default: '300' },
      frozen: { type: 'string', default: '1800' },
      data: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const events = Number(values.events);
  const seed = Number(values.seed);
  const frozenHorizon = Number(values.frozen);
  if (!(events > 0) || !Number.isInteger(seed)) throw new Error('--events must be > 0 and --seed an integer');
  const specs = values.lines.split(',').map((l) => (l.trim() === 'large' ? LARGE_LINE : DEMO_LINE));
  const loadBefore = os.loadavg();
  const results: (ReplanBenchResult & { budgetMs: number; goalP95Ms: number })[] = [];
  for (const spec of specs) {
    const problem = makeLine(spec);
    const budgetMs = Number(spec === LARGE_LINE ? values['budget-large'] : values['budget-demo']);
    const bar = progress(spec.name, events);
    await new Promise<void>((resolve) => setImmediate(resolve));
    const r = runReplanBench(problem, { events, seed, budgetMs, frozenHorizon, onEvent: (i) => bar.tick(i) });
    bar.done();
    results.push({ ...r, budgetMs, goalP95Ms: GOALS[spec.name] ?? NaN });
  }
  const loadAfter = os.loadavg();
  console.log(
    table(
      [
        'line',
        'machines',
        'ops',
        'open ops',
        'events',
        'failed',
        'invalid',
        'budget ms',
        'p50 ms',
        'p95 ms',
        'max ms',
        'cpu p50',
        'cpu p95',
        'goal p95',
        'moved',
        'TWT right shift',
        'TWT re-plan',
      ],
      results.map((r) => [
        r.line,
        r.machines,
        r.operations,
        Math.round(r.meanOpenOps),
        r.events,
        r.failures,
        r.invalid,
        r.budgetMs,
        r.p50Ms,
        r.p95Ms,
        r.maxMs,
        r.cpuP50Ms,
        r.cpuP95Ms,
        r.goalP95Ms,
        r.meanMoved,
        r.meanTwtRightShift,
        r.meanTwtReplan,
      ]),
    ),
  );
  for (const r of results) {
    console.log(
      `${r.line}: p95 by event kind ${Object.entries(r.byKind)
        .map(([k, v]) => `${k} ${v.p95Ms.toFixed(0)} ms`)
        .join(', ')}; winning repair ${JSON.stringify(r.methods)}`,
    );
  }
  const m = machineInfo();
  console.log(
    `\n${m.cores} cores; load average before ${loadBefore.map((x) => x.toFixed(1)).join('/')} after ${loadAfter.map((x) => x.toFixed(1)).join('/')} (shared machine: latencies include waiting for the CPU)`,
  );
  const file = writeResult(
    'replan',
    { events, seed, frozenHorizon, loadBefore, loadAfter, lines: results },
    values.out,
  );
  console.log(`wrote ${file}`);
}
