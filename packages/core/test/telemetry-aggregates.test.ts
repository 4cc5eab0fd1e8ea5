import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertValidReadings,
  bucketStart,
  mergeAggregates,
  type BucketAggregate,
  type Quality,
} from '../src/index.ts';

const agg = fc
  .record({
    values: fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 5 }),
    quality: fc.constantFrom<Quality>('good', 'uncertain', 'bad'),
  })
  .map(({ values, quality }): BucketAggregate => ({
    sum: values.reduce((s, v) => s + v, 0),
    min: Math.min(...values),
    max: Math.max(...values),
    count: values.length,
    quality,
  }));

describe('mergeAggregates (retention folds and mixed queries rely on it)', () => {
  it('is commutative and associative, so folding order never matters (property)', () => {
    fc.assert(
      fc.property(agg, agg, agg, (a, b, c) => {
        expect(mergeAggregates(a, b)).toEqual(mergeAggregates(b, a));
        expect(mergeAggregates(mergeAggregates(a, b), c)).toEqual(mergeAggregates(a, mergeAggregates(b, c)));
      }),
    );
  });

  it('drops bad parts when usable ones exist and marks the result uncertain', () => {
    const good: BucketAggregate = { sum: 10, min: 4, max: 6, count: 2, quality: 'good' };
    const bad: BucketAggregate = { sum: 1000, min: 1000, max: 1000, count: 1, quality: 'bad' };
    expect(mergeAggregates(good, bad)).toEqual({ ...good, quality: 'uncertain' });
    expect(mergeAggregates(bad, bad)).toEqual({ sum: 2000, min: 1000, max: 1000, count: 2, quality: 'bad' });
    expect(mergeAggregates(good, good).quality).toBe('good');
  });
});

describe('bucketStart', () => {
  it('floors to the bucket, also for negative times (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 86_400_000 }), (t, w) => {
        const b = bucketStart(t, w);
        expect(b).toBeLessThanOrEqual(t);
        expect(t - b).toBeLessThan(w);
        expect(Math.abs(b % w)).toBe(0);
      }),
    );
  });
});

describe('assertValidReadings', () => {
  it('names the first bad reading in path and accepts an empty batch', () => {
    expect(() => assertValidReadings([])).not.toThrow();
    try {
      assertValidReadings([
        { seriesId: 'a', value: 1, quality: 'good', sourceTime: 1 },
        { seriesId: 'a', value: Number.NaN, quality: 'good', sourceTime: 2 },
      ]);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'telemetry.reading-invalid', path: 'readings[1]' });
    }
  });
});
