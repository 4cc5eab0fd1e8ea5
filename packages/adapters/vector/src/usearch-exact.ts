import { AetherError, type VectorHit } from '@aethercore/core';
import { exactSearch, MetricKind, type BatchMatches } from 'usearch';

/**
 * Brute-force k-NN of many queries with USearch's SIMD kernels on all cores (squared L2; ids are
 * row numbers). The same answer as core's `ExactVectorIndex`, much faster: ground truth for
 * recall at millions of vectors, where a JavaScript scan of 1,000 queries takes many minutes.
 */
export function usearchExactSearch(
  rows: Float32Array,
  queries: Float32Array,
  dim: number,
  k: number,
  threads = 0,
): VectorHit[][] {
  const n = rows.length / dim;
  const nq = queries.length / dim;
  if (!Number.isInteger(n) || !Number.isInteger(nq) || n < 1 || nq < 1) {
    throw new AetherError({
      code: 'vector.dimension-mismatch',
      message: `rows (${rows.length}) and queries (${queries.length}) must be non-empty multiples of dim ${dim}`,
      hint: `pass n×${dim} row-major arrays`,
      path: 'rows',
    });
  }
  // usearch 2.25's native exactSearch reads from the start of the ArrayBuffer and ignores a view's
  // byteOffset (lib.cpp: `ArrayBuffer().Data()`), so views that start inside a buffer are copied.
  const own = (v: Float32Array): Float32Array => (v.byteOffset === 0 ? v : v.slice());
  const m = exactSearch(own(rows), own(queries), dim, k, MetricKind.L2sq, threads) as BatchMatches;
  const out: VectorHit[][] = [];
  for (let q = 0; q < nq; q++) {
    const hits: VectorHit[] = [];
    const found = Number(m.counts[q] ?? BigInt(k));
    for (let i = 0; i < Math.min(found, k); i++)
      hits.push({ id: Number(m.keys[q * k + i]), distance: m.distances[q * k + i] as number });
    out.push(hits);
  }
  return out;
}
