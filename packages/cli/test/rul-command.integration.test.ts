// `aethercore rul train|predict` end to end on the C-MAPSS fixture: real files, the CLI as a child process.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './run-cli.ts';

const fixtures = path.join(REPO_ROOT, 'fixtures', 'cmapss');
const dir = mkdtempSync(path.join(os.tmpdir(), 'ac-rul-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Prediction {
  unit: string | number;
  cycle: number;
  rul: number;
  lower: number;
  upper: number | null;
  ood: boolean;
}

describe('aethercore rul', () => {
  const model = path.join(dir, 'fd001.json');

  // Two child processes (train, predict) under tsx: generous on a shared 2-core machine.
  it(
    'trains on run-to-failure histories and predicts every test unit with an interval and an OOD flag',
    { timeout: 120_000 },
    async () => {
      const train = await runCli([
        'rul',
        'train',
        '--data',
        path.join(fixtures, 'train_FD001.txt'),
        '--out',
        model,
        '--trees',
        '40',
        '--members',
        '2',
      ]);
      expect(train.stderr + train.stdout).not.toMatch(/error /);
      expect(train.code).toBe(0);
      expect(train.stdout).toMatch(/wrote /);
      expect(JSON.parse(readFileSync(model, 'utf8'))).toHaveProperty('conformal');

      const predict = await runCli([
        'rul',
        'predict',
        '--model',
        model,
        '--data',
        path.join(fixtures, 'test_FD001.txt'),
        '--json',
      ]);
      expect(predict.code).toBe(0);
      const out = JSON.parse(predict.stdout) as { interval: number; predictions: Prediction[] };
      expect(out.interval).toBeCloseTo(0.9);
      const testUnits = new Set(
        readFileSync(path.join(fixtures, 'test_FD001.txt'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.trim().split(/\s+/)[0]),
      );
      expect(out.predictions).toHaveLength(testUnits.size);
      for (const p of out.predictions) {
        expect(Number.isFinite(p.rul)).toBe(true);
        expect(p.rul).toBeGreaterThanOrEqual(0);
        expect(p.lower).toBeLessThanOrEqual(p.rul);
        if (p.upper !== null) expect(p.upper).toBeGreaterThanOrEqual(p.rul);
        expect(typeof p.ood).toBe('boolean');
      }

      const csv = await runCli([
        'rul',
        'predict',
        '--model',
        model,
        '--data',
        path.join(fixtures, 'test_FD001.txt'),
        '--csv',
      ]);
      expect(csv.code).toBe(0);
      const lines = csv.stdout.trim().split('\n');
      expect(lines[0]).toBe('unit,cycle,rul,lower,upper,ood');
      expect(lines).toHaveLength(testUnits.size + 1);
    },
  );

  it('names the line and column of text in a numeric column, exits 2 and writes no model', async () => {
    const bad = path.join(dir, 'bad.txt');
    const lines = readFileSync(path.join(fixtures, 'train_FD001.txt'), 'utf8').split('\n');
    const cells = (lines[2] ?? '').trim().split(/\s+/);
    cells[5] = 'hot';
    lines[2] = cells.join(' ');
    writeFileSync(bad, lines.join('\n'));
    const out = path.join(dir, 'never.json');
    const r = await runCli(['rul', 'train', '--data', bad, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error csv\.[a-z-]+/);
    expect(r.stderr).toMatch(/:3:6\b/);
    expect(() => readFileSync(out)).toThrow();
  });

  it('rejects a model file that is not JSON with a coded error', async () => {
    const junk = path.join(dir, 'junk.json');
    writeFileSync(junk, 'not json');
    const r = await runCli([
      'rul',
      'predict',
      '--model',
      junk,
      '--data',
      path.join(fixtures, 'test_FD001.txt'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error rul\.model-invalid/);
  });
});
