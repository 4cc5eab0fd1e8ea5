import type { Kpis } from '@aethercore/twin';
import type { KpiValues, KpisResponse } from '../api/types.ts';

/** The supervisor's KPI set from the twin's ISO 22400 line KPIs. */
export function kpiValues(k: Kpis): KpiValues {
  const l = k.line;
  return {
    output: l.goodParts,
    oee: l.oee,
    availability: l.availability,
    performance: l.performance,
    // OEE's quality factor Q = good / produced (ISO 22400-2 quality ratio); FPY also excludes reworked parts.
    quality: l.producedParts > 0 ? l.goodParts / l.producedParts : 0,
    energyPerUnitKWh: l.energyPerPartKWh,
    firstPassYield: l.firstPassYield,
    downtimeS: l.downtimeS,
  };
}

/** (value − baseline) / baseline for each KPI whose baseline is non-zero. */
export function kpiDeltas(now: KpiValues, base: KpiValues): Partial<Record<keyof KpiValues, number>> {
  const out: Partial<Record<keyof KpiValues, number>> = {};
  for (const key of Object.keys(now) as (keyof KpiValues)[]) {
    const b = base[key];
    if (b !== 0 && Number.isFinite(b) && Number.isFinite(now[key])) out[key] = (now[key] - b) / Math.abs(b);
  }
  return out;
}

export function kpisResponse(from: number, to: number, now: Kpis, base?: Kpis): KpisResponse {
  const kpis = kpiValues(now);
  if (base === undefined) return { from, to, kpis };
  const baseline = kpiValues(base);
  return { from, to, kpis, baseline, deltas: kpiDeltas(kpis, baseline) };
}
