import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DISPATCH_RULES,
  dispatch,
  evaluate,
  fromFlexibleJobShop,
  validateSchedule,
  type SchedulingProblem,
} from '../src/index.ts';
import { loadFjsp } from './fjsp-fixtures.ts';
import { randomProblem } from './validate-arbitraries.ts';

describe('dispatch (serial SGS with priority rules)', () => {
  it('produces valid schedules for random problems with every feature, for every rule', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.constantFrom(...DISPATCH_RULES),
        fc.boolean(),
        (seed, rule, all) => {
          const p = randomProblem(
            seed,
            all ? { windows: true, workers: true, setups: true, downtimes: true } : {},
          );
          const r = dispatch(p, { rule });
          expect(r.ok).toBe(true);
          if (r.ok) expect(validateSchedule(p, r.schedule)).toEqual({ ok: true });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps fixed assignments and starts nothing new before notBefore', () => {
    const p = fromFlexibleJobShop(loadFjsp('mk01'));
    const first = dispatch(p, { rule: 'MWR' });
    if (!first.ok) throw new Error('mk01 dispatch failed');
    const fixed = first.schedule.assignments.filter((a) => a.start < 10);
    const r = dispatch(p, { rule: 'ATC', fixed, notBefore: 10 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(validateSchedule(p, r.schedule, { frozenBefore: 10, previous: first.schedule })).toEqual({
      ok: true,
    });
  });

  it('EDD and ATC favour the urgent order', () => {
    const p: SchedulingProblem = {
      name: 'urgent',
      jobs: [
        { id: 0, weight: 1, release: 0, due: 100 },
        { id: 1, weight: 1, release: 0, due: 5 },
      ],
      machines: [{ id: 0 }],
      operations: [
        { id: '0.0', job: 0, index: 0, alternatives: [{ machine: 0, duration: 4 }], predecessors: [] },
        { id: '1.0', job: 1, index: 0, alternatives: [{ machine: 0, duration: 5 }], predecessors: [] },
      ],
    };
    for (const rule of ['EDD', 'ATC'] as const) {
      const r = dispatch(p, { rule });
      if (!r.ok) throw new Error('dispatch failed');
      expect(evaluate(p, r.schedule).totalWeightedTardiness).toBe(0);
    }
    const spt = dispatch(p, { rule: 'SPT' });
    if (!spt.ok) throw new Error('dispatch failed');
    expect(evaluate(p, spt.schedule).totalWeightedTardiness).toBe(4);
  });

  it('reports operations that cannot be placed as a value', () => {
    const p: SchedulingProblem = {
      name: 'no-window',
      jobs: [{ id: 0, weight: 1, release: 0 }],
      machines: [{ id: 0, windows: [{ start: 0, end: 3 }] }],
      operations: [
        { id: '0.0', job: 0, index: 0, alternatives: [{ machine: 0, duration: 5 }], predecessors: [] },
      ],
    };
    const r = dispatch(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.ops).toEqual(['0.0']);
  });
});
