// `npm run bench -- live-analytics [--seeds 1-5] [--hours 24]`: Analytika on simulated days, as the server feeds it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parsePlantYaml } from '@aethercore/core';
import { progress, table } from '@aethercore/cli';
import { machineInfo } from '../lib/machine.ts';
import { DEFAULT_DATA_DIR, writeResult } from '../lib/results.ts';
import { numberOption } from '../lib/options.ts';
import { median } from '../lib/stats.ts';
import { runDay, type DayResult } from './live-analytics-bench.ts';

const HELP = `usage: npm run bench -- live-analytics [options]

Analytika (anomaly on R7, wear-trend RUL, SPC drift on ST04) fed the twin's readings every 15 s of sim
time, as the live server feeds it from OPC UA. Per seed: the werkhalle4-day from 06:00 (R7 wear from
08:00, ST04 drift from 11:00) and the baseline day (nothing scripted goes wrong; random breakdowns still
happen) over --hours. Reports detection times, lead before the first out-of-tolerance part, RUL interval
coverage, and false alarms per simulated day.

options:
  --seeds A-B    seeds of the simulated days (default 1-5)
  --hours H      simulated hours per day from 06:00 (default 24)
  --plant FILE   plant file (default plants/werkhalle4.yaml)
  --data DIR     benchmark data directory (unused: the twin needs no public data)
  --out FILE     JSON output (default bench/results/live-analytics.json)
  --help`;

const hhmm = (t: number | undefined): string =>
  t === undefined ? '—' : new Date(t).toISOString().slice(11, 16);
const min = (a: number | undefined, b: number): number | undefined =>
  a === undefined ? undefined : Math.round((a - b) / 60_000);

// eslint-disable-next-line @typescript-eslint/require-await -- the bench contract is async; this one is CPU-bound.
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seeds: { type: 'string', default: '1-5' },
      hours: { type: 'string', default: '24' },
      plant: {
        type: 'string',
        default: path.resolve(import.meta.dirname, '..', '..', 'plants', 'werkhalle4.yaml'),
      },
      data: { type: 'string', default: DEFAULT_DATA_DIR },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const m = /^(\d+)(?:-(\d+))?$/.exec(values.seeds);
  if (m === null) throw new Error(`--seeds: expected A or A-B, got ${values.seeds}`);
  const from = Number(m[1]);
  const to = Number(m[2] ?? m[1]);
  const hours = numberOption('hours', values.hours, 1);
  const plant = parsePlantYaml(readFileSync(values.plant, 'utf8'));
  const seeds = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
  const bar = progress('live-analytics', seeds.length * 2);
  const day: DayResult[] = [];
  const base: DayResult[] = [];
  let done = 0;
  for (const seed of seeds) {
    day.push(runDay(plant, 'werkhalle4-day', seed, Math.min(hours, 10.5)));
    bar.tick(++done);
    base.push(runDay(plant, 'baseline', seed, hours));
    bar.tick(++done);
  }
  bar.done();
  console.log(
    table(
      [
        'seed',
        'R7 anomaly',
        'min after wear onset',
        'ST04 drift',
        'min after drift start',
        'first OOT part',
        'lead min',
        'RUL at',
        'RUL h (90%)',
        'truth h',
        'covered',
        'other findings',
      ],
      day.map((d) => [
        d.seed,
        hhmm(d.anomalyAt),
        d.truth === undefined ? '—' : (min(d.anomalyAt, d.truth.wearOnset) ?? '—'),
        hhmm(d.driftAt),
        d.truth === undefined ? '—' : (min(d.driftAt, d.truth.driftStart) ?? '—'),
        hhmm(d.truth?.firstOutOfTolerance),
        d.truth?.firstOutOfTolerance === undefined || d.driftAt === undefined
          ? '—'
          : Math.round((d.truth.firstOutOfTolerance - d.driftAt) / 60_000),
        hhmm(d.rul?.at),
        d.rul === undefined ? '—' : `${d.rul.rulH ?? '—'} (${d.rul.lowerH}–${d.rul.upperH ?? 'open'})`,
        d.rul?.truthH ?? '—',
        d.rul === undefined ? '—' : d.rul.covered ? 'yes' : 'no',
        d.falseAlarms,
      ]),
    ),
  );
  console.log();
  console.log(
    table(
      ['seed', 'baseline hours', 'findings (false alarms)', 'first'],
      base.map((d) => [
        d.seed,
        d.hours,
        d.falseAlarms,
        d.findings[0] === undefined ? '—' : `${hhmm(d.findings[0].time)} ${d.findings[0].title}`,
      ]),
    ),
  );
  const detected = day.filter((d) => d.anomalyAt !== undefined && d.truth !== undefined);
  const drifts = day.filter((d) => d.driftAt !== undefined && d.truth !== undefined);
  const falsePerDay =
    base.reduce((a, d) => a + d.falseAlarms, 0) / base.reduce((a, d) => a + d.hours / 24, 0);
  const summary = {
    r7Detected: `${detected.length}/${day.length}`,
    r7MedianMinAfterOnset:
      detected.length === 0
        ? null
        : median(detected.map((d) => (d.anomalyAt! - d.truth!.wearOnset) / 60_000)),
    st04Detected: `${drifts.length}/${day.length}`,
    st04DetectedBeforeFirstOot: day.filter(
      (d) =>
        d.driftAt !== undefined &&
        (d.truth?.firstOutOfTolerance === undefined || d.driftAt < d.truth.firstOutOfTolerance),
    ).length,
    st04MedianMinAfterDriftStart:
      drifts.length === 0 ? null : median(drifts.map((d) => (d.driftAt! - d.truth!.driftStart) / 60_000)),
    rulCovered: `${day.filter((d) => d.rul?.covered === true).length}/${day.filter((d) => d.rul !== undefined).length}`,
    falseAlarmsPerBaselineDay: Math.round(falsePerDay * 100) / 100,
    otherFindingsOnSeedDays: day.reduce((a, d) => a + d.falseAlarms, 0),
    medianCpuSPerSimulatedHour: median([...day, ...base].map((d) => d.cpuMs / 1000 / d.hours)),
  };
  console.log();
  console.log(
    table(
      ['figure', 'value'],
      Object.entries(summary).map(([k, v]) => [k, String(v)]),
    ),
  );
  const file = writeResult(
    'live-analytics',
    {
      benchmark: 'live-analytics',
      machine: machineInfo(),
      seeds,
      hours,
      summary,
      seedDays: day,
      baselineDays: base,
    },
    values.out,
  );
  console.log(`\nresults: ${path.relative(process.cwd(), file)}`);
}
