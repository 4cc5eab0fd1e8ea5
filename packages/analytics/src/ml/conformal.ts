/**
 * Split-conformal prediction intervals (Vovk et al. 2005; Lei et al., JASA 2018) with normalised,
 * locally adaptive scores r = (y − ŷ) / σ(x) (Papadopoulos et al. 2008): the interval is
 * [ŷ + q_lo·σ, ŷ + q_hi·σ], so it widens where σ says the model is less sure.
 *
 * The asymmetric variant takes the α/2 and 1 − α/2 order statistics of the signed scores
 * separately (Romano, Patterson & Candès, NeurIPS 2019, Thm 2): RUL errors are skewed (a capped
 * model underestimates long lives), so a symmetric interval would waste width on one side.
 * With n exchangeable calibration points the coverage is at least 1 − α.
 */
export interface ConformalCalibration {
  /** Miscoverage: 0.1 for a 90 % interval. */
  readonly alpha: number;
  readonly mode: 'symmetric' | 'asymmetric';
  /** Lower and upper score quantiles (may be ±Infinity when n is too small for α). */
  readonly lower: number;
  readonly upper: number;
  readonly n: number;
}

/** Calibrate on held-out truths, predictions and scales σ > 0. */
export function calibrateConformal(
  truth: ArrayLike<number>,
  pred: ArrayLike<number>,
  sigma: ArrayLike<number>,
  alpha: number,
  mode: ConformalCalibration['mode'] = 'asymmetric',
): ConformalCalibration {
  const n = truth.length;
  if (pred.length !== n || sigma.length !== n) throw new Error('calibrateConformal: length mismatch');
  if (!(alpha > 0 && alpha < 1)) throw new Error(`calibrateConformal: alpha ${alpha} not in (0, 1)`);
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = sigma[i] ?? 1;
    r[i] = ((truth[i] ?? 0) - (pred[i] ?? 0)) / (s > 0 ? s : 1);
  }
  if (mode === 'symmetric') {
    const a = Float64Array.from(r, Math.abs).sort();
    const q = orderStatistic(a, Math.ceil((n + 1) * (1 - alpha)));
    return { alpha, mode, lower: -q, upper: q, n };
  }
  r.sort();
  const kLo = Math.floor((n + 1) * (alpha / 2));
  const kHi = Math.ceil((n + 1) * (1 - alpha / 2));
  return {
    alpha,
    mode,
    lower: kLo < 1 ? -Infinity : (r[kLo - 1] ?? -Infinity),
    upper: orderStatistic(r, kHi),
    n,
  };
}

/** The interval for one prediction. */
export function conformalInterval(
  cal: ConformalCalibration,
  pred: number,
  sigma: number,
): { lower: number; upper: number } {
  return { lower: pred + cal.lower * sigma, upper: pred + cal.upper * sigma };
}

/** k-th smallest (1-based) of a sorted array, +Infinity beyond n. */
function orderStatistic(sorted: Float64Array, k: number): number {
  return k > sorted.length ? Infinity : (sorted[Math.max(1, k) - 1] ?? Infinity);
}
