/**
 * Per-regime standardisation of sensors, and the choice of sensors worth keeping.
 *
 * A sensor is dropped when it is (nearly) constant within the most frequent regime: fewer than
 * three distinct values there. On C-MAPSS that removes s1, s5, s6, s10, s16, s18, s19 and keeps the
 * usual fourteen (s2–s4, s7–s9, s11–s15, s17, s20, s21), without naming them.
 */
import type { FleetHistory, UnitHistory } from '../io/cmapss.ts';
import { regimeOf, type OperatingRegimes } from './operating-regimes.ts';

export interface SensorNormaliser {
  /** Indices (into the fleet's sensorNames) of the kept sensors. */
  readonly kept: number[];
  /** mean[r][k], scale[r][k]: regime r, kept sensor k. */
  readonly mean: number[][];
  readonly scale: number[][];
}

const MIN_DISTINCT = 3;

export function fitSensorNormaliser(fleet: FleetHistory, regimes: OperatingRegimes): SensorNormaliser {
  const nS = fleet.sensorNames.length;
  const k = regimes.k;
  const sum = Array.from({ length: k }, () => new Float64Array(nS));
  const sum2 = Array.from({ length: k }, () => new Float64Array(nS));
  const count = new Float64Array(k);
  const regimeRows: number[][] = [];
  for (const u of fleet.units) {
    const reg = unitRegimes(u, regimes);
    regimeRows.push(Array.from(reg));
    for (let i = 0; i < u.cycles.length; i++) {
      const r = reg[i] ?? 0;
      count[r] = (count[r] ?? 0) + 1;
      for (let s = 0; s < nS; s++) {
        const v = u.sensors[s]?.[i] ?? 0;
        sum[r]![s] = (sum[r]![s] ?? 0) + v;
        sum2[r]![s] = (sum2[r]![s] ?? 0) + v * v;
      }
    }
  }
  let big = 0;
  for (let r = 1; r < k; r++) if ((count[r] ?? 0) > (count[big] ?? 0)) big = r;
  const kept: number[] = [];
  for (let s = 0; s < nS; s++) {
    const distinct = new Set<number>();
    fleet.units.forEach((u, ui) => {
      const reg = regimeRows[ui] ?? [];
      for (let i = 0; i < u.cycles.length && distinct.size < MIN_DISTINCT; i++)
        if (reg[i] === big) distinct.add(u.sensors[s]?.[i] ?? 0);
    });
    if (distinct.size >= MIN_DISTINCT) kept.push(s);
  }
  const mean = Array.from({ length: k }, (_, r) =>
    kept.map((s) => (sum[r]?.[s] ?? 0) / Math.max(1, count[r] ?? 0)),
  );
  const scale = Array.from({ length: k }, (_, r) =>
    kept.map((s, j) => {
      const n = Math.max(1, count[r] ?? 0);
      const v = (sum2[r]?.[s] ?? 0) / n - (mean[r]?.[j] ?? 0) ** 2;
      return v > 1e-18 ? Math.sqrt(v) : 1;
    }),
  );
  return { kept, mean, scale };
}

/** The regime of every cycle of a unit. */
export function unitRegimes(u: UnitHistory, regimes: OperatingRegimes): Int32Array {
  const n = u.cycles.length;
  const out = new Int32Array(n);
  if (regimes.k === 1) return out;
  const v = new Float64Array(u.settings.length);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < v.length; j++) v[j] = u.settings[j]?.[i] ?? 0;
    out[i] = regimeOf(regimes, v).regime;
  }
  return out;
}

/** z-scores of the kept sensors of a unit: z[k][i] for kept sensor k at cycle i. */
export function normaliseUnit(
  u: UnitHistory,
  regimes: OperatingRegimes,
  norm: SensorNormaliser,
): Float64Array[] {
  const reg = unitRegimes(u, regimes);
  return norm.kept.map((s, k) => {
    const raw = u.sensors[s];
    const z = new Float64Array(u.cycles.length);
    for (let i = 0; i < z.length; i++) {
      const r = reg[i] ?? 0;
      z[i] = ((raw?.[i] ?? 0) - (norm.mean[r]?.[k] ?? 0)) / (norm.scale[r]?.[k] ?? 1);
    }
    return z;
  });
}
