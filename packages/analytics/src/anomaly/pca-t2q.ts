import { fQuantile, normalQuantile } from './distributions.ts';
import { columnMeans, covariance, inverseSpd, quadraticForm, symmetricEigen, type Matrix } from './linalg.ts';

/**
 * Hotelling's T² and the Q statistic (squared prediction error, SPE) of a PCA model, the classic
 * multivariate statistical process control pair (Jackson 1991, "A User's Guide to Principal Components";
 * MacGregor & Kourti 1995). T² measures how far a sample lies *inside* the principal subspace,
 * Q how far it lies *off* it (a broken correlation). Without PCA (`components: 'all'`), T² alone is
 * Hotelling's statistic on the full covariance: SKAB's "T-squared" baseline.
 */
export interface T2QParams {
  readonly kind: 't2q';
  readonly mean: readonly number[];
  /** Loadings: d × k (columns are the retained principal directions). */
  readonly loadings: Matrix;
  /** Eigenvalues of the retained components. */
  readonly eigenvalues: readonly number[];
  /** Full inverse covariance, used when every component is retained (plain T²). */
  readonly inverseCovariance?: Matrix;
  /** Upper control limits at confidence `confidence`. Q's limit is absent when every component is kept. */
  readonly t2Limit: number;
  readonly qLimit?: number;
  readonly confidence: number;
  /** Use Q as well as T² in the score. */
  readonly useQ: boolean;
}

export interface T2QOptions {
  /** Fraction of variance the retained components explain (0.85 as in SKAB's baseline), or 'all' for plain T². */
  readonly explainedVariance: number | 'all';
  /** Confidence of the control limits (SKAB's baseline: 0.999). */
  readonly confidence: number;
}

export function fitT2Q(rows: readonly (readonly number[])[], options: T2QOptions): T2QParams {
  const n = rows.length;
  const mean = columnMeans(rows);
  const d = mean.length;
  const cov = covariance(rows, mean);
  const { values, vectors } = symmetricEigen(cov);
  const lambdas = values.map((v) => Math.max(v, 1e-12));
  const total = lambdas.reduce((s, v) => s + v, 0);
  let k = d;
  if (options.explainedVariance !== 'all') {
    let acc = 0;
    k = 0;
    while (k < d && acc / total < options.explainedVariance) acc += lambdas[k++] as number;
    k = Math.max(1, Math.min(k, d));
  }
  const loadings = vectors.map((row) => row.slice(0, k));
  const eigenvalues = lambdas.slice(0, k);
  // T² limit for a new observation (Tracy, Young & Mason 1992): k(n−1)(n+1) / (n(n−k)) · F_α(k, n−k).
  const dfDen = Math.max(1, n - k);
  const t2Limit = ((k * (n - 1) * (n + 1)) / (n * dfDen)) * fQuantile(options.confidence, k, dfDen);
  const base = {
    kind: 't2q' as const,
    mean,
    loadings,
    eigenvalues,
    t2Limit,
    confidence: options.confidence,
  };
  if (k === d) {
    return { ...base, inverseCovariance: inverseSpd(cov, 1e-8), useQ: false };
  }
  return { ...base, qLimit: qLimit(lambdas.slice(k), options.confidence), useQ: true };
}

/** Jackson & Mudholkar (1979) limit of Q from the discarded eigenvalues. */
export function qLimit(residualEigenvalues: readonly number[], confidence: number): number {
  const theta = [1, 2, 3].map((p) => residualEigenvalues.reduce((s, l) => s + l ** p, 0));
  const [t1, t2, t3] = theta as [number, number, number];
  const h0 = 1 - (2 * t1 * t3) / (3 * t2 * t2);
  const c = normalQuantile(confidence);
  return t1 * ((c * Math.sqrt(2 * t2 * h0 * h0)) / t1 + 1 + (t2 * h0 * (h0 - 1)) / (t1 * t1)) ** (1 / h0);
}

export interface T2QStatistics {
  readonly t2: number;
  readonly q: number;
}

export function t2qStatistics(p: T2QParams, x: readonly number[]): T2QStatistics {
  const c = x.map((v, j) => v - (p.mean[j] as number));
  if (p.inverseCovariance !== undefined) return { t2: quadraticForm(p.inverseCovariance, c), q: 0 };
  const k = p.eigenvalues.length;
  let t2 = 0;
  let projected = 0;
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < c.length; j++) s += ((p.loadings[j] as number[])[i] as number) * (c[j] as number);
    t2 += (s * s) / (p.eigenvalues[i] as number);
    projected += s * s;
  }
  const norm = c.reduce((s, v) => s + v * v, 0);
  return { t2, q: Math.max(0, norm - projected) };
}

/**
 * One number per sample: the larger of T²/UCL(T²) and Q/UCL(Q), so 1.0 is the control limit and the
 * alarm rule "T² or Q out of limits" of SKAB's T²+Q baseline is simply score > 1.
 */
export function t2qScore(p: T2QParams, x: readonly number[]): number {
  const s = t2qStatistics(p, x);
  const t = s.t2 / p.t2Limit;
  return p.useQ && p.qLimit !== undefined ? Math.max(t, s.q / p.qLimit) : t;
}
