import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '@aethercore/core';
import { parseJobShop, type JobShopInstance } from '../src/index.ts';
import { jobShopData, type Solution } from '../src/jssp/disjunctive-graph.ts';
import { gifflerThompson } from '../src/jssp/giffler-thompson.ts';
import { N7Neighbourhood } from '../src/jssp/n7-neighbourhood.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/jssp');

/** Heads/tails by brute force (Bellman–Ford style relaxation until stable), independent of Kahn's order. */
function slowHeadsTails(s: Solution): { r: number[]; q: number[]; cmax: number } {
  const { n, dur, jp, js } = s.d;
  const r = new Array<number>(n).fill(0);
  const q = new Array<number>(n).fill(0);
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i < n; i++) {
      for (const p of [jp[i]!, s.mp[i]!]) {
        if (p >= 0 && r[p]! + dur[p]! > r[i]!) {
          r[i] = r[p]! + dur[p]!;
          changed = true;
        }
      }
      for (const x of [js[i]!, s.ms[i]!]) {
        if (x >= 0 && q[x]! + dur[x]! > q[i]!) {
          q[i] = q[x]! + dur[x]!;
          changed = true;
        }
      }
    }
  }
  let cmax = 0;
  for (let i = 0; i < n; i++) cmax = Math.max(cmax, r[i]! + dur[i]! + q[i]!);
  return { r, q, cmax };
}

const sameArray = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

function walk(inst: JobShopInstance, seed: number, steps: number): void {
  const d = jobShopData(inst);
  const random = createRandom(seed);
  const s = gifflerThompson(d, 'mwr', random);
  const nb = new N7Neighbourhood(d.n);
  for (let k = 0; k < steps; k++) {
    nb.build(s);
    if (nb.size === 0) break;
    const i = random.int(0, nb.size - 1);
    const from = nb.from[i]!;
    const to = nb.to[i]!;
    const before = s.makespan;
    expect(nb.estimate[i]!).toBeGreaterThan(0);
    if (!s.moveAndEvaluate(from, to)) continue;
    const slow = slowHeadsTails(s);
    expect(s.makespan).toBe(slow.cmax);
    expect([...s.r]).toEqual(slow.r);
    expect([...s.q]).toEqual(slow.q);
    // The topological order is a permutation consistent with every arc.
    for (let o = 0; o < d.n; o++) {
      expect(s.topo[s.ord[o]!]).toBe(o);
      if (d.js[o]! >= 0) expect(s.ord[d.js[o]!]!).toBeGreaterThan(s.ord[o]!);
      if (s.ms[o]! >= 0) expect(s.ord[s.ms[o]!]!).toBeGreaterThan(s.ord[o]!);
    }
    void before;
  }
}

describe('disjunctive graph', () => {
  it('incremental heads/tails after N7 moves equal a from-scratch computation (ft10)', () => {
    const inst = parseJobShop(readFileSync(path.join(FIXTURES, 'ft10.txt'), 'utf8'), 'ft10');
    walk(inst, 1, 150);
  });

  it('the same on random instances, with zero durations and recirculation', () => {
    const arb = fc
      .record({
        n: fc.integer({ min: 1, max: 6 }),
        m: fc.integer({ min: 1, max: 4 }),
        len: fc.integer({ min: 1, max: 6 }),
      })
      .chain(({ n, m, len }) =>
        fc
          .array(
            fc.array(fc.tuple(fc.integer({ min: 0, max: m - 1 }), fc.integer({ min: 0, max: 9 })), {
              minLength: len,
              maxLength: len,
            }),
            { minLength: n, maxLength: n },
          )
          .map((jobs): JobShopInstance => ({
            name: 'rnd',
            jobs: n,
            machines: m,
            ops: jobs.map((ops) => ops.map(([machine, duration]) => ({ machine, duration }))),
          })),
      );
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 1 << 30 }), (inst, seed) => walk(inst, seed, 25)),
      { numRuns: 150 },
    );
  });

  it('any move on a machine, cycle-closing ones included: refused and undone, or evaluated exactly', () => {
    // Arbitrary moves (not only N7's) exercise the cycle test of the region pass: a refused move must
    // leave the solution exactly as before, an accepted one must match a from-scratch computation.
    const arb = fc
      .record({
        n: fc.integer({ min: 2, max: 6 }),
        m: fc.integer({ min: 1, max: 3 }),
        len: fc.integer({ min: 2, max: 6 }),
      })
      .chain(({ n, m, len }) =>
        fc
          .array(
            fc.array(fc.tuple(fc.integer({ min: 0, max: m - 1 }), fc.integer({ min: 0, max: 9 })), {
              minLength: len,
              maxLength: len,
            }),
            { minLength: n, maxLength: n },
          )
          .map((jobs): JobShopInstance => ({
            name: 'rnd',
            jobs: n,
            machines: m,
            ops: jobs.map((ops) => ops.map(([machine, duration]) => ({ machine, duration }))),
          })),
      );
    let refused = 0;
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 1 << 30 }), (inst, seed) => {
        const d = jobShopData(inst);
        const random = createRandom(seed);
        const s = gifflerThompson(d, 'random', random);
        for (let k = 0; k < 30; k++) {
          const m = random.int(0, d.machines - 1);
          const a = d.machStart[m]!;
          const b = d.machStart[m + 1]!;
          if (b - a < 2) continue;
          const from = random.int(a, b - 1);
          const to = random.int(a, b - 1);
          if (from === to) continue;
          const before = s.seq.slice();
          const r0 = s.r.slice();
          if (!s.moveAndEvaluate(from, to)) {
            refused++;
            if (!sameArray(s.seq, before) || !sameArray(s.r, r0)) return false;
          }
          const slow = slowHeadsTails(s);
          if (s.makespan !== slow.cmax || !sameArray(s.r, slow.r) || !sameArray(s.q, slow.q)) return false;
          for (let o = 0; o < d.n; o++) {
            if (s.topo[s.ord[o]!] !== o) return false;
            if (d.js[o]! >= 0 && s.ord[d.js[o]!]! <= s.ord[o]!) return false;
            if (s.ms[o]! >= 0 && s.ord[s.ms[o]!]! <= s.ord[o]!) return false;
          }
        }
        return true;
      }),
      { numRuns: 100 },
    );
    // Random moves on multi-operation jobs close cycles often; the refusal path was exercised.
    expect(refused).toBeGreaterThan(0);
  });

  it('a critical path is source-to-sink, consecutive, and as long as the makespan', () => {
    const inst = parseJobShop(readFileSync(path.join(FIXTURES, 'abz5.txt'), 'utf8'), 'abz5');
    const d = jobShopData(inst);
    const s = gifflerThompson(d, 'mwr');
    const path_ = new Int32Array(d.n);
    const len = s.criticalPath(path_);
    let t = 0;
    for (let k = 0; k < len; k++) {
      const o = path_[k]!;
      expect(s.r[o]).toBe(t);
      t += d.dur[o]!;
    }
    expect(t).toBe(s.makespan);
  });
});
