import { computeKpis, type Kpis } from '@aethercore/twin';
import type { AddressSpaceSpec, EventStore, NewEvent, Plant, StoredEvent } from '@aethercore/core';
import type { KpisResponse, LineResponse } from '../api/types.ts';
import type { LineSource } from './line-source.ts';
import type { LoopingTwin } from './looping-twin.ts';
import { kpisResponse } from './kpi-view.ts';
import { lineView } from './line-view.ts';
import { plantView } from './plant-view.ts';

export interface LiveLineSourceOptions {
  readonly plant: Plant;
  readonly spec: AddressSpaceSpec;
  readonly twin: LoopingTwin;
  readonly events: EventStore;
  /** The same day without disruptions, for the KPI comparison; omitted when the live run is the baseline. */
  readonly baseline?: LoopingTwin;
  readonly components: () => Readonly<Record<string, 'ok' | 'down' | 'starting'>>;
  /** KPIs are recomputed at most this often (wall ms): they read the whole day's log. */
  readonly kpiCacheMs?: number;
  readonly wallNow?: () => number;
}

/**
 * The live line for the API: snapshots from the running twin, KPIs from the event log (the
 * SQLite store, read incrementally; the day that is running), the baseline from a shadow twin
 * run to the same simulated time.
 */
export function liveLineSource(o: LiveLineSourceOptions): LineSource {
  const plant = plantView(o.plant, o.spec);
  const wallNow = o.wallNow ?? (() => performance.now());
  const cacheMs = o.kpiCacheMs ?? 2_000;
  let dayEvents: StoredEvent[] = [];
  let readSeq = 0;
  let day = -1;
  let cached: { at: number; value: KpisResponse } | undefined;
  let computing: Promise<KpisResponse> | undefined;

  const compute = async (): Promise<KpisResponse> => {
    const dayStart = o.twin.dayStart();
    if (o.twin.loop !== day) {
      day = o.twin.loop;
      dayEvents = dayEvents.filter((e) => e.time >= dayStart);
    }
    for (;;) {
      const batch = await o.events.read({ afterSeq: readSeq, limit: 20_000 });
      for (const e of batch) if (e.time >= dayStart) dayEvents.push(e);
      readSeq = batch.at(-1)?.seq ?? readSeq;
      if (batch.length < 20_000) break;
    }
    const to = Math.max(dayStart + 1, o.twin.now());
    const now: Kpis = computeKpis(dayEvents, o.plant, { fromMs: dayStart, toMs: to });
    let base: Kpis | undefined;
    if (o.baseline !== undefined) {
      o.baseline.advanceTo(to);
      const offset = o.baseline.offsetMs;
      const events: readonly NewEvent[] = o.baseline.twin.events();
      base = computeKpis(events, o.plant, { fromMs: dayStart - offset, toMs: to - offset });
    }
    return kpisResponse(dayStart, to, now, base);
  };

  return {
    plant: () => plant,
    simTime: () => o.twin.now(),
    components: o.components,
    line: (): LineResponse => lineView(o.plant, o.twin.snapshot(), o.twin.offsetMs),
    kpis: async () => {
      if (cached !== undefined && wallNow() - cached.at < cacheMs) return cached.value;
      // One computation at a time; concurrent callers share it.
      computing ??= compute().finally(() => (computing = undefined));
      const value = await computing;
      cached = { at: wallNow(), value };
      return value;
    },
  };
}
