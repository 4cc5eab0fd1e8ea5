/**
 * Out-of-distribution score: the Mahalanobis distance (Mahalanobis 1936) of a feature vector from
 * the training distribution, with a small ridge on the covariance so collinear sensors do not make
 * it singular. A point is flagged when its distance exceeds a high quantile of the training
 * distances, i.e. the model is asked about a state it has rarely or never seen.
 */
import { cholesky, forwardSolve, type Matrix } from './matrix.ts';
import { quantile } from './stats.ts';

export interface MahalanobisModel {
  readonly dims: number;
  readonly mean: number[];
  /** Cholesky factor of the (ridged) covariance, row-major. */
  readonly cholesky: number[];
  /** Distances above this are out of distribution. */
  readonly threshold: number;
  readonly quantile: number;
}

/** Fit on the rows of `x`; `q` is the training quantile that becomes the threshold (e.g. 0.995). */
export function fitMahalanobis(x: Matrix, q = 0.995, ridge = 1e-3): MahalanobisModel {
  const { rows: n, cols: d, data } = x;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) mean[j] = (mean[j] ?? 0) + (data[i * d + j] ?? 0) / n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const da = (data[i * d + a] ?? 0) - (mean[a] ?? 0);
      for (let b = 0; b <= a; b++)
        cov[a * d + b] =
          (cov[a * d + b] ?? 0) + (da * ((data[i * d + b] ?? 0) - (mean[b] ?? 0))) / Math.max(1, n - 1);
    }
  }
  let trace = 0;
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < a; b++) cov[b * d + a] = cov[a * d + b] ?? 0;
    trace += cov[a * d + a] ?? 0;
  }
  const l = cholesky(cov, d, ridge * Math.max(1e-12, trace / Math.max(1, d)));
  const model = {
    dims: d,
    mean: Array.from(mean),
    cholesky: Array.from(l),
    threshold: Infinity,
    quantile: q,
  };
  const dist = new Float64Array(n);
  for (let i = 0; i < n; i++) dist[i] = mahalanobis(model, data.subarray(i * d, i * d + d));
  return { ...model, threshold: quantile(dist, q) };
}

export function mahalanobis(model: Omit<MahalanobisModel, 'threshold'>, v: ArrayLike<number>): number {
  const d = model.dims;
  const diff = new Float64Array(d);
  for (let j = 0; j < d; j++) diff[j] = (v[j] ?? 0) - (model.mean[j] ?? 0);
  const z = forwardSolve(model.cholesky, d, diff);
  let s = 0;
  for (let j = 0; j < d; j++) s += (z[j] ?? 0) ** 2;
  return Math.sqrt(s);
}
