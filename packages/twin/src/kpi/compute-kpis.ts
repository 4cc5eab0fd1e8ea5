import type { NewEvent, Plant } from '@aethercore/core';
import { compilePlant } from '../model/compiled-plant.ts';

/**
 * KPIs from the event log alone (never from counters kept on the side), after ISO 22400-2:2014.
 * Definitions used (per work unit = station; times clipped to the window):
 * - PBT, planned busy time: time inside a shift (between `ShiftStarted` and `ShiftEnded`).
 * - ADOT, actual unit down time: time inside PBT in state `failed` (breakdown, wear, maintenance)
 *   or `off` (unstaffed).
 * - APT, actual production time: time in state `producing`.
 * - PTU, planned runtime per unit: the station's file cycle time (`cycleTimeS`).
 * - Availability A = APT / PBT; effectiveness (performance) E = PTU × PQ / APT;
 *   quality ratio Q = GQ / PQ; OEE = A × E × Q.
 * Line: PQ = GQ + SQ where GQ counts `PartCompleted` and SQ `PartScrapped` (reworked parts that
 * pass count as good; `firstPassYield` excludes them); the line's PTU per part is its variant's
 * slowest step (the bottleneck), so line OEE = Σ_good PTU / PBT. Line availability counts as
 * down every moment inside PBT when at least one station is failed (a chained line with small
 * buffers stops soon after any station); line E = OEE / (A × Q).
 * Energy: Σ over states of time × the state's power from the plant file (producing power as last
 * set by `StationSpeedChanged`); kWh per good part.
 */
export interface StationKpis {
  readonly station: string;
  readonly plannedBusyTimeS: number;
  readonly producingS: number;
  readonly idleS: number;
  readonly failedS: number;
  readonly offS: number;
  readonly downtimeS: number;
  readonly partsProduced: number;
  readonly availability: number;
  readonly performance: number;
  readonly quality: number;
  readonly oee: number;
  readonly energyKWh: number;
}

export interface LineKpis {
  readonly plannedBusyTimeS: number;
  /** Time inside PBT with at least one station failed. */
  readonly downtimeS: number;
  /** Sum over stations of time failed (inside or outside shifts). */
  readonly stationDowntimeS: number;
  readonly failures: number;
  readonly goodParts: number;
  readonly scrappedParts: number;
  readonly reworkedParts: number;
  readonly producedParts: number;
  readonly qualityRate: number;
  readonly firstPassYield: number;
  readonly availability: number;
  readonly performance: number;
  readonly oee: number;
  readonly energyKWh: number;
  readonly energyPerPartKWh: number;
  readonly throughputPerH: number;
  readonly ordersCompleted: number;
  readonly ordersLate: number;
  readonly meanTardinessMin: number;
}

export interface Kpis {
  readonly window: { readonly fromMs: number; readonly toMs: number };
  readonly line: LineKpis;
  readonly stations: readonly StationKpis[];
}

const STATE_INDEX: Readonly<Record<string, number>> = {
  off: 0,
  idle: 1,
  starved: 2,
  blocked: 3,
  producing: 4,
  failed: 5,
};
const div = (a: number, b: number): number => (b > 0 ? a / b : 0);

export function computeKpis(
  events: readonly NewEvent[],
  plant: Plant,
  window?: { fromMs: number; toMs: number },
): Kpis {
  const cp = compilePlant(plant);
  const n = cp.n;
  const from = window?.fromMs ?? events[0]?.time ?? 0;
  const to = window?.toMs ?? events[events.length - 1]?.time ?? from;
  const idx = new Map(cp.stationIds.map((id, i) => [id, i]));
  // Producing power follows `StationSpeedChanged` (adaptive cycle timing); the other states use the file.
  const producingKW = Float64Array.from(plant.stations, (st) => st.energy.producingKW);
  const kw = (s: number, code: number): number => {
    const e = plant.stations[s]?.energy;
    if (e === undefined) return 0;
    return code === 0
      ? e.offKW
      : code === 4
        ? (producingKW[s] as number)
        : code === 5
          ? e.failedKW
          : e.idleKW;
  };
  const state = new Int8Array(n);
  const since = new Float64Array(n).fill(from);
  const timeIn = Array.from({ length: n }, () => new Float64Array(6));
  const timeInShift = Array.from({ length: n }, () => new Float64Array(6));
  const energy = new Float64Array(n);
  const countAtFrom = new Float64Array(n);
  const countLatest = new Float64Array(n);
  const idealLine = new Map(
    cp.variantIds.map((v, i) => [v.split('/').slice(1).join('/'), cp.idealLineCycleMs[i] ?? 0]),
  );
  const lineIdealByProductVariant = (variant: unknown): number =>
    idealLine.get(String(variant)) ?? Math.max(...cp.idealLineCycleMs);
  let shifts = 0;
  let shiftSince = from;
  let pbt = 0;
  let failedCount = 0;
  let downSince = from;
  let lineDown = 0;
  let good = 0;
  let firstPass = 0;
  let scrap = 0;
  let rework = 0;
  let failures = 0;
  let ptuLine = 0;
  let ordersCompleted = 0;
  let ordersLate = 0;
  let tardiness = 0;
  const scrapAt = new Float64Array(n);

  // Closes the open intervals up to time t (clipped to the window).
  const advance = (t: number): void => {
    const a = Math.max(from, Math.min(to, shiftSince));
    const b = Math.max(from, Math.min(to, t));
    if (shifts > 0 && b > a) pbt += b - a;
    shiftSince = t;
    const da = Math.max(from, Math.min(to, downSince));
    if (shifts > 0 && failedCount > 0 && b > da) lineDown += b - da;
    downSince = t;
  };
  const closeStation = (s: number, t: number): void => {
    const a = Math.max(from, Math.min(to, since[s] as number));
    const b = Math.max(from, Math.min(to, t));
    if (b > a) {
      const code = state[s] as number;
      (timeIn[s] as Float64Array)[code] = ((timeIn[s] as Float64Array)[code] as number) + (b - a);
      if (shifts > 0)
        (timeInShift[s] as Float64Array)[code] = ((timeInShift[s] as Float64Array)[code] as number) + (b - a);
      energy[s] = (energy[s] as number) + (kw(s, code) * (b - a)) / 3_600_000;
    }
    since[s] = t;
  };
  const closeAll = (t: number): void => {
    for (let s = 0; s < n; s++) closeStation(s, t);
    advance(t);
  };
  const inWindow = (t: number): boolean => t > from && t <= to;

  for (const e of events) {
    const t = e.time;
    if (t > to) break;
    const d = e.data;
    switch (e.type) {
      case 'StationStateChanged': {
        const s = idx.get(String(d.station));
        if (s === undefined) break;
        closeStation(s, t);
        advance(t);
        const next = STATE_INDEX[String(d.to)] ?? 0;
        if (state[s] === 5) failedCount--;
        if (next === 5) failedCount++;
        state[s] = next;
        if (typeof d.partsProduced === 'number') {
          countLatest[s] = d.partsProduced;
          if (t <= from) countAtFrom[s] = d.partsProduced;
        }
        break;
      }
      case 'StationSpeedChanged': {
        const s = idx.get(String(d.station));
        if (s === undefined || typeof d.producingKW !== 'number') break;
        closeStation(s, t);
        producingKW[s] = d.producingKW;
        break;
      }
      case 'ProductionCountersReported': {
        const parts = d.partsProduced as Record<string, number> | undefined;
        for (const [id, c] of Object.entries(parts ?? {})) {
          const s = idx.get(id);
          if (s === undefined) continue;
          countLatest[s] = c;
          if (t <= from) countAtFrom[s] = c;
        }
        break;
      }
      case 'ShiftStarted':
        closeAll(t);
        shifts++;
        break;
      case 'ShiftEnded':
        closeAll(t);
        shifts = Math.max(0, shifts - 1);
        break;
      case 'PartCompleted':
        if (inWindow(t)) {
          good++;
          if (d.firstPass === true) firstPass++;
          ptuLine += lineIdealByProductVariant(d.variant);
        }
        break;
      case 'PartScrapped':
        if (inWindow(t)) {
          scrap++;
          const s = idx.get(String(d.station));
          if (s !== undefined) scrapAt[s] = (scrapAt[s] as number) + 1;
        }
        break;
      case 'PartReworked':
        if (inWindow(t)) rework++;
        break;
      case 'StationFailed':
        if (inWindow(t)) failures++;
        break;
      case 'OrderCompleted':
        if (inWindow(t)) {
          ordersCompleted++;
          const late = typeof d.tardinessMin === 'number' ? d.tardinessMin : 0;
          if (late > 0) ordersLate++;
          tardiness += late;
        }
        break;
    }
  }
  closeAll(to);

  const stations: StationKpis[] = cp.stationIds.map((id, s) => {
    const ti = timeIn[s] as Float64Array;
    const ts = timeInShift[s] as Float64Array;
    const pbtS = pbt / 1000;
    const producingS = (ti[4] as number) / 1000;
    const downtimeS = ((ts[5] as number) + (ts[0] as number)) / 1000;
    const parts = Math.max(0, (countLatest[s] as number) - (countAtFrom[s] as number));
    const availability = div(producingS, pbtS);
    const performance = div(parts * (plant.stations[s]?.cycleTimeS ?? 0), producingS);
    const quality = parts > 0 ? (parts - (scrapAt[s] as number)) / parts : 1;
    return {
      station: id,
      plannedBusyTimeS: pbtS,
      producingS,
      idleS: ((ti[1] as number) + (ti[2] as number) + (ti[3] as number)) / 1000,
      failedS: (ti[5] as number) / 1000,
      offS: (ti[0] as number) / 1000,
      downtimeS,
      partsProduced: parts,
      availability,
      performance,
      quality,
      oee: availability * performance * quality,
      energyKWh: energy[s] as number,
    };
  });
  const pbtS = pbt / 1000;
  const produced = good + scrap;
  const qualityRate = div(good, produced);
  const availability = div(pbt - lineDown, pbt);
  const oee = div(ptuLine, pbt);
  const energyKWh = stations.reduce((a, s) => a + s.energyKWh, 0);
  return {
    window: { fromMs: from, toMs: to },
    line: {
      plannedBusyTimeS: pbtS,
      downtimeS: lineDown / 1000,
      stationDowntimeS: stations.reduce((a, s) => a + s.failedS, 0),
      failures,
      goodParts: good,
      scrappedParts: scrap,
      reworkedParts: rework,
      producedParts: produced,
      qualityRate,
      firstPassYield: div(firstPass, produced),
      availability,
      performance: div(oee, availability * qualityRate),
      oee,
      energyKWh,
      energyPerPartKWh: div(energyKWh, good),
      throughputPerH: div(good, (to - from) / 3_600_000),
      ordersCompleted,
      ordersLate,
      meanTardinessMin: div(tardiness, ordersCompleted),
    },
    stations,
  };
}
