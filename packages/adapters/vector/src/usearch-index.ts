import {
  checkVectorBatch,
  checkVectorQuery,
  type VectorHit,
  type VectorIndex,
  type VectorMetric,
  checkVectorDimension,
} from '@aethercore/core';
import { Index, MetricKind, ScalarKind } from 'usearch';

/**
 * `VectorIndex` on USearch (Unum, an HNSW implementation with SIMD distance kernels; prebuilt
 * N-API binaries, no compiler needed). Its `add` takes a whole row-major batch and builds with
 * several threads; the search beam (`expansion_search`) is fixed when the index is created.
 */
export interface UsearchOptions {
  readonly dim: number;
  readonly metric?: VectorMetric;
  /** Graph degree (USearch "connectivity", hnswlib's M; default 16). */
  readonly connectivity?: number;
  readonly expansionAdd?: number;
  /** Search beam width (default 64). */
  readonly expansionSearch?: number;
  /** Threads for `add` (0 = all cores). Searches run on the calling thread. */
  readonly threads?: number;
}

export class UsearchVectorIndex implements VectorIndex {
  readonly dim: number;
  readonly metric: VectorMetric;
  readonly #index: Index;
  readonly #threads: number;

  constructor(opts: UsearchOptions) {
    checkVectorDimension(opts.dim);
    this.dim = opts.dim;
    this.metric = opts.metric ?? 'l2';
    this.#threads = opts.threads ?? 0;
    this.#index = new Index({
      dimensions: this.dim,
      metric: this.metric === 'l2' ? MetricKind.L2sq : MetricKind.Cos,
      quantization: ScalarKind.F32,
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
    checkVectorQuery(this.dim, query, k);
    if (this.size() === 0) return [];
    const r = this.#index.search(query, k, 1);
    const out: VectorHit[] = [];
    for (let i = 0; i < r.keys.length; i++)
      out.push({ id: Number(r.keys[i]), distance: r.distances[i] as number });
    return out;
  }

  save(file: string): void {
    this.#index.save(file);
  }

  static load(file: string, opts: UsearchOptions): UsearchVectorIndex {
    const idx = new UsearchVectorIndex(opts);
    idx.#index.load(file);
    return idx;
  }
}
