// The pieces of Analytika on their own: the reading-to-frame sampler and the wear-trend RUL.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Reading } from '@aethercore/core';
import { FrameSampler, estimateRul, rulUncertainty } from '../src/analytika/index.ts';

const r = (
  seriesId: string,
  value: number,
  sourceTime: number,
  quality: Reading['quality'] = 'good',
): Reading => ({ seriesId, value, sourceTime, quality });

describe('FrameSampler', () => {
  it('emits one frame per grid instant with the latest values once a later reading arrives', () => {
    const s = new FrameSampler(30_000, ['a', 'b']);
    expect(s.push([r('a', 1, 5_000), r('b', 2, 5_000), r('a', 3, 20_000)])).toEqual([]);
    const frames = s.push([r('b', 4, 31_000)]);
    expect(frames).toHaveLength(1);
    expect(frames[0]!.time).toBe(30_000);
    expect(Object.fromEntries(frames[0]!.values)).toEqual({ a: 3, b: 2 });
  });

  it('does not repeat stale values across a gap, and ignores unwatched, bad and late readings', () => {
    const s = new FrameSampler(30_000, ['a']);
    s.push([r('a', 1, 10_000)]);
    const after = s.push([
      r('x', 9, 500_000),
      r('a', 2, 500_000),
      r('a', Number.NaN, 501_000),
      r('a', 5, 502_000, 'bad'),
    ]);
    expect(after.map((f) => f.time)).toEqual([30_000]);
    expect(s.push([r('a', 7, 12_000)])).toEqual([]); // older than the emitted frame
    expect(s.rejected).toBe(3);
    expect(s.push([r('a', 3, 530_000)]).map((f) => f.time)).toEqual([510_000]);
  });

  it('never throws on hostile readings, and its frames are strictly increasing in time', () => {
    const reading = fc.record({
      seriesId: fc.constantFrom('a', 'b', 'c'),
      value: fc.oneof(fc.double(), fc.constant(Number.NaN), fc.constant(Infinity)),
      sourceTime: fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.constant(Number.NaN)),
      quality: fc.constantFrom('good', 'bad', 'uncertain'),
    });
    fc.assert(
      fc.property(fc.array(fc.array(reading, { maxLength: 20 }), { maxLength: 20 }), (batches) => {
        const s = new FrameSampler(1_000, ['a', 'b']);
        const times: number[] = [];
        for (const b of batches) for (const f of s.push(b)) times.push(f.time);
        for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
        for (const t of times) expect(Number.isFinite(t)).toBe(true);
      }),
    );
  });
});

describe('estimateRul (power-law wear trend)', () => {
  const H = 3_600_000;
  /** v = 2 + 0.3·(t − 1 h)^1.3 + noise, sampled every 2 min for 4 h; failure level 8. */
  const series = (noise: number, seed: number) => {
    let x = seed;
    const rnd = (): number => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return x / 2 ** 31 - 0.5;
    };
    const out = [];
    for (let t = 0; t <= 4 * H; t += 120_000)
      out.push({ time: t, value: 2 + 0.3 * Math.max(0, (t - H) / H) ** 1.3 + noise * rnd() * 3.46 });
    return out;
  };
  const truthH = 1 + (6 / 0.3) ** (1 / 1.3) - 4;

  it('recovers the crossing time within its interval', () => {
    let covered = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const e = estimateRul(series(0.02, seed), { failureLevel: 8 })!;
      if (e.lowerH <= truthH && (e.upperH ?? Infinity) >= truthH) covered++;
      expect(e.onset).toBeGreaterThan(0.5 * H);
      expect(e.onset).toBeLessThan(1.5 * H);
    }
    expect(covered).toBeGreaterThanOrEqual(8);
  });

  it('flags a flat series as not established and open-ended, with uncertainty 1', () => {
    const flat = series(0.02, 3).map((s) => ({
      time: s.time,
      value: 2 + (s.value - Math.round(s.value)) * 0.01,
    }));
    const e = estimateRul(flat, { failureLevel: 8 });
    expect(e === undefined || e.uncertain).toBe(true);
    if (e !== undefined) expect(e.reasons).toContain('trend-not-established');
    expect(rulUncertainty(e)).toBeGreaterThanOrEqual(0.5);
  });

  it('needs 30 samples', () => {
    expect(estimateRul(series(0.02, 1).slice(0, 20), { failureLevel: 8 })).toBeUndefined();
  });
});
