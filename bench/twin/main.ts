// `npm run bench -- twin [--shifts N] [--repeats R] [--seed S] [--plant FILE]`: B6 twin throughput.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parsePlantYaml } from '@aethercore/core';
import { progress, table } from '@aethercore/cli';
import { machineInfo } from '../lib/machine.ts';
import { DEFAULT_DATA_DIR, writeResult } from '../lib/results.ts';
import { runTwinBench } from './twin-bench.ts';
import { numberOption } from '../lib/options.ts';

const HELP = `usage: npm run bench -- twin [options]

B6: simulated 8-hour shifts of a 20-station line (plants/werkhalle4.yaml) per minute on one core,
each shift a seeded random-disruption scenario (seed + i). Goal: >= 1000 shifts/min. Reports wall-clock
throughput and throughput per CPU-minute of the process (fair on a shared, loaded machine).

options:
  --shifts N     shift-scenarios per repetition (default 200)
  --repeats R    timed repetitions; the median is reported (default 5)
  --seed S       first seed (default 42)
  --hours H      length of a shift in hours (default 8)
  --plant FILE   plant file (default plants/werkhalle4.yaml)
  --data DIR     benchmark data directory (unused: the twin needs no public data)
  --out FILE     JSON output (default bench/results/twin.json)
  --help`;

// eslint-disable-next-line @typescript-eslint/require-await -- the bench contract is async; B6 is CPU-bound and synchronous.
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      shifts: { type: 'string', default: '200' },
      repeats: { type: 'string', default: '5' },
      seed: { type: 'string', default: '42' },
      hours: { type: 'string', default: '8' },
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
  const shifts = Math.floor(numberOption('shifts', values.shifts, 1));
  const repeats = Math.floor(numberOption('repeats', values.repeats, 1));
  const seed = Math.floor(numberOption('seed', values.seed, 0));
  const hours = numberOption('hours', values.hours, 0.01);
  const plant = parsePlantYaml(readFileSync(values.plant, 'utf8'));
  const bar = progress('twin', shifts * repeats);
  const r = runTwinBench({
    plant,
    shifts,
    repeats,
    seed,
    shiftHours: hours,
    onProgress: (d) => (d % 25 === 0 ? bar.tick(d) : undefined),
  });
  bar.done();
  const m = machineInfo();
  console.log(
    table(
      ['repeat', 'shifts', 'wall s', 'CPU s', 'shifts/min', 'shifts/CPU-min', 'events/s'],
      r.repeats.map((x, i) => [
        i + 1,
        x.shifts,
        x.seconds,
        x.cpuSeconds,
        Math.round(x.shiftsPerMin),
        Math.round(x.shiftsPerCpuMin),
        Math.round(x.eventsPerS),
      ]),
    ),
  );
  console.log();
  console.log(
    table(
      ['figure', 'value'],
      [
        ['stations', r.stations],
        ['shift length (h)', r.shiftHours],
        ['median shifts/min (goal >= 1000)', Math.round(r.medianShiftsPerMin)],
        ['median shifts per CPU-minute', Math.round(r.medianShiftsPerCpuMin)],
        ['median events/s', Math.round(r.medianEventsPerS)],
        ['ms per shift, median', r.msPerShiftMedian],
        ['ms per shift, p95', r.msPerShiftP95],
        ['events per shift, mean', Math.round(r.eventsPerShiftMean)],
        ['good parts per shift, mean', r.goodPartsPerShiftMean],
        ['createTwin ms (cold, first)', r.createTwinMsCold],
        ['first shift log hash', r.firstShiftHash],
        ['cores (run uses one)', m.cores],
      ],
    ),
  );
  const file = writeResult(
    'twin',
    { options: { shifts, repeats, seed, hours, plant: values.plant }, ...r },
    values.out,
  );
  console.log(`\nwrote ${file}`);
}
