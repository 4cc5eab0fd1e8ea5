import type { Station } from '@aethercore/core';
import { MS_PER_H, MS_PER_MIN } from '../model/calendar.ts';
import { FAILED, OFF, PRODUCING } from '../model/state-codes.ts';

/** Thermal drift saturates: a cooling fault cannot heat the tool without bound. */
export const MAX_DRIFT_K = 80;

/** The per-station state the physics reads (typed arrays of the simulation, indexed by station). */
export interface PhysicsState {
  readonly stations: readonly Station[];
  readonly state: Int8Array;
  readonly stateSince: Float64Array;
  readonly loadAt: Float64Array;
  readonly failAt: Float64Array;
  readonly degOnset: Float64Array;
  readonly driftStart: Float64Array;
  readonly driftRate: Float64Array;
}

/** Thermal load level in [0, 1]: a first-order lag towards 1 producing, 0.35 idle, 0 off/failed. */
export function loadLevel(p: PhysicsState, s: number, t: number): number {
  const code = p.state[s] as number;
  const target = code === PRODUCING ? 1 : code === OFF || code === FAILED ? 0 : 0.35;
  const tauMs = (p.stations[s]?.thermal?.timeConstantMin ?? 12) * MS_PER_MIN;
  return target + ((p.loadAt[s] as number) - target) * Math.exp(-(t - (p.stateSince[s] as number)) / tauMs);
}

/** Wear severity in [0, 1]: 0 before the P–F interval, p^exponent inside it, 1 at functional failure. */
export function severity(p: PhysicsState, s: number, t: number): number {
  const onset = p.degOnset[s] as number;
  if (t <= onset) return 0;
  const span = (p.failAt[s] as number) - onset;
  const share = span > 0 ? Math.min(1, (t - onset) / span) : 1;
  return Math.pow(share, p.stations[s]?.failure?.degradationExponent ?? 1.5);
}

/** Vibration velocity RMS: base plus wear, scaled by how hard the machine runs in its state. */
export function vibrationRmsMmS(p: PhysicsState, s: number, t: number): number {
  const f = p.stations[s]?.failure;
  const base = f?.vibrationBaseMmS ?? 0.8;
  const code = p.state[s] as number;
  const running = code === PRODUCING ? 1 : code === OFF || code === FAILED ? 0.05 : 0.35;
  const wear = f === undefined ? 0 : (f.vibrationAtFailureMmS - f.vibrationBaseMmS) * severity(p, s, t);
  return (base + wear) * running;
}

/** Vibration at functional failure level for the current wear (reported with `StationFailed`). */
export function wearVibrationMmS(p: PhysicsState, s: number, t: number): number {
  const f = p.stations[s]?.failure;
  return f === undefined
    ? 0
    : f.vibrationBaseMmS + (f.vibrationAtFailureMmS - f.vibrationBaseMmS) * severity(p, s, t);
}

/** Thermal drift (K) of a heat-driven station since its drift started. */
export function driftK(p: PhysicsState, s: number, t: number): number {
  const start = p.driftStart[s] as number;
  return t <= start ? 0 : Math.min(MAX_DRIFT_K, ((p.driftRate[s] as number) * (t - start)) / MS_PER_H);
}

/** Tool/drive temperature: ambient + load rise (lagged) + wear + drift. */
export function toolTemperatureC(p: PhysicsState, s: number, t: number): number {
  const st = p.stations[s];
  if (st === undefined) return 0;
  const wear = (st.failure?.temperatureRiseAtFailureC ?? 0) * severity(p, s, t);
  return st.ambientTemperatureC + st.loadTemperatureRiseC * loadLevel(p, s, t) + wear + driftK(p, s, t);
}
