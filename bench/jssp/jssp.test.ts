import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadJsspData, runInstance, selectInstances, summarise } from './jssp.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/jssp');

describe('jssp bench (smoke, fixtures)', () => {
  it('runs ft06 with a tiny budget: validated, optimal, beside MWR', () => {
    const data = loadJsspData(FIXTURES);
    expect(selectInstances(data, 'ft')).toEqual(['ft06', 'ft10']);
    expect(selectInstances(data, 'ta', ['ta01'])).toEqual(['ta01js']);
    const row = runInstance(data, 'ft06', { timeLimitS: 0.5, seed: 1 });
    expect(row.valid).toBe(true);
    expect(row.mwr.valid).toBe(true);
    expect(row.ub).toBe(55);
    expect(row.makespan).toBeGreaterThanOrEqual(55);
    expect(row.mwr.makespan).toBeGreaterThan(55);
    expect(row.gap).toBeCloseTo((100 * (row.makespan - 55)) / 55);
    const [s] = summarise([row]);
    expect(s).toMatchObject({ group: 'ft', instances: 1, allValid: true });
  });

  it('uses a deterministic clock for the deadline when given one', () => {
    const data = loadJsspData(FIXTURES);
    let t = 0;
    // Each clock read advances 1 ms: the run stops after ≈ 200 polls, whatever the machine's speed.
    const row = runInstance(data, 'la01', { timeLimitS: 0.2, seed: 1, nowMs: () => t++ });
    expect(row.valid).toBe(true);
    expect(row.makespan).toBe(666);
  });
});
