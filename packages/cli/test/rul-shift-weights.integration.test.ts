// `aethercore rul predict --shift-weights auto|off` end to end on the C-MAPSS fixture: a batch of
// 20 truncated records (5 training units × 4 cuts) gets the reweighted interval, the point
// predictions stay the same, and a bad mode is a coded error.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './run-cli.ts';

const fixtures = path.join(REPO_ROOT, 'fixtures', 'cmapss');
const dir = mkdtempSync(path.join(os.tmpdir(), 'ac-rul-shift-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Output {
  shiftWeights: {
    mode: string;
    applied: boolean;
    reason?: string;
    nEff?: number;
    calibrationPoints?: number;
  };
  predictions: { unit: string; rul: number; interval: string; shiftWeight?: number }[];
}

/** Every training unit cut after 30, 60, 90 and 120 cycles, renamed so the 20 records are distinct units. */
function batchFile(): string {
  const rows = readFileSync(path.join(fixtures, 'train_FD001.txt'), 'utf8').trim().split('\n');
  const out: string[] = [];
  for (const seen of [30, 60, 90, 120])
    for (const line of rows) {
      const [unit, cycle, ...rest] = line.trim().split(/\s+/);
      if (Number(cycle) <= seen) out.push([`${unit}${seen}`, cycle, ...rest].join(' '));
    }
  const file = path.join(dir, 'batch.txt');
  writeFileSync(file, `${out.join('\n')}\n`);
  return file;
}

describe('aethercore rul predict --shift-weights', () => {
  it(
    'reweights the interval of a batch of ≥ 20 records and never moves the point prediction',
    { timeout: 180_000 },
    async () => {
      const model = path.join(dir, 'fd001.json');
      const train = await runCli([
        'rul',
        'train',
        '--data',
        path.join(fixtures, 'train_FD001.txt'),
        '--out',
        model,
        '--trees',
        '30',
        '--members',
        '3',
      ]);
      expect(train.code).toBe(0);
      expect(JSON.parse(readFileSync(model, 'utf8'))).toMatchObject({ format: 'aethercore.rul/3' });
      const batch = batchFile();
      const run = async (mode: string): Promise<Output> => {
        const r = await runCli([
          'rul',
          'predict',
          '--model',
          model,
          '--data',
          batch,
          '--json',
          '--shift-weights',
          mode,
        ]);
        expect(r.code).toBe(0);
        return JSON.parse(r.stdout) as Output;
      };
      const auto = await run('auto');
      const off = await run('off');
      expect(auto.predictions).toHaveLength(20);
      expect(auto.shiftWeights).toMatchObject({ mode: 'auto', applied: true, calibrationPoints: 50 });
      expect(auto.shiftWeights.nEff).toBeGreaterThan(0);
      expect(auto.shiftWeights.nEff).toBeLessThanOrEqual(50);
      for (const p of auto.predictions) expect(p.interval).toBe('shift-weighted');
      expect(off.shiftWeights).toMatchObject({ mode: 'off', applied: false, reason: 'off' });
      for (const p of off.predictions) expect(p.interval).toBe('split');
      expect(auto.predictions.map((p) => p.rul)).toEqual(off.predictions.map((p) => p.rul));

      // Three test units are no batch: the table says the unweighted interval was used, and why.
      const few = await runCli([
        'rul',
        'predict',
        '--model',
        model,
        '--data',
        path.join(fixtures, 'test_FD001.txt'),
        '--shift-weights',
        'auto',
      ]);
      expect(few.code).toBe(0);
      expect(few.stdout).toMatch(/unweighted split-conformal \(fewer than 20 records/);

      const bad = await runCli([
        'rul',
        'predict',
        '--model',
        model,
        '--data',
        batch,
        '--shift-weights',
        'on',
      ]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/error cli\.bad-option/);
    },
  );
});
