/**
 * Small dense linear algebra for the anomaly models. Dimensions are small (the raw sensors plus a few
 * engineered features, d ≤ ~100), so plain arrays and O(d³) algorithms are fast enough and keep the
 * package free of dependencies.
 */
export type Vector = number[];
export type Matrix = number[][];

export function zeros(rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

export function identity(n: number): Matrix {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) (m[i] as Vector)[i] = 1;
  return m;
}

export function at(m: readonly (readonly number[])[], i: number, j: number): number {
  return (m[i] as readonly number[])[j] as number;
}

export function columnMeans(rows: readonly (readonly number[])[]): Vector {
  const d = rows[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (r[j] as number);
  return mean.map((s) => s / Math.max(1, rows.length));
}

/** Sample covariance (n − 1 denominator) of already centred or raw rows around `mean`. */
export function covariance(rows: readonly (readonly number[])[], mean: readonly number[]): Matrix {
  const d = mean.length;
  const c = zeros(d, d);
  for (const r of rows) {
    for (let i = 0; i < d; i++) {
      const di = (r[i] as number) - (mean[i] as number);
      const ci = c[i] as Vector;
      for (let j = i; j < d; j++) ci[j] = (ci[j] as number) + di * ((r[j] as number) - (mean[j] as number));
    }
  }
  const n = Math.max(1, rows.length - 1);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = at(c, i, j) / n;
      (c[i] as Vector)[j] = v;
      (c[j] as Vector)[i] = v;
    }
  }
  return c;
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan §8.5).
 * Returns eigenvalues in descending order and the eigenvectors as the columns of `vectors`.
 */
export function symmetricEigen(a: readonly (readonly number[])[]): { values: Vector; vectors: Matrix } {
  const n = a.length;
  const m = a.map((r) => [...r]);
  const v = identity(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += at(m, p, q) ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(m, p, q);
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (at(m, q, q) - at(m, p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = at(m, k, p);
          const mkq = at(m, k, q);
          (m[k] as Vector)[p] = c * mkp - s * mkq;
          (m[k] as Vector)[q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = at(m, p, k);
          const mqk = at(m, q, k);
          (m[p] as Vector)[k] = c * mpk - s * mqk;
          (m[q] as Vector)[k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = at(v, k, p);
          const vkq = at(v, k, q);
          (v[k] as Vector)[p] = c * vkp - s * vkq;
          (v[k] as Vector)[q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => at(m, j, j) - at(m, i, i));
  return {
    values: order.map((i) => at(m, i, i)),
    vectors: Array.from({ length: n }, (_, r) => order.map((i) => at(v, r, i))),
  };
}

/**
 * Solve A x = b for a symmetric positive (semi-)definite A by Cholesky with a small ridge, so that a
 * singular similarity or covariance matrix (duplicate memory vectors, constant sensors) still solves.
 */
export function choleskySolver(
  a: readonly (readonly number[])[],
  ridge = 1e-9,
): (b: readonly number[]) => Vector {
  const n = a.length;
  const l = zeros(n, n);
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(at(a, i, i)));
  const eps = ridge * (scale || 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = at(a, i, j) + (i === j ? eps : 0);
      for (let k = 0; k < j; k++) s -= at(l, i, k) * at(l, j, k);
      (l[i] as Vector)[j] = i === j ? Math.sqrt(Math.max(s, eps)) : s / at(l, j, j);
    }
  }
  return (b) => {
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = b[i] as number;
      for (let k = 0; k < i; k++) s -= at(l, i, k) * (y[k] as number);
      y[i] = s / at(l, i, i);
    }
    const x = new Array<number>(n).fill(0);
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i] as number;
      for (let k = i + 1; k < n; k++) s -= at(l, k, i) * (x[k] as number);
      x[i] = s / at(l, i, i);
    }
    return x;
  };
}

/** The inverse of a symmetric positive-definite matrix (via its Cholesky solver). */
export function inverseSpd(a: readonly (readonly number[])[], ridge = 1e-9): Matrix {
  const solve = choleskySolver(a, ridge);
  const n = a.length;
  const cols = Array.from({ length: n }, (_, j) =>
    solve(Array.from({ length: n }, (_, i) => (i === j ? 1 : 0))),
  );
  return Array.from({ length: n }, (_, i) => cols.map((c) => c[i] as number));
}

/** xᵀ M x */
export function quadraticForm(m: readonly (readonly number[])[], x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const row = m[i] as readonly number[];
    let r = 0;
    for (let j = 0; j < x.length; j++) r += (row[j] as number) * (x[j] as number);
    s += (x[i] as number) * r;
  }
  return s;
}
