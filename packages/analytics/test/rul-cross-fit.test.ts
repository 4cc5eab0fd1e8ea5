import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRandom } from '@aethercore/core';
import type { UnitHistory } from '../src/io/cmapss.ts';
import { trainingRows, unitFolds } from '../src/rul/cross-fit.ts';
import { featureCount, type FeatureSpec } from '../src/rul/window-features.ts';

describe('unitFolds', () => {
  it('property: every unit gets one fold in 0..k−1, fold sizes differ by at most one, same seed same folds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 2, max: 10 }),
        fc.integer(),
        (n, k, seed) => {
          const folds = unitFolds(n, k, createRandom(seed));
          expect(folds).toHaveLength(n);
          const sizes = new Array<number>(k).fill(0);
          for (const f of folds) {
            expect(Number.isInteger(f) && f >= 0 && f < k).toBe(true);
            sizes[f] = (sizes[f] ?? 0) + 1;
          }
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          expect(unitFolds(n, k, createRandom(seed))).toEqual(folds);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('shuffles: the folds are not the unit order dealt round-robin', () => {
    const folds = unitFolds(100, 5, createRandom(7));
    expect(folds).not.toEqual(Array.from({ length: 100 }, (_, i) => i % 5));
  });
});

describe('trainingRows', () => {
  const unit = (id: string, n: number): UnitHistory => ({
    unit: id,
    cycles: Float64Array.from({ length: n }, (_, i) => i + 1),
    settings: [],
    sensors: [Float64Array.from({ length: n }, (_, i) => i * 0.1)],
  });
  const spec: FeatureSpec = { windows: [2, 4], baseline: 2 };
  const nF = featureCount(spec, 1);
  const z = (u: UnitHistory): Float64Array[] => [u.sensors[0] ?? new Float64Array()];

  it('caps the target and, with stride s, the s offsets together use every cycle exactly once', () => {
    const units = [unit('a', 9), unit('b', 4)];
    const ages: number[] = [];
    for (let offset = 0; offset < 3; offset++) {
      const { x, y } = trainingRows(units, z, spec, nF, 5, 3, offset);
      expect(x.rows).toBe(y.length);
      expect(x.cols).toBe(nF);
      for (let r = 0; r < x.rows; r++) {
        ages.push(x.data[r * nF] ?? -1);
        expect(y[r]).toBeLessThanOrEqual(5);
      }
    }
    // age feature = cycle index + 1; unit a has ages 1..9, unit b 1..4.
    expect(ages.sort((p, q) => p - q)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 7, 8, 9]);
  });

  it('targets are min(cap, remaining cycles), counted back from failure', () => {
    const { y } = trainingRows([unit('a', 8)], z, spec, nF, 4, 1, 0);
    expect([...y]).toEqual([0, 1, 2, 3, 4, 4, 4, 4]);
  });
});
