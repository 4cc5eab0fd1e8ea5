import { createRandom, type Plant, type Random } from '@aethercore/core';
import { MS_PER_H } from '../model/calendar.ts';
import { deriveSeed, lognormal, poisson } from '../physics/distributions.ts';
import type { Disruption, DisruptionKind } from '../types.ts';

/**
 * The documented distribution of random disruptions (B9 disruption campaign):
 * - the number of disruptions in a window is Poisson with mean `perDay` × window length in days
 *   (default 3 per day), their times uniform over the window;
 * - the kind is drawn with these weights (sum 1):
 */
export const DISRUPTION_WEIGHTS: Readonly<
  Record<Exclude<DisruptionKind, 'degradation' | 'operator-report' | 'day-end'>, number>
> = {
  'machine-breakdown': 0.3,
  'supplier-delay': 0.2,
  'order-cancellation': 0.1,
  'rush-order': 0.15,
  'worker-sick': 0.15,
  'quality-drift': 0.1,
};
/**
 * - machine breakdown: a station uniform over stations with a failure model; duration lognormal,
 *   mean 60 min, CV 0.8 (a long right tail, as repair times have);
 * - supplier delay: a scheduled delivery uniform over all suppliers' delivery slots; lateness
 *   uniform 60–360 min in 30-min steps;
 * - order cancellation: an order uniform over the plant's orders;
 * - rush order: a variant uniform over all variants, quantity uniform 20–80 in steps of 10, due
 *   8–16 h after it arrives;
 * - worker sick: a worker uniform over all workers, absent for 24 h;
 * - quality drift: a heat-driven station (thermal model), drift rate uniform 4–12 K/h.
 */
export interface DisruptionOptions {
  readonly startMs: number;
  readonly durationMs: number;
  readonly perDay?: number;
}

export function generateDisruptions(plant: Plant, seed: number, opts: DisruptionOptions): Disruption[] {
  const rng = createRandom(deriveSeed(seed, 'disruptions'));
  const perDay = opts.perDay ?? 3;
  const count = poisson(rng, (perDay * opts.durationMs) / (24 * MS_PER_H));
  const out: Disruption[] = [];
  const pick = <T>(xs: readonly T[]): T | undefined =>
    xs.length === 0 ? undefined : xs[rng.int(0, xs.length - 1)];
  const failing = plant.stations.filter((s) => s.failure !== undefined);
  const heated = plant.stations.filter((s) => s.thermal !== undefined);
  const slots = plant.suppliers.flatMap((s) =>
    s.deliveries.map((d) => ({ supplier: s.id, material: d.material })),
  );
  const variants = plant.products.flatMap((p) => p.variants.map((v) => ({ product: p.id, variant: v.id })));
  const kinds = Object.entries(DISRUPTION_WEIGHTS) as [keyof typeof DISRUPTION_WEIGHTS, number][];
  for (let k = 0; k < count; k++) {
    const atMs = opts.startMs + Math.floor(rng.next() * opts.durationMs);
    let u = rng.next();
    let kind = kinds[kinds.length - 1]?.[0] ?? 'machine-breakdown';
    for (const [name, w] of kinds) {
      if (u < w) {
        kind = name;
        break;
      }
      u -= w;
    }
    const d = draw(kind, atMs, rng, k, { failing, heated, slots, variants, plant, pick });
    if (d !== undefined) out.push(d);
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}

interface Pools {
  failing: readonly { id: string }[];
  heated: readonly { id: string }[];
  slots: readonly { supplier: string; material: string }[];
  variants: readonly { product: string; variant: string }[];
  plant: Plant;
  pick: <T>(xs: readonly T[]) => T | undefined;
}

function draw(
  kind: keyof typeof DISRUPTION_WEIGHTS,
  atMs: number,
  rng: Random,
  k: number,
  p: Pools,
): Disruption | undefined {
  switch (kind) {
    case 'machine-breakdown': {
      const s = p.pick(p.failing);
      return s && { kind, atMs, station: s.id, durationMin: Math.round(lognormal(rng, 60, 0.8)) };
    }
    case 'supplier-delay': {
      const s = p.pick(p.slots);
      return (
        s && { kind, atMs, supplier: s.supplier, material: s.material, latenessMin: 60 + 30 * rng.int(0, 10) }
      );
    }
    case 'order-cancellation': {
      const o = p.pick(p.plant.orders);
      return o && { kind, atMs, order: o.id };
    }
    case 'rush-order': {
      const v = p.pick(p.variants);
      return (
        v && {
          kind,
          atMs,
          order: `RUSH-${k + 1}`,
          product: v.product,
          variant: v.variant,
          quantity: 10 * rng.int(2, 8),
          dueInH: 8 + rng.next() * 8,
        }
      );
    }
    case 'worker-sick': {
      const w = p.pick(p.plant.workers);
      return w && { kind, atMs, worker: w.id };
    }
    case 'quality-drift': {
      const s = p.pick(p.heated);
      return s && { kind, atMs, station: s.id, rateKPerH: 4 + rng.next() * 8 };
    }
  }
}
