// Shift re-planning in hours: partial windows, extensions, call-ins, ArbZG §3/§5, with optima checked
// by hand in the comments, and fast-check properties against the independent validator.
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
// Late 14–22 h, night 22–06 h (22–30), next early 06–14 h (30–38).
const late = { id: 'late', start: 14 * H, end: 22 * H };
const night = { id: 'night', start: 22 * H, end: 30 * H };
const early = { id: 'early', start: 30 * H, end: 38 * H };
const solder = (id = 'solder') => ({ id, qualification: 'solder' });

function must(r: ShiftPlanResult, p: ShiftProblem, absences: { worker: string }[] = []): ShiftPlanResult {
  expect(validateShiftPlan(p, r, absences)).toEqual([]);
  return r;
}

describe('planShifts in hours', () => {
  // The night solderer is sick; the night needs the soldering station only 22–24 h (moved work).
  const lotte: StaffMember = { id: 'lotte', qualifications: ['solder'], regularShifts: ['night'] };
  const xenia: StaffMember = { id: 'xenia', qualifications: ['solder'], regularShifts: ['late'] };
  const carl: StaffMember = { id: 'carl', qualifications: ['solder'], regularShifts: [] };

  it('a partial window is cheaper than a whole shift: the late solderer stays 2 h', () => {
    const p: ShiftProblem = {
      shifts: [
        { ...late, positions: [solder()] },
        { ...night, positions: [{ ...solder(), from: 22 * H, to: 24 * H }] },
      ],
      staff: [lotte, xenia, carl],
    };
    const r = must(planShifts(p, { absences: [{ worker: 'lotte' }] }), p, [{ worker: 'lotte' }]);
    // Xenia 14–22 regular + 22–24 extension = 10 h (ArbZG §3 limit): 2 h overtime. Carl called in
    // for 2 h would be paid the 4-h minimum.
    expect(r).toMatchObject({ ok: false, reason: 'overtime-needed', overtimeHours: 2, callInTopUpHours: 0 });
    expect(r.pieces.filter((x) => x.shift === 'night')).toEqual([
      expect.objectContaining({
        worker: 'xenia',
        from: 22 * H,
        to: 24 * H,
        overtimeHours: 2,
        kind: 'extension',
      }),
    ]);
    // The whole-shift model: somebody must take all 8 night hours (Xenia cannot: rest), Carl does.
    const whole = planShifts(
      {
        ...p,
        maxPieces: 1,
        shifts: [
          { ...late, positions: [solder()] },
          { ...night, positions: [solder()] },
        ],
      },
      { absences: [{ worker: 'lotte' }] },
    );
    expect(whole).toMatchObject({ overtimeHours: 8 });
  });

  it('two extensions beat a call-in when a call-in pays a full shift', () => {
    // Four 6-h shifts; a call-in pays at least 8 h (a collective agreement paying a full shift).
    const six = (id: string, from: number) => ({ id, start: from * H, end: (from + 6) * H });
    const p: ShiftProblem = {
      shifts: [
        { ...six('b', 12), positions: [solder()] },
        { ...six('c', 18), positions: [solder()] },
        { ...six('d', 24), positions: [solder()] },
      ],
      staff: [
        { id: 'bea', qualifications: ['solder'], regularShifts: ['b'] },
        { id: 'cid', qualifications: ['solder'], regularShifts: ['c'] },
        { id: 'dan', qualifications: ['solder'], regularShifts: ['d'] },
        { id: 'eve', qualifications: ['solder'], regularShifts: [] },
      ],
      minCallInHours: 8,
    };
    const r = must(planShifts(p, { absences: [{ worker: 'cid' }] }), p, [{ worker: 'cid' }]);
    // Bea stays up to 4 h (6 + 4 = 10), Dan comes up to 4 h early: 6 h in two extensions, against
    // Eve's call-in for 6 h paid 8. Any split of the 6 h between Bea and Dan costs 6; fewest changes
    // among them is two pieces either way.
    expect(r).toMatchObject({ reason: 'overtime-needed', overtimeHours: 6, callInTopUpHours: 0 });
    const mid = r.pieces.filter((x) => x.shift === 'c');
    expect(new Set(mid.map((x) => x.worker))).toEqual(new Set(['bea', 'dan']));
    expect(mid.every((x) => x.kind === 'extension')).toBe(true);
    // With the usual 4-h minimum the single call-in (6 h) ties on hours and wins on changes (no
    // previous plan: every piece counts, Bea's and Dan's own posts plus Eve's, against four).
    const p4 = { ...p, minCallInHours: 4 };
    const usual = must(planShifts(p4, { absences: [{ worker: 'cid' }] }), p4, [{ worker: 'cid' }]);
    expect(usual).toMatchObject({ overtimeHours: 6, changes: 3 });
    expect(usual.pieces.filter((x) => x.shift === 'c').map((x) => [x.worker, x.kind])).toEqual([
      ['eve', 'call-in'],
    ]);
  });

  it('ArbZG §3: an extension stops at 10 h a day, the rest of the window is reported uncovered', () => {
    const p: ShiftProblem = {
      shifts: [
        { ...late, positions: [solder()] },
        { ...night, positions: [{ ...solder(), from: 22 * H, to: 25 * H }] },
      ],
      staff: [lotte, xenia],
    };
    const r = must(planShifts(p, { absences: [{ worker: 'lotte' }] }), p, [{ worker: 'lotte' }]);
    expect(r).toMatchObject({ ok: false, reason: 'uncoverable', uncoveredHours: 1, overtimeHours: 2 });
    if (r.ok || r.reason !== 'uncoverable') return;
    expect(r.uncovered).toEqual([expect.objectContaining({ shift: 'night', from: 24 * H, to: 25 * H })]);
    // A longer limit (a collective agreement under ArbZG §7) lets her stay 3 h.
    expect(planShifts({ ...p, maxDailyHours: 11 }, { absences: [{ worker: 'lotte' }] })).toMatchObject({
      reason: 'overtime-needed',
      overtimeHours: 3,
    });
  });

  it('ArbZG §5: no extension that leaves less than 11 h before the own next shift', () => {
    // Jana worked the early shift today (06–14, fixed) and works tomorrow's early (06–14, 30–38).
    // Staying from 22 h to 24 h would be 10 h today, but leaves 6 h rest before 06 h: not allowed.
    const p: ShiftProblem = {
      shifts: [
        { ...night, positions: [{ ...solder(), from: 22 * H, to: 24 * H }] },
        { ...early, positions: [solder()] },
      ],
      staff: [
        lotte,
        {
          id: 'jana',
          qualifications: ['solder'],
          regularShifts: ['early'],
          busy: [{ start: 6 * H, end: 14 * H }],
        },
      ],
    };
    const r = must(planShifts(p, { absences: [{ worker: 'lotte' }] }), p, [{ worker: 'lotte' }]);
    expect(r).toMatchObject({ reason: 'uncoverable', uncoveredHours: 2 });
    // Without tomorrow's shift to protect she could come back for 2 h (same working day: 8 + 2 h),
    // paid as a call-in of 4 h.
    const free = { ...p, shifts: [p.shifts[0]!] };
    expect(
      must(planShifts(free, { absences: [{ worker: 'lotte' }] }), free, [{ worker: 'lotte' }]),
    ).toMatchObject({
      overtimeHours: 4,
      workedOvertimeHours: 2,
      callInTopUpHours: 2,
    });
  });

  it('minimum call-in: 2 h of work pay 4 h, configurable down to the hours worked', () => {
    const p: ShiftProblem = {
      shifts: [{ ...night, positions: [{ ...solder(), from: 26 * H, to: 28 * H }] }],
      staff: [lotte, carl],
    };
    const r = must(planShifts(p, { absences: [{ worker: 'lotte' }] }), p, [{ worker: 'lotte' }]);
    expect(r).toMatchObject({ overtimeHours: 4, workedOvertimeHours: 2, callInTopUpHours: 2 });
    expect(r.pieces).toEqual([
      expect.objectContaining({ worker: 'carl', kind: 'call-in', overtimeHours: 2 }),
    ]);
    expect(planShifts({ ...p, minCallInHours: 0 }, { absences: [{ worker: 'lotte' }] })).toMatchObject({
      overtimeHours: 2,
    });
  });

  it('covered without overtime when a crew member can take the window', () => {
    const p: ShiftProblem = {
      shifts: [
        { ...late, positions: [solder()] },
        {
          ...night,
          positions: [
            { ...solder(), from: 22 * H, to: 25 * H },
            { id: 'test', qualification: 'test' },
          ],
        },
      ],
      staff: [
        lotte,
        xenia,
        carl,
        { id: 'malte', qualifications: ['test', 'solder'], regularShifts: ['night'] },
        { id: 'nadine', qualifications: ['test'], regularShifts: ['night'] },
      ],
    };
    const previous = [
      { shift: 'late', position: 'solder', worker: 'xenia' },
      { shift: 'night', position: 'solder', worker: 'lotte' },
      { shift: 'night', position: 'test', worker: 'malte' },
    ];
    const r = must(planShifts(p, { absences: [{ worker: 'lotte' }], previous }), p, [{ worker: 'lotte' }]);
    expect(r).toMatchObject({ ok: true, overtimeHours: 0, changes: 2 });
    expect(r.assignments).toEqual([
      { shift: 'late', position: 'solder', worker: 'xenia' },
      { shift: 'night', position: 'solder', worker: 'malte' },
      { shift: 'night', position: 'test', worker: 'nadine' },
    ]);
  });

  it('a rostered worker still resting after yesterday is no crew: the bound sees the open post, the search ends exact', () => {
    // CI counterexample of session 4 (fast-check seed 56465446). The first shift needs two 'a'
    // workers 0–8 h; three are rostered, but w2 and w3 worked until 03 h and 02 h yesterday, so the
    // 11 h rest keeps them out until 08 h and 09 h. Only w1 can come: 8 h stay open, whatever the
    // plan. The crew-matching bound used to count w2 and w3 as crew (bound: 0 h open), so the search
    // ran into its node guard with a plan it could not prove.
    const s = (i: number, positions: ShiftProblem['shifts'][number]['positions']) => ({
      id: `s${i}`,
      start: i * 8 * H,
      end: (i + 1) * 8 * H,
      positions,
    });
    const p: ShiftProblem = {
      shifts: [
        s(0, [
          { id: 'p0', qualification: 'a' },
          { id: 'p1', qualification: 'a' },
        ]),
        s(1, [
          { id: 'p0', qualification: 'a', from: 11 * H, to: 15 * H },
          { id: 'p1', qualification: 'b' },
        ]),
        s(2, [
          { id: 'p0', qualification: 'b' },
          { id: 'p1', qualification: 'b' },
        ]),
      ],
      staff: [
        { id: 'w0', qualifications: ['b'], regularShifts: [] },
        { id: 'w1', qualifications: ['a', 'b'], regularShifts: ['s0'] },
        {
          id: 'w2',
          qualifications: ['a', 'b'],
          regularShifts: ['s0'],
          busy: [{ start: -8 * H, end: -3 * H }],
        },
        {
          id: 'w3',
          qualifications: ['a', 'b'],
          regularShifts: ['s0'],
          busy: [{ start: -8 * H, end: -2 * H }],
        },
        { id: 'w4', qualifications: ['b'], regularShifts: ['s0'], busy: [{ start: -8 * H, end: 0 }] },
      ],
      minCallInHours: 1,
    };
    const r = must(planShifts(p), p);
    expect(r).toMatchObject({
      ok: false,
      reason: 'uncoverable',
      uncoveredHours: 8,
      overtimeHours: 28,
      exact: true,
    });
    expect(r.lowerBound).toEqual({ uncoveredHours: 8, overtimeHours: 28 });
  });

  it('rejects a window outside its shift with a coded error', () => {
    const p: ShiftProblem = {
      shifts: [{ ...night, positions: [{ ...solder(), from: 20 * H, to: 24 * H }] }],
      staff: [lotte],
    };
    let code: unknown;
    try {
      planShifts(p);
    } catch (e) {
      code = (e as { code?: unknown }).code;
    }
    expect(code).toBe('planning.position-window-invalid');
  });
});

/** Lexicographic (uncovered, overtime) of a result. */
function lex(r: ShiftPlanResult): [number, number] {
  return [r.ok || r.reason !== 'uncoverable' ? 0 : r.uncoveredHours, r.overtimeHours];
}

describe('planShifts properties (fast-check)', () => {
  it('valid plans (qualification, one post at a time, 10 h a day, 11 h rest, overtime = hours off roster), never worse than whole shifts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (seed) => {
        const r = createRandom(seed);
        const quals = ['a', 'b'];
        const nShifts = r.int(2, 3);
        const shifts = Array.from({ length: nShifts }, (_, i) => {
          const start = i * 8 * H;
          return {
            id: `s${i}`,
            start,
            end: start + 8 * H,
            positions: Array.from({ length: r.int(1, 2) }, (_, k) => {
              const partial = r.next() < 0.5;
              const from = start + r.int(0, 4) * H;
              return {
                id: `p${k}`,
                qualification: quals[r.int(0, 1)]!,
                ...(partial ? { from, to: from + r.int(1, 4) * H } : {}),
              };
            }),
          };
        });
        const staff: StaffMember[] = Array.from({ length: r.int(2, 5) }, (_, i) => ({
          id: `w${i}`,
          qualifications: quals.filter(() => r.next() < 0.7),
          regularShifts: shifts.filter(() => r.next() < 0.4).map((s) => s.id),
          // Yesterday's work, ending 0–3 h before the first shift.
          ...(r.next() < 0.3 ? { busy: [{ start: -8 * H, end: -r.int(0, 3) * H }] } : {}),
        }));
        const absences = r.next() < 0.5 ? [{ worker: staff[0]!.id }] : [];
        const p: ShiftProblem = { shifts, staff, minCallInHours: r.int(0, 4) };
        // No claim of exactness here: these instances (up to 3 shifts, 5 staff, rest after yesterday)
        // have a heavy tail of search sizes — one in 30,000 needed more than the default 2 M nodes
        // (ci-hardening.md, session 5) — and a property must not assert what is only usually true.
        // Exactness is the brute-force properties' claim (their instances finish within 1,000
        // nodes). A 300 k guard keeps one run to seconds on a slow machine.
        const res = planShifts(p, { absences, maxNodes: 300_000 });
        expect(validateShiftPlan(p, res, absences)).toEqual([]);
        // The root bound is never above the plan (lexicographically).
        const [u, o] = lex(res);
        expect(res.lowerBound.uncoveredHours <= u + 1e-9).toBe(true);
        if (Math.abs(res.lowerBound.uncoveredHours - u) < 1e-9)
          expect(res.lowerBound.overtimeHours <= o + 1e-9).toBe(true);
        // Worked overtime is exactly the pieces' hours outside their holders' rosters.
        const outside = res.pieces.reduce((s, x) => {
          const w = staff.find((m) => m.id === x.worker)!;
          const own = w.regularShifts.includes(x.shift) && !absences.some((a) => a.worker === w.id);
          return s + (own ? 0 : (x.to - x.from) / H);
        }, 0);
        expect(res.workedOvertimeHours).toBeCloseTo(outside, 6);
        // A proven plan is never worse than the whole-shift model's plan on the same instance
        // (lexicographically): every whole-shift plan is one of its options, at no less cost.
        if (!res.exact) return;
        const wholeProblem: ShiftProblem = {
          ...p,
          maxPieces: 1,
          shifts: shifts.map((s) => ({
            ...s,
            positions: s.positions.map((q) => ({ id: q.id, qualification: q.qualification })),
          })),
        };
        const whole = planShifts(wholeProblem, { absences, maxNodes: 300_000 });
        expect(validateShiftPlan(wholeProblem, whole, absences)).toEqual([]);
        const [uw, ow] = lex(whole);
        expect(u <= uw + 1e-9).toBe(true);
        if (Math.abs(u - uw) < 1e-9) expect(o <= ow + 1e-9).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('planShifts is exact over its pieces (fast-check against brute force)', () => {
  it('the branch and bound (with its call-in top-up bound) finds the lexicographic optimum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (seed) => {
        const r = createRandom(seed);
        const shifts = [0, 1].map((i) => {
          const start = (14 + 8 * i) * H;
          const from = start + r.int(0, 3) * H;
          return {
            id: `s${i}`,
            start,
            end: start + 8 * H,
            positions: [
              r.next() < 0.5
                ? { id: 'p', qualification: 'q' }
                : { id: 'p', qualification: 'q', from, to: from + r.int(1, 5) * H },
            ],
          };
        });
        const staff: StaffMember[] = Array.from({ length: r.int(2, 3) }, (_, i) => ({
          id: `w${i}`,
          qualifications: ['q'],
          regularShifts: shifts.filter(() => r.next() < 0.4).map((s) => s.id),
          ...(r.next() < 0.3 ? { busy: [{ start: 4 * H, end: (10 + r.int(0, 3)) * H }] } : {}),
        }));
        const p: ShiftProblem = { shifts, staff, minCallInHours: r.int(0, 6), maxDailyHours: r.int(9, 11) };
        const res = planShifts(p);
        // Brute force: every combination of every position's options, costed by the same day rules.
        const best = bruteForceShiftOptimum(p);
        const [u, o] = lex(res);
        expect(res.exact).toBe(true);
        expect(u).toBeCloseTo(best[0] / H, 6);
        expect(o).toBeCloseTo(best[1] / H, 6);
      }),
      { numRuns: 150 },
    );
  });
});

describe('planShifts is exact with several positions per shift (fast-check against brute force)', () => {
  it('matches the brute-force optimum when one worker can hold pieces at two stations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (seed) => {
        const r = createRandom(seed);
        const window = (start: number): { from: number; to: number } => {
          const from = start + r.int(0, 5) * H;
          return { from, to: Math.min(start + 8 * H, from + r.int(1, 3) * H) };
        };
        const shifts = [0, 1].map((i) => {
          const start = (14 + 8 * i) * H;
          return {
            id: `s${i}`,
            start,
            end: start + 8 * H,
            positions: Array.from({ length: i === 0 ? 2 : 1 }, (_, k) => ({
              id: `p${k}`,
              qualification: 'q',
              ...window(start),
            })),
          };
        });
        const staff: StaffMember[] = Array.from({ length: r.int(2, 3) }, (_, i) => ({
          id: `w${i}`,
          qualifications: ['q'],
          regularShifts: shifts.filter(() => r.next() < 0.35).map((s) => s.id),
          ...(r.next() < 0.3 ? { busy: [{ start: 4 * H, end: (8 + r.int(0, 5)) * H }] } : {}),
        }));
        const p: ShiftProblem = { shifts, staff, minCallInHours: r.int(0, 5), maxDailyHours: r.int(9, 10) };
        const res = planShifts(p);
        const best = bruteForceShiftOptimum(p);
        const [u, o] = lex(res);
        expect(res.exact).toBe(true);
        expect(u).toBeCloseTo(best[0] / H, 6);
        expect(o).toBeCloseTo(best[1] / H, 6);
      }),
      { numRuns: 300 },
    );
  });
});
