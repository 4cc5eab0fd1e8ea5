import { describe, expect, it } from 'vitest';
import { createRandom } from '@aethercore/core';
import { predictGbt, trainGbt } from '../src/ml/gbt.ts';
import { matrix } from '../src/ml/matrix.ts';

function dataset(n: number, seed: number, noise = 0.1) {
  const rng = createRandom(seed);
  const x = matrix(n, 4);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.next() * 4 - 2;
    const b = rng.next() * 4 - 2;
    x.data.set([a, b, rng.next(), rng.normal()], i * 4);
    // A known smooth function plus a step; columns 2 and 3 are pure noise.
    y[i] = Math.sin(a) * 3 + b * b + (a > 0.5 ? 2 : 0) + noise * rng.normal();
  }
  return { x, y };
}

const rmse = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += ((a[i] ?? 0) - (b[i] ?? 0)) ** 2;
  return Math.sqrt(s / a.length);
};

describe('trainGbt', () => {
  it('learns a known nonlinear function far better than the mean', () => {
    const train = dataset(4000, 1);
    const test = dataset(1000, 2, 0);
    const model = trainGbt(train.x, train.y, { trees: 200, learningRate: 0.1, maxDepth: 4, seed: 3 });
    const pred = predictGbt(model, test.x);
    const meanY = test.y.reduce((s, v) => s + v, 0) / test.y.length;
    const baseline = rmse(test.y, new Float64Array(test.y.length).fill(meanY));
    expect(baseline).toBeGreaterThan(2);
    expect(rmse(pred, test.y)).toBeLessThan(0.35);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const { x, y } = dataset(800, 5);
    const a = trainGbt(x, y, { trees: 20, seed: 7 });
    const b = trainGbt(x, y, { trees: 20, seed: 7 });
    const c = trainGbt(x, y, { trees: 20, seed: 8 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('respects the depth limit and minimum leaf size, and survives JSON', () => {
    const { x, y } = dataset(500, 9);
    const model = trainGbt(x, y, { trees: 5, maxDepth: 2, minLeaf: 100, subsample: 1, colsample: 1 });
    for (const t of model.trees) expect(t.feature.length).toBeLessThanOrEqual(7);
    const back = JSON.parse(JSON.stringify(model)) as typeof model;
    expect(Array.from(predictGbt(back, x))).toEqual(Array.from(predictGbt(model, x)));
  });

  it('predicts a constant target exactly and handles NaN inputs', () => {
    const x = matrix(50, 2);
    for (let i = 0; i < 50; i++) x.data.set([i, Number.NaN], i * 2);
    const model = trainGbt(x, new Float64Array(50).fill(4.5), { trees: 3 });
    expect(Array.from(predictGbt(model, x)).every((v) => Math.abs(v - 4.5) < 1e-12)).toBe(true);
  });
});
