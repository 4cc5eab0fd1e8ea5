import {
  AetherError,
  checkVectorBatch,
  checkVectorDimension,
  checkVectorQuery,
  type VectorHit,
  type VectorIndex,
  type VectorMetric,
} from '@aethercore/core';
import { Index, MetricKind, ScalarKind, type BatchMatches } from 'usearch';

/**
 * How USearch stores the vectors. `f16` halves the vector part of the index (the graph links are
 * unchanged), so fewer cache lines are read per distance; distances are still squared L2 (of the
 * f16-rounded vectors). There is no `i8` for L2 in the Node binding: usearch 2.25's JS wrapper
 * converts every vector, an `Int8Array` too, to `Float32Array` (`normalizeVectors`), and the native
 * f32→i8 cast scales each vector to unit length (it assumes a dot-product metric), which
 * destroys squared-L2 magnitudes (a test shows it).
 */
export type UsearchDtype = 'f32' | 'f16';

export interface UsearchOptions {
  readonly dim: number;
  readonly metric?: VectorMetric;
  /** Graph degree (USearch "connectivity", hnswlib's M; default 16). */
  readonly connectivity?: number;
  readonly expansionAdd?: number;
  /** Search beam width (default 64); fixed per index object, also for a loaded or viewed file. */
  readonly expansionSearch?: number;
  /** Threads for `add` (0 = all cores). A single `search` always runs on the calling thread. */
  readonly threads?: number;
  /** Vector storage (default f32). */
  readonly dtype?: UsearchDtype;
}

/** Raw native answer of one query, before conversion to `VectorHit` objects (for cost measurements). */
export interface UsearchRawMatches {
  readonly keys: BigUint64Array;
  readonly distances: Float32Array;
}

const SCALAR: Record<UsearchDtype, ScalarKind> = { f32: ScalarKind.F32, f16: ScalarKind.F16 };

/**
 * `VectorIndex` on USearch (Unum, an HNSW implementation with SIMD distance kernels; prebuilt
 * N-API binaries, no compiler needed). Its `add` takes a whole row-major batch and builds with
 * several threads; the search beam (`expansion_search`) is fixed when the index object is created,
 * so measuring several beams on one built graph means one `load`/`view` of the saved file per beam.
 */
export class UsearchVectorIndex implements VectorIndex {
  readonly dim: number;
  readonly metric: VectorMetric;
  readonly dtype: UsearchDtype;
  readonly #index: Index;
  readonly #threads: number;

  constructor(opts: UsearchOptions) {
    checkVectorDimension(opts.dim);
    const dtype = opts.dtype ?? 'f32';
    if (!(dtype in SCALAR)) {
      throw new AetherError({
        code: 'vector.dtype-invalid',
        message: `dtype must be f32 or f16, got ${String(dtype)}`,
        hint: 'use f32 (exact) or f16 (half the vector memory)',
        path: 'dtype',
      });
    }
    this.dim = opts.dim;
    this.metric = opts.metric ?? 'l2';
    this.dtype = dtype;
    this.#threads = opts.threads ?? 0;
    this.#index = new Index({
      dimensions: this.dim,
      metric: this.metric === 'l2' ? MetricKind.L2sq : MetricKind.Cos,
      quantization: SCALAR[dtype],
      connectivity: opts.connectivity ?? 16,
      expansion_add: opts.expansionAdd ?? 128,
      expansion_search: opts.expansionSearch ?? 64,
      multi: false,
    });
  }

  size(): number {
    return this.#index.size();
  }

  add(ids: Uint32Array | readonly number[], vectors: Float32Array): void {
    checkVectorBatch(this.dim, ids, vectors);
    if (ids.length === 0) return;
    const keys = new BigUint64Array(ids.length);
    for (let i = 0; i < ids.length; i++) keys[i] = BigInt(ids[i] as number);
    this.#index.add(keys, vectors, this.#threads);
  }

  search(query: Float32Array, k: number): VectorHit[] {
    const r = this.searchRaw(query, k);
    const out: VectorHit[] = [];
    for (let i = 0; i < r.keys.length; i++)
      out.push({ id: Number(r.keys[i]), distance: r.distances[i] as number });
    return out;
  }

  /** One query, the native typed arrays as USearch returns them (no per-hit objects). */
  searchRaw(query: Float32Array, k: number): UsearchRawMatches {
    checkVectorQuery(this.dim, query, k);
    if (this.size() === 0) return { keys: new BigUint64Array(0), distances: new Float32Array(0) };
    // threads = 1: the query runs on the calling thread (0 would mean "all cores").
    return this.#index.search(query, k, 1);
  }

  /**
   * Many queries (n×dim row-major) in one native call on `threads` threads (0 = all cores):
   * throughput, not the latency of one query.
   */
  searchBatch(queries: Float32Array, k: number, threads = 1): VectorHit[][] {
    const n = queries.length / this.dim;
    if (!Number.isInteger(n) || n < 1) {
      throw new AetherError({
        code: 'vector.dimension-mismatch',
        message: `queries (${queries.length} values) must be a non-empty multiple of dim ${this.dim}`,
        hint: `pass n×${this.dim} row-major queries`,
        path: 'queries',
      });
    }
    for (let q = 0; q < n; q++)
      checkVectorQuery(this.dim, queries.subarray(q * this.dim, (q + 1) * this.dim), k);
    if (this.size() === 0) return Array.from({ length: n }, () => []);
    const raw = this.#index.search(queries, k, threads);
    // A single row comes back as Matches, several as BatchMatches.
    if (n === 1) {
      const m = raw;
      return [Array.from(m.keys, (key, i) => ({ id: Number(key), distance: m.distances[i] as number }))];
    }
    const b = raw as BatchMatches;
    const out: VectorHit[][] = [];
    for (let q = 0; q < n; q++) {
      const found = Number(b.counts[q] ?? 0n);
      const hits: VectorHit[] = [];
      for (let i = 0; i < found; i++)
        hits.push({ id: Number(b.keys[q * k + i]), distance: b.distances[q * k + i] as number });
      out.push(hits);
    }
    return out;
  }

  save(file: string): void {
    this.#index.save(file);
  }

  /** Reads a saved index into RAM (same dim, metric and dtype as it was built with). */
  static load(file: string, opts: UsearchOptions): UsearchVectorIndex {
    const idx = new UsearchVectorIndex(opts);
    idx.#index.load(file);
    return idx;
  }

  /**
   * Memory-maps a saved index without copying it (USearch `view`): the pages come from the OS
   * page cache on first touch, so a cold view answers slower until its pages are resident.
   * The index is read-only.
   */
  static view(file: string, opts: UsearchOptions): UsearchVectorIndex {
    const idx = new UsearchVectorIndex(opts);
    idx.#index.view(file);
    return idx;
  }
}
