import { describe, expect, it } from 'vitest';
import { empiricalQuantile, fCdf, fQuantile, normalCdf, normalQuantile, qLimit } from '../src/index.ts';

describe('distribution functions for control limits', () => {
  it('normal quantiles match the tables', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
  });

  it('F quantiles match the tables (e.g. F₀.₉₅(3, 20) = 3.0984, F₀.₉₉(5, 10) = 5.6363)', () => {
    expect(fQuantile(0.95, 3, 20)).toBeCloseTo(3.0984, 3);
    expect(fQuantile(0.99, 5, 10)).toBeCloseTo(5.6363, 3);
    // For d₂ → ∞, d₁·F → χ²(d₁): χ²₀.₉₉₉(8) = 26.124, so F₀.₉₉₉(8, ∞) = 3.2655.
    expect(fQuantile(0.999, 8, 1e7)).toBeCloseTo(3.2655, 2);
    expect(fCdf(fQuantile(0.9, 4, 30), 4, 30)).toBeCloseTo(0.9, 8);
  });

  it('the Jackson–Mudholkar Q limit reduces to a scaled χ² quantile for equal eigenvalues', () => {
    // Four equal residual eigenvalues of 1: Q = Σ z² ~ χ²₄, whose 0.99 quantile is 13.277.
    expect(qLimit([1, 1, 1, 1], 0.99)).toBeCloseTo(13.28, 0);
  });

  it('empirical quantile interpolates like numpy', () => {
    expect(empiricalQuantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(empiricalQuantile([5, 1, 3], 1)).toBe(5);
  });
});
