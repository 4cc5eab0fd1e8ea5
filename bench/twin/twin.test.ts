import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePlantYaml } from '@aethercore/core';
import { describe, expect, it } from 'vitest';
import { runTwinBench } from './twin-bench.ts';

describe('bench twin (smoke)', () => {
  it('runs a tiny B6 and reports consistent figures', () => {
    const plant = parsePlantYaml(
      readFileSync(path.resolve(import.meta.dirname, '../../plants/werkhalle4.yaml'), 'utf8'),
    );
    const r = runTwinBench({ plant, shifts: 2, repeats: 2, seed: 1, shiftHours: 1 });
    expect(r.stations).toBe(20);
    expect(r.repeats).toHaveLength(2);
    for (const x of r.repeats) expect(x.shiftsPerMin).toBeCloseTo((x.shifts / x.seconds) * 60, 6);
    expect(r.eventsPerShiftMean).toBeGreaterThan(100);
    expect(r.goodPartsPerShiftMean).toBeGreaterThan(10);
    expect(r.firstShiftHash).toBe(
      runTwinBench({ plant, shifts: 1, repeats: 1, seed: 1, shiftHours: 1 }).firstShiftHash,
    );
  });
});
