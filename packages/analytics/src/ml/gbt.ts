/**
 * Gradient-boosted regression trees (Friedman 2001, "Greedy function approximation") with squared
 * loss, histogram splits as in LightGBM (Ke et al., NeurIPS 2017): features are cut once into at
 * most 255 quantile bins, a node's split search reads a per-bin histogram of gradient sums, and the
 * larger child's histogram is the parent's minus the smaller child's. Shrinkage, row subsampling
 * (stochastic gradient boosting, Friedman 2002), per-tree column subsampling, depth limit, minimum
 * leaf size and L2 leaf regularisation (XGBoost's λ, Chen & Guestrin 2016).
 *
 * Deterministic: the same data, parameters and seed give the same trees, bit for bit.
 */
import { createRandom, type Random } from '@aethercore/core';
import type { Matrix } from './matrix.ts';

export interface GbtParams {
  readonly trees: number;
  readonly learningRate: number;
  readonly maxDepth: number;
  /** Minimum rows in a leaf. */
  readonly minLeaf: number;
  /** L2 penalty on leaf values. */
  readonly lambda: number;
  /** Fraction of rows drawn (without replacement) for each tree. */
  readonly subsample: number;
  /** Fraction of features drawn for each tree. */
  readonly colsample: number;
  /** Histogram bins per feature, 2–256. */
  readonly maxBins: number;
  readonly seed: number;
}

export const defaultGbtParams: GbtParams = {
  trees: 300,
  learningRate: 0.05,
  maxDepth: 6,
  minLeaf: 20,
  lambda: 1,
  subsample: 0.7,
  colsample: 0.6,
  maxBins: 64,
  seed: 1,
};

/** One tree in flat arrays (JSON-friendly). Node k is a leaf when feature[k] < 0. */
export interface GbtTree {
  readonly feature: number[];
  /** Go left when x[feature] <= threshold (NaN goes right). */
  readonly threshold: number[];
  readonly left: number[];
  readonly right: number[];
  /** Leaf output, already multiplied by the learning rate. */
  readonly value: number[];
}

export interface GbtModel {
  readonly kind: 'gbt';
  readonly features: number;
  readonly base: number;
  readonly trees: readonly GbtTree[];
}

export interface GbtTrainOptions {
  /** Called after each tree: (trees done, total). */
  readonly onTree?: (done: number, total: number) => void;
}

/** Fit a boosted ensemble to rows of `x` and targets `y`. */
export function trainGbt(
  x: Matrix,
  y: ArrayLike<number>,
  params: Partial<GbtParams> = {},
  options: GbtTrainOptions = {},
): GbtModel {
  const p: GbtParams = { ...defaultGbtParams, ...params };
  const n = x.rows;
  const d = x.cols;
  if (y.length !== n) throw new Error(`trainGbt: ${n} rows but ${y.length} targets`);
  if (n === 0) throw new Error('trainGbt: no rows');
  const rng = createRandom(p.seed);
  const { bins, cuts } = binFeatures(x, Math.min(256, Math.max(2, p.maxBins)), rng.fork());
  const nb = Math.min(256, Math.max(2, p.maxBins));

  let base = 0;
  for (let i = 0; i < n; i++) base += y[i] ?? 0;
  base /= n;
  const f = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const trees: GbtTree[] = [];
  const sampleN = Math.max(1, Math.min(n, Math.round(n * p.subsample)));
  const colN = Math.max(1, Math.min(d, Math.round(d * p.colsample)));
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  const feats = Int32Array.from({ length: d }, (_, i) => i);

  for (let t = 0; t < p.trees; t++) {
    for (let i = 0; i < n; i++) g[i] = (f[i] ?? 0) - (y[i] ?? 0);
    const idx = partialShuffle(all, sampleN, rng);
    const chosen = partialShuffle(feats, colN, rng).sort();
    const builder = new TreeBuilder(bins, cuts, d, nb, g, idx, chosen, p);
    const tree = builder.build();
    trees.push(tree);
    // Update every row (sampled or not) by walking the tree on its bins.
    for (let i = 0; i < n; i++) f[i] = (f[i] ?? 0) + leafValueBinned(tree, builder.binThreshold, bins, d, i);
    options.onTree?.(t + 1, p.trees);
  }
  return { kind: 'gbt', features: d, base, trees };
}

/** Predict one row. */
export function predictGbtRow(model: GbtModel, xRow: ArrayLike<number>): number {
  let s = model.base;
  for (const tree of model.trees) {
    let k = 0;
    for (;;) {
      const feat = tree.feature[k] ?? -1;
      if (feat < 0) break;
      const v = xRow[feat] ?? Number.NaN;
      k = v <= (tree.threshold[k] ?? 0) ? (tree.left[k] ?? 0) : (tree.right[k] ?? 0);
    }
    s += tree.value[k] ?? 0;
  }
  return s;
}

/** Predict every row of a matrix. */
export function predictGbt(model: GbtModel, x: Matrix): Float64Array {
  if (x.cols !== model.features)
    throw new Error(`predictGbt: model has ${model.features} features, matrix ${x.cols}`);
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++)
    out[i] = predictGbtRow(model, x.data.subarray(i * x.cols, (i + 1) * x.cols));
  return out;
}

/**
 * Quantile cut points per feature (from up to 50,000 sampled rows) and the bin of every value,
 * row-major: a histogram pass then reads each sampled row once, contiguously.
 */
function binFeatures(x: Matrix, maxBins: number, rng: Random): { bins: Uint8Array; cuts: Float64Array[] } {
  const n = x.rows;
  const d = x.cols;
  const sample =
    n <= 50_000
      ? Uint32Array.from({ length: n }, (_, i) => i)
      : partialShuffle(
          Uint32Array.from({ length: n }, (_, i) => i),
          50_000,
          rng,
        );
  const bins = new Uint8Array(n * d);
  const cuts: Float64Array[] = [];
  const vals = new Float64Array(sample.length);
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let k = 0; k < sample.length; k++) {
      const v = x.data[(sample[k] ?? 0) * d + j] ?? Number.NaN;
      if (!Number.isNaN(v)) vals[m++] = v;
    }
    const sorted = vals.subarray(0, m).sort();
    const c: number[] = [];
    for (let b = 1; b < maxBins; b++) {
      const v = sorted[Math.min(m - 1, Math.floor((b * m) / maxBins))];
      // Cut between distinct values only; the last distinct value closes the top bin.
      if (v !== undefined && v < (sorted[m - 1] ?? v) && (c.length === 0 || v > (c[c.length - 1] ?? v)))
        c.push(v);
    }
    const cj = Float64Array.from(c);
    cuts.push(cj);
    for (let i = 0; i < n; i++) bins[i * d + j] = binOf(cj, x.data[i * d + j] ?? Number.NaN);
  }
  return { bins, cuts };
}

/** Smallest b with v <= cuts[b]; cuts.length when above every cut or NaN (NaN goes right). */
function binOf(cuts: Float64Array, v: number): number {
  if (Number.isNaN(v)) return cuts.length;
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= (cuts[mid] ?? 0)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The first k entries of a seeded Fisher–Yates shuffle of a copy of `a`. */
function partialShuffle<T extends Uint32Array | Int32Array>(a: T, k: number, rng: Random): T {
  const c = a.slice() as T;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.next() * (c.length - i));
    const tmp = c[i] ?? 0;
    c[i] = c[j] ?? 0;
    c[j] = tmp;
  }
  return c.subarray(0, k) as T;
}

function leafValueBinned(
  tree: GbtTree,
  binThreshold: readonly number[],
  bins: Uint8Array,
  d: number,
  i: number,
): number {
  let k = 0;
  for (;;) {
    const feat = tree.feature[k] ?? -1;
    if (feat < 0) return tree.value[k] ?? 0;
    k = (bins[i * d + feat] ?? 0) <= (binThreshold[k] ?? 0) ? (tree.left[k] ?? 0) : (tree.right[k] ?? 0);
  }
}

class TreeBuilder {
  readonly tree: GbtTree = { feature: [], threshold: [], left: [], right: [], value: [] };
  readonly binThreshold: number[] = [];
  readonly #bins: Uint8Array;
  readonly #cuts: readonly Float64Array[];
  /** Features per row of `bins` (row stride). */
  readonly #d: number;
  readonly #nb: number;
  readonly #g: Float64Array;
  readonly #idx: Uint32Array;
  readonly #feats: Int32Array;
  readonly #p: GbtParams;

  constructor(
    bins: Uint8Array,
    cuts: readonly Float64Array[],
    d: number,
    nb: number,
    g: Float64Array,
    idx: Uint32Array,
    feats: Int32Array,
    p: GbtParams,
  ) {
    this.#bins = bins;
    this.#cuts = cuts;
    this.#d = d;
    this.#nb = nb;
    this.#g = g;
    this.#idx = idx;
    this.#feats = feats;
    this.#p = p;
  }

  build(): GbtTree {
    this.#grow(0, this.#idx.length, 0, undefined);
    return this.tree;
  }

  #addNode(): number {
    const t = this.tree;
    t.feature.push(-1);
    t.threshold.push(0);
    t.left.push(-1);
    t.right.push(-1);
    t.value.push(0);
    this.binThreshold.push(0);
    return t.feature.length - 1;
  }

  /** Histogram of gradient sums (first nf·nb entries) and counts (next nf·nb) over idx[start, end). */
  #histogram(start: number, end: number): Float64Array {
    const nb = this.#nb;
    const nf = this.#feats.length;
    const h = new Float64Array(2 * nf * nb);
    const cOff = nf * nb;
    const idx = this.#idx;
    const g = this.#g;
    const bins = this.#bins;
    const d = this.#d;
    const feats = this.#feats;
    for (let j = start; j < end; j++) {
      const i = idx[j] ?? 0;
      const gi = g[i] ?? 0;
      const row = i * d;
      for (let k = 0, ho = 0; k < nf; k++, ho += nb) {
        const b = ho + (bins[row + (feats[k] ?? 0)] ?? 0);
        h[b] = (h[b] ?? 0) + gi;
        h[cOff + b] = (h[cOff + b] ?? 0) + 1;
      }
    }
    return h;
  }

  #grow(start: number, end: number, depth: number, hist: Float64Array | undefined): number {
    const node = this.#addNode();
    const p = this.#p;
    const count = end - start;
    let gSum = 0;
    for (let j = start; j < end; j++) gSum += this.#g[this.#idx[j] ?? 0] ?? 0;
    this.tree.value[node] = (-gSum / (count + p.lambda)) * p.learningRate;
    if (depth >= p.maxDepth || count < 2 * p.minLeaf) return node;

    const h = hist ?? this.#histogram(start, end);
    const nb = this.#nb;
    const nf = this.#feats.length;
    const cOff = nf * nb;
    const parentScore = (gSum * gSum) / (count + p.lambda);
    let bestGain = 1e-12;
    let bestK = -1;
    let bestBin = -1;
    for (let k = 0; k < nf; k++) {
      const ho = k * nb;
      const nCuts = this.#cuts[this.#feats[k] ?? 0]?.length ?? 0;
      let gl = 0;
      let cl = 0;
      for (let b = 0; b < nCuts; b++) {
        gl += h[ho + b] ?? 0;
        cl += h[cOff + ho + b] ?? 0;
        if (cl < p.minLeaf) continue;
        const cr = count - cl;
        if (cr < p.minLeaf) break;
        const gr = gSum - gl;
        const gain = (gl * gl) / (cl + p.lambda) + (gr * gr) / (cr + p.lambda) - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          bestK = k;
          bestBin = b;
        }
      }
    }
    if (bestK < 0) return node;

    const feat = this.#feats[bestK] ?? 0;
    // Partition idx[start, end) in place: rows with bin <= bestBin first.
    const idx = this.#idx;
    const d = this.#d;
    let mid = start;
    for (let j = start; j < end; j++) {
      const i = idx[j] ?? 0;
      if ((this.#bins[i * d + feat] ?? 0) <= bestBin) {
        idx[j] = idx[mid] ?? 0;
        idx[mid] = i;
        mid++;
      }
    }
    this.tree.feature[node] = feat;
    this.tree.threshold[node] = this.#cuts[feat]?.[bestBin] ?? 0;
    this.binThreshold[node] = bestBin;

    // Histogram subtraction: build the smaller child, derive the larger from the parent.
    const leftSmaller = mid - start <= end - mid;
    const canSplitL = depth + 1 < p.maxDepth && mid - start >= 2 * p.minLeaf;
    const canSplitR = depth + 1 < p.maxDepth && end - mid >= 2 * p.minLeaf;
    let hl: Float64Array | undefined;
    let hr: Float64Array | undefined;
    if (canSplitL || canSplitR) {
      const small = leftSmaller ? this.#histogram(start, mid) : this.#histogram(mid, end);
      const large = new Float64Array(h.length);
      for (let b = 0; b < h.length; b++) large[b] = (h[b] ?? 0) - (small[b] ?? 0);
      hl = leftSmaller ? small : large;
      hr = leftSmaller ? large : small;
    }
    const l = this.#grow(start, mid, depth + 1, hl);
    const r = this.#grow(mid, end, depth + 1, hr);
    this.tree.left[node] = l;
    this.tree.right[node] = r;
    return node;
  }
}
