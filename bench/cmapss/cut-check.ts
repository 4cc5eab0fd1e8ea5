// `npx tsx bench/cmapss/cut-check.ts [--data dir] [--seed n]`: a label-free check of the
// calibration cuts against the C-MAPSS test inputs. The readme of the data says only that "in the
// test set, the time series ends some time prior to system failure" (Saxena et al., PHM 2008); the
// cut law (remaining life uniform in 5–75 % of life, ≤ 145 cycles, ≥ 20 cycles seen) must not be
// fitted to the test truth RUL_FD00x.txt. What can be compared without any label is the number of
// cycles SEEN: the lengths of the test_FD00x.txt records against the lengths of the calibration
// cuts drawn from train_FD00x.txt. Prints quantiles of both (and of a cut uniform over the life,
// the naive reading of "some time prior to failure") for every data set, FD002/FD004 included.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { table } from '@aethercore/cli';
import { createRandom } from '@aethercore/core';
import { drawCut, parseFleetHistory } from '@aethercore/analytics';
import { DEFAULT_DATA_DIR } from '../lib/results.ts';

const QUANTILES = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95] as const;

/** Empirical quantiles (nearest rank) of the values. */
export function quantiles(values: readonly number[], qs: readonly number[] = QUANTILES): number[] {
  const v = [...values].sort((a, b) => a - b);
  return qs.map((q) => v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))] ?? Number.NaN);
}

/** Cycles seen at each of `perUnit` calibration cuts per training unit, drawn as training does. */
export function seenAtCuts(lives: readonly number[], perUnit: number, seed: number): number[] {
  const rng = createRandom(seed);
  return lives.flatMap((n) => Array.from({ length: perUnit }, () => drawCut(n, rng) + 1));
}

function main(): void {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: DEFAULT_DATA_DIR },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('usage: npx tsx bench/cmapss/cut-check.ts [--data <dir holding cmapss/>] [--seed n]');
    return;
  }
  const dir = path.join(values.data, 'cmapss');
  const seed = Number(values.seed) || 1;
  const rows: (string | number)[][] = [];
  for (const ds of ['FD001', 'FD002', 'FD003', 'FD004']) {
    const file = (kind: string): string => path.join(dir, `${kind}_${ds}.txt`);
    if (!existsSync(file('train')) || !existsSync(file('test'))) continue;
    const lives = parseFleetHistory(readFileSync(file('train'), 'utf8')).units.map((u) => u.cycles.length);
    const seen = parseFleetHistory(readFileSync(file('test'), 'utf8')).units.map((u) => u.cycles.length);
    const rng = createRandom(seed);
    const uniform = lives.flatMap((n) =>
      Array.from({ length: 10 }, () => rng.int(Math.min(31, n - 1), n - 1)),
    );
    rows.push([ds, 'test records (no labels)', seen.length, ...quantiles(seen)]);
    rows.push([ds, 'calibration cuts', lives.length * 10, ...quantiles(seenAtCuts(lives, 10, seed))]);
    rows.push([ds, 'cut uniform over life', uniform.length, ...quantiles(uniform)]);
  }
  console.log(
    table(['dataset', 'cycles seen in', 'n', ...QUANTILES.map((q) => `q${Math.round(q * 100)}`)], rows),
  );
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(import.meta.filename))
  main();
