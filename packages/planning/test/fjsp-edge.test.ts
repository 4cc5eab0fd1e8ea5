import { describe, expect, it } from 'vitest';
import { isAetherError } from '@aethercore/core';
import {
  dispatch,
  evaluate,
  solveFlexibleJobShop,
  validateSchedule,
  type SchedulingProblem,
} from '../src/index.ts';

const empty: SchedulingProblem = { name: 'empty', jobs: [], machines: [{ id: 0 }], operations: [] };

describe('edge cases', () => {
  it('handles a problem without operations', () => {
    const r = solveFlexibleJobShop(empty, { seed: 1, maxIterations: 10 });
    expect(r.makespan).toBe(0);
    expect(r.schedule.assignments).toEqual([]);
    expect(validateSchedule(empty, r.schedule)).toEqual({ ok: true });
    expect(evaluate(empty, r.schedule).makespan).toBe(0);
  });

  it('rejects an unknown dispatching rule with a coded error, not a crash', () => {
    try {
      dispatch(empty, { rule: 'FIFO' as never });
      expect.unreachable();
    } catch (e) {
      expect(isAetherError(e) && e.code).toBe('planning.rule-unknown');
    }
  });

  it('reports garbage assignments as violations', () => {
    const p: SchedulingProblem = {
      name: 'one',
      jobs: [{ id: 0, weight: 1, release: 0 }],
      machines: [{ id: 0 }],
      operations: [
        { id: '0.0', job: 0, index: 0, alternatives: [{ machine: 0, duration: 2 }], predecessors: [] },
      ],
    };
    const v = validateSchedule(p, {
      assignments: [{ op: '0.0', job: 0, index: 0, machine: 0, start: Number.NaN, end: 2 }],
    });
    expect(v.ok ? [] : v.violations.map((x) => x.kind)).toEqual(['invalid-time']);
  });
});
