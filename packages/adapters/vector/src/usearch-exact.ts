import { AetherError, type VectorHit } from '@aethercore/core';
import { exactSearch, MetricKind, type BatchMatches } from 'usearch';

/** Rows and queries per native call: USearch materialises a queries×rows distance matrix. */
const ROW_TILE = 1 << 20;
const QUERY_TILE = 64;

/**
 * Brute-force k-NN of many queries with USearch's SIMD kernels on all cores (squared L2; ids are
 * row numbers). The same answer as core's `ExactVectorIndex`, much faster: ground truth for
 * recall at millions of vectors, where a JavaScript scan of 1,000 queries takes many minutes.
 *
 * Two quirks of usearch 2.25's native `exactSearch`, both handled here: it allocates the whole
 * queries×rows distance matrix (1,000 × 6.2 M floats ≈ 25 GB → `std::bad_alloc`), so the work
 * is tiled (2^20 rows × 64 queries, ≈ 256 MB) and the per-tile top-k merged; and it reads from
 * the start of the ArrayBuffer, ignoring a view's byteOffset (lib.cpp `ArrayBuffer().Data()`),
 * so views that start inside a buffer are copied.
 */
export function usearchExactSearch(
  rows: Float32Array,
  queries: Float32Array,
  dim: number,
  k: number,
  threads = 0,
  rowTile = ROW_TILE,
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
  const own = (v: Float32Array): Float32Array => (v.byteOffset === 0 ? v : v.slice());
  const best: VectorHit[][] = Array.from({ length: nq }, () => []);
  for (let r0 = 0; r0 < n; r0 += rowTile) {
    const rn = Math.min(rowTile, n - r0);
    const tile = own(rows.subarray(r0 * dim, (r0 + rn) * dim));
    const kk = Math.min(k, rn);
    for (let q0 = 0; q0 < nq; q0 += QUERY_TILE) {
      const qn = Math.min(QUERY_TILE, nq - q0);
      const m = exactSearch(
        tile,
        own(queries.subarray(q0 * dim, (q0 + qn) * dim)),
        dim,
        kk,
        MetricKind.L2sq,
        threads,
      ) as BatchMatches;
      for (let q = 0; q < qn; q++) {
        const found = Math.min(kk, Number(m.counts[q] ?? BigInt(kk)));
        const merged = best[q0 + q] as VectorHit[];
        for (let i = 0; i < found; i++)
          merged.push({ id: r0 + Number(m.keys[q * kk + i]), distance: m.distances[q * kk + i] as number });
        merged.sort((a, b) => a.distance - b.distance || a.id - b.id);
        merged.length = Math.min(merged.length, k);
      }
    }
  }
  return best;
}
