import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCmapss } from './run-cmapss.ts';
import { quantiles, seenAtCuts } from './cut-check.ts';
import { parseSeeds, summariseSeeds } from './summary.ts';

const FIXTURE = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'cmapss');

describe('cmapss bench (smoke, on the fixture)', () => {
  it('scores the test units and runs unit-level CV', async () => {
    const ticks: number[] = [];
    const rows = await runCmapss({
      dir: FIXTURE,
      datasets: ['FD001'],
      seed: 1,
      folds: 5,
      cvOn: 'all',
      cvCuts: 2,
      train: { gbt: { trees: 20 }, members: 3, leaveOut: 1 },
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
    // 6 trainings (1 test model, 5 CV folds) × 3 members × 20 trees.
    expect(ticks.length).toBe(20 * 3 * 6);
    for (const r of rows) expect(r.members).toBe(3);
    // One left-out fold: the single unseen member IS the unseen mean, so the side-by-side
    // one-member interval must reproduce the model's own interval exactly.
    for (const r of rows) {
      expect(r.leaveOut).toBe(1);
      expect(r.oneMember.coverage).toBe(r.coverage);
      expect(r.oneMember.meanWidth).toBeCloseTo(r.meanWidth, 9);
    }

    // Shift weights need a batch of ≥ 20 records: 3 test units and 2 cuts per CV fold are none, so
    // the weighted column falls back to the split interval, side by side with the same models.
    for (const r of rows) {
      expect(r.weighted.applied).toBe(false);
      expect(r.weighted.coverage).toBe(r.split.coverage);
      expect(r.split.coverage).toBe(r.coverage);
    }

    const only = await runCmapss({
      dir: FIXTURE,
      datasets: ['FD001'],
      seed: 2,
      folds: 5,
      cvCuts: 1,
      train: { gbt: { trees: 10 } },
    });
    // By default CV runs only where no test truth is shared.
    expect(only.map((r) => r.protocol)).toEqual(['test']);
    const summary = summariseSeeds([...rows, ...only]);
    const tested = summary.find((s) => s.protocol === 'test');
    expect(tested?.seeds).toEqual([1, 2]);
    expect(tested?.maxRmse).toBe(Math.max(rows[0]!.rmse, only[0]!.rmse));
    expect(tested?.rmseMet).toBe(tested!.maxRmse <= 12.5);
  }, 120_000);

  it('reads seed lists', () => {
    expect(parseSeeds('1-5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('3, 1,3')).toEqual([3, 1]);
    expect(parseSeeds('2')).toEqual([2]);
    for (const bad of ['', 'a', '5-1', '1-', '-1', '1.5', '0-99999']) expect(parseSeeds(bad)).toBeUndefined();
  });

  it('cut check: nearest-rank quantiles, and every calibration cut sees 20 … life − 1 cycles', () => {
    expect(
      quantiles(
        Array.from({ length: 100 }, (_, i) => i + 1),
        [0.05, 0.5, 0.95],
      ),
    ).toEqual([5, 50, 95]);
    const lives = [30, 128, 200, 362];
    const seen = seenAtCuts(lives, 50, 3);
    expect(seen).toHaveLength(200);
    seen.forEach((s, i) => {
      const life = lives[Math.floor(i / 50)] ?? 0;
      expect(s).toBeGreaterThanOrEqual(20);
      expect(s).toBeLessThanOrEqual(life - 1);
      // remaining life ≤ 145 cycles (+1 for the rounding of the drawn remaining life)
      expect(life - s).toBeLessThanOrEqual(146);
    });
    expect(seenAtCuts(lives, 50, 3)).toEqual(seen);
  });

  it('fails clearly when the data is missing', async () => {
    await expect(
      runCmapss({ dir: '/nonexistent', datasets: ['FD001'], seed: 1, folds: 0, cvCuts: 1, train: {} }),
    ).rejects.toThrow(/bench.data-missing/);
  });
});
