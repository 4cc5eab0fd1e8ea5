/**
 * Dense row-major matrices on Float64Array: the one numeric container the learners share.
 * Kept deliberately small; the models need rows, columns and a Cholesky solve, nothing more.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** Row-major: element (i, j) is data[i * cols + j]. */
  readonly data: Float64Array;
}

export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  if (data !== undefined && data.length !== rows * cols) {
    throw new Error(`matrix: ${rows}x${cols} needs ${rows * cols} values, got ${data.length}`);
  }
  return { rows, cols, data: data ?? new Float64Array(rows * cols) };
}

/** Matrix from an array of equal-length rows. */
export function fromRows(rows: readonly ArrayLike<number>[], cols?: number): Matrix {
  const c = cols ?? rows[0]?.length ?? 0;
  const m = matrix(rows.length, c);
  rows.forEach((r, i) => {
    if (r.length !== c) throw new Error(`fromRows: row ${i} has ${r.length} values, expected ${c}`);
    m.data.set(r, i * c);
  });
  return m;
}

export function row(m: Matrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** The rows listed in `index`, in that order. */
export function selectRows(m: Matrix, index: ArrayLike<number>): Matrix {
  const out = matrix(index.length, m.cols);
  for (let k = 0; k < index.length; k++) {
    const i = index[k] ?? 0;
    out.data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), k * m.cols);
  }
  return out;
}

/**
 * Cholesky factor L (lower, row-major) of a symmetric positive-definite d×d matrix, with `ridge`
 * added to the diagonal so near-singular covariances (collinear sensors) still factor.
 */
export function cholesky(a: Float64Array, d: number, ridge = 0): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = (a[i * d + j] ?? 0) + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) s -= (l[i * d + k] ?? 0) * (l[j * d + k] ?? 0);
      if (i === j) {
        if (!(s > 0)) throw new Error(`cholesky: matrix not positive definite at ${i} (${s})`);
        l[i * d + i] = Math.sqrt(s);
      } else {
        l[i * d + j] = s / (l[j * d + j] ?? 1);
      }
    }
  }
  return l;
}

/** Solve L y = b by forward substitution (L lower-triangular, row-major). */
export function forwardSolve(l: ArrayLike<number>, d: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i] ?? 0;
    for (let k = 0; k < i; k++) s -= (l[i * d + k] ?? 0) * (y[k] ?? 0);
    y[i] = s / (l[i * d + i] ?? 1);
  }
  return y;
}

/** Solve (L Lᵀ) x = b. */
export function choleskySolve(l: ArrayLike<number>, d: number, b: ArrayLike<number>): Float64Array {
  const y = forwardSolve(l, d, b);
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i] ?? 0;
    for (let k = i + 1; k < d; k++) s -= (l[k * d + i] ?? 0) * (x[k] ?? 0);
    x[i] = s / (l[i * d + i] ?? 1);
  }
  return x;
}
