import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callBudget } from '@aethercore/core';
import { fromFlexibleJobShop, solveFlexibleJobShop, validateSchedule } from '../src/index.ts';
import { loadFjsp } from './fjsp-fixtures.ts';
import { randomProblem } from './validate-arbitraries.ts';

describe('solveFlexibleJobShop (tabu search)', () => {
  it('solves kacem1 to its optimum 11 and mk01 near its optimum 40, validated', () => {
    const k = loadFjsp('kacem1');
    const rk = solveFlexibleJobShop(k, { seed: 1, maxIterations: 3000 });
    expect(validateSchedule(fromFlexibleJobShop(k), rk.schedule)).toEqual({ ok: true });
    expect(rk.makespan).toBe(11);
    const mk = loadFjsp('mk01');
    const r = solveFlexibleJobShop(mk, { seed: 1, maxIterations: 5000 });
    expect(validateSchedule(fromFlexibleJobShop(mk), r.schedule)).toEqual({ ok: true });
    expect(r.method).toBe('tabu');
    expect(r.makespan).toBeLessThan(r.initialMakespan);
    expect(r.makespan).toBeLessThanOrEqual(42);
    expect(r.makespan).toBeGreaterThanOrEqual(40);
  });

  it('is deterministic for a seed and an iteration budget', () => {
    const mk = loadFjsp('mk02');
    const a = solveFlexibleJobShop(mk, { seed: 7, maxIterations: 800 });
    const b = solveFlexibleJobShop(mk, { seed: 7, maxIterations: 800 });
    expect(a.schedule).toEqual(b.schedule);
    const c = solveFlexibleJobShop(mk, { seed: 7, deadline: callBudget(800) });
    expect(c.makespan).toBe(a.makespan);
  });

  it('returns valid schedules on random problems with calendars, downtimes, setups and workers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.boolean(), (seed, workers) => {
        const p = randomProblem(seed, { windows: true, setups: true, downtimes: true, workers });
        const r = solveFlexibleJobShop(p, { seed, maxIterations: 60 });
        expect(validateSchedule(p, r.schedule)).toEqual({ ok: true });
        expect(r.makespan).toBeLessThanOrEqual(r.initialMakespan);
      }),
      { numRuns: 150 },
    );
  });

  it('assigns qualified workers itself and improves on dispatching', () => {
    let improved = 0;
    for (let seed = 0; seed < 40; seed++) {
      const p = randomProblem(seed, { workers: true });
      const r = solveFlexibleJobShop(p, { seed, maxIterations: 200 });
      expect(validateSchedule(p, r.schedule)).toEqual({ ok: true });
      if (r.method === 'tabu' && r.makespan < r.initialMakespan) improved++;
    }
    expect(improved).toBeGreaterThan(0);
  });
});
