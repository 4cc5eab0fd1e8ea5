// Smoke test of the shifts bench: the named and random sets, and one set planned with the three
// bounds (same plan quality where the crew matching proves it).
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlantYaml } from '@aethercore/core';
import { absenceSets, runShiftBound, worse } from './run-shifts.ts';

const plant = parsePlantYaml(
  readFileSync(path.resolve(import.meta.dirname, '..', '..', 'plants', 'werkhalle4.yaml'), 'utf8'),
);

describe('shifts bench', () => {
  it('lists the named sets then seeded random ones, and plans one set with both bounds', () => {
    const sets = absenceSets(plant, 2, 11);
    expect(sets.slice(0, 2)).toEqual([['W038'], ['W033']]);
    expect(sets).toHaveLength(6);
    expect(absenceSets(plant, 2, 11)).toEqual(sets);
    const a = runShiftBound(plant, ['W038'], 'position', 20_000);
    const b = runShiftBound(plant, ['W038'], 'crew-matching', 20_000);
    const c = runShiftBound(plant, ['W038'], 'instant-matching', 20_000);
    expect(b.exact).toBe(true);
    expect(c.exact).toBe(true);
    expect(worse(b, a) || worse(a, b)).toBe(false);
    expect(worse(c, b) || worse(b, c)).toBe(false);
    expect(b.overtimeHours).toBeGreaterThan(0);
  }, 60_000);
});
