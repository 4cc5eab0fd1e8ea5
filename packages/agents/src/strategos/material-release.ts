import type { Plant } from '@aethercore/core';
import type { LineState, PlanOrder } from './line-state.ts';

const DAY_MS = 86_400_000;

/** One expected arrival of material: the supplier's daily slots, moved where a delay was announced. */
export interface Arrival {
  readonly material: string;
  readonly at: number;
  readonly quantity: number;
}

/** Expected deliveries in (now, untilMs], with announced delays applied. */
export function expectedArrivals(plant: Plant, state: LineState, untilMs: number): Arrival[] {
  const now = state.nowMs;
  const out: Arrival[] = [];
  const delayOf = (supplier: string, material: string, at: number) =>
    state.delays.find((d) => d.supplier === supplier && d.material === material && d.plannedAt === at);
  for (const s of plant.suppliers) {
    for (let day = Math.floor(now / DAY_MS) * DAY_MS; day <= untilMs; day += DAY_MS) {
      for (const d of s.deliveries) {
        const at = day + d.atMin * 60_000;
        if (at <= now || at > untilMs) continue;
        const late = delayOf(s.id, d.material, at);
        out.push({
          material: d.material,
          at: late?.expectedAt ?? at,
          quantity: late?.quantity ?? d.quantity,
        });
      }
    }
  }
  // Deliveries that were due already and are still on their way.
  for (const d of state.delays)
    if (d.plannedAt <= now && d.expectedAt >= now)
      out.push({ material: d.material, at: d.expectedAt, quantity: d.quantity });
  return out.sort((a, b) => a.at - b.at);
}

/**
 * Material release times by the complete-kit rule (Ronen 1992, "The complete kit concept",
 * IJPR 30(10)): an order is released to the line only when the material for all of its remaining
 * parts is there, so a started order never starves half-way (the seed day's PCB shortage stops the
 * whole chained line, not just the electronics branch). Stock is allocated to orders in `sequence`;
 * returns the release time (ms) per order id, `now` when the kit is complete already, and
 * `untilMs` when the horizon's deliveries do not complete it.
 */
export function completeKitReleases(
  plant: Plant,
  state: LineState,
  sequence: readonly PlanOrder[],
  untilMs: number,
): Map<string, number> {
  const arrivals = expectedArrivals(plant, state, untilMs);
  const needPerPart = new Map<string, Map<string, number>>();
  for (const p of plant.products)
    for (const v of p.variants) {
      const m = new Map<string, number>();
      for (const item of plant.boms.find((b) => b.id === v.bom)?.items ?? [])
        m.set(item.material, (m.get(item.material) ?? 0) + item.quantity);
      needPerPart.set(`${p.id}/${v.id}`, m);
    }
  const cumulative = new Map<string, number>();
  const out = new Map<string, number>();
  for (const o of sequence) {
    let release = state.nowMs;
    for (const [material, perPart] of needPerPart.get(`${o.product}/${o.variant}`) ?? []) {
      const need = (cumulative.get(material) ?? 0) + perPart * o.toRelease;
      cumulative.set(material, need);
      let have = state.stock[material];
      // A material the plant never stocks or delivers is not tracked by the twin: not a constraint.
      if (have === undefined && !arrivals.some((a) => a.material === material)) continue;
      have ??= 0;
      let at = state.nowMs;
      if (have < need) {
        at = untilMs;
        for (const a of arrivals) {
          if (a.material !== material) continue;
          have += a.quantity;
          if (have >= need) {
            at = a.at;
            break;
          }
        }
      }
      release = Math.max(release, at);
    }
    out.set(o.id, release);
  }
  return out;
}
