import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRandom } from '@aethercore/core';
import { parseJobShop } from '../src/index.ts';
import { jobShopData, Solution, type JobShopData } from '../src/jssp/disjunctive-graph.ts';
import { ElitePool, sequenceDistance } from '../src/jssp/elite-pool.ts';
import { gifflerThompson } from '../src/jssp/giffler-thompson.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/jssp');
const d: JobShopData = jobShopData(
  parseJobShop(readFileSync(path.join(FIXTURES, 'ft10.txt'), 'utf8'), 'ft10'),
);

/** A random active schedule with a chosen makespan label (the pool only compares the numbers). */
function member(seed: number, makespan: number): Solution {
  const s = gifflerThompson(d, 'random', createRandom(seed));
  s.makespan = makespan;
  return s;
}

/** A copy of `s` with two neighbours swapped on machine 0: distance 2, "near" (< 5% of 100 slots). */
function near(s: Solution, makespan: number): Solution {
  const c = new Solution(d);
  c.copyFrom(s);
  const a = d.machStart[0]!;
  c.move(a, a + 1);
  c.makespan = makespan;
  return c;
}

describe('ElitePool (crowding update)', () => {
  const full = (): ElitePool => {
    const pool = new ElitePool(d, 3);
    expect(pool.offer(member(1, 1000))).toBe(true);
    expect(pool.offer(member(2, 1100))).toBe(true);
    expect(pool.offer(member(3, 1200))).toBe(true);
    return pool;
  };
  const spans = (p: ElitePool): number[] => p.members.slice(0, p.size).map((m) => m.makespan);

  it('refuses an exact duplicate, whatever its label', () => {
    const pool = full();
    const dup = new Solution(d);
    dup.copyFrom(pool.members[0]!);
    dup.makespan = 900;
    expect(pool.offer(dup)).toBe(false);
    expect(spans(pool)).toEqual([1000, 1100, 1200]);
  });

  it('a near candidate replaces its nearest member when better, never the worst', () => {
    const pool = full();
    const c = near(pool.members[1]!, 1050);
    expect(sequenceDistance(c, pool.members[1]!)).toBe(2);
    expect(pool.offer(c)).toBe(true);
    expect(spans(pool)).toEqual([1000, 1050, 1200]);
  });

  it('a near candidate worse than its nearest member is refused even if better than the worst', () => {
    const pool = full();
    expect(pool.offer(near(pool.members[0]!, 1150))).toBe(false);
    expect(spans(pool)).toEqual([1000, 1100, 1200]);
  });

  it('a distant candidate replaces the worst member when better than it', () => {
    const pool = full();
    const far = member(4, 1150);
    for (const m of pool.members) expect(sequenceDistance(far, m)).toBeGreaterThanOrEqual(5);
    expect(pool.offer(far)).toBe(true);
    expect(spans(pool)).toEqual([1000, 1100, 1150]);
    expect(pool.offer(member(5, 1300))).toBe(false);
  });
});
