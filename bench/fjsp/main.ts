// `npm run bench -- fjsp [--instances mk01,…] [--time-limit s] [--seed n] [--data dir]`:
// BENCHMARKS.md B2 — Brandimarte mk01–10, gap to the best-known makespan, one core.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { progress, table } from '@aethercore/cli';
import { DEFAULT_DATA_DIR, writeResult } from '../lib/results.ts';
import { machineInfo } from '../lib/machine.ts';
import { mean } from '../lib/stats.ts';
import { runFjspCase, type FjspRow } from './run-fjsp.ts';

const HELP = `usage: npm run bench -- fjsp [options]

Flexible job shop (B2): tabu search vs. dispatching rules on Brandimarte instances.
  --instances <list>   comma-separated names as in bks.json: mk01…mk15, kacem1…4, fattahi1…20,
                       la01_edata / la01_rdata / la01_vdata … (default mk01,…,mk10)
  --time-limit <s>     seconds per instance for the tabu search (default 30)
  --seed <n>           random seed (default 1)
  --clock wall|cpu     the limit counts wall-clock time (default, the protocol) or this
                       process's CPU time (for a shared, loaded machine)
  --data <dir>         benchmark data (default ${DEFAULT_DATA_DIR})
  --out <file>         JSON output (default bench/results/fjsp.json)
  --help`;

const FAMILY_DIRS = [
  'Brandimarte1993',
  'HurinkJurischThole1994/edata',
  'HurinkJurischThole1994/rdata',
  'HurinkJurischThole1994/vdata',
  'HurinkJurischThole1994/sdata',
  'KacemHammadiBorne2002',
  'FattahiMehrabadJolai2007',
];

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      instances: {
        type: 'string',
        default: Array.from({ length: 10 }, (_, i) => `mk${String(i + 1).padStart(2, '0')}`).join(','),
      },
      'time-limit': { type: 'string', default: '30' },
      seed: { type: 'string', default: '1' },
      clock: { type: 'string', default: 'wall' },
      data: { type: 'string', default: DEFAULT_DATA_DIR },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const dir = path.join(values.data, 'fjsp');
  const limit = Number(values['time-limit']);
  const seed = Number(values.seed);
  const clock = values.clock === 'cpu' ? 'cpu' : 'wall';
  if (!(limit > 0) || !Number.isInteger(seed))
    throw new Error('--time-limit must be > 0 and --seed an integer');
  const bks = new Map<string, number>(
    (
      JSON.parse(readFileSync(path.join(dir, 'bks.json'), 'utf8')) as {
        instance: string;
        upper_bound: number;
      }[]
    ).map((x) => [x.instance, x.upper_bound]),
  );
  const names = values.instances
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bar = progress('fjsp', names.length);
  const rows: FjspRow[] = [];
  for (const [i, name] of names.entries()) {
    // Hurink instances are named `la01_edata` etc. in bks.json and stored as `<set>/la01.txt`.
    const hurink = /^(.+)_([ersv]data)$/.exec(name);
    const candidates = hurink
      ? [path.join(dir, 'instances', 'HurinkJurischThole1994', hurink[2]!, `${hurink[1]!}.txt`)]
      : FAMILY_DIRS.map((f) => path.join(dir, 'instances', f, `${name}.txt`));
    const file = candidates.find((f) => existsSync(f));
    if (file === undefined) throw new Error(`instance ${name} not found under ${dir}/instances`);
    bar.tick(i, name);
    // Let the progress line reach the terminal before a long synchronous solve.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const ub = bks.get(name);
    rows.push(
      runFjspCase(
        { name, text: readFileSync(file, 'utf8'), ...(ub === undefined ? {} : { bks: ub }) },
        limit,
        seed,
        clock,
      ),
    );
  }
  bar.done();
  const pct = (x: number | null): string => (x === null ? '—' : `${x.toFixed(2)}%`);
  console.log(
    table(
      [
        'instance',
        'size',
        'BKS',
        'EDD',
        'SPT',
        'MWR',
        'ATC',
        'best rule gap',
        'tabu Cmax',
        'gap',
        't best s',
        'wall s',
        'cpu s',
        'iterations',
        'valid',
      ],
      rows.map((r) => [
        r.instance,
        r.size,
        r.bks ?? '—',
        r.rules.EDD,
        r.rules.SPT,
        r.rules.MWR,
        r.rules.ATC,
        pct(r.ruleGapPct),
        r.makespan,
        pct(r.gapPct),
        r.timeToBestS,
        r.timeS,
        r.cpuS,
        r.iterations,
        r.valid && r.violations === 0 ? 'yes' : `NO (${r.violations})`,
      ]),
    ),
  );
  const withBks = rows.filter((r) => r.gapPct !== null);
  const summary = {
    instances: rows.length,
    timeLimitS: limit,
    clock,
    seed,
    meanGapPct: mean(withBks.map((r) => r.gapPct!)),
    meanBestRuleGapPct: mean(withBks.map((r) => r.ruleGapPct!)),
    meanMwrGapPct: mean(withBks.map((r) => (100 * (r.rules.MWR - r.bks!)) / r.bks!)),
    allValid: rows.every((r) => r.valid && r.violations === 0),
    cores: machineInfo().cores,
  };
  console.log(
    `\nmean gap to BKS: tabu ${summary.meanGapPct.toFixed(2)}% | best dispatching rule ${summary.meanBestRuleGapPct.toFixed(2)}% | MWR ${summary.meanMwrGapPct.toFixed(2)}%  (${limit} s ${clock} time per instance, seed ${seed}, 1 thread, ${summary.cores} cores on the machine; all schedules valid: ${summary.allValid})`,
  );
  const file = writeResult('fjsp', { summary, rows }, values.out);
  console.log(`wrote ${file}`);
}
