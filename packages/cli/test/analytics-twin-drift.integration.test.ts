// The SPC drift finder on the twin's Werkhalle 4 day: the heated press-fit station (ST04) starts to
// drift at 11:00 (cooling fault, +6 K/h); the finder must raise the drift before the first press depth
// leaves tolerance and blame ST04's temperature. Lives with the CLI because it spans two pure packages
// (analytics may not import the twin).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlantYaml } from '@aethercore/core';
import { createTwin } from '@aethercore/twin';
import { findDrift, type CandidateSignal } from '@aethercore/analytics';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

/** One row per part made by the heated station: its press depth and every station's temperature then. */
function recordDay(): {
  times: number[];
  depth: number[];
  temps: Map<string, number[]>;
  heated: string;
  nominal: number;
  tolerance: number;
} {
  const plant = parsePlantYaml(readFileSync(path.join(root, 'plants', 'werkhalle4.yaml'), 'utf8'));
  const heatedStation = plant.stations.find((s) => s.thermal !== undefined)!;
  const thermal = heatedStation.thermal!;
  const twin = createTwin({ plant, scenario: 'werkhalle4-day', seed: 42 });
  const end = twin.now() + (10 * 60 + 30) * 60_000;
  const times: number[] = [];
  const depth: number[] = [];
  const temps = new Map<string, number[]>(plant.stations.map((s) => [s.id, []]));
  let lastCount = -1;
  for (let t = twin.now() + 5_000; t <= end; t += 5_000) {
    twin.advanceTo(t);
    const rs = new Map(twin.readings().map((r) => [r.seriesId, r.value]));
    const count = rs.get(`${heatedStation.id}/partsProduced`) ?? 0;
    if (count !== lastCount && count > 0) {
      lastCount = count;
      times.push(t);
      depth.push(rs.get(`${heatedStation.id}/dimensionMm`)!);
      for (const s of plant.stations) temps.get(s.id)!.push(rs.get(`${s.id}/temperatureC`)!);
    }
  }
  return {
    times,
    depth,
    temps,
    heated: heatedStation.id,
    nominal: thermal.nominalMm,
    tolerance: thermal.toleranceMm,
  };
}

describe('drift finder on the twin (werkhalle4-day)', () => {
  it('finds the press-depth drift before the first out-of-tolerance part and blames the heated station', () => {
    const day = recordDay();
    const signals: CandidateSignal[] = [...day.temps].map(([station, values]) => ({
      station,
      signal: 'temperatureC',
      values,
    }));
    const r = findDrift(
      {
        name: 'press depth (mm)',
        nominal: day.nominal,
        lowerSpec: day.nominal - day.tolerance,
        upperSpec: day.nominal + day.tolerance,
        values: day.depth,
      },
      signals,
    );
    const hhmm = (i: number | undefined): string =>
      i === undefined ? '—' : new Date(day.times[i]!).toISOString().slice(11, 16);
    console.log(
      `${day.depth.length} parts; detected ${hhmm(r.detectedAt)}, onset ≈ ${hhmm(r.estimatedOnset)}, first out of tolerance ${hhmm(r.firstOutOfTolerance)}; ${r.message.en}`,
    );
    expect(r.detectedAt).toBeDefined();
    // The drift starts at 11:00 and the operator reports it at 13:45: the finder must be in between.
    expect(day.times[r.detectedAt!]!).toBeGreaterThanOrEqual(Date.UTC(2026, 2, 10, 11, 0));
    expect(day.times[r.detectedAt!]!).toBeLessThan(Date.UTC(2026, 2, 10, 13, 45));
    if (r.firstOutOfTolerance !== undefined) expect(r.leadParts!).toBeGreaterThan(0);
    expect(r.direction).toBe('up');
    expect(r.attribution[0]!.station).toBe(day.heated);
  }, 120_000);
});
