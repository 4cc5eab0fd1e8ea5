import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCmapss } from './run-cmapss.ts';

const FIXTURE = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'cmapss');

describe('cmapss bench (smoke, on the fixture)', () => {
  it('scores the test units and runs unit-level CV', async () => {
    const ticks: number[] = [];
    const rows = await runCmapss({
      dir: FIXTURE,
      datasets: ['FD001'],
      seed: 1,
      folds: 5,
      cvCuts: 2,
      train: { gbt: { trees: 20 } },
      onTree: (_l, done) => ticks.push(done),
    });
    expect(rows.map((r) => r.protocol)).toEqual(['test', 'cv-5']);
    const [test, cv] = rows;
    expect(test?.n).toBe(3);
    expect(cv?.n).toBe(10);
    for (const r of rows) {
      expect(Number.isFinite(r.rmse)).toBe(true);
      expect(r.rmse).toBeGreaterThan(0);
      expect(r.coverage).toBeGreaterThanOrEqual(0);
      expect(r.regimes).toBe(1);
      expect(r.sensorsKept).toBe(14);
    }
    expect(ticks.length).toBe(20 * 6);
  });

  it('fails clearly when the data is missing', async () => {
    await expect(
      runCmapss({ dir: '/nonexistent', datasets: ['FD001'], seed: 1, folds: 0, cvCuts: 1, train: {} }),
    ).rejects.toThrow(/bench.data-missing/);
  });
});
