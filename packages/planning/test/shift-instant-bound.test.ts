// The instant-matching lower bound (shift-instant-bound.ts): admissible across shifts (never above
// the brute-force optimum at the root), the two-phase search stays exact with it, and it sees what
// the crew-matching bound does not: the same few people cannot stand in for two shifts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '@aethercore/core';
import {
  planShifts,
  validateShiftPlan,
  type ShiftPlanResult,
  type ShiftProblem,
  type StaffMember,
} from '../src/index.ts';
import { bruteForceShiftOptimum } from './shift-brute-force.ts';

const H = 3600;
const EPS = 1e-6;

const lex = (r: ShiftPlanResult): [number, number] => [
  r.ok || r.reason !== 'uncoverable' ? 0 : r.uncoveredHours,
  r.overtimeHours,
];
const lexLe = (a: readonly [number, number], b: readonly [number, number]): boolean =>
  a[0] < b[0] - EPS || (a[0] <= b[0] + EPS && a[1] <= b[1] + EPS);

describe('instant-matching bound', () => {
  // The seed plant's pattern in small: the night's logistician is sick; the late one can cover the
  // night only by leaving the late shift open (6 h even with the early one staying 2 h), and the
  // early one may come back only after 11 h rest (01:00). So 22:00–01:00 stays open.
  const p: ShiftProblem = {
    shifts: [
      { id: 'late', start: 14 * H, end: 22 * H, positions: [{ id: 'L1', qualification: 'log' }] },
      { id: 'night', start: 22 * H, end: 30 * H, positions: [{ id: 'N1', qualification: 'log' }] },
    ],
    staff: [
      { id: 'lena', qualifications: ['log'], regularShifts: ['late'] },
      { id: 'nils', qualifications: ['log'], regularShifts: ['night'] },
      { id: 'eva', qualifications: ['log'], regularShifts: [], busy: [{ start: 6 * H, end: 14 * H }] },
    ],
  };
  const absences = [{ worker: 'nils' }];

  it('proves 3 h open at the root, where the crew matching sees 0 h', () => {
    const r = planShifts(p, { absences });
    expect(validateShiftPlan(p, r, absences)).toEqual([]);
    expect(r).toMatchObject({ reason: 'uncoverable', uncoveredHours: 3, overtimeHours: 5, exact: true });
    expect(r.uncoveredExact).toBe(true);
    expect(r.lowerBound.uncoveredHours).toBe(3);
    expect(r.pieces.find((x) => x.worker === 'eva')).toMatchObject({
      from: 25 * H,
      to: 30 * H,
      kind: 'call-in',
    });
    const crew = planShifts(p, { absences, lowerBound: 'crew-matching' });
    expect(crew.lowerBound.uncoveredHours).toBe(0);
    expect(lex(crew)).toEqual(lex(r));
    expect(bruteForceShiftOptimum(p, absences)).toEqual([3 * H, 5 * H]);
  });

  it('counts the rest: with 8 h minimum rest the early worker comes at 22:00 and nothing stays open', () => {
    const q = { ...p, minRest: 8 * H };
    const r = planShifts(q, { absences });
    expect(validateShiftPlan(q, r, absences)).toEqual([]);
    expect(r).toMatchObject({ reason: 'overtime-needed', overtimeHours: 8, exact: true });
    expect(r.lowerBound.uncoveredHours).toBe(0);
    expect(r.pieces.find((x) => x.worker === 'eva')).toMatchObject({ from: 22 * H, to: 30 * H });
  });
});

describe('instant-matching bound against brute force (fast-check)', () => {
  it('the root bound is never above the optimum, the search finds it, and it often beats the crew matching', () => {
    let stronger = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (seed) => {
        const r = createRandom(seed);
        const quals = ['a', 'b'];
        const window = (start: number): { from: number; to: number } | object => {
          if (r.next() < 0.4) return {};
          const from = start + r.int(0, 4) * H;
          return { from, to: Math.min(start + 8 * H, from + r.int(1, 4) * H) };
        };
        // Two or three consecutive shifts with one or two positions each: few people, shared.
        const shifts = Array.from({ length: r.int(2, 3) }, (_, i) => {
          const start = (6 + 8 * i) * H;
          return {
            id: `s${i}`,
            start,
            end: start + 8 * H,
            positions: Array.from({ length: r.int(1, 2) }, (_, k) => ({
              id: `p${k}`,
              qualification: quals[r.int(0, 1)]!,
              ...window(start),
            })),
          };
        });
        const staff: StaffMember[] = Array.from({ length: r.int(2, 4) }, (_, i) => ({
          id: `w${i}`,
          qualifications: quals.filter(() => r.next() < 0.7),
          regularShifts: shifts.filter(() => r.next() < 0.4).map((s) => s.id),
          ...(r.next() < 0.3 ? { busy: [{ start: -4 * H, end: r.int(0, 5) * H }] } : {}),
        }));
        const absences = r.next() < 0.3 ? [{ worker: staff[0]!.id }] : [];
        const p: ShiftProblem = {
          shifts,
          staff,
          minCallInHours: r.int(0, 4),
          maxDailyHours: r.int(8, 10),
          maxPieces: r.int(1, 3),
          ...(r.next() < 0.5 ? { minRest: r.int(6, 11) * H } : {}),
        };
        // The brute force is exponential: at most four positions.
        if (shifts.reduce((s, x) => s + x.positions.length, 0) > 4) return;
        const res = planShifts(p, { absences });
        expect(validateShiftPlan(p, res, absences)).toEqual([]);
        const best = bruteForceShiftOptimum(p, absences);
        const opt: [number, number] = [best[0] / H, best[1] / H];
        expect(lexLe([res.lowerBound.uncoveredHours, res.lowerBound.overtimeHours], opt)).toBe(true);
        expect(res.exact).toBe(true);
        expect(res.uncoveredExact).toBe(true);
        const [u, o] = lex(res);
        expect(u).toBeCloseTo(opt[0], 6);
        expect(o).toBeCloseTo(opt[1], 6);
        const crew = planShifts(p, { absences, lowerBound: 'crew-matching' }).lowerBound;
        if (res.lowerBound.uncoveredHours > crew.uncoveredHours + EPS) stronger++;
        runs++;
      }),
      { numRuns: 150 },
    );
    // Not vacuous: the instant bound raises the root's uncovered hours above the crew matching's
    // in 235 of 759 runs (31.0 %, once with 1000 seeds; 241 of 1000 skipped as too big for the
    // brute force, and none failed): over 150 seeds ≈ 114 runs (sd ≈ 5.2), stronger mean ≈ 35.3,
    // sd ≈ 4.9, so the floors 80 and 5 are over 6 sd below.
    expect(runs).toBeGreaterThanOrEqual(80);
    expect(stronger).toBeGreaterThanOrEqual(5);
  }, 120_000);
});
