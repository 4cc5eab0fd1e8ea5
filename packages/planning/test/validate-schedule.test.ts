import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluate,
  validateSchedule,
  type Assignment,
  type Schedule,
  type SchedulingProblem,
  type ViolationKind,
} from '../src/index.ts';
import { randomFeasibleSchedule, randomProblem, type GenOptions } from './validate-arbitraries.ts';

const ALL: GenOptions = { windows: true, workers: true, setups: true, downtimes: true, releases: true };
const variants: GenOptions[] = [
  {},
  ALL,
  { windows: true },
  { workers: true },
  { setups: true, downtimes: true },
];

const kinds = (p: SchedulingProblem, s: Schedule, opts = {}): ViolationKind[] => {
  const r = validateSchedule(p, s, opts);
  return r.ok ? [] : r.violations.map((x) => x.kind);
};

const replace = (s: Schedule, op: string, f: (a: Assignment) => Assignment): Schedule => ({
  assignments: s.assignments.map((a) => (a.op === op ? f(a) : a)),
});

const arb = fc.tuple(fc.integer({ min: 0, max: 1e9 }), fc.constantFrom(...variants));

describe('validateSchedule (independent validator)', () => {
  it('accepts random feasible schedules of random problems', () => {
    fc.assert(
      fc.property(arb, ([seed, o]) => {
        const p = randomProblem(seed, o);
        const s = randomFeasibleSchedule(p, seed);
        expect(validateSchedule(p, s)).toEqual({ ok: true });
        // History unchanged is accepted as frozen.
        expect(validateSchedule(p, s, { frozenBefore: 15, previous: s })).toEqual({ ok: true });
      }),
      { numRuns: 300 },
    );
  });

  it('catches an operation shifted before its predecessor ends', () => {
    fc.assert(
      fc.property(arb, ([seed, o]) => {
        const p = randomProblem(seed, o);
        const s = randomFeasibleSchedule(p, seed);
        const op = p.operations.find((x) => x.predecessors.length > 0);
        fc.pre(op !== undefined);
        const pred = s.assignments.find((a) => a.op === op.predecessors[0])!;
        const m = replace(s, op.id, (a) => ({ ...a, start: pred.start, end: pred.start + a.end - a.start }));
        expect(kinds(p, m)).toContain('precedence');
      }),
      { numRuns: 200 },
    );
  });

  it('catches two operations overlapping on one machine', () => {
    fc.assert(
      fc.property(arb, ([seed, o]) => {
        const p = randomProblem(seed, o);
        const s = randomFeasibleSchedule(p, seed);
        const [a, b] = s.assignments.filter((x, _, all) =>
          all.some((y) => y !== x && y.machine === x.machine),
        );
        fc.pre(a !== undefined && b !== undefined && a.machine === b.machine);
        const m = replace(s, b.op, (x) => ({ ...x, start: a.start, end: a.start + x.end - x.start }));
        expect(kinds(p, m)).toContain('machine-overlap');
      }),
      { numRuns: 200 },
    );
  });

  it('catches wrong durations, ineligible machines, missing and duplicate operations', () => {
    fc.assert(
      fc.property(arb, fc.nat(), ([seed, o], pick) => {
        const p = randomProblem(seed, o);
        const s = randomFeasibleSchedule(p, seed);
        const a = s.assignments[pick % s.assignments.length]!;
        expect(
          kinds(
            p,
            replace(s, a.op, (x) => ({ ...x, end: x.end + 1 })),
          ),
        ).toContain('duration');
        expect(
          kinds(
            p,
            replace(s, a.op, (x) => ({ ...x, machine: p.machines.length })),
          ),
        ).toContain('ineligible-machine');
        expect(kinds(p, { assignments: s.assignments.filter((x) => x !== a) })).toContain('missing-op');
        expect(kinds(p, { assignments: [...s.assignments, a] })).toContain('duplicate-op');
        expect(kinds(p, { assignments: [...s.assignments, { ...a, op: 'nope' }] })).toContain('unknown-op');
      }),
      { numRuns: 200 },
    );
  });

  it('catches a start before the release date', () => {
    fc.assert(
      fc.property(arb, ([seed, o]) => {
        const p = randomProblem(seed, { ...o, releases: true });
        const s = randomFeasibleSchedule(p, seed);
        const a = s.assignments.find(
          (x) =>
            p.jobs[x.job]!.release > 0 && p.operations.find((q) => q.id === x.op)!.predecessors.length === 0,
        );
        fc.pre(a !== undefined);
        const r = p.jobs[a.job]!.release;
        expect(
          kinds(
            p,
            replace(s, a.op, (x) => ({ ...x, start: r - 1, end: r - 1 + x.end - x.start })),
          ),
        ).toContain('release');
      }),
      { numRuns: 200 },
    );
  });

  it('catches work outside every availability window and inside downtimes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (seed) => {
        const p = randomProblem(seed, { windows: true, downtimes: true });
        const s = randomFeasibleSchedule(p, seed);
        const a = s.assignments[0]!;
        const wins = p.machines[a.machine]!.windows!;
        const gapStart = wins[0]!.end; // the gap after the first window
        const d = a.end - a.start;
        expect(
          kinds(
            p,
            replace(s, a.op, (x) => ({ ...x, start: gapStart, end: gapStart + d })),
          ),
        ).toContain('window');
        const dt = p.machines[a.machine]!.downtimes![0]!;
        expect(
          kinds(
            p,
            replace(s, a.op, (x) => ({ ...x, start: dt.start, end: dt.start + d })),
          ),
        ).toContain('downtime');
      }),
      { numRuns: 200 },
    );
  });

  it('catches missing setup time between families', () => {
    const p: SchedulingProblem = {
      name: 'setup',
      jobs: [
        { id: 0, weight: 1, release: 0 },
        { id: 1, weight: 1, release: 0 },
      ],
      machines: [{ id: 0, setupTimes: { A: { B: 5 } } }],
      operations: [
        {
          id: '0.0',
          job: 0,
          index: 0,
          alternatives: [{ machine: 0, duration: 3 }],
          predecessors: [],
          setupFamily: 'A',
        },
        {
          id: '1.0',
          job: 1,
          index: 0,
          alternatives: [{ machine: 0, duration: 3 }],
          predecessors: [],
          setupFamily: 'B',
        },
      ],
    };
    const s = (t: number): Schedule => ({
      assignments: [
        { op: '0.0', job: 0, index: 0, machine: 0, start: 0, end: 3 },
        { op: '1.0', job: 1, index: 0, machine: 0, start: t, end: t + 3 },
      ],
    });
    expect(kinds(p, s(7))).toEqual(['setup']);
    expect(kinds(p, s(8))).toEqual([]);
  });

  it('catches worker double-booking and missing qualifications', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (seed) => {
        const p = randomProblem(seed, { workers: true });
        const s = randomFeasibleSchedule(p, seed);
        const staffed = s.assignments.filter((x) => x.worker !== undefined);
        fc.pre(staffed.length >= 1);
        const a = staffed[0]!;
        expect(
          kinds(
            p,
            replace(s, a.op, ({ worker: _w, ...x }) => x),
          ),
        ).toContain('qualification');
        const b = s.assignments.find((x) => x !== a && x.machine !== a.machine);
        fc.pre(b !== undefined);
        // Give b the same worker and time as a (on its own machine): same person, two places.
        const moved = replace(s, b.op, (x) => ({
          ...x,
          worker: a.worker!,
          start: a.start,
          end: a.start + x.end - x.start,
        }));
        expect(kinds(p, moved)).toContain('worker-overlap');
      }),
      { numRuns: 200 },
    );
  });

  it('catches a frozen operation that was moved, and new work placed in the frozen past', () => {
    fc.assert(
      fc.property(arb, fc.nat(), ([seed, o], pick) => {
        const p = randomProblem(seed, o);
        const s = randomFeasibleSchedule(p, seed);
        const a = s.assignments[pick % s.assignments.length]!;
        const frozenBefore = a.start + 1;
        const later = replace(s, a.op, (x) => ({ ...x, start: x.start + 1, end: x.end + 1 }));
        expect(kinds(p, later, { frozenBefore, previous: s })).toContain('frozen-moved');
        const prevWithout = { assignments: s.assignments.filter((x) => x !== a) };
        expect(kinds(p, s, { frozenBefore, previous: prevWithout })).toContain('frozen-moved');
      }),
      { numRuns: 200 },
    );
  });
});

describe('evaluate', () => {
  it('computes makespan, weighted tardiness, overtime and energy by hand', () => {
    const p: SchedulingProblem = {
      name: 'kpi',
      timeUnitS: 3600,
      jobs: [
        { id: 0, weight: 2, release: 0, due: 3 },
        { id: 1, weight: 1, release: 0, due: 10 },
      ],
      machines: [
        {
          id: 0,
          powerKW: 10,
          windows: [
            { start: 0, end: 4 },
            { start: 4, end: 8, overtime: true },
          ],
        },
        { id: 1, powerKW: 5 },
      ],
      operations: [
        { id: '0.0', job: 0, index: 0, alternatives: [{ machine: 0, duration: 2 }], predecessors: [] },
        { id: '0.1', job: 0, index: 1, alternatives: [{ machine: 1, duration: 3 }], predecessors: ['0.0'] },
        { id: '1.0', job: 1, index: 0, alternatives: [{ machine: 0, duration: 3 }], predecessors: [] },
      ],
    };
    const s: Schedule = {
      assignments: [
        { op: '0.0', job: 0, index: 0, machine: 0, start: 0, end: 2 },
        { op: '0.1', job: 0, index: 1, machine: 1, start: 2, end: 5 },
        { op: '1.0', job: 1, index: 0, machine: 0, start: 4, end: 7 },
      ],
    };
    expect(validateSchedule(p, s)).toEqual({ ok: true });
    const k = evaluate(p, s);
    expect(k.makespan).toBe(7);
    expect(k.totalWeightedTardiness).toBe(4); // job 0 ends at 5, due 3, weight 2
    expect(k.tardyJobs).toBe(1);
    expect(k.overtime).toBe(3);
    expect(k.overtimeHours).toBe(3);
    expect(k.energyKWh).toBe(2 * 10 + 3 * 5 + 3 * 10);
  });
});
