import type { NewEvent, Plant } from '@aethercore/core';
import { computeIso22400Kpis, type StateInterval, type Iso22400State } from '@aethercore/analytics';
import { computeKpis } from '@aethercore/twin';

/**
 * The figures of one day (or any window) from its event log alone, after ISO 22400-2:2014.
 * Line KPIs (output, downtime, OEE and its factors, energy) are the twin's `computeKpis`, the same
 * definitions the dashboard's KPI panel uses. MTBF/MTTR are ISO 22400-2 Annex A (`computeIso22400Kpis`,
 * pooled over the work units): the station state log is mapped onto the 22400 time elements —
 * `failed` with reason `maintenance` is planned down time (PDOT), other `failed` is down time (ADOT,
 * one failure event per down stretch), `off` outside a shift is outside the planned operation time.
 */
export interface DayKpis {
  /** GQ: good parts leaving the line. */
  readonly goodParts: number;
  /** PQ = GQ + scrap. */
  readonly producedParts: number;
  readonly scrappedParts: number;
  /** GQ / PQ. */
  readonly qualityRate: number;
  readonly availability: number;
  readonly performance: number;
  readonly oee: number;
  /** Time inside the planned busy time with at least one station down (min). */
  readonly downtimeMin: number;
  readonly energyKWh: number;
  /** Energy per good part (kWh), the energy performance indicator of ISO 50006. */
  readonly energyPerGoodPartKWh: number;
  readonly failures: number;
  /** Mean operating time of the line between failures (h); undefined without planned busy time. */
  readonly mtbfH: number | undefined;
  /** Mean time to repair over the stations' failures (min); undefined without failures. */
  readonly mttrMin: number | undefined;
  readonly ordersCompleted: number;
  /** Orders finished after their due date, plus released orders past due and unfinished at the window's end. */
  readonly lateOrders: number;
  /** Σ tardiness of those orders (min; unfinished ones up to the window's end). */
  readonly tardinessMin: number;
}

export interface DayWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

const stateOf = (to: string, reason: string): Iso22400State => {
  switch (to) {
    case 'producing':
      return 'producing';
    case 'failed':
      return reason === 'maintenance' ? 'planned-stop' : 'down';
    case 'off':
      return reason === 'shift' ? 'off' : 'idle';
    case 'starved':
      return 'starved';
    case 'blocked':
      return 'blocked';
    default:
      return 'idle';
  }
};

/** Station state intervals (ISO 22400 time elements) from `StationStateChanged`, clipped to the window. */
export function stateIntervals(events: readonly NewEvent[], window: DayWindow): StateInterval[] {
  const open = new Map<string, { state: Iso22400State; from: number }>();
  const out: StateInterval[] = [];
  for (const e of events) {
    if (e.type !== 'StationStateChanged' || e.time > window.toMs) continue;
    const station = String(e.data['station']);
    const prev = open.get(station);
    if (prev !== undefined && e.time > prev.from)
      out.push({ station, state: prev.state, from: prev.from, to: e.time });
    const reason = e.data['reason'];
    open.set(station, {
      state: stateOf(String(e.data['to']), typeof reason === 'string' ? reason : ''),
      from: e.time,
    });
  }
  for (const [station, s] of open)
    if (window.toMs > s.from) out.push({ station, state: s.state, from: s.from, to: window.toMs });
  return out;
}

/** Due dates (ms) of the orders the log knows (released or received). */
function dueDates(events: readonly NewEvent[]): Map<string, number> {
  const due = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'OrderReleased' && e.type !== 'OrderReceived') continue;
    const t = Date.parse(String(e.data['dueAt']));
    if (Number.isFinite(t)) due.set(String(e.data['order']), t);
  }
  return due;
}

/** Late orders and their tardiness in the window, from `OrderCompleted`/`OrderCancelled` and the due dates. */
export function lateOrders(
  events: readonly NewEvent[],
  window: DayWindow,
): { lateOrders: number; tardinessMin: number } {
  const due = dueDates(events);
  const closed = new Set<string>();
  let late = 0;
  let tardiness = 0;
  for (const e of events) {
    if (e.time > window.toMs) break;
    const order = String(e.data['order']);
    if (e.type === 'OrderCancelled') closed.add(order);
    if (e.type !== 'OrderCompleted') continue;
    closed.add(order);
    const t = e.data['tardinessMin'];
    if (e.time >= window.fromMs && typeof t === 'number' && t > 0) {
      late++;
      tardiness += t;
    }
  }
  for (const [order, d] of due) {
    if (closed.has(order) || d >= window.toMs) continue;
    late++;
    tardiness += (window.toMs - Math.max(d, window.fromMs)) / 60_000;
  }
  return { lateOrders: late, tardinessMin: tardiness };
}

export function dayKpis(events: readonly NewEvent[], plant: Plant, window: DayWindow): DayKpis {
  const line = computeKpis(events, plant, window).line;
  const iso = computeIso22400Kpis({
    period: { from: window.fromMs, to: window.toMs },
    intervals: stateIntervals(events, window),
    parts: [],
  }).total;
  return {
    goodParts: line.goodParts,
    producedParts: line.producedParts,
    scrappedParts: line.scrappedParts,
    qualityRate: line.qualityRate,
    availability: line.availability,
    performance: line.performance,
    oee: line.oee,
    downtimeMin: line.downtimeS / 60,
    energyKWh: line.energyKWh,
    energyPerGoodPartKWh: line.energyPerPartKWh,
    failures: iso.failureEvents,
    // The chained line as the work unit (any station down stops it): operating time (PBT − line down
    // time) split by the failure events into FE + 1 stretches, the 22400-2 formula `computeIso22400Kpis` uses.
    mtbfH:
      line.plannedBusyTimeS > 0
        ? (line.plannedBusyTimeS - line.downtimeS) / (iso.failureEvents + 1) / 3600
        : undefined,
    mttrMin: iso.mttr === undefined ? undefined : iso.mttr / 60_000,
    ordersCompleted: line.ordersCompleted,
    ...lateOrders(events, window),
  };
}
