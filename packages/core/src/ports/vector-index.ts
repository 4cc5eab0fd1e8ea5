import { AetherError } from '../errors/aether-error.ts';

/**
 * Nearest-neighbour search over fixed-length float vectors (fault signatures, embeddings).
 * Adapters (HNSW libraries) implement it in `@aethercore/adapter-vector`; `ExactVectorIndex`
 * below is the brute-force reference every approximate index is measured against (recall@k).
 *
 * Distances: `l2` is the **squared** Euclidean distance (what hnswlib and USearch return, and
 * monotone in the true distance); `cosine` is 1 − cos(a, b).
 */
export type VectorMetric = 'l2' | 'cosine';

export interface VectorHit {
  readonly id: number;
  readonly distance: number;
}

export interface VectorIndex {
  readonly dim: number;
  readonly metric: VectorMetric;
  /** Adds n vectors; `vectors` is n×dim row-major, `ids` are unsigned 32-bit integers. */
  add(ids: Uint32Array | readonly number[], vectors: Float32Array): void;
  /** The k nearest stored vectors, nearest first. */
  search(query: Float32Array, k: number): VectorHit[];
  size(): number;
}

/** Checks the shape and values of a batch for `add`; throws `vector.*` coded errors. */
export function checkVectorBatch(
  dim: number,
  ids: Uint32Array | readonly number[],
  vectors: Float32Array,
): void {
  if (vectors.length !== ids.length * dim) {
    throw new AetherError({
      code: 'vector.dimension-mismatch',
      message: `${ids.length} ids need ${ids.length * dim} floats (dim ${dim}), got ${vectors.length}`,
      hint: `pass vectors as one n×${dim} row-major Float32Array`,
      path: 'vectors',
    });
  }
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) {
      throw new AetherError({
        code: 'vector.id-invalid',
        message: `id ${id} is not an unsigned 32-bit integer`,
        hint: 'use ids 0…2^32−1',
        path: `ids[${i}]`,
      });
    }
  }
  checkFinite(vectors, 'vectors');
}

/** Checks a query vector and k; throws `vector.*` coded errors. */
/** A vector dimension must be a positive integer: `vector.dimension-invalid` otherwise. */
export function checkVectorDimension(dim: number): void {
  if (!Number.isInteger(dim) || dim < 1) {
    throw new AetherError({
      code: 'vector.dimension-invalid',
      message: `dim must be a positive integer, got ${dim}`,
      hint: 'e.g. 32',
      path: 'dim',
    });
  }
}

export function checkVectorQuery(dim: number, query: Float32Array, k: number): void {
  if (query.length !== dim) {
    throw new AetherError({
      code: 'vector.dimension-mismatch',
      message: `query has ${query.length} values, the index has dim ${dim}`,
      hint: `compute the query with the same ${dim}-feature signature`,
      path: 'query',
    });
  }
  if (!Number.isInteger(k) || k < 1) {
    throw new AetherError({
      code: 'vector.k-invalid',
      message: `k must be a positive integer, got ${k}`,
      hint: 'use k ≥ 1, e.g. 10',
      path: 'k',
    });
  }
  checkFinite(query, 'query');
}

function checkFinite(v: Float32Array, path: string): void {
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) {
      throw new AetherError({
        code: 'vector.not-finite',
        message: `${path}[${i}] is ${v[i]}`,
        hint: 'drop or repair NaN/∞ features before indexing or searching',
        path: `${path}[${i}]`,
      });
    }
  }
}

/**
 * Exact k-nearest-neighbour search by a full scan. Vectors are kept in one growing Float32Array;
 * the top k are selected with a bounded max-heap (O(n log k)), not a full sort.
 */
export class ExactVectorIndex implements VectorIndex {
  readonly dim: number;
  readonly metric: VectorMetric;
  #data: Float32Array;
  #ids: Uint32Array;
  #n = 0;

  constructor(dim: number, metric: VectorMetric = 'l2', initialCapacity = 1024) {
    checkVectorDimension(dim);
    this.dim = dim;
    this.metric = metric;
    const cap = Math.max(1, initialCapacity);
    this.#data = new Float32Array(cap * dim);
    this.#ids = new Uint32Array(cap);
  }

  /**
   * Wraps n×dim row-major vectors with ids 0…n−1 without copying (l2 only: cosine needs the
   * rows normalised). The caller must not change `rows` afterwards.
   */
  static fromRows(dim: number, rows: Float32Array): ExactVectorIndex {
    const idx = new ExactVectorIndex(dim, 'l2', 1);
    const n = Math.floor(rows.length / dim);
    if (n * dim !== rows.length) {
      throw new AetherError({
        code: 'vector.dimension-mismatch',
        message: `${rows.length} floats are not a multiple of dim ${dim}`,
        hint: `pass n×${dim} row-major rows`,
        path: 'rows',
      });
    }
    checkFinite(rows, 'rows');
    idx.#data = rows;
    idx.#ids = new Uint32Array(n);
    for (let i = 0; i < n; i++) idx.#ids[i] = i;
    idx.#n = n;
    return idx;
  }

  size(): number {
    return this.#n;
  }

  add(ids: Uint32Array | readonly number[], vectors: Float32Array): void {
    checkVectorBatch(this.dim, ids, vectors);
    const need = this.#n + ids.length;
    if (need > this.#ids.length) {
      const cap = Math.max(need, this.#ids.length * 2);
      const data = new Float32Array(cap * this.dim);
      data.set(this.#data.subarray(0, this.#n * this.dim));
      const idArr = new Uint32Array(cap);
      idArr.set(this.#ids.subarray(0, this.#n));
      this.#data = data;
      this.#ids = idArr;
    }
    const d = this.dim;
    for (let i = 0; i < ids.length; i++) {
      const row = vectors.subarray(i * d, i * d + d);
      const at = this.#n + i;
      if (this.metric === 'cosine') {
        let norm = 0;
        for (let j = 0; j < d; j++) norm += (row[j] as number) ** 2;
        const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
        for (let j = 0; j < d; j++) this.#data[at * d + j] = (row[j] as number) * inv;
      } else {
        this.#data.set(row, at * d);
      }
      this.#ids[at] = ids[i] as number;
    }
    this.#n = need;
  }

  search(query: Float32Array, k: number): VectorHit[] {
    checkVectorQuery(this.dim, query, k);
    const d = this.dim;
    let q = query;
    if (this.metric === 'cosine') {
      let norm = 0;
      for (let j = 0; j < d; j++) norm += (query[j] as number) ** 2;
      const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      q = query.map((v) => v * inv);
    }
    const kk = Math.min(k, this.#n);
    // Max-heap of the kk best so far: heapDist[0] is the worst kept distance.
    const heapDist = new Float64Array(kk);
    const heapIdx = new Int32Array(kk);
    let filled = 0;
    const data = this.#data;
    const cos = this.metric === 'cosine';
    for (let i = 0; i < this.#n; i++) {
      const base = i * d;
      let dist = 0;
      if (cos) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += (data[base + j] as number) * (q[j] as number);
        dist = 1 - dot;
      } else {
        for (let j = 0; j < d; j++) {
          const t = (data[base + j] as number) - (q[j] as number);
          dist += t * t;
        }
      }
      if (filled < kk) {
        siftUp(heapDist, heapIdx, filled, dist, i);
        filled++;
      } else if (kk > 0 && dist < (heapDist[0] as number)) {
        siftDown(heapDist, heapIdx, kk, dist, i);
      }
    }
    const out: VectorHit[] = [];
    for (let i = 0; i < filled; i++)
      out.push({ id: this.#ids[heapIdx[i] as number] as number, distance: heapDist[i] as number });
    return out.sort((a, b) => a.distance - b.distance || a.id - b.id);
  }

  /** Top-k of b queries (b×dim, l2) in one scan; used by `exactSearchBatch`. */
  scanBlock(queries: Float32Array, b: number, k: number): VectorHit[][] {
    const d = this.dim;
    for (let i = 0; i < b; i++) checkVectorQuery(d, queries.subarray(i * d, (i + 1) * d), k);
    const kk = Math.min(k, this.#n);
    const hd = Array.from({ length: b }, () => new Float64Array(kk));
    const hi = Array.from({ length: b }, () => new Int32Array(kk));
    const worst = new Float64Array(b).fill(Infinity);
    const q = Float64Array.from(queries.subarray(0, b * d));
    const data = this.#data;
    let filled = 0;
    for (let i = 0; i < this.#n; i++) {
      const base = i * d;
      for (let x = 0; x < b; x++) {
        const qb = x * d;
        let dist = 0;
        for (let j = 0; j < d; j++) {
          const t = (data[base + j] as number) - (q[qb + j] as number);
          dist += t * t;
        }
        const hdx = hd[x] as Float64Array;
        const hix = hi[x] as Int32Array;
        if (filled < kk) siftUp(hdx, hix, filled, dist, i);
        else if (dist < (worst[x] as number)) siftDown(hdx, hix, kk, dist, i);
        else continue;
        if (filled >= kk - 1) worst[x] = hdx[0] as number;
      }
      if (filled < kk) filled++;
    }
    return hd.map((dists, x) => {
      const r: VectorHit[] = [];
      for (let i = 0; i < filled; i++)
        r.push({ id: this.#ids[(hi[x] as Int32Array)[i] as number] as number, distance: dists[i] as number });
      return r.sort((a2, b2) => a2.distance - b2.distance || a2.id - b2.id);
    });
  }
}

/** Queries per pass of `searchBatch`: each stored row is read once per block, not once per query. */
const QUERY_BLOCK = 16;

/**
 * Exact k-NN for many queries at once (l2 only): the ground truth of recall benchmarks. Rows are
 * scanned once per block of 16 queries, which keeps each row in cache while it is compared with
 * the whole block, instead of streaming every stored vector from memory once per query.
 */
export function exactSearchBatch(
  index: ExactVectorIndex,
  queries: Float32Array,
  k: number,
  onBlock?: (done: number) => void,
): VectorHit[][] {
  const d = index.dim;
  const nq = Math.floor(queries.length / d);
  if (nq * d !== queries.length || index.metric !== 'l2') {
    throw new AetherError({
      code: 'vector.dimension-mismatch',
      message: `${queries.length} floats are not n×${d} l2 queries`,
      hint: `pass n×${d} row-major queries to an l2 index`,
      path: 'queries',
    });
  }
  const out: VectorHit[][] = [];
  for (let q0 = 0; q0 < nq; q0 += QUERY_BLOCK) {
    const b = Math.min(QUERY_BLOCK, nq - q0);
    out.push(...index.scanBlock(queries.subarray(q0 * d, (q0 + b) * d), b, k));
    onBlock?.(q0 + b);
  }
  return out;
}

function siftUp(hd: Float64Array, hi: Int32Array, at: number, dist: number, idx: number): void {
  let c = at;
  while (c > 0) {
    const p = (c - 1) >> 1;
    if ((hd[p] as number) >= dist) break;
    hd[c] = hd[p] as number;
    hi[c] = hi[p] as number;
    c = p;
  }
  hd[c] = dist;
  hi[c] = idx;
}

/** Replaces the root (the worst kept) with a better candidate and restores the max-heap. */
function siftDown(hd: Float64Array, hi: Int32Array, n: number, dist: number, idx: number): void {
  let c = 0;
  for (;;) {
    const l = 2 * c + 1;
    if (l >= n) break;
    const r = l + 1;
    const m = r < n && (hd[r] as number) > (hd[l] as number) ? r : l;
    if ((hd[m] as number) <= dist) break;
    hd[c] = hd[m] as number;
    hi[c] = hi[m] as number;
    c = m;
  }
  hd[c] = dist;
  hi[c] = idx;
}
