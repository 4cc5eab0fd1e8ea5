import { AetherError } from '@aethercore/core';

/**
 * Operations KPIs after ISO 22400-2:2014 ("Automation systems and integration — Key performance
 * indicators for manufacturing operations management — Part 2: Definitions and descriptions"),
 * computed from a generic list of station state intervals and part records, so the dashboard, the daily
 * summary and the twin's scenarios all use one definition.
 *
 * Time elements (ISO 22400-2 §5.5), all in the caller's time unit (ms in AetherCore):
 * - POT  planned operation time: the observed period, minus time the station was planned `off`.
 * - PDOT planned down time: planned stops (breaks, planned maintenance) inside POT.
 * - PBT  planned busy time = POT − PDOT: the time the station should produce.
 * - APT  actual production time: time spent `producing` (the actual unit processing time AUPT).
 * - AUST actual unit setup time (`setup`), ADOT actual unit down time (`down`, failures),
 *        ADET actual unit delay time (`idle`, `starved`, `blocked`: available but not producing).
 * Quantities (§5.6): PQ produced quantity, GQ good quantity, SQ = PQ − GQ scrap (incl. rework) quantity.
 * PRI planned run time per item (the standard cycle time).
 *
 * KPIs (Annex A of ISO 22400-2):
 * - Availability           = APT / PBT
 * - Effectiveness          = PRI · PQ / APT          (the "performance" factor of OEE)
 * - Quality rate           = GQ / PQ
 * - OEE index              = Availability · Effectiveness · Quality rate
 * - MTBF (mean operating time between failures) = Σ TBFᵢ / (FE + 1), TBF the operating time (PBT − ADOT)
 *   split by FE failure events into FE + 1 stretches.
 * - MTTR (mean time to repair) = Σ TTRᵢ / FE, TTR the down time of each failure.
 * Energy per unit (not in 22400-2; an energy performance indicator in the sense of ISO 50006):
 * energy / PQ and energy / GQ.
 */
export const ISO22400_STATES = [
  'producing',
  'setup',
  'down',
  'idle',
  'starved',
  'blocked',
  'planned-stop',
  'off',
] as const;
export type Iso22400State = (typeof ISO22400_STATES)[number];

export interface StateInterval {
  readonly station: string;
  readonly state: Iso22400State;
  /** Start and end (end exclusive), same unit as the period. */
  readonly from: number;
  readonly to: number;
}

export interface PartRecord {
  readonly station: string;
  readonly time: number;
  readonly good: boolean;
}

export interface Iso22400Input {
  readonly period: { readonly from: number; readonly to: number };
  readonly intervals: readonly StateInterval[];
  readonly parts: readonly PartRecord[];
  /** PRI per station (same time unit); effectiveness and OEE are absent for stations without it. */
  readonly plannedRunTimePerItem?: Readonly<Record<string, number>>;
  /** Energy consumed per station over the period, in kWh. */
  readonly energyKWh?: Readonly<Record<string, number>>;
}

export interface Iso22400StationKpis {
  readonly station: string;
  readonly pot: number;
  readonly pdot: number;
  readonly pbt: number;
  readonly apt: number;
  readonly aust: number;
  readonly adot: number;
  readonly adet: number;
  readonly pq: number;
  readonly gq: number;
  readonly sq: number;
  readonly availability: number | undefined;
  readonly effectiveness: number | undefined;
  readonly qualityRate: number | undefined;
  readonly oee: number | undefined;
  readonly failureEvents: number;
  readonly mtbf: number | undefined;
  readonly mttr: number | undefined;
  readonly energyKWh: number | undefined;
  readonly energyPerUnitKWh: number | undefined;
  readonly energyPerGoodUnitKWh: number | undefined;
}

export interface Iso22400Report {
  readonly stations: readonly Iso22400StationKpis[];
  /** All stations pooled: time elements and quantities summed, then the same ratios. */
  readonly total: Iso22400StationKpis;
}

const ratio = (a: number, b: number): number | undefined => (b > 0 ? a / b : undefined);

function invalid(message: string, path: string, hint: string): AetherError {
  return new AetherError({ code: 'kpi.input-invalid', message, path, hint });
}

interface Acc {
  pot: number;
  pdot: number;
  apt: number;
  aust: number;
  adot: number;
  adet: number;
  failures: number;
  pq: number;
  gq: number;
  pri: number | undefined;
  energy: number | undefined;
}

function finish(station: string, a: Acc): Iso22400StationKpis {
  const pbt = a.pot - a.pdot;
  const availability = ratio(a.apt, pbt);
  const effectiveness = a.pri === undefined ? undefined : ratio(a.pri * a.pq, a.apt);
  const qualityRate = ratio(a.gq, a.pq);
  const oee =
    availability !== undefined && effectiveness !== undefined && qualityRate !== undefined
      ? availability * effectiveness * qualityRate
      : undefined;
  const operating = pbt - a.adot;
  return {
    station,
    pot: a.pot,
    pdot: a.pdot,
    pbt,
    apt: a.apt,
    aust: a.aust,
    adot: a.adot,
    adet: a.adet,
    pq: a.pq,
    gq: a.gq,
    sq: a.pq - a.gq,
    availability,
    effectiveness,
    qualityRate,
    oee,
    failureEvents: a.failures,
    mtbf: pbt > 0 ? operating / (a.failures + 1) : undefined,
    mttr: a.failures > 0 ? a.adot / a.failures : undefined,
    energyKWh: a.energy,
    energyPerUnitKWh: a.energy === undefined ? undefined : ratio(a.energy, a.pq),
    energyPerGoodUnitKWh: a.energy === undefined ? undefined : ratio(a.energy, a.gq),
  };
}

/**
 * Compute ISO 22400-2 KPIs per station and pooled. Intervals are clipped to the period; time inside the
 * period that no interval covers counts as planned busy time without production (a delay), so missing
 * telemetry lowers availability rather than inflating it. Overlapping intervals of one station are an error.
 *
 * @example
 * computeIso22400Kpis({ period: { from: 0, to: 8 * 3600e3 }, intervals, parts, plannedRunTimePerItem: { ST1: 30e3 } })
 */
export function computeIso22400Kpis(input: Iso22400Input): Iso22400Report {
  const { from, to } = input.period;
  if (!(Number.isFinite(from) && Number.isFinite(to) && to > from)) {
    throw invalid(
      `The period [${from}, ${to}) is empty or not finite.`,
      'period',
      'Give period.from < period.to.',
    );
  }
  const byStation = new Map<string, StateInterval[]>();
  input.intervals.forEach((iv, i) => {
    if (!ISO22400_STATES.includes(iv.state)) {
      throw invalid(
        `intervals[${i}].state '${String(iv.state)}' is not one of ${ISO22400_STATES.join(', ')}.`,
        `intervals[${i}].state`,
        'Map your machine states to the ISO 22400 time elements first.',
      );
    }
    if (!(Number.isFinite(iv.from) && Number.isFinite(iv.to) && iv.to >= iv.from)) {
      throw invalid(
        `intervals[${i}] of ${iv.station} ends before it starts (${iv.from} → ${iv.to}).`,
        `intervals[${i}]`,
        'Each interval needs from ≤ to.',
      );
    }
    const list = byStation.get(iv.station) ?? [];
    list.push(iv);
    byStation.set(iv.station, list);
  });
  for (const p of input.parts) if (!byStation.has(p.station)) byStation.set(p.station, []);
  const stations = [...byStation.keys()].sort();
  const accs = stations.map((station): Acc => {
    const list = [...(byStation.get(station) ?? [])].sort((a, b) => a.from - b.from);
    const acc: Acc = {
      pot: to - from,
      pdot: 0,
      apt: 0,
      aust: 0,
      adot: 0,
      adet: 0,
      failures: 0,
      pq: 0,
      gq: 0,
      pri: input.plannedRunTimePerItem?.[station],
      energy: input.energyKWh?.[station],
    };
    let covered = 0;
    let prevEnd = -Infinity;
    let prevState: Iso22400State | undefined;
    for (const iv of list) {
      if (iv.from < prevEnd) {
        throw invalid(
          `${station}: the ${iv.state} interval from ${iv.from} overlaps the previous one (ends ${prevEnd}).`,
          `intervals(${station})`,
          'A station is in one state at a time; split or merge the intervals.',
        );
      }
      const a = Math.max(from, iv.from);
      const b = Math.min(to, iv.to);
      // A failure event is the start of a `down` stretch; consecutive down intervals are one failure.
      if (iv.state === 'down' && b > a && !(prevState === 'down' && prevEnd === iv.from)) acc.failures++;
      prevEnd = iv.to;
      prevState = iv.state;
      if (b <= a) continue;
      const d = b - a;
      covered += d;
      switch (iv.state) {
        case 'producing':
          acc.apt += d;
          break;
        case 'setup':
          acc.aust += d;
          break;
        case 'down':
          acc.adot += d;
          break;
        case 'planned-stop':
          acc.pdot += d;
          break;
        case 'off':
          acc.pot -= d;
          break;
        default:
          acc.adet += d;
      }
    }
    acc.adet += to - from - covered;
    for (const p of input.parts) {
      if (p.station !== station || p.time < from || p.time >= to) continue;
      acc.pq++;
      if (p.good) acc.gq++;
    }
    return acc;
  });
  const total = accs.reduce<Acc>(
    (t, a) => ({
      pot: t.pot + a.pot,
      pdot: t.pdot + a.pdot,
      apt: t.apt + a.apt,
      aust: t.aust + a.aust,
      adot: t.adot + a.adot,
      adet: t.adet + a.adet,
      failures: t.failures + a.failures,
      pq: t.pq + a.pq,
      gq: t.gq + a.gq,
      // Pooled effectiveness needs Σ PRIᵢ·PQᵢ; carried as a PQ-weighted PRI.
      pri:
        t.pri === undefined || a.pri === undefined
          ? undefined
          : t.pq + a.pq > 0
            ? (t.pri * t.pq + a.pri * a.pq) / (t.pq + a.pq)
            : t.pri,
      energy: t.energy === undefined || a.energy === undefined ? undefined : t.energy + a.energy,
    }),
    {
      pot: 0,
      pdot: 0,
      apt: 0,
      aust: 0,
      adot: 0,
      adet: 0,
      failures: 0,
      pq: 0,
      gq: 0,
      pri: accs.length > 0 ? 0 : undefined,
      energy: accs.length > 0 ? 0 : undefined,
    },
  );
  return { stations: stations.map((s, i) => finish(s, accs[i] as Acc)), total: finish('total', total) };
}
