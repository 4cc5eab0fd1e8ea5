import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryMetrics, confusion, detectionDelays } from '../src/index.ts';

describe('SKAB binary metrics and detection delay', () => {
  it('sums the confusion and computes F1 = TP/(TP + (FP+FN)/2), FAR and MAR', () => {
    const c = confusion([0, 0, 1, 1, 1, 0], [1, 0, 0, 1, 1, 1]);
    expect(c).toEqual({ tp: 2, tn: 1, fp: 2, fn: 1 });
    const m = binaryMetrics(c);
    expect(m.f1).toBeCloseTo(2 / 3.5, 12);
    expect(m.far).toBeCloseTo(2 / 3, 12);
    expect(m.mar).toBeCloseTo(1 / 3, 12);
  });

  it('gives the samples from each changepoint to the first alarm inside the event, null when missed', () => {
    const truth = [0, 1, 1, 1, 0, 0, 1, 1, 0, 1];
    // An alarm before the first event (index 0) is a false alarm, not an early detection.
    const predicted = [1, 0, 0, 1, 1, 0, 0, 0, 0, 1];
    expect(detectionDelays(truth, predicted)).toEqual([
      { start: 1, end: 4, delay: 2 },
      { start: 6, end: 8, delay: null },
      { start: 9, end: 10, delay: 0 },
    ]);
    expect(detectionDelays([0, 0], [1, 1])).toEqual([]);
  });

  it('property: one entry per run of 1s; a delay is in [0, length) and points at the first alarm', () => {
    const bits = fc.array(fc.integer({ min: 0, max: 1 }), { maxLength: 60 });
    fc.assert(
      fc.property(bits, bits, (truth, raw) => {
        const predicted = truth.map((_, i) => raw[i] ?? 0);
        const events = detectionDelays(truth, predicted);
        const starts = truth.filter((v, i) => v === 1 && (i === 0 || truth[i - 1] !== 1)).length;
        expect(events).toHaveLength(starts);
        for (const e of events) {
          expect(truth.slice(e.start, e.end).every((v) => v === 1)).toBe(true);
          expect(truth[e.end] ?? 0).toBe(0);
          const inside = predicted.slice(e.start, e.end);
          if (e.delay === null) expect(inside.includes(1)).toBe(false);
          else {
            expect(e.delay).toBe(inside.indexOf(1));
            expect(e.delay).toBeLessThan(e.end - e.start);
          }
        }
      }),
    );
  });
});
