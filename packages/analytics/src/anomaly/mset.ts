import { choleskySolver, type Matrix } from './linalg.ts';

/**
 * MSET-like nonlinear state estimation (Gross, Singer et al. 1997, "Application of a model-based fault
 * detection system to nuclear plant signals"; Singer et al. 1996). A memory matrix D holds m training
 * states that span normal operation. A new state x is estimated as a weighted combination of memory
 * states, x̂ = D·w with w = (Dᵀ ⊗ D)⁻¹ (Dᵀ ⊗ x), where ⊗ is a nonlinear similarity operator. The
 * residual x − x̂ is small in normal operation and grows when the process leaves the training envelope
 * or its signals stop agreeing with each other.
 *
 * Similarity: a Gaussian kernel s(a, b) = exp(−‖a − b‖² / (2h²)) with the bandwidth h set to the median
 * distance between memory states times `bandwidth` (a scale-free choice, so no tuning per data set).
 */
export interface MsetParams {
  readonly kind: 'mset';
  /** Memory states (m × d), in the scaled feature space. */
  readonly memory: Matrix;
  readonly bandwidth: number;
  readonly ridge: number;
  /** Residual scale per feature, from training rows not in the memory. */
  readonly residualScale: readonly number[];
}

export interface MsetOptions {
  /** Memory size m (the training states kept). */
  readonly memorySize: number;
  /** Kernel bandwidth as a multiple of the median memory-to-memory distance. */
  readonly bandwidth: number;
  /** Ridge added to the similarity matrix (relative to its diagonal), for duplicate states. */
  readonly ridge: number;
}

const dist2 = (a: readonly number[], b: readonly number[]): number => {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += ((a[j] as number) - (b[j] as number)) ** 2;
  return s;
};

/**
 * Memory selection after Gross et al.: every state that holds a minimum or a maximum of some signal
 * (so the envelope is covered), then states at equal steps of the ordering by vector norm.
 */
export function selectMemory(rows: readonly (readonly number[])[], size: number): number[] {
  const d = rows[0]?.length ?? 0;
  const chosen = new Set<number>();
  for (let j = 0; j < d; j++) {
    let lo = 0;
    let hi = 0;
    rows.forEach((r, i) => {
      if ((r[j] as number) < ((rows[lo] as number[])[j] as number)) lo = i;
      if ((r[j] as number) > ((rows[hi] as number[])[j] as number)) hi = i;
    });
    chosen.add(lo);
    chosen.add(hi);
  }
  const byNorm = rows.map((r, i) => ({ i, n: r.reduce((s, v) => s + v * v, 0) })).sort((a, b) => a.n - b.n);
  const left = Math.max(0, Math.min(size, rows.length) - chosen.size);
  for (let t = 0; t < left; t++) {
    const pick = byNorm[Math.floor(((t + 0.5) * byNorm.length) / left)];
    if (pick !== undefined) chosen.add(pick.i);
  }
  return [...chosen].sort((a, b) => a - b);
}

export function fitMset(rows: readonly (readonly number[])[], options: MsetOptions): MsetParams {
  const idx = selectMemory(rows, options.memorySize);
  const memory = idx.map((i) => [...(rows[i] as number[])]);
  const ds: number[] = [];
  for (let a = 0; a < memory.length; a++)
    for (let b = a + 1; b < memory.length; b++)
      ds.push(Math.sqrt(dist2(memory[a] as number[], memory[b] as number[])));
  ds.sort((a, b) => a - b);
  const median = ds[Math.floor(ds.length / 2)] ?? 1;
  const draft: MsetParams = {
    kind: 'mset',
    memory,
    bandwidth: Math.max(1e-6, median * options.bandwidth),
    ridge: options.ridge,
    residualScale: new Array<number>(memory[0]?.length ?? 0).fill(1),
  };
  const estimate = msetEstimator(draft);
  const inMemory = new Set(idx);
  const d = draft.residualScale.length;
  const sum = new Array<number>(d).fill(0);
  let count = 0;
  rows.forEach((r, i) => {
    if (inMemory.has(i)) return;
    const xh = estimate(r);
    for (let j = 0; j < d; j++) sum[j] = (sum[j] as number) + ((r[j] as number) - (xh[j] as number)) ** 2;
    count++;
  });
  const residualScale = sum.map((s) => Math.max(1e-3, Math.sqrt(s / Math.max(1, count))));
  return { ...draft, residualScale };
}

/** The estimator x ↦ x̂ for fitted parameters (the similarity matrix is factorised once). */
export function msetEstimator(p: MsetParams): (x: readonly number[]) => number[] {
  const m = p.memory.length;
  const h2 = 2 * p.bandwidth * p.bandwidth;
  const sim = (a: readonly number[], b: readonly number[]): number => Math.exp(-dist2(a, b) / h2);
  const g = p.memory.map((a) => p.memory.map((b) => sim(a, b)));
  const solve = choleskySolver(g, p.ridge);
  const d = p.memory[0]?.length ?? 0;
  return (x) => {
    const a = p.memory.map((mv) => sim(mv, x));
    const w = solve(a);
    // Normalising the weights to sum to one keeps the estimate on the scale of the memory states when x
    // is far from all of them (then every similarity → 0 and the raw weights → 0).
    let total = 0;
    for (const v of w) total += v;
    if (Math.abs(total) < 1e-12) total = 1;
    const xh = new Array<number>(d).fill(0);
    for (let i = 0; i < m; i++) {
      const wi = (w[i] as number) / total;
      const mv = p.memory[i] as number[];
      for (let j = 0; j < d; j++) xh[j] = (xh[j] as number) + wi * (mv[j] as number);
    }
    return xh;
  };
}

/** Mean squared standardised residual: ≈1 on normal data, large off the training envelope. */
export function msetScorer(p: MsetParams): (x: readonly number[]) => number {
  const estimate = msetEstimator(p);
  return (x) => {
    const xh = estimate(x);
    let s = 0;
    for (let j = 0; j < x.length; j++)
      s += (((x[j] as number) - (xh[j] as number)) / (p.residualScale[j] as number)) ** 2;
    return s / Math.max(1, x.length);
  };
}
