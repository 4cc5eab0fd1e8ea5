/**
 * Weighted split-conformal quantiles under covariate shift (Tibshirani, Barber, Candès & Ramdas,
 * "Conformal Prediction Under Covariate Shift", NeurIPS 2019). When the calibration inputs follow
 * P and the inputs to predict follow Q (same conditional law of y given x), exchangeability fails,
 * but weighted exchangeability holds with the likelihood ratio w(x) = dQ/dP(x). Their eq. (7):
 * the interval for x uses the quantile of the weighted score distribution
 *   Σ_i p_i(x) δ_{V_i} + p_{n+1}(x) δ_{+∞},   p_i(x) = w(X_i) / (Σ_j w(X_j) + w(x)),
 *                                               p_{n+1}(x) = w(x) / (Σ_j w(X_j) + w(x)),
 * which covers with probability ≥ 1 − α when w is the true ratio (their Cor. 1).
 *
 * The asymmetric two-sided variant (as `conformal.ts`, Romano et al. 2019) takes the 1 − α/2
 * quantile with the test point's mass at +∞ for the upper side and, mirrored, the α/2 quantile with
 * that mass at −∞ for the lower side. With all weights equal both reduce exactly to the order
 * statistics of `calibrateConformal` (k = ⌈(n+1)(1 − α/2)⌉ and ⌊(n+1)α/2⌋).
 */
export interface WeightedConformal {
  readonly alpha: number;
  /** Calibration scores sorted ascending. */
  readonly sorted: Float64Array;
  /** cum[k] = the summed weight of the k smallest scores (cum[0] = 0, length n + 1). */
  readonly cum: Float64Array;
}

/** Prepare calibration scores V_i with their weights w(X_i) ≥ 0. */
export function prepareWeightedConformal(
  scores: ArrayLike<number>,
  weights: ArrayLike<number>,
  alpha: number,
): WeightedConformal {
  const n = scores.length;
  if (weights.length !== n) throw new Error('prepareWeightedConformal: length mismatch');
  if (!(alpha > 0 && alpha < 1)) throw new Error(`prepareWeightedConformal: alpha ${alpha} not in (0, 1)`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0));
  const sorted = Float64Array.from(order, (i) => scores[i] ?? 0);
  const cum = new Float64Array(n + 1);
  order.forEach((i, k) => (cum[k + 1] = (cum[k] ?? 0) + Math.max(0, weights[i] ?? 0)));
  return { alpha, sorted, cum };
}

/**
 * The lower and upper score quantiles for a point to predict whose own weight is `testWeight`
 * (may be ±Infinity when the calibration mass is too small for α).
 */
export function weightedQuantiles(
  cal: WeightedConformal,
  testWeight: number,
): { lower: number; upper: number } {
  const n = cal.sorted.length;
  const wT = Math.max(0, testWeight);
  const total = (cal.cum[n] ?? 0) + wT;
  // Rounding slack: cumulative sums of non-integer weights are inexact; equal weights of any size
  // must still give the order statistics of the unweighted rule.
  const eps = 1e-12 * total;
  // Upper: the smallest k with cum[k] ≥ (1 − α/2)·total (mass at +∞ counts only beyond V_(n)).
  const hi = (1 - cal.alpha / 2) * total;
  let a = 1;
  let b = n + 1; // n + 1 = none: +∞
  while (a < b) {
    const m = (a + b) >> 1;
    if ((cal.cum[m] ?? 0) >= hi - eps) b = m;
    else a = m + 1;
  }
  const upper = a <= n ? (cal.sorted[a - 1] ?? Infinity) : Infinity;
  // Lower (mirror image, the test mass at −∞): the largest k with cum[k − 1] + w(x) ≤ (α/2)·total.
  const lo = (cal.alpha / 2) * total;
  let c = 0; // 0 = none: −∞
  let d = n;
  while (c < d) {
    const m = (c + d + 1) >> 1;
    if ((cal.cum[m - 1] ?? 0) + wT <= lo + eps) c = m;
    else d = m - 1;
  }
  const lower = c >= 1 ? (cal.sorted[c - 1] ?? -Infinity) : -Infinity;
  return { lower, upper };
}

/** Kish's effective sample size (Σ w)² / Σ w² ("Survey Sampling", 1965): n when all weights are equal. */
export function kishEffectiveSize(weights: ArrayLike<number>): number {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] ?? 0;
    s += w;
    s2 += w * w;
  }
  return s2 > 0 ? (s * s) / s2 : 0;
}
