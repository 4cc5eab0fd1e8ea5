import type { NewEvent, Plant } from '@aethercore/core';
import type { Twin, TwinCommand } from '@aethercore/twin';
import { findingFromEvent, type BilingualText } from '../../finding.ts';
import { clockTime } from './format.ts';

/**
 * Candidate process changes for tomorrow, generated from the plant file and the day (never fixed
 * text): each is then measured in a fork of the twin (`measure-tomorrow.ts`) and only the measured
 * deltas rank it. Three families, after the magazine's story:
 * - **adaptive cycle timing**: a station much faster than the bottleneck waits most of the time; run
 *   it slower, still 10 % faster than the bottleneck's pace. The twin's producing power falls with
 *   the square of the speed (`LineSimulation.setSpeed`), the energy per part with it.
 * - **sequence**: raise one of the next open orders (by due date) to the front.
 * - **moving maintenance**: maintain a station that failed today, that an agent flagged, or whose
 *   vibration is well above its baseline — at once or at the next shift change.
 * - **quality**: correct a thermal drift still open at the report time (a heated tool drifting
 *   towards its tolerance limit scraps most of tomorrow's parts if nobody corrects it).
 */
export type CandidateKind = 'cycle-timing' | 'sequence' | 'maintenance' | 'quality';

export interface TimedCommand {
  /** Offset from the start of the what-if (ms). */
  readonly afterMs: number;
  readonly command: TwinCommand;
}

export interface Candidate {
  readonly id: string;
  readonly kind: CandidateKind;
  readonly commands: readonly TimedCommand[];
  readonly text: BilingualText;
}

export interface CandidateOptions {
  /** Keep a station at least this much faster than the bottleneck (default 1.1 = 10 %). */
  readonly paceMargin?: number;
  /** Single-station cycle-timing candidates, by saving potential (default 3). */
  readonly singleStations?: number;
  /** Open orders (by due date) tried at the front (default 3). */
  readonly orders?: number;
  /** Planned maintenance duration (min; default 45, Analytika's work-order default). */
  readonly maintenanceMin?: number;
  /** Vibration above this multiple of the station's baseline marks it for maintenance (default 1.3). */
  readonly vibrationRatio?: number;
  /** Thermal drift (K) above which a correction is a candidate (default 1). */
  readonly driftK?: number;
}

function driftCandidates(twin: Twin, minK: number): Candidate[] {
  return Object.entries(twin.snapshot().stations)
    .filter(([, st]) => st.thermalDriftK !== undefined && Math.abs(st.thermalDriftK) > minK)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([id, st]) => ({
      id: `correct-${id}`,
      kind: 'quality' as const,
      commands: [{ afterMs: 0, command: { type: 'CorrectThermalDrift', station: id } }],
      text: {
        de: `Thermische Drift an ${id} korrigieren (${(st.thermalDriftK ?? 0).toFixed(1).replace('.', ',')} K)`,
        en: `Correct the thermal drift at ${id} (${(st.thermalDriftK ?? 0).toFixed(1)} K)`,
      },
    }));
}

const MS_PER_H = 3_600_000;

/** Speed factor on a 0.05 grid, rounded up so the station stays at least as fast as asked. */
const grid = (f: number): number => Math.min(1, Math.max(0.5, Math.ceil(f * 20 - 1e-9) / 20));

function cycleTimingCandidates(plant: Plant, margin: number, singles: number): Candidate[] {
  const bottleneck = Math.max(...plant.stations.map((s) => s.cycleTimeS));
  const slowable = plant.stations
    .map((s) => {
      const factor = grid((s.cycleTimeS * margin) / bottleneck);
      // Energy per part at speed v: [P_idle + (P_prod − P_idle)·v²]·ct/v while producing, the rest idle;
      // against v = 1 the saving per part is (P_prod − P_idle)·ct·(1 − v) (kWh when ct is in h).
      const potentialKWh = ((s.energy.producingKW - s.energy.idleKW) * s.cycleTimeS * (1 - factor)) / 3600;
      return { id: s.id, factor, potentialKWh };
    })
    .filter((s) => s.factor < 1 && s.potentialKWh > 0)
    .sort((a, b) => b.potentialKWh - a.potentialKWh || a.id.localeCompare(b.id));
  if (slowable.length === 0) return [];
  const cmd = (s: { id: string; factor: number }): TimedCommand => ({
    afterMs: 0,
    command: { type: 'SetStationSpeed', station: s.id, speedFactor: s.factor },
  });
  const out: Candidate[] = [
    {
      id: 'pace-all',
      kind: 'cycle-timing',
      commands: slowable.map(cmd),
      text: {
        de: `Adaptive Taktung: ${slowable.length} Stationen auf den Takt des Engpasses (+${Math.round((margin - 1) * 100)} %) verlangsamen`,
        en: `Adaptive cycle timing: slow ${slowable.length} stations to the bottleneck's pace (+${Math.round((margin - 1) * 100)} %)`,
      },
    },
  ];
  for (const s of slowable.slice(0, singles)) {
    out.push({
      id: `pace-${s.id}`,
      kind: 'cycle-timing',
      commands: [cmd(s)],
      text: {
        de: `Adaptive Taktung an ${s.id}: Faktor ${s.factor.toFixed(2).replace('.', ',')}`,
        en: `Adaptive cycle timing at ${s.id}: factor ${s.factor.toFixed(2)}`,
      },
    });
  }
  return out;
}

function sequenceCandidates(twin: Twin, count: number): Candidate[] {
  const open = twin
    .snapshot()
    .orders.filter((o) => o.status === 'open' || o.status === 'in-progress')
    .sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id));
  const top = Math.max(0, ...open.map((o) => o.priority)) + 10;
  // The first open order runs next anyway; moving it ahead changes nothing.
  return open.slice(1, 1 + count).map((o) => ({
    id: `front-${o.id}`,
    kind: 'sequence' as const,
    commands: [
      { afterMs: 0, command: { type: 'SetOrderPriority', order: o.id, priority: Math.min(100, top) } },
    ],
    text: {
      de: `Reihenfolge: Auftrag ${o.id} (Variante ${o.variant}) vorziehen`,
      en: `Sequence: move order ${o.id} (variant ${o.variant}) to the front`,
    },
  }));
}

/** The next shift start after `now` of the plant's calendar (undefined without shifts). */
function nextShiftChangeMs(plant: Plant, now: number): number | undefined {
  let best: number | undefined;
  const dayStart = Math.floor(now / (24 * MS_PER_H)) * 24 * MS_PER_H;
  for (const s of plant.shiftCalendar.shifts) {
    for (const day of [0, 1]) {
      const at = dayStart + day * 24 * MS_PER_H + s.startMin * 60_000;
      if (at > now && (best === undefined || at < best)) best = at;
    }
  }
  return best;
}

function maintenanceCandidates(
  plant: Plant,
  twin: Twin,
  dayEvents: readonly NewEvent[],
  minutes: number,
  ratio: number,
): Candidate[] {
  const why = new Map<string, BilingualText>();
  for (const e of dayEvents) {
    if (e.type === 'StationFailed')
      why.set(String(e.data['station']), { de: 'heute ausgefallen', en: 'failed today' });
    const f = findingFromEvent(e);
    if (
      f !== undefined &&
      f.agent === 'analytika' &&
      plant.stations.some((s) => s.id === f.subject) &&
      f.severity !== 'info'
    ) {
      why.set(f.subject, {
        de: `von Analytika gemeldet (${f.kind})`,
        en: `flagged by Analytika (${f.kind})`,
      });
    }
  }
  const readings = new Map(twin.readings().map((r) => [r.seriesId, r.value]));
  for (const s of plant.stations) {
    const base = s.failure?.vibrationBaseMmS;
    const v = readings.get(`${s.id}/vibrationRmsMmS`);
    if (base !== undefined && v !== undefined && v > base * ratio && !why.has(s.id)) {
      why.set(s.id, {
        de: `Schwingung ${v.toFixed(1)} mm/s (Basis ${base.toFixed(1)})`,
        en: `vibration ${v.toFixed(1)} mm/s (baseline ${base.toFixed(1)})`,
      });
    }
  }
  const shiftChange = nextShiftChangeMs(plant, twin.now());
  const out: Candidate[] = [];
  for (const [station, reason] of [...why].sort((a, b) => a[0].localeCompare(b[0]))) {
    const command: TwinCommand = { type: 'PerformMaintenance', station, durationMin: minutes };
    out.push({
      id: `maintain-${station}-now`,
      kind: 'maintenance',
      commands: [{ afterMs: 0, command }],
      text: {
        de: `Wartung ${station} (${minutes} min) sofort – ${reason.de}`,
        en: `Maintain ${station} (${minutes} min) now – ${reason.en}`,
      },
    });
    if (shiftChange !== undefined) {
      const hhmm = clockTime(shiftChange);
      out.push({
        id: `maintain-${station}-shift`,
        kind: 'maintenance',
        commands: [{ afterMs: shiftChange - twin.now(), command }],
        text: {
          de: `Wartung ${station} (${minutes} min) zum Schichtwechsel ${hhmm} – ${reason.de}`,
          en: `Maintain ${station} (${minutes} min) at the ${hhmm} shift change – ${reason.en}`,
        },
      });
    }
  }
  return out;
}

/** The candidates for tomorrow from the plant, the twin's state at the report time and the day's log. */
export function tomorrowCandidates(
  plant: Plant,
  twin: Twin,
  dayEvents: readonly NewEvent[],
  o: CandidateOptions = {},
): Candidate[] {
  return [
    ...cycleTimingCandidates(plant, o.paceMargin ?? 1.1, o.singleStations ?? 3),
    ...sequenceCandidates(twin, o.orders ?? 3),
    ...maintenanceCandidates(plant, twin, dayEvents, o.maintenanceMin ?? 45, o.vibrationRatio ?? 1.3),
    ...driftCandidates(twin, o.driftK ?? 1),
  ];
}
