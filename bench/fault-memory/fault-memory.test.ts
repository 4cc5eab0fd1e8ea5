import { describe, expect, it } from 'vitest';
import { runFaultMemory } from './fault-memory.ts';

describe('B5 fault-memory bench (smoke, tiny size)', () => {
  it('measures both indexes against exact search on 3,000 signatures', async () => {
    const r = await runFaultMemory({
      size: 3000,
      queries: 60,
      k: 10,
      indexes: ['hnsw', 'usearch'],
      ef: 64,
      m: 16,
      efConstruction: 64,
      seed: 1,
      calibration: 50,
    });
    expect(r.indexes.map((x) => x.index)).toEqual(['hnsw', 'usearch']);
    for (const x of r.indexes) {
      expect(x.recallAtK).toBeGreaterThanOrEqual(0.9);
      expect(x.recallAtK).toBeLessThanOrEqual(1);
      expect(x.p99Ms).toBeGreaterThanOrEqual(x.p50Ms);
      expect(x.buildS).toBeGreaterThan(0);
    }
    expect(r.exact.top1Accuracy).toBeGreaterThan(0.5);
    expect(r.diagnosis.outlierUnknownRate).toBeGreaterThan(0.5);
    expect(Object.values(r.diagnosis.perMode).reduce((s, m) => s + m.n, 0)).toBe(60);
  });
});
