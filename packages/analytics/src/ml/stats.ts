/** Small descriptive statistics shared by the learners and the metrics. */

export function mean(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] ?? 0;
  return v.length === 0 ? Number.NaN : s / v.length;
}

/** Sample standard deviation (n − 1). */
export function std(v: ArrayLike<number>): number {
  const m = mean(v);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += ((v[i] ?? 0) - m) ** 2;
  return v.length < 2 ? 0 : Math.sqrt(s / (v.length - 1));
}

/** Quantile by linear interpolation (type 7, the R and numpy default). */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return Number.NaN;
  const s = Float64Array.from(values).sort();
  const pos = (s.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = s[lo] ?? Number.NaN;
  const b = s[hi] ?? Number.NaN;
  return a + (b - a) * (pos - lo);
}

/** Least-squares slope of y against 0, 1, …, n−1. */
export function slope(y: ArrayLike<number>, from = 0, to = y.length): number {
  const n = to - from;
  if (n < 2) return 0;
  const xm = (n - 1) / 2;
  let sy = 0;
  for (let i = from; i < to; i++) sy += y[i] ?? 0;
  const ym = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = i - xm;
    sxy += dx * ((y[from + i] ?? 0) - ym);
    sxx += dx * dx;
  }
  return sxy / sxx;
}
