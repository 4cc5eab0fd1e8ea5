/**
 * Ridge regression (Hoerl & Kennard 1970) on standardised features: the linear baseline family
 * next to the boosted trees. Solved by Cholesky on the normal equations (XᵀX + λnI) w = Xᵀ(y − ȳ);
 * d is small (a few hundred features), so this is exact and fast.
 */
import { choleskySolve, cholesky, type Matrix } from './matrix.ts';

export interface RidgeModel {
  readonly kind: 'ridge';
  readonly mean: number[];
  readonly scale: number[];
  readonly weights: number[];
  readonly intercept: number;
}

/** `lambda` is per row: the penalty is λ·n·‖w‖², so it does not shrink with more data. */
export function trainRidge(x: Matrix, y: ArrayLike<number>, lambda = 1e-3): RidgeModel {
  const { rows: n, cols: d, data } = x;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) mean[j] = (mean[j] ?? 0) + (data[i * d + j] ?? 0) / n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++)
      scale[j] = (scale[j] ?? 0) + ((data[i * d + j] ?? 0) - (mean[j] ?? 0)) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = (scale[j] ?? 0) > 1e-24 ? Math.sqrt(scale[j] ?? 1) : 1;
  let ym = 0;
  for (let i = 0; i < n; i++) ym += (y[i] ?? 0) / n;
  const xtx = new Float64Array(d * d);
  const xty = new Float64Array(d);
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) z[j] = ((data[i * d + j] ?? 0) - (mean[j] ?? 0)) / (scale[j] ?? 1);
    const yi = (y[i] ?? 0) - ym;
    for (let a = 0; a < d; a++) {
      const za = z[a] ?? 0;
      if (za === 0) continue;
      xty[a] = (xty[a] ?? 0) + za * yi;
      for (let b = 0; b <= a; b++) xtx[a * d + b] = (xtx[a * d + b] ?? 0) + za * (z[b] ?? 0);
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) xtx[b * d + a] = xtx[a * d + b] ?? 0;
  const w = choleskySolve(cholesky(xtx, d, lambda * n + 1e-9), d, xty);
  return {
    kind: 'ridge',
    mean: Array.from(mean),
    scale: Array.from(scale),
    weights: Array.from(w),
    intercept: ym,
  };
}

export function predictRidgeRow(model: RidgeModel, xRow: ArrayLike<number>): number {
  let s = model.intercept;
  for (let j = 0; j < model.weights.length; j++)
    s += (model.weights[j] ?? 0) * (((xRow[j] ?? 0) - (model.mean[j] ?? 0)) / (model.scale[j] ?? 1));
  return s;
}
