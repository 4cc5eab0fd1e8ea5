// B1: job shop. `npm run bench -- jssp [--family ta|la|ft|abz|orb|swv|yn|bel|all] [--instances ta01,ta02]
//     [--time-limit <s>] [--seed <n>] [--data <dir>] [--out <file>]`
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { progress, table } from '@aethercore/cli';
import { machineInfo } from '../lib/machine.ts';
import { DEFAULT_DATA_DIR, writeResult } from '../lib/results.ts';
import {
  cpuMs,
  loadJsspData,
  PUBLISHED,
  wallMs,
  runInstance,
  selectInstances,
  summarise,
  type JsspRow,
} from './jssp.ts';

const HELP = `usage: npm run bench -- jssp [options]

Job-shop benchmark (BENCHMARKS.md B1): our N7 tabu search for --time-limit seconds per instance on
one thread, beside the MWR dispatching rule (same run) and the published 600 s results of CP-SAT
and OptalCP (4 cores). Every schedule is checked by the independent validator.

options:
  --family <f>       ta | la | ft | abz | orb | swv | yn | bel | all   (default ta)
  --instances <list> comma-separated names, e.g. ta01,ta02 or la01 (overrides --family)
  --time-limit <s>   seconds per instance (default 1)
  --seed <n>         random seed (default 1)
  --clock <c>        cpu | wall: what the time limit counts (default cpu: this process's CPU time,
                     because the machines are shared; wall = elapsed time)
  --data <dir>       benchmark data root holding jssp/ (default ${DEFAULT_DATA_DIR})
  --out <file>       JSON output (default bench/results/jssp.json)
  --help             this text`;

const pct = (x: number | null | undefined): string =>
  x === null || x === undefined ? '—' : `${x.toFixed(2)}%`;
const num = (x: number | null | undefined): string | number => (x === null || x === undefined ? '—' : x);

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      family: { type: 'string', default: 'ta' },
      instances: { type: 'string' },
      'time-limit': { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      clock: { type: 'string', default: 'cpu' },
      data: { type: 'string', default: DEFAULT_DATA_DIR },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const timeLimitS = Number(values['time-limit']);
  const seed = Number(values.seed);
  if (!(timeLimitS > 0) || !Number.isInteger(seed) || (values.clock !== 'cpu' && values.clock !== 'wall')) {
    console.error('error bench.bad-option: --time-limit must be > 0, --seed an integer, --clock cpu or wall');
    process.exitCode = 2;
    return;
  }
  const data = loadJsspData(path.join(values.data, 'jssp'));
  const names = selectInstances(
    data,
    values.family,
    values.instances
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  if (names.length === 0) {
    console.error(`error bench.no-instances: no instances for family '${values.family}' in ${data.dir}`);
    process.exitCode = 2;
    return;
  }
  const m = machineInfo();
  const load = os.loadavg()[0] ?? 0;
  console.log(
    `jssp: ${names.length} instances, ${timeLimitS} s ${values.clock === 'wall' ? 'wall-clock' : 'CPU'} time each, seed ${seed}, one thread; machine ${m.cores} cores (${m.cpu}), load average ${load.toFixed(1)}`,
  );

  const bar = progress('jssp', names.length);
  const rows: JsspRow[] = [];
  for (const [i, name] of names.entries()) {
    bar.tick(i, name);
    rows.push(runInstance(data, name, { timeLimitS, seed, nowMs: values.clock === 'wall' ? wallMs : cpuMs }));
    // Let the event loop flush the progress line between instances.
    await new Promise((r) => setImmediate(r));
  }
  bar.done();

  console.log(
    table(
      [
        'instance',
        'size',
        'BKS',
        'ours',
        'gap',
        'ttb s',
        'it/s',
        'MWR',
        'MWR gap',
        'CP-SAT',
        'gap',
        'OptalCP',
        'gap',
        'valid',
      ],
      rows.map((r) => [
        r.instance,
        `${r.jobs}×${r.machines}`,
        num(r.ub),
        r.makespan,
        pct(r.gap),
        r.timeToBestS.toFixed(2),
        Math.round(r.iterationsPerS),
        r.mwr.makespan,
        pct(r.mwr.gap),
        num(r.published.cpsat?.makespan),
        pct(r.published.cpsat?.gap),
        num(r.published.optalcp?.makespan),
        pct(r.published.optalcp?.gap),
        r.valid && r.mwr.valid ? 'yes' : 'NO',
      ]),
    ),
  );
  const summary = summarise(rows);
  console.log(
    `\nmean gap to best-known UB (ours: ${timeLimitS} s ${values.clock} time, 1 thread; published: 600 s, 4 cores)`,
  );
  console.log(
    table(
      ['group', 'n', 'ours', 'MWR', ...PUBLISHED.map((s) => s.label), '= BKS', 'valid'],
      summary.map((s) => [
        s.group,
        s.instances,
        pct(s.meanGap),
        pct(s.mwrMeanGap),
        ...PUBLISHED.map((p) => pct(s.published[p.key])),
        `${s.optimalHits}/${s.instances}`,
        s.allValid ? 'yes' : 'NO',
      ]),
    ),
  );
  const invalid = rows.filter((r) => !r.valid || !r.mwr.valid);
  for (const r of invalid) console.error(`INVALID ${r.instance}: ${r.violations.join('; ')}`);
  const file = writeResult(
    'jssp',
    {
      timeLimitS,
      clock: values.clock,
      seed,
      threads: 1,
      loadAverageAtStart: load,
      machine: m,
      summary,
      rows,
    },
    values.out,
  );
  console.log(`\nwrote ${file}`);
  if (invalid.length > 0) process.exitCode = 1;
}
