import { createRandom } from '@aethercore/core';
import { describe, expect, it } from 'vitest';
import { cusumChart, estimateBaseline, ewmaChart, individualsChart, spcReport } from '../src/index.ts';

/** The coded error's `code` thrown by `fn`, or undefined when it does not throw. */
function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('individuals (X/MR) chart', () => {
  it('computes the limits by hand: x̄ ± 3·MR̄/1.128, MR UCL = 3.267·MR̄', () => {
    const x = [10, 12, 11, 13, 12];
    // MR = 2, 1, 2, 1 → MR̄ = 1.5; σ̂ = 1.5 / 1.128; x̄ = 11.6
    const c = individualsChart(x);
    expect(c.centre).toBeCloseTo(11.6, 12);
    expect(c.mrCentre).toBeCloseTo(1.5, 12);
    expect(c.ucl).toBeCloseTo(11.6 + (3 * 1.5) / 1.128, 9);
    expect(c.lcl).toBeCloseTo(11.6 - (3 * 1.5) / 1.128, 9);
    expect(c.mrUcl).toBeCloseTo(3.267 * 1.5, 9);
    expect(c.outOfControl).toEqual([]);
  });

  it('flags a point beyond the limits and a jump in the moving range', () => {
    const base = estimateBaseline([10, 12, 11, 13, 12]);
    const c = individualsChart([11, 12, 20, 12], base);
    expect(c.outOfControl).toEqual([2]);
    expect(c.mrOutOfControl).toEqual([2, 3]);
  });

  it('rejects NaN with a coded error', () => {
    expect(codeOf(() => individualsChart([1, Number.NaN, 2]))).toBe('spc.value-invalid');
  });
});

/** Average run length until the first signal, over seeded replications (truncated at `cap`). */
function arl(
  signal: (x: number[]) => number | undefined,
  shift: number,
  reps: number,
  cap: number,
  seed: number,
): number {
  const rnd = createRandom(seed);
  let total = 0;
  for (let r = 0; r < reps; r++) {
    const x = Array.from({ length: cap }, () => shift + rnd.normal());
    total += (signal(x) ?? cap - 1) + 1;
  }
  return total / reps;
}

describe('EWMA and CUSUM run lengths (Montgomery tables 9.3 and 9.11)', () => {
  const base = { mean: 0, sigma: 1 };
  const cusum = (x: number[]): number | undefined => cusumChart(x, base, { k: 0.5, h: 5 }).firstSignal;
  const ewma = (x: number[]): number | undefined => ewmaChart(x, base, { lambda: 0.2, width: 3 }).firstSignal;

  it('CUSUM (k = 0.5, h = 5): ARL ≈ 10.4 for a 1σ shift, ≈ 465 in control', () => {
    const a1 = arl(cusum, 1, 400, 400, 7);
    expect(a1).toBeGreaterThan(7);
    expect(a1).toBeLessThan(14);
    const a0 = arl(cusum, 0, 200, 3000, 8);
    expect(a0).toBeGreaterThan(250);
    expect(a0).toBeLessThan(900);
  });

  it('EWMA (λ = 0.2, L = 3): ARL ≈ 10 for a 1σ shift, several hundred in control', () => {
    const a1 = arl(ewma, 1, 400, 400, 9);
    expect(a1).toBeGreaterThan(6);
    expect(a1).toBeLessThan(15);
    const a0 = arl(ewma, 0, 200, 3000, 10);
    expect(a0).toBeGreaterThan(250);
  });

  it('CUSUM reports the direction of a downward shift', () => {
    const x = [0.1, -0.2, 0.05, ...Array.from({ length: 30 }, () => -2)];
    const c = cusumChart(x, base);
    expect(c.direction).toBe('down');
    expect(c.firstSignal).toBeGreaterThan(2);
    expect(c.firstSignal).toBeLessThan(10);
  });
});

describe('spcReport', () => {
  it('sets limits from the baseline and reports charts and rules on the rest, with full-series indices', () => {
    const quiet = [0.3, -0.5, 0.8, -0.2, 0.1, -0.9, 0.6, -0.4, 0.2, -0.1];
    const base = Array.from({ length: 30 }, (_, i) => 10 + quiet[i % 10]!);
    const inControl = spcReport([...base, ...base.slice(0, 10)], { baselineParts: 30 });
    expect(inControl.inControl).toBe(true);
    const shifted = spcReport(
      [...base, ...Array.from({ length: 12 }, (_, i) => 12.5 + quiet[i % 10]! * 0.2)],
      { baselineParts: 30 },
    );
    expect(shifted.inControl).toBe(false);
    expect(shifted.cusum.firstSignal).toBeGreaterThanOrEqual(30);
    expect(shifted.findings.some((f) => f.rule === 2 && f.from >= 30)).toBe(true);
    expect(shifted.individuals.outOfControl.every((i) => i >= 30)).toBe(true);
    expect(codeOf(() => spcReport([1, 2, 3]))).toBe('spc.series-too-short');
  });
});
