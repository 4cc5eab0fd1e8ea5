// Smoke test of the live-analytics bench on a short day: the core function runs and counts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlantYaml } from '@aethercore/core';
import { runDay } from './live-analytics-bench.ts';

const plant = parsePlantYaml(
  readFileSync(path.resolve(import.meta.dirname, '../../plants/werkhalle4.yaml'), 'utf8'),
);

describe('live-analytics bench', () => {
  it('finds the R7 wear on a seed day cut at 09:00 and reports the truth it is measured against', () => {
    const r = runDay(plant, 'werkhalle4-day', 42, 3);
    expect(r.truth?.wearOnset).toBe(Date.UTC(2026, 2, 10, 8, 0));
    expect(r.anomalyAt).toBeGreaterThan(r.truth!.wearOnset);
    expect(r.driftAt).toBeUndefined();
    expect(r.falseAlarms).toBe(0);
  }, 60_000);
});
