/**
 * k-means (Lloyd's algorithm) with k-means++ seeding (Arthur & Vassilvitskii, SODA 2007), seeded
 * and deterministic. Used to find the discrete operating regimes of C-MAPSS FD002/FD004.
 */
import { createRandom } from '@aethercore/core';
import type { Matrix } from './matrix.ts';

export interface KMeansResult {
  readonly k: number;
  /** k × dims, row-major. */
  readonly centroids: Float64Array;
  readonly assignment: Int32Array;
  /** Within-cluster sum of squares. */
  readonly wss: number;
}

export function kMeans(x: Matrix, k: number, seed: number, iterations = 30, restarts = 2): KMeansResult {
  let best: KMeansResult | undefined;
  const rng = createRandom(seed);
  for (let r = 0; r < restarts; r++) {
    const res = lloyd(x, k, rng.int(0, 2 ** 31), iterations);
    if (best === undefined || res.wss < best.wss) best = res;
  }
  if (best === undefined) throw new Error('kMeans: restarts must be >= 1');
  return best;
}

/** Index of the nearest centroid and the squared distance to it. */
export function nearestCentroid(
  centroids: ArrayLike<number>,
  k: number,
  point: ArrayLike<number>,
): { index: number; dist2: number } {
  const d = point.length;
  let index = 0;
  let dist2 = Infinity;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += ((point[j] ?? 0) - (centroids[c * d + j] ?? 0)) ** 2;
    if (s < dist2) {
      dist2 = s;
      index = c;
    }
  }
  return { index, dist2 };
}

function lloyd(x: Matrix, k: number, seed: number, iterations: number): KMeansResult {
  const rng = createRandom(seed);
  const { rows: n, cols: d, data } = x;
  const cent = new Float64Array(k * d);
  const assign = new Int32Array(n);
  const dist = new Float64Array(n).fill(Infinity);
  const first = rng.int(0, n - 1);
  cent.set(data.subarray(first * d, first * d + d), 0);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += ((data[i * d + j] ?? 0) - (cent[(c - 1) * d + j] ?? 0)) ** 2;
      if (s < (dist[i] ?? Infinity)) dist[i] = s;
      total += dist[i] ?? 0;
    }
    let u = rng.next() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      u -= dist[i] ?? 0;
      if (u <= 0) {
        pick = i;
        break;
      }
    }
    cent.set(data.subarray(pick * d, pick * d + d), c * d);
  }
  let wss = 0;
  for (let it = 0; it < iterations; it++) {
    let changed = false;
    wss = 0;
    for (let i = 0; i < n; i++) {
      const { index, dist2 } = nearestCentroid(cent, k, data.subarray(i * d, i * d + d));
      if (assign[i] !== index) changed = true;
      assign[i] = index;
      wss += dist2;
    }
    if (!changed && it > 0) break;
    const sums = new Float64Array(k * d);
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const c = assign[i] ?? 0;
      counts[c] = (counts[c] ?? 0) + 1;
      for (let j = 0; j < d; j++) sums[c * d + j] = (sums[c * d + j] ?? 0) + (data[i * d + j] ?? 0);
    }
    for (let c = 0; c < k; c++) {
      const m = counts[c] ?? 0;
      if (m > 0) for (let j = 0; j < d; j++) cent[c * d + j] = (sums[c * d + j] ?? 0) / m;
    }
  }
  return { k, centroids: cent, assignment: assign, wss };
}
