import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFjspCase } from './run-fjsp.ts';

const fixture = (name: string): string =>
  readFileSync(path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'fjsp', `${name}.txt`), 'utf8');

describe('fjsp benchmark (smoke)', () => {
  it('runs mk01 briefly: rules and tabu search side by side, validated, gap computed', () => {
    const row = runFjspCase({ name: 'mk01', text: fixture('mk01'), bks: 40 }, 0.3, 1);
    expect(row.valid).toBe(true);
    expect(row.violations).toBe(0);
    expect(row.makespan).toBeLessThanOrEqual(row.ruleMakespan);
    expect(row.gapPct).toBeCloseTo((100 * (row.makespan - 40)) / 40, 10);
    expect(Object.keys(row.rules).sort()).toEqual(['ATC', 'EDD', 'MWR', 'SPT']);
  });
});
