import { columnMeans } from './linalg.ts';

/** Per-column z-scaling fitted on the training part only (SKAB: `StandardScaler` on the first 400 rows). */
export interface Scaler {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/**
 * A constant column in training (a flow meter stuck at 32.0 l/min) would divide by zero; its scale is
 * floored at a small fraction of its level so that any later change still counts, but finitely.
 */
export function fitScaler(rows: readonly (readonly number[])[]): Scaler {
  const mean = columnMeans(rows);
  const std = mean.map((m, j) => {
    let s = 0;
    for (const r of rows) s += ((r[j] as number) - m) ** 2;
    const sd = Math.sqrt(s / Math.max(1, rows.length - 1));
    const floor = Math.max(1e-6, 1e-3 * Math.abs(m));
    return Math.max(sd, floor);
  });
  return { mean, std };
}

export function applyScaler(s: Scaler, row: readonly number[]): number[] {
  return row.map((v, j) => (v - (s.mean[j] as number)) / (s.std[j] as number));
}
