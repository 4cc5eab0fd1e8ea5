import { describe, expect, it } from 'vitest';
import { createRandom } from '@aethercore/core';
import { phm08Score, scoreRul } from '../src/rul/rul-metrics.ts';
import { drawCut, remainingLife, truncateUnit } from '../src/rul/truncation.ts';

describe('RUL metrics', () => {
  it('computes the PHM08 score by hand', () => {
    // d = −13 → e^1 − 1; d = +10 → e^1 − 1; d = 0 → 0.
    expect(phm08Score([87, 110, 50], [100, 100, 50])).toBeCloseTo(2 * (Math.E - 1), 12);
    // Late predictions cost more than early ones of the same size.
    expect(phm08Score([120], [100])).toBeGreaterThan(phm08Score([80], [100]));
  });

  it('computes RMSE, coverage and width', () => {
    const s = scoreRul([10, 20], [13, 16], [0, 17], [20, 30]);
    expect(s.rmse).toBeCloseTo(Math.sqrt((9 + 16) / 2), 12);
    expect(s.mae).toBeCloseTo(3.5, 12);
    expect(s.coverage).toBe(0.5);
    expect(s.meanWidth).toBe(16.5);
  });
});

describe('truncation like the C-MAPSS test set', () => {
  it('cuts within bounds and the remaining life follows the spec', () => {
    const rng = createRandom(4);
    const n = 200;
    const u = {
      unit: 'u',
      cycles: Float64Array.from({ length: n }, (_, i) => i + 1),
      settings: [],
      sensors: [new Float64Array(n)],
    };
    const ruls: number[] = [];
    for (let k = 0; k < 2000; k++) {
      const last = drawCut(n, rng);
      expect(last).toBeGreaterThanOrEqual(19);
      expect(last).toBeLessThanOrEqual(n - 2);
      ruls.push(remainingLife(u, last));
    }
    expect(Math.min(...ruls)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...ruls)).toBeLessThanOrEqual(145);
    const t = truncateUnit(u, 49);
    expect(t.cycles.length).toBe(50);
    expect(t.sensors[0]!.length).toBe(50);
  });
});
