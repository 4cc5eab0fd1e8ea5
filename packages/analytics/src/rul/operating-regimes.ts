/**
 * Operating regimes: the discrete flight conditions (altitude, Mach, throttle) of C-MAPSS FD002
 * and FD004, six of them (Saxena et al., PHM 2008), found by k-means on the standardised
 * operating settings. Sensor levels depend far more on the regime than on wear, so sensors are
 * normalised per regime before any feature is computed (Wang et al., PHM 2008, "A similarity-based
 * prognostics approach": operating-condition normalisation).
 *
 * k is chosen as the smallest k whose clusters leave under 0.1 % of the settings' variance
 * unexplained: discrete regimes give ~1e-6, a single noisy condition (FD001) never gets there
 * and stays k = 1.
 */
import { createRandom } from '@aethercore/core';
import type { FleetHistory } from '../io/cmapss.ts';
import { kMeans, nearestCentroid } from '../ml/kmeans.ts';
import { matrix } from '../ml/matrix.ts';

export interface OperatingRegimes {
  readonly k: number;
  /** Settings are standardised by these before clustering (std 1 for constant settings). */
  readonly settingMean: number[];
  readonly settingScale: number[];
  /** k × settings, in standardised units. */
  readonly centroids: number[];
  /** A setting vector farther than this (standardised units) from every centroid is off-regime. */
  readonly maxDistance: number;
}

export interface RegimeOptions {
  readonly seed: number;
  /** Force k (e.g. 6 for FD002/FD004). Default: chosen from the data. */
  readonly k?: number;
  readonly maxK?: number;
}

const UNEXPLAINED_MAX = 1e-3;
const SAMPLE_ROWS = 2000;

export function fitOperatingRegimes(fleet: FleetHistory, options: RegimeOptions): OperatingRegimes {
  const s = fleet.settingNames.length;
  const rows: number[][] = [];
  for (const u of fleet.units)
    for (let i = 0; i < u.cycles.length; i++) rows.push(u.settings.map((c) => c[i] ?? 0));
  if (s === 0 || rows.length === 0)
    return { k: 1, settingMean: [], settingScale: [], centroids: [], maxDistance: Infinity };

  const mean = Array.from({ length: s }, (_, j) => rows.reduce((a, r) => a + (r[j] ?? 0), 0) / rows.length);
  const scale = mean.map((m, j) => {
    const v = rows.reduce((a, r) => a + ((r[j] ?? 0) - m) ** 2, 0) / rows.length;
    return v > 1e-24 ? Math.sqrt(v) : 1;
  });
  const rng = createRandom(options.seed);
  // Cluster a seeded sample: the regimes are few and dense, 2,000 rows find them reliably.
  const pick =
    rows.length <= SAMPLE_ROWS
      ? rows
      : Array.from({ length: SAMPLE_ROWS }, () => rows[rng.int(0, rows.length - 1)] ?? []);
  const x = matrix(pick.length, s);
  pick.forEach((r, i) => r.forEach((v, j) => (x.data[i * s + j] = (v - (mean[j] ?? 0)) / (scale[j] ?? 1))));
  let tss = 0;
  for (const v of x.data) tss += v * v;

  let chosen = kMeans(x, 1, options.seed, 1, 1);
  if (options.k !== undefined) chosen = kMeans(x, options.k, options.seed);
  else {
    for (let k = 2; k <= (options.maxK ?? 8); k++) {
      const res = kMeans(x, k, options.seed);
      if (res.wss / Math.max(tss, 1e-300) < UNEXPLAINED_MAX) {
        chosen = res;
        break;
      }
    }
  }
  let maxDist = 0;
  for (let i = 0; i < x.rows; i++) {
    const { dist2 } = nearestCentroid(chosen.centroids, chosen.k, x.data.subarray(i * s, i * s + s));
    maxDist = Math.max(maxDist, Math.sqrt(dist2));
  }
  // Twice the widest spread seen in training, and never below 0.5 standard deviations of a setting.
  return {
    k: chosen.k,
    settingMean: mean,
    settingScale: scale,
    centroids: Array.from(chosen.centroids),
    maxDistance: Math.max(0.5, 2 * maxDist),
  };
}

/** The regime of one setting vector and its distance (standardised units) to that regime's centroid. */
export function regimeOf(
  regimes: OperatingRegimes,
  settings: ArrayLike<number>,
): { regime: number; distance: number } {
  const s = regimes.settingMean.length;
  if (s === 0) return { regime: 0, distance: 0 };
  const z = new Float64Array(s);
  for (let j = 0; j < s; j++)
    z[j] = ((settings[j] ?? 0) - (regimes.settingMean[j] ?? 0)) / (regimes.settingScale[j] ?? 1);
  const { index, dist2 } = nearestCentroid(regimes.centroids, regimes.k, z);
  return { regime: index, distance: Math.sqrt(dist2) };
}
