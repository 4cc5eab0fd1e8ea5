import { describe, expect, it } from 'vitest';
import { makeLine } from './line.ts';
import { basePlan, runReplanBench } from './run-replan.ts';

describe('replan benchmark (smoke)', () => {
  it('re-plans seeded events on a tiny line: every kind, every plan valid, latencies measured', () => {
    const line = makeLine({
      name: 'tiny',
      stages: 3,
      machinesPerStage: 2,
      orders: 6,
      seed: 3,
      staffed: 0.3,
      workers: 3,
    });
    expect(basePlan(line).assignments).toHaveLength(line.operations.length);
    const r = runReplanBench(line, { events: 12, seed: 1, budgetMs: 5, frozenHorizon: 600 });
    expect(r.events).toBe(12);
    expect(r.invalid).toBe(0);
    expect(r.failures).toBe(0);
    expect(Object.keys(r.byKind).sort()).toEqual([
      'machine-down',
      'material-late',
      'order-cancelled',
      'processing-time-changed',
      'rush-order',
      'worker-absent',
    ]);
    expect(r.p95Ms).toBeGreaterThanOrEqual(r.p50Ms);
    expect(r.meanTwtReplan).toBeLessThanOrEqual(r.meanTwtRightShift);
  });
});
