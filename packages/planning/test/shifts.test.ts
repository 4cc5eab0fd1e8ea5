import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '@aethercore/core';
import { planShifts, type ShiftAssignment, type ShiftProblem } from '../src/index.ts';

const H = 3600;
// Werkhalle 4: late shift 14–22 h, night shift 22–06 h, next morning 06–14 h.
const day: ShiftProblem = {
  shifts: [
    {
      id: 'late',
      start: 14 * H,
      end: 22 * H,
      positions: [
        { id: 'weld-1', qualification: 'weld' },
        { id: 'test-1', qualification: 'test' },
      ],
    },
    {
      id: 'night',
      start: 22 * H,
      end: 30 * H,
      positions: [
        { id: 'weld-1', qualification: 'weld' },
        { id: 'test-1', qualification: 'test' },
      ],
    },
  ],
  staff: [
    { id: 'anna', qualifications: ['weld'], regularShifts: ['night'] },
    { id: 'ben', qualifications: ['weld', 'test'], regularShifts: ['night'] },
    { id: 'cem', qualifications: ['test'], regularShifts: ['night'] },
    { id: 'dora', qualifications: ['weld'], regularShifts: ['late'] },
    { id: 'emil', qualifications: ['test'], regularShifts: ['late'] },
    { id: 'fay', qualifications: ['weld', 'test'], regularShifts: [] },
  ],
};
const previous: ShiftAssignment[] = [
  { shift: 'late', position: 'weld-1', worker: 'dora' },
  { shift: 'late', position: 'test-1', worker: 'emil' },
  { shift: 'night', position: 'weld-1', worker: 'anna' },
  { shift: 'night', position: 'test-1', worker: 'cem' },
];

describe('planShifts', () => {
  it('covers the night shift without overtime when a rostered colleague can step in', () => {
    const r = planShifts(day, { absences: [{ worker: 'anna', shifts: ['night'] }], previous });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.overtimeHours).toBe(0);
    expect(r.assignments.find((a) => a.shift === 'night' && a.position === 'weld-1')?.worker).toBe('ben');
    // Untouched positions keep their people.
    expect(r.changes).toBe(1);
    expect(r.exact).toBe(true);
  });

  it('says when overtime is unavoidable and proposes the least-overtime plan, respecting rest times', () => {
    const r = planShifts(day, { absences: [{ worker: 'anna' }, { worker: 'ben' }], previous });
    expect(r.ok).toBe(false);
    if (r.ok || r.reason !== 'overtime-needed') throw new Error(`unexpected ${JSON.stringify(r)}`);
    expect(r.overtimeHours).toBe(8);
    const nightWelder = r.assignments.find((a) => a.shift === 'night' && a.position === 'weld-1')?.worker;
    // dora works the late shift until 22 h: the 11 h rest rule forbids her on nights, so fay comes in.
    expect(nightWelder).toBe('fay');
  });

  it('reports positions nobody can cover', () => {
    const r = planShifts(day, {
      absences: [{ worker: 'anna' }, { worker: 'ben' }, { worker: 'dora' }, { worker: 'fay' }],
    });
    expect(r).toMatchObject({ ok: false, reason: 'uncoverable' });
  });

  it('is exact: matches brute force on small random instances', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (seed) => {
        const r = createRandom(seed);
        const quals = ['a', 'b'];
        const nShifts = r.int(1, 3);
        const shifts = Array.from({ length: nShifts }, (_, i) => ({
          id: `s${i}`,
          start: i * 8 * H,
          end: (i + 1) * 8 * H,
          positions: Array.from({ length: r.int(1, 2) }, (_, k) => ({
            id: `p${k}`,
            qualification: quals[r.int(0, 1)]!,
          })),
        }));
        const staff = Array.from({ length: r.int(2, 4) }, (_, i) => ({
          id: `w${i}`,
          qualifications: quals.filter(() => r.next() < 0.7),
          regularShifts: shifts.filter(() => r.next() < 0.5).map((s) => s.id),
        }));
        // The whole-shift model (one piece per position), whose optimum the brute force below enumerates.
        const p: ShiftProblem = { shifts, staff, minRest: 8 * H, maxPieces: 1 };
        const res = planShifts(p);
        // Brute force over all assignments.
        const slots = shifts.flatMap((s, si) => s.positions.map((q) => ({ si, s, q })));
        let bestOt = Infinity;
        const pick: number[] = [];
        const rec = (i: number): void => {
          if (i === slots.length) {
            const ok = staff.every((_, w) => {
              const mine = pick
                .map((x, k) => (x === w ? slots[k]!.si : -1))
                .filter((x) => x >= 0)
                .sort((a, b) => a - b);
              return mine.every((x, k) => k === 0 || x - mine[k - 1]! >= 2);
            });
            if (!ok) return;
            const ot = pick.reduce(
              (sum, w, k) => sum + (staff[w]!.regularShifts.includes(slots[k]!.s.id) ? 0 : 8),
              0,
            );
            bestOt = Math.min(bestOt, ot);
            return;
          }
          staff.forEach((w, wi) => {
            if (!w.qualifications.includes(slots[i]!.q.qualification)) return;
            pick.push(wi);
            rec(i + 1);
            pick.pop();
          });
        };
        rec(0);
        if (bestOt === Infinity) expect(res.ok).toBe(false);
        else if (bestOt === 0) expect(res).toMatchObject({ ok: true, overtimeHours: 0 });
        else expect(res).toMatchObject({ ok: false, reason: 'overtime-needed', overtimeHours: bestOt });
      }),
      { numRuns: 300 },
    );
  });
});
