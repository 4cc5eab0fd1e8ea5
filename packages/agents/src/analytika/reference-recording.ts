import type { Plant } from '@aethercore/core';
import { createTwin } from '@aethercore/twin';
import type { Frame } from './frame-sampler.ts';

export interface ReferenceOptions {
  /** Seed of the reference run; use one the live line does not run with, so noise is not shared. */
  readonly seed: number;
  /** Offsets from the scenario start (ms): the healthy steady-production stretch. Default 0:30–4:30 h. */
  readonly fromOffsetMs?: number;
  readonly toOffsetMs?: number;
  readonly stepMs: number;
  readonly series: readonly string[];
}

/**
 * A healthy reference recording: the `baseline` scenario of the same plant (the day with nothing going
 * wrong), sampled on the analytics grid. It stands in for the commissioning data a real plant would
 * record (a few healthy hours per machine): the demo line has no history, and the live stream's own
 * first hours cannot serve, because `--start-at 11:00` starts the stream with R7 already wearing.
 * The first 30 min (start-up: idle, warming) are left out, as any reference window would.
 */
export function recordReference(plant: Plant, o: ReferenceOptions): Frame[] {
  const twin = createTwin({ plant, scenario: 'baseline', seed: o.seed });
  const start = twin.now();
  const from = start + (o.fromOffsetMs ?? 30 * 60_000);
  const to = start + (o.toOffsetMs ?? 4.5 * 3_600_000);
  const watched = new Set(o.series);
  const frames: Frame[] = [];
  for (let t = Math.ceil(from / o.stepMs) * o.stepMs; t <= to; t += o.stepMs) {
    twin.advanceTo(t);
    const values = new Map<string, number>();
    for (const r of twin.readings()) if (watched.has(r.seriesId)) values.set(r.seriesId, r.value);
    frames.push({ time: t, values });
  }
  return frames;
}
