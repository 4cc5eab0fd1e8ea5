import type { NewEvent, Plant } from '@aethercore/core';
import { computeKpis, type Twin } from '@aethercore/twin';

/** The KPIs a re-sequencing is judged by, over the what-if horizon (ISO 22400 line KPIs from the log). */
export const WHAT_IF_KPIS = [
  'goodParts',
  'throughputPerH',
  'ordersCompleted',
  'ordersLate',
  'totalTardinessMin',
  'energyKWh',
] as const;
export type WhatIfKpi = (typeof WHAT_IF_KPIS)[number];

export interface OrderPriority {
  readonly order: string;
  readonly priority: number;
}

export interface WhatIfResult {
  readonly fromMs: number;
  readonly toMs: number;
  readonly kpis: Readonly<Record<WhatIfKpi, { readonly baseline: number; readonly withChange: number }>>;
  /** withChange − baseline, for the KPIs that differ. */
  readonly deltas: Readonly<Partial<Record<WhatIfKpi, number>>>;
  /** Orders the twin refused (unknown or closed). */
  readonly refused: readonly string[];
  /** Better on the simulated figures: fewer late orders, then less tardiness, then more good parts. */
  readonly improves: boolean;
}

const round = (v: number): number => Math.round(v * 1000) / 1000;

function kpisOf(
  events: readonly NewEvent[],
  plant: Plant,
  fromMs: number,
  toMs: number,
): Record<WhatIfKpi, number> {
  const k = computeKpis(events, plant, { fromMs, toMs }).line;
  let tardiness = 0;
  for (const e of events) {
    if (e.type !== 'OrderCompleted' || e.time < fromMs || e.time > toMs) continue;
    const t = e.data['tardinessMin'];
    if (typeof t === 'number' && Number.isFinite(t)) tardiness += t;
  }
  return {
    goodParts: k.goodParts,
    throughputPerH: round(k.throughputPerH),
    ordersCompleted: k.ordersCompleted,
    ordersLate: k.ordersLate,
    totalTardinessMin: round(tardiness),
    energyKWh: round(k.energyKWh),
  };
}

/**
 * Simulate before actuate: two forks of the twin at its current state (not clairvoyant about
 * future disruptions), one as the line runs now and one with the proposed order priorities, both
 * over the same horizon. The claimed deltas are these simulated differences and nothing else.
 */
export function simulatePriorities(
  twin: Twin,
  plant: Plant,
  priorities: readonly OrderPriority[],
  horizonMs: number,
): WhatIfResult {
  const fromMs = twin.now();
  const toMs = fromMs + horizonMs;
  const baseline = twin.fork();
  const changed = twin.fork();
  const refused: string[] = [];
  for (const p of priorities)
    if (!changed.apply({ type: 'SetOrderPriority', order: p.order, priority: p.priority }))
      refused.push(p.order);
  baseline.run(toMs);
  changed.run(toMs);
  const b = kpisOf(baseline.events(), plant, fromMs, toMs);
  const w = kpisOf(changed.events(), plant, fromMs, toMs);
  const kpis = {} as Record<WhatIfKpi, { baseline: number; withChange: number }>;
  const deltas: Partial<Record<WhatIfKpi, number>> = {};
  for (const name of WHAT_IF_KPIS) {
    kpis[name] = { baseline: b[name], withChange: w[name] };
    if (w[name] !== b[name]) deltas[name] = round(w[name] - b[name]);
  }
  const improves =
    w.ordersLate < b.ordersLate ||
    (w.ordersLate === b.ordersLate &&
      (w.totalTardinessMin < b.totalTardinessMin ||
        (w.totalTardinessMin === b.totalTardinessMin && w.goodParts > b.goodParts)));
  return { fromMs, toMs, kpis, deltas, refused, improves };
}
