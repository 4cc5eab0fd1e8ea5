/**
 * L2-regularised binary logistic regression, fitted by Newton–Raphson (iteratively reweighted
 * least squares; Hastie, Tibshirani & Friedman, "The Elements of Statistical Learning", 2nd ed.,
 * §4.4.1). Meant for a handful of features and a few thousand rows, where Newton converges in
 * about ten steps to the exact optimum (the objective is strictly convex).
 *
 * The features are standardised inside (mean 0, sd 1 over the weighted rows), so the penalty
 * treats every feature alike; the intercept is not penalised. The objective is the one of
 * scikit-learn's `LogisticRegression(C, class_weight)`:
 *   ½ ‖β‖² + C · Σ_i c_i · [log(1 + e^{z_i}) − t_i z_i],   z_i = b + β·x̃_i,
 * with `classWeight: 'balanced'` giving c_i = n / (2 · n_{t_i}): both classes then weigh the same,
 * so the fitted odds are the likelihood ratio p(x | 1) / p(x | 0) (no prior ratio to undo).
 */
export interface LogisticModel {
  readonly kind: 'logistic';
  /** Per-feature centre and scale of the standardisation. */
  readonly mean: number[];
  readonly scale: number[];
  /** Coefficients on the standardised features, and the intercept. */
  readonly beta: number[];
  readonly intercept: number;
  /** Newton steps taken and whether the gradient fell below tolerance. */
  readonly iterations: number;
  readonly converged: boolean;
}

export interface LogisticOptions {
  /** Inverse penalty strength (scikit-learn's C; default 1). */
  readonly c?: number;
  /** `balanced` (default): each class carries half of the total weight; `none`: every row weight 1. */
  readonly classWeight?: 'balanced' | 'none';
  readonly maxIterations?: number;
}

/** Fit on rows `x` (each of the same length d) with labels 0/1. */
export function trainLogistic(
  x: readonly ArrayLike<number>[],
  label: readonly (0 | 1)[],
  options: LogisticOptions = {},
): LogisticModel {
  const n = x.length;
  if (label.length !== n) throw new Error('trainLogistic: length mismatch');
  const d = x[0]?.length ?? 0;
  const n1 = label.filter((t) => t === 1).length;
  const n0 = n - n1;
  if (n1 === 0 || n0 === 0) throw new Error('trainLogistic: both classes need at least one row');
  const balanced = (options.classWeight ?? 'balanced') === 'balanced';
  const cw = (t: 0 | 1): number => (balanced ? n / (2 * (t === 1 ? n1 : n0)) : 1);
  const c = options.c ?? 1;
  const w = label.map((t) => c * cw(t));
  const wSum = w.reduce((a, b) => a + b, 0);

  // Standardise over the weighted rows (both classes then count alike in the centre too).
  const mean = Array.from(
    { length: d },
    (_, j) => x.reduce((a, r, i) => a + (w[i] ?? 0) * (r[j] ?? 0), 0) / wSum,
  );
  const scale = Array.from({ length: d }, (_, j) => {
    const v = x.reduce((a, r, i) => a + (w[i] ?? 0) * ((r[j] ?? 0) - (mean[j] ?? 0)) ** 2, 0) / wSum;
    return v > 1e-24 ? Math.sqrt(v) : 1;
  });
  const p = d + 1; // parameters: β_0 … β_{d−1}, then the intercept
  const z = x.map((r) =>
    Float64Array.from({ length: p }, (_, j) =>
      j < d ? ((r[j] ?? 0) - (mean[j] ?? 0)) / (scale[j] ?? 1) : 1,
    ),
  );
  const theta = new Float64Array(p);
  const objective = (th: Float64Array): number => {
    let o = 0;
    for (let j = 0; j < d; j++) o += 0.5 * (th[j] ?? 0) ** 2;
    z.forEach((zi, i) => {
      let eta = 0;
      for (let j = 0; j < p; j++) eta += (th[j] ?? 0) * (zi[j] ?? 0);
      // log(1 + e^η) − t·η, computed without overflow.
      o += (w[i] ?? 0) * (Math.max(eta, 0) + Math.log1p(Math.exp(-Math.abs(eta))) - (label[i] ?? 0) * eta);
    });
    return o;
  };
  let iterations = 0;
  let converged = false;
  for (; iterations < (options.maxIterations ?? 50); iterations++) {
    const grad = new Float64Array(p);
    const hess = new Float64Array(p * p);
    for (let j = 0; j < d; j++) {
      grad[j] = theta[j] ?? 0;
      hess[j * p + j] = 1;
    }
    for (let i = 0; i < n; i++) {
      const zi = z[i] ?? new Float64Array(p);
      let eta = 0;
      for (let j = 0; j < p; j++) eta += (theta[j] ?? 0) * (zi[j] ?? 0);
      const pi = sigmoid(eta);
      const wi = w[i] ?? 0;
      const g = wi * (pi - (label[i] ?? 0));
      const h = wi * pi * (1 - pi);
      for (let a = 0; a < p; a++) {
        grad[a] = (grad[a] ?? 0) + g * (zi[a] ?? 0);
        for (let b = 0; b < p; b++)
          hess[a * p + b] = (hess[a * p + b] ?? 0) + h * (zi[a] ?? 0) * (zi[b] ?? 0);
      }
    }
    const gNorm = Math.sqrt(grad.reduce((a, v) => a + v * v, 0));
    if (gNorm < 1e-9 * Math.max(1, wSum)) {
      converged = true;
      break;
    }
    // Newton step with step halving: the objective must not rise (it can overshoot far from the
    // optimum when the classes are nearly separable).
    const step = solve(hess, grad, p);
    const before = objective(theta);
    let t = 1;
    for (let half = 0; half < 30; half++, t /= 2) {
      const next = theta.map((v, j) => v - t * (step[j] ?? 0));
      if (objective(next) <= before) {
        theta.set(next);
        break;
      }
    }
  }
  return {
    kind: 'logistic',
    mean,
    scale,
    beta: Array.from(theta.subarray(0, d)),
    intercept: theta[d] ?? 0,
    iterations,
    converged,
  };
}

/** The log-odds z = b + β·x̃ of one row (x̃ standardised with the training centre and scale). */
export function logisticLogit(model: LogisticModel, row: ArrayLike<number>): number {
  let eta = model.intercept;
  model.beta.forEach((b, j) => (eta += (b * ((row[j] ?? 0) - (model.mean[j] ?? 0))) / (model.scale[j] ?? 1)));
  return eta;
}

/** P(label = 1 | x). */
export function logisticProbability(model: LogisticModel, row: ArrayLike<number>): number {
  return sigmoid(logisticLogit(model, row));
}

function sigmoid(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

/** Solve the symmetric positive definite system a·x = b (Gaussian elimination, partial pivoting). */
function solve(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let col = 0; col < p; col++) {
    let piv = col;
    for (let r = col + 1; r < p; r++)
      if (Math.abs(m[r * p + col] ?? 0) > Math.abs(m[piv * p + col] ?? 0)) piv = r;
    if (piv !== col) {
      for (let k = 0; k < p; k++) {
        const t = m[col * p + k] ?? 0;
        m[col * p + k] = m[piv * p + k] ?? 0;
        m[piv * p + k] = t;
      }
      const t = x[col] ?? 0;
      x[col] = x[piv] ?? 0;
      x[piv] = t;
    }
    const d = m[col * p + col] ?? 0;
    if (Math.abs(d) < 1e-300) continue;
    for (let r = col + 1; r < p; r++) {
      const f = (m[r * p + col] ?? 0) / d;
      if (f === 0) continue;
      for (let k = col; k < p; k++) m[r * p + k] = (m[r * p + k] ?? 0) - f * (m[col * p + k] ?? 0);
      x[r] = (x[r] ?? 0) - f * (x[col] ?? 0);
    }
  }
  for (let r = p - 1; r >= 0; r--) {
    let s = x[r] ?? 0;
    for (let k = r + 1; k < p; k++) s -= (m[r * p + k] ?? 0) * (x[k] ?? 0);
    const d = m[r * p + r] ?? 0;
    x[r] = Math.abs(d) < 1e-300 ? 0 : s / d;
  }
  return x;
}
