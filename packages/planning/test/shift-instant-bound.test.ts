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
import { positionOptions, type OptionPiece } from '../src/shifts/shift-options.ts';
import { evaluateDay, type HeldPiece, type WorkerFrame } from '../src/shifts/worker-day.ts';
import { positionWindow, shiftRules, type Absence, type ShiftAssignment } from '../src/index.ts';

/**
 * Brute force with a previous plan: the lexicographic optimum [uncovered, paid overtime, changes]
 * over every combination of the positions' generated options (as bruteForceShiftOptimum, plus the
 * changes the options count against `previous`).
 */
function bruteForceWithChanges(
  p: ShiftProblem,
  absences: readonly Absence[],
  previous: readonly ShiftAssignment[],
): [number, number, number] {
  const { shifts, staff } = p;
  const rules = shiftRules(p);
  const gone = new Set(absences.map((a) => a.worker));
  const frames: WorkerFrame[] = staff.map((w) => ({
    regular: gone.has(w.id)
      ? []
      : w.regularShifts.map((id) => {
          const si = shifts.findIndex((s) => s.id === id);
          return { start: shifts[si]!.start, end: shifts[si]!.end, shift: si, forced: false };
        }),
    busy: w.busy ?? [],
  }));
  const slots = shifts.flatMap((s, si) =>
    s.positions.map((q) => {
      const win = positionWindow(s, q);
      const cands = staff
        .map((_, i) => i)
        .filter((i) => staff[i]!.qualifications.includes(q.qualification) && !gone.has(staff[i]!.id));
      const crew = new Set(cands.filter((i) => staff[i]!.regularShifts.includes(s.id)));
      const prev: OptionPiece[] = previous
        .filter((a) => a.shift === s.id && a.position === q.id)
        .map((a) => ({
          w: staff.findIndex((x) => x.id === a.worker),
          start: a.from ?? win.start,
          end: a.to ?? win.end,
        }));
      return { si, opts: positionOptions({ window: win, cands, crew, frames, rules, previous: prev }) };
    }),
  );
  let best: [number, number, number] = [Infinity, Infinity, Infinity];
  const pick: { si: number; pieces: readonly OptionPiece[] }[] = [];
  const rec = (k: number, u: number, c: number): void => {
    if (k === slots.length) {
      let paid = 0;
      for (let w = 0; w < staff.length; w++) {
        const held: HeldPiece[] = [];
        for (const { si, pieces } of pick)
          for (const x of pieces) if (x.w === w) held.push({ start: x.start, end: x.end, shift: si });
        if (held.length === 0) continue;
        const ev = evaluateDay(frames[w]!, held, rules);
        if (ev === undefined) return;
        paid += ev.paid;
      }
      if (
        u < best[0] - EPS ||
        (u < best[0] + EPS && (paid < best[1] - EPS || (paid < best[1] + EPS && c < best[2])))
      )
        best = [u, paid, c];
      return;
    }
    for (const o of slots[k]!.opts) {
      pick.push({ si: slots[k]!.si, pieces: o.pieces });
      rec(k + 1, u + o.u, c + o.c);
      pick.pop();
    }
  };
  rec(0, 0, 0);
  return best;
}

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
    expect(r.lowerBound).toEqual({ uncoveredHours: 3, overtimeHours: 5 });
    expect(r.overtimeExact).toBe(true);
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
      { numRuns: 200 },
    );
    // Not vacuous: the instant bound raises the root's uncovered hours above the crew matching's.
    // Measured once at 1500 seeds (passed): 1099 runs (73.3 %; the rest too big for the brute
    // force), 303 stronger (20.2 % of seeds). Over 200 seeds: runs mean 146.6, sd 6.3; stronger
    // mean 40.4, sd 5.7; the floors 105 and 5 are over 6 sd below.
    expect(runs).toBeGreaterThanOrEqual(105);
    expect(stronger).toBeGreaterThanOrEqual(5);
  }, 120_000);
});

describe('two-phase search with a previous plan (fast-check)', () => {
  it('uncovered, overtime and changes match brute force; stopping at the root bound never claims too much', () => {
    let runs = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (seed) => {
        const r = createRandom(seed);
        const quals = ['a', 'b'];
        const shifts = Array.from({ length: r.int(2, 3) }, (_, i) => {
          const start = (6 + 8 * i) * H;
          return {
            id: `s${i}`,
            start,
            end: start + 8 * H,
            positions: Array.from({ length: r.int(1, 2) }, (_, k) => {
              const from = start + r.int(0, 3) * H;
              return {
                id: `p${k}`,
                qualification: quals[r.int(0, 1)]!,
                ...(r.next() < 0.5 ? {} : { from, to: from + r.int(2, 5) * H }),
              };
            }),
          };
        });
        const staff: StaffMember[] = Array.from({ length: r.int(3, 5) }, (_, i) => ({
          id: `w${i}`,
          qualifications: quals.filter(() => r.next() < 0.7),
          regularShifts: shifts.filter(() => r.next() < 0.45).map((s) => s.id),
        }));
        const p: ShiftProblem = {
          shifts,
          staff,
          minCallInHours: r.int(0, 4),
          maxDailyHours: r.int(8, 10),
          maxPieces: r.int(1, 3),
        };
        if (shifts.reduce((s, x) => s + x.positions.length, 0) > 4) return;
        // The standing plan without absences is the previous one; then one or two are absent.
        const previous = planShifts(p).assignments;
        const absences = staff.filter(() => r.next() < 0.35).map((w) => ({ worker: w.id }));
        const res = planShifts(p, { absences, previous });
        expect(validateShiftPlan(p, res, absences)).toEqual([]);
        expect(res.exact).toBe(true);
        const [bu, bo, bc] = bruteForceWithChanges(p, absences, previous);
        const [u, o] = lex(res);
        expect(u).toBeCloseTo(bu / H, 6);
        expect(o).toBeCloseTo(bo / H, 6);
        expect(res.changes).toBe(bc);
        runs++;
      }),
      { numRuns: 100 },
    );
    // 1487 runs of 2000 seeds (74 %, passed once): over 100 seeds mean 74, sd 4.4.
    expect(runs).toBeGreaterThanOrEqual(40);
  }, 120_000);
});
