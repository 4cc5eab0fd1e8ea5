// The crew-matching lower bound (shift-bound.ts): admissible (never above the brute-force optimum at
// the root), the search stays exact with it, and it sees what the per-position bound does not: a
// shift with fewer qualified crew than positions.
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

function lex(r: ShiftPlanResult): [number, number] {
  return [r.ok || r.reason !== 'uncoverable' ? 0 : r.uncoveredHours, r.overtimeHours];
}
const lexLe = (a: readonly [number, number], b: readonly [number, number]): boolean =>
  a[0] < b[0] - EPS || (a[0] <= b[0] + EPS && a[1] <= b[1] + EPS);

describe('crew-matching bound', () => {
  it('three presses, two pressers in the shift: one press needs an outsider, so the root bound is 8 h', () => {
    const day = { id: 'day', start: 6 * H, end: 14 * H };
    const p: ShiftProblem = {
      shifts: [{ ...day, positions: ['P1', 'P2', 'P3'].map((id) => ({ id, qualification: 'press' })) }],
      staff: [
        { id: 'ana', qualifications: ['press'], regularShifts: ['day'] },
        { id: 'ben', qualifications: ['press'], regularShifts: ['day'] },
        { id: 'cem', qualifications: ['press'], regularShifts: [] },
      ],
      minCallInHours: 0,
    };
    const r = planShifts(p);
    expect(validateShiftPlan(p, r, [])).toEqual([]);
    expect(r).toMatchObject({ reason: 'overtime-needed', overtimeHours: 8, exact: true });
    // The per-position bound prices every press at 0 (each has crew); the matching sees 3 > 2.
    expect(r.lowerBound).toEqual({ uncoveredHours: 0, overtimeHours: 8 });
    expect(planShifts(p, { lowerBound: 'position' }).lowerBound).toEqual({
      uncoveredHours: 0,
      overtimeHours: 0,
    });
    // Nobody outside: one press stays open for its 8 h, which the bound sees as uncovered time.
    const alone = { ...p, staff: p.staff.slice(0, 2) };
    expect(planShifts(alone).lowerBound).toEqual({ uncoveredHours: 8, overtimeHours: 0 });
    expect(planShifts(alone)).toMatchObject({ reason: 'uncoverable', uncoveredHours: 8, exact: true });
  });

  it('qualifications count: two crew who can both only solder leave the press to an outsider', () => {
    const day = { id: 'day', start: 6 * H, end: 14 * H };
    const p: ShiftProblem = {
      shifts: [
        {
          ...day,
          positions: [
            { id: 'S1', qualification: 'solder' },
            { id: 'P1', qualification: 'press', from: 8 * H, to: 11 * H },
          ],
        },
      ],
      staff: [
        { id: 'ana', qualifications: ['solder'], regularShifts: ['day'] },
        { id: 'ben', qualifications: ['solder', 'press'], regularShifts: ['day'] },
        { id: 'cem', qualifications: ['press'], regularShifts: [] },
      ],
      minCallInHours: 0,
    };
    // ana solders, ben presses: no overtime, the bound stays 0.
    expect(planShifts(p)).toMatchObject({ ok: true, lowerBound: { uncoveredHours: 0, overtimeHours: 0 } });
    // ben sick: ana can only solder, the press 08–11 needs cem (3 h).
    const r = planShifts(p, { absences: [{ worker: 'ben' }] });
    expect(r).toMatchObject({ overtimeHours: 3, exact: true, lowerBound: { overtimeHours: 3 } });
  });
});

describe('crew-matching bound against brute force (fast-check)', () => {
  it('the root bound is never above the optimum, the search finds it, and the bound often beats per position', () => {
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
        const shifts = [0, 1].map((i) => {
          const start = (14 + 8 * i) * H;
          return {
            id: `s${i}`,
            start,
            end: start + 8 * H,
            positions: Array.from({ length: i === 0 ? r.int(2, 3) : 1 }, (_, k) => ({
              id: `p${k}`,
              qualification: quals[r.int(0, 1)]!,
              ...window(start),
            })),
          };
        });
        // Few crew per shift: deficits are common.
        const staff: StaffMember[] = Array.from({ length: r.int(2, 4) }, (_, i) => ({
          id: `w${i}`,
          qualifications: quals.filter(() => r.next() < 0.7),
          regularShifts: shifts.filter(() => r.next() < 0.4).map((s) => s.id),
          ...(r.next() < 0.3 ? { busy: [{ start: 4 * H, end: (8 + r.int(0, 5)) * H }] } : {}),
        }));
        const absences = r.next() < 0.3 ? [{ worker: staff[0]!.id }] : [];
        const p: ShiftProblem = {
          shifts,
          staff,
          minCallInHours: r.int(0, 4),
          maxDailyHours: r.int(9, 10),
          maxPieces: r.int(1, 3),
        };
        const res = planShifts(p, { absences });
        expect(validateShiftPlan(p, res, absences)).toEqual([]);
        // Brute force over every combination of every position's generated options.
        const best = bruteForceShiftOptimum(p, absences);
        const opt: [number, number] = [best[0] / H, best[1] / H];
        const root: [number, number] = [res.lowerBound.uncoveredHours, res.lowerBound.overtimeHours];
        expect(lexLe(root, opt)).toBe(true);
        expect(res.exact).toBe(true);
        const [u, o] = lex(res);
        expect(u).toBeCloseTo(opt[0], 6);
        expect(o).toBeCloseTo(opt[1], 6);
        const weak = planShifts(p, { absences, lowerBound: 'position' }).lowerBound;
        if (!lexLe(root, [weak.uncoveredHours, weak.overtimeHours])) stronger++;
        runs++;
      }),
      { numRuns: 200 },
    );
    // Not vacuous: the matching raises the root bound in 1133 of 3000 runs (37.8 %; once, with
    // numRuns 3000): over 200 runs mean 75.5, sd 6.9, so 5 is over 10 sd below.
    expect(runs).toBe(200);
    expect(stronger).toBeGreaterThanOrEqual(5);
  }, 120_000);
});
