/**
 * Remaining useful life from a degradation trend: the machine's condition indicator (vibration velocity
 * RMS) is fitted with the power-law wear model v(t) = c + a·max(0, t − t₀)^b (flat until the wear onset
 * t₀, then rising; b = 1 linear, b > 1 accelerating; the usual shape of rolling-element and gear wear
 * trends, cf. Gebraeel et al. 2005, Lei et al. 2018 "Machinery health prognostics: a systematic
 * review"), by least squares on a grid of (t₀, b) with (c, a) solved exactly for each. The RUL is the
 * time until the fitted curve reaches the functional-failure level.
 *
 * Interval: the profile-likelihood (Beale) confidence region of nonlinear least squares — every (t₀, b)
 * whose residual sum of squares is within SSE_min·(1 + p/(n − p)·F(p, n − p; 0.90)), p = 4 (Bates &
 * Watts 1988, §6.1) — mapped to its crossing time; the interval is the range over that region. It is
 * a statistical interval of this model family only: it has no coverage guarantee (not conformal) and
 * says nothing about a wear process of another shape. Hence the `uncertain` flag.
 */
export interface WearSample {
  readonly time: number;
  readonly value: number;
}

export interface RulOptions {
  /** Functional-failure level of the indicator (same unit as the samples). */
  readonly failureLevel: number;
  /** Estimation time (ms); RUL is counted from here. Default: the last sample's time. */
  readonly now?: number;
  /** Grid step of the onset t₀ (ms), default 5 min. */
  readonly onsetStepMs?: number;
  /** Exponents b tried, default 1.0, 1.05, …, 3.0. */
  readonly exponents?: readonly number[];
  /** Longer RULs count as "not within sight" (h), default 30 days. */
  readonly horizonH?: number;
  /** An interval wider than upper/lower > this ratio is flagged uncertain, default 2. */
  readonly maxRatio?: number;
}

export type RulUncertainReason =
  /** A flat line (no wear) fits within the confidence region: the rise is not established. */
  | 'trend-not-established'
  /** The upper bound is beyond the horizon (the curve may never reach the failure level in sight). */
  | 'interval-open'
  /** upper/lower above `maxRatio`. */
  | 'interval-wide'
  /** The prediction lies more than 10× the observed wear span ahead: far outside the data. */
  | 'extrapolation-far';

export interface RulEstimate {
  readonly model: 'power-law wear trend';
  readonly failureLevel: number;
  /** Point estimate (h) at the best fit; undefined when the best fit never reaches the failure level. */
  readonly rulH: number | undefined;
  /** 90% profile-likelihood interval (h); `upperH` undefined = open (beyond the horizon). */
  readonly lowerH: number;
  readonly upperH: number | undefined;
  readonly level: 0.9;
  /** Best-fit wear onset (ms), exponent and current fitted level. */
  readonly onset: number;
  readonly exponent: number;
  readonly fittedNow: number;
  readonly residualSigma: number;
  readonly samples: number;
  /** RUL point ÷ the observed wear span (now − onset). */
  readonly extrapolationRatio: number | undefined;
  readonly uncertain: boolean;
  readonly reasons: readonly RulUncertainReason[];
}

const H = 3_600_000;
const DEFAULT_EXPONENTS = Array.from({ length: 41 }, (_, i) => 1 + i / 20);

/** F(4, ν; 0.90), interpolated in 1/ν from the table values (ν = 30, 60, 120, ∞). */
function f4(nu: number): number {
  const table: readonly (readonly [number, number])[] = [
    [0, 1.94],
    [1 / 120, 1.99],
    [1 / 60, 2.04],
    [1 / 30, 2.14],
    [1 / 10, 2.61],
  ];
  const x = Math.min(1 / Math.max(nu, 1), 1 / 10);
  for (let i = 1; i < table.length; i++) {
    const [x1, y1] = table[i] as readonly [number, number];
    const [x0, y0] = table[i - 1] as readonly [number, number];
    if (x <= x1) return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  }
  return 2.61;
}

/** Largest spacing of the exponent grid. */
function gridStep(exps: readonly number[]): number {
  let g = 0;
  for (let i = 1; i < exps.length; i++)
    g = Math.max(g, Math.abs((exps[i] as number) - (exps[i - 1] as number)));
  return g;
}

interface Fit {
  readonly t0: number;
  readonly b: number;
  readonly a: number;
  readonly c: number;
  readonly sse: number;
}

/** Fits the wear trend and estimates the RUL with its interval; undefined with fewer than 30 samples. */
export function estimateRul(samples: readonly WearSample[], o: RulOptions): RulEstimate | undefined {
  const n = samples.length;
  if (n < 30) return undefined;
  const first = samples[0] as WearSample;
  const last = samples[n - 1] as WearSample;
  const now = o.now ?? last.time;
  const step = o.onsetStepMs ?? 5 * 60_000;
  const exps = o.exponents ?? DEFAULT_EXPONENTS;
  const horizonH = o.horizonH ?? 30 * 24;
  let sv = 0;
  for (const s of samples) sv += s.value;
  const mv = sv / n;
  let svv = 0;
  for (const s of samples) svv += (s.value - mv) ** 2;
  const fits: Fit[] = [];
  // Onsets from just after the first sample to shortly before the last: at least a few samples on each side.
  for (let t0 = first.time + step; t0 <= last.time - step; t0 += step) {
    for (const b of exps) {
      let sx = 0;
      for (const s of samples) sx += s.time > t0 ? ((s.time - t0) / H) ** b : 0;
      const mx = sx / n;
      let sxx = 0;
      let sxv = 0;
      for (const s of samples) {
        const dx = (s.time > t0 ? ((s.time - t0) / H) ** b : 0) - mx;
        sxx += dx * dx;
        sxv += dx * (s.value - mv);
      }
      if (!(sxx > 0)) continue;
      const a = sxv / sxx;
      if (!(a > 0)) continue; // wear raises the indicator; a falling fit is not this model
      fits.push({ t0, b, a, c: mv - a * mx, sse: Math.max(0, svv - a * sxv) });
    }
  }
  if (fits.length === 0) return undefined;
  let best = fits[0] as Fit;
  for (const f of fits) if (f.sse < best.sse) best = f;
  const p = 4;
  const limit = best.sse * (1 + (p / (n - p)) * f4(n - p));
  const crossing = (f: Fit): number | undefined => {
    const need = (o.failureLevel - f.c) / f.a;
    if (!(need > 0)) return 0;
    const t = f.t0 + need ** (1 / f.b) * H;
    const rul = (t - now) / H;
    return rul > horizonH ? undefined : Math.max(0, rul);
  };
  let lower = Infinity;
  let upper: number | undefined = 0;
  // The grid's own resolution is part of the uncertainty: the best fit's grid neighbours always count,
  // so a sharp region (low noise) does not shrink the interval to a single grid point.
  const near = (f: Fit): boolean =>
    Math.abs(f.t0 - best.t0) <= step && Math.abs(f.b - best.b) <= gridStep(exps) + 1e-9;
  for (const f of fits) {
    if (f.sse > limit && !near(f)) continue;
    const r = crossing(f);
    if (r === undefined) {
      upper = undefined;
      lower = Math.min(lower, horizonH);
    } else {
      lower = Math.min(lower, r);
      if (upper !== undefined) upper = Math.max(upper, r);
    }
  }
  const rulH = crossing(best);
  const reasons: RulUncertainReason[] = [];
  // The flat model (no wear at all, SSE = Σ(v − v̄)²) is nested (a = 0): inside the region, no trend.
  if (svv <= limit) reasons.push('trend-not-established');
  if (upper === undefined) reasons.push('interval-open');
  else if (lower > 0 ? upper / lower > (o.maxRatio ?? 2) : upper > 0) reasons.push('interval-wide');
  const span = (now - best.t0) / H;
  const extrapolationRatio = rulH === undefined || !(span > 0) ? undefined : rulH / span;
  if (extrapolationRatio !== undefined && extrapolationRatio > 10) reasons.push('extrapolation-far');
  const xNow = now > best.t0 ? ((now - best.t0) / H) ** best.b : 0;
  return {
    model: 'power-law wear trend',
    failureLevel: o.failureLevel,
    rulH,
    lowerH: Number.isFinite(lower) ? lower : 0,
    upperH: upper,
    level: 0.9,
    onset: best.t0,
    exponent: best.b,
    fittedNow: best.c + best.a * xNow,
    residualSigma: Math.sqrt(best.sse / (n - p)),
    samples: n,
    extrapolationRatio,
    uncertain: reasons.length > 0,
    reasons,
  };
}
