import { AetherError, createRandom, ExactVectorIndex, type VectorIndex } from '@aethercore/core';
import { describe, expect, it } from 'vitest';
import { HnswVectorIndex, UsearchVectorIndex, usearchExactSearch } from '../src/index.ts';

/** 2,000 vectors in 20 Gaussian clusters of 16 dimensions, and 200 queries near the clusters. */
function clustered(seed: number): {
  rows: Float32Array;
  queries: Float32Array;
  d: number;
  n: number;
  q: number;
} {
  const rng = createRandom(seed);
  const d = 16;
  const n = 2000;
  const q = 200;
  const centres = Array.from({ length: 20 }, () => Float32Array.from({ length: d }, () => 5 * rng.normal()));
  const draw = (out: Float32Array, i: number): void => {
    const c = centres[rng.int(0, centres.length - 1)] as Float32Array;
    for (let j = 0; j < d; j++) out[i * d + j] = (c[j] as number) + rng.normal();
  };
  const rows = new Float32Array(n * d);
  for (let i = 0; i < n; i++) draw(rows, i);
  const queries = new Float32Array(q * d);
  for (let i = 0; i < q; i++) draw(queries, i);
  return { rows, queries, d, n, q };
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof AetherError ? e.code : `not coded: ${String(e)}`;
  }
  return undefined;
}

const makers: [string, (d: number) => VectorIndex][] = [
  ['hnswlib-node', (d) => new HnswVectorIndex({ dim: d, capacity: 100, m: 16, efConstruction: 100, ef: 64 })],
  [
    'usearch',
    (d) =>
      new UsearchVectorIndex({
        dim: d,
        connectivity: 16,
        expansionAdd: 100,
        expansionSearch: 64,
        threads: 1,
      }),
  ],
];

describe.each(makers)('%s', (_name, make) => {
  it('agrees with exact search: recall@10 ≥ 0.95 on 2,000 clustered vectors', () => {
    const { rows, queries, d, n, q } = clustered(1);
    const ids = Array.from({ length: n }, (_, i) => 1000 + i);
    const exact = new ExactVectorIndex(d);
    exact.add(ids, rows);
    const ann = make(d);
    // Added in two batches: the index grows past its initial capacity.
    ann.add(ids.slice(0, 500), rows.subarray(0, 500 * d));
    ann.add(ids.slice(500), rows.subarray(500 * d));
    expect(ann.size()).toBe(n);
    let found = 0;
    for (let i = 0; i < q; i++) {
      const qv = queries.subarray(i * d, (i + 1) * d);
      const truth = exact.search(qv, 10);
      const got = ann.search(qv, 10);
      expect(got).toHaveLength(10);
      // Same metric as the reference: squared L2.
      const top = got[0];
      if (top !== undefined && top.id === truth[0]?.id)
        expect(top.distance).toBeCloseTo(truth[0].distance, 2);
      const t = new Set(truth.map((h) => h.id));
      found += got.filter((h) => t.has(h.id)).length;
    }
    expect(found / (q * 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('rejects a wrong dimension and NaN with coded errors', () => {
    const ann = make(4);
    expect(codeOf(() => ann.add([1], Float32Array.from([1, 2, 3])))).toBe('vector.dimension-mismatch');
    expect(codeOf(() => ann.add([1], Float32Array.from([1, 2, Number.NaN, 3])))).toBe('vector.not-finite');
    ann.add([1, 2], Float32Array.from([0, 0, 0, 0, 1, 1, 1, 1]));
    expect(codeOf(() => ann.search(Float32Array.from([1, 2, 3]), 1))).toBe('vector.dimension-mismatch');
    expect(codeOf(() => ann.search(Float32Array.from([1, 2, 3, Number.NaN]), 1))).toBe('vector.not-finite');
    // k larger than the index: all stored vectors, nearest first.
    expect(ann.search(Float32Array.from([1, 1, 1, 0.9]), 5).map((h) => h.id)).toEqual([2, 1]);
  });
});

describe('usearchExactSearch', () => {
  it('finds the same neighbours as core ExactVectorIndex', () => {
    const { rows, queries, d, n, q } = clustered(2);
    const exact = new ExactVectorIndex(d);
    exact.add(
      Array.from({ length: n }, (_, i) => i),
      rows,
    );
    // Queries as a view into a larger buffer (the native call ignores byteOffset; the adapter copies).
    const padded = new Float32Array(queries.length + 3 * d);
    padded.set(queries, 3 * d);
    // Rows in tiles of 300 (the tiling and top-k merge used at millions of rows).
    const batch = usearchExactSearch(rows, padded.subarray(3 * d), d, 10, 1, 300);
    expect(batch).toHaveLength(q);
    batch.forEach((hits, i) => {
      const want = exact.search(queries.subarray(i * d, (i + 1) * d), 10);
      expect(hits.map((h) => h.id)).toEqual(want.map((h) => h.id));
      hits.forEach((h, j) => expect(h.distance).toBeCloseTo(want[j]?.distance ?? NaN, 2));
    });
  });
});
