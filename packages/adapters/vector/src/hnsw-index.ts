import {
  checkVectorBatch,
  checkVectorQuery,
  type VectorHit,
  type VectorIndex,
  type VectorMetric,
  checkVectorDimension,
} from '@aethercore/core';
import hnswlib from 'hnswlib-node';

/**
 * `VectorIndex` on hnswlib-node (the Node binding of hnswlib, Malkov & Yashunin, "Efficient and
 * robust approximate nearest neighbor search using Hierarchical Navigable Small World graphs",
 * IEEE TPAMI 2020). The binding takes plain arrays only and adds one point per call on one
 * thread (it has no batch or multi-threaded add), so a build costs one JS→C++ call per vector.
 */
export interface HnswOptions {
  readonly dim: number;
  readonly metric?: VectorMetric;
  /** Initial capacity; the index doubles when it is exceeded. */
  readonly capacity?: number;
  /** Graph degree M (default 16). */
  readonly m?: number;
  readonly efConstruction?: number;
  /** Search beam width (default 64); can be changed later with `setEf`. */
  readonly ef?: number;
  readonly seed?: number;
}

export class HnswVectorIndex implements VectorIndex {
  readonly dim: number;
  readonly metric: VectorMetric;
  readonly #index: hnswlib.HierarchicalNSW;
  #capacity: number;
  readonly #row: number[];

  constructor(opts: HnswOptions) {
    checkVectorDimension(opts.dim);
    this.dim = opts.dim;
    this.metric = opts.metric ?? 'l2';
    this.#capacity = Math.max(16, opts.capacity ?? 1024);
    this.#index = new hnswlib.HierarchicalNSW(this.metric === 'l2' ? 'l2' : 'cosine', this.dim);
    this.#index.initIndex({
      maxElements: this.#capacity,
      m: opts.m ?? 16,
      efConstruction: opts.efConstruction ?? 200,
      randomSeed: opts.seed ?? 100,
    });
    this.#index.setEf(opts.ef ?? 64);
    this.#row = new Array<number>(this.dim).fill(0);
  }

  setEf(ef: number): void {
    this.#index.setEf(ef);
  }

  size(): number {
    return this.#index.getCurrentCount();
  }

  add(ids: Uint32Array | readonly number[], vectors: Float32Array): void {
    checkVectorBatch(this.dim, ids, vectors);
    const need = this.size() + ids.length;
    if (need > this.#capacity) {
      this.#capacity = Math.max(need, this.#capacity * 2);
      this.#index.resizeIndex(this.#capacity);
    }
    const d = this.dim;
    const row = this.#row;
    for (let i = 0; i < ids.length; i++) {
      for (let j = 0; j < d; j++) row[j] = vectors[i * d + j] as number;
      this.#index.addPoint(row, ids[i] as number);
    }
  }

  search(query: Float32Array, k: number): VectorHit[] {
    checkVectorQuery(this.dim, query, k);
    const kk = Math.min(k, this.size());
    if (kk === 0) return [];
    const row = this.#row;
    for (let j = 0; j < this.dim; j++) row[j] = query[j] as number;
    const r = this.#index.searchKnn(row, kk);
    return r.neighbors.map((id, i) => ({ id, distance: r.distances[i] as number }));
  }

  save(file: string): void {
    this.#index.writeIndexSync(file);
  }

  /** Loads an index written by `save` (same dim and metric). */
  static load(file: string, opts: HnswOptions): HnswVectorIndex {
    const idx = new HnswVectorIndex({ ...opts, capacity: 16 });
    idx.#index.readIndexSync(file);
    idx.#capacity = idx.#index.getMaxElements();
    idx.#index.setEf(opts.ef ?? 64);
    return idx;
  }
}
