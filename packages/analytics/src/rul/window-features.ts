/**
 * Windowed features of a unit's normalised sensor history, evaluated at a cycle using only the
 * cycles up to it (causal), so a feature row at cycle t is exactly what a unit truncated at t
 * would give: training rows, cross-validation cuts and live predictions all share one code path.
 *
 * Per kept sensor: the last value; over each trailing window W, the mean and the least-squares
 * slope; the standard deviation over the longest window; and the drift of the recent mean from the
 * unit's own first cycles (each engine starts with its own wear, Saxena et al. 2008). Plus the
 * unit's age in cycles. Windows shorter than the history use what there is.
 */
export interface FeatureSpec {
  /** Trailing windows in cycles, ascending, e.g. [5, 10, 20, 30]. */
  readonly windows: number[];
  /** Cycles at the start of a unit that define its own baseline. */
  readonly baseline: number;
}

export const defaultFeatureSpec: FeatureSpec = { windows: [5, 10, 20, 30], baseline: 15 };

export function featureCount(spec: FeatureSpec, sensors: number): number {
  return 1 + sensors * (3 + 2 * spec.windows.length);
}

export function featureNames(spec: FeatureSpec, sensorNames: readonly string[]): string[] {
  const names = ['age'];
  const longest = spec.windows[spec.windows.length - 1] ?? 1;
  for (const s of sensorNames) {
    names.push(`${s}.last`);
    for (const w of spec.windows) names.push(`${s}.mean${w}`, `${s}.slope${w}`);
    names.push(`${s}.std${longest}`, `${s}.drift`);
  }
  return names;
}

/**
 * Feature rows of one unit at the cycle indices `at` (0-based), written row-major into a new array
 * of at.length × featureCount values.
 */
export function unitFeatures(
  z: readonly Float64Array[],
  spec: FeatureSpec,
  at: ArrayLike<number>,
): Float64Array {
  const nS = z.length;
  const nF = featureCount(spec, nS);
  const out = new Float64Array(at.length * nF);
  const n = z[0]?.length ?? 0;
  const longest = spec.windows[spec.windows.length - 1] ?? 1;
  const mid = spec.windows[Math.floor(spec.windows.length / 2)] ?? longest;
  // Prefix sums of z, j·z and z² give every window's mean, slope and variance in O(1).
  const p = new Float64Array(n + 1);
  const pj = new Float64Array(n + 1);
  const p2 = new Float64Array(n + 1);
  for (let r = 0; r < at.length; r++) out[r * nF] = (at[r] ?? 0) + 1;
  for (let s = 0; s < nS; s++) {
    const zs = z[s] ?? new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = zs[i] ?? 0;
      p[i + 1] = (p[i] ?? 0) + v;
      pj[i + 1] = (pj[i] ?? 0) + i * v;
      p2[i + 1] = (p2[i] ?? 0) + v * v;
    }
    const base = 1 + s * (3 + 2 * spec.windows.length);
    for (let r = 0; r < at.length; r++) {
      const i = at[r] ?? 0;
      const o = r * nF + base;
      out[o] = zs[i] ?? 0;
      let c = o + 1;
      for (const w of spec.windows) {
        const a = Math.max(0, i - w + 1);
        out[c++] = windowMean(p, a, i);
        out[c++] = windowSlope(p, pj, a, i);
      }
      const a = Math.max(0, i - longest + 1);
      const m = windowMean(p, a, i);
      const cnt = i - a + 1;
      out[c++] = cnt > 1 ? Math.sqrt(Math.max(0, ((p2[i + 1] ?? 0) - (p2[a] ?? 0)) / cnt - m * m)) : 0;
      const b = Math.min(i, spec.baseline - 1);
      out[c] = windowMean(p, Math.max(0, i - mid + 1), i) - windowMean(p, 0, b);
    }
  }
  return out;
}

function windowMean(p: Float64Array, a: number, b: number): number {
  return ((p[b + 1] ?? 0) - (p[a] ?? 0)) / (b - a + 1);
}

/** Least-squares slope of z[a..b] against the cycle index. */
function windowSlope(p: Float64Array, pj: Float64Array, a: number, b: number): number {
  const n = b - a + 1;
  if (n < 2) return 0;
  const sy = (p[b + 1] ?? 0) - (p[a] ?? 0);
  const sjy = (pj[b + 1] ?? 0) - (pj[a] ?? 0);
  const sx = ((a + b) * n) / 2;
  const sxx = (b * (b + 1) * (2 * b + 1) - (a - 1) * a * (2 * a - 1)) / 6;
  return (n * sjy - sx * sy) / (n * sxx - sx * sx);
}
