import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '@aethercore/core';
import {
  dispatch,
  replan,
  validateSchedule,
  type ReplanEvent,
  type Schedule,
  type SchedulingProblem,
} from '../src/index.ts';
import { randomProblem } from './validate-arbitraries.ts';

function plan(p: SchedulingProblem): Schedule {
  const r = dispatch(p, { rule: 'ATC' });
  if (!r.ok) throw new Error(`dispatch failed on ${p.name}`);
  return r.schedule;
}

function randomEvent(
  p: SchedulingProblem,
  s: Schedule,
  now: number,
  seed: number,
  kind: ReplanEvent['kind'],
): ReplanEvent | undefined {
  const r = createRandom(seed);
  const pick = <T>(xs: readonly T[]): T | undefined => xs[r.int(0, xs.length - 1)];
  switch (kind) {
    case 'machine-down': {
      const m = r.int(0, p.machines.length - 1);
      const start = now + r.int(0, 10);
      return { kind, machine: m, start, end: start + r.int(1, 20) };
    }
    case 'material-late': {
      const job = r.int(0, p.jobs.length - 1);
      return { kind, job, release: now + r.int(0, 30) };
    }
    case 'order-cancelled':
      return { kind, job: r.int(0, p.jobs.length - 1) };
    case 'rush-order': {
      const n = r.int(1, 3);
      return {
        kind,
        order: {
          weight: 5,
          due: now + r.int(5, 40),
          operations: Array.from({ length: n }, () => ({
            alternatives: [{ machine: r.int(0, p.machines.length - 1), duration: r.int(1, 6) }],
          })),
        },
      };
    }
    case 'processing-time-changed': {
      const a = pick(s.assignments.filter((x) => x.end > now));
      return a === undefined
        ? undefined
        : { kind, op: a.op, duration: Math.max(1, a.end - a.start + r.int(-2, 8)) };
    }
    case 'worker-absent': {
      const w = pick(p.workers ?? []);
      return w === undefined ? undefined : { kind, worker: w.id, start: now, end: now + r.int(5, 40) };
    }
  }
}

const KINDS: ReplanEvent['kind'][] = [
  'machine-down',
  'material-late',
  'order-cancelled',
  'rush-order',
  'processing-time-changed',
  'worker-absent',
];

describe('replan (event-driven repair)', () => {
  it('returns validated plans that never move running, done or frozen operations', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.constantFrom(...KINDS),
        fc.boolean(),
        fc.integer({ min: 0, max: 30 }),
        (seed, kind, all, horizon) => {
          const p = randomProblem(
            seed,
            all ? { windows: true, workers: true, setups: true, downtimes: true } : { workers: true },
          );
          const s = plan(p);
          const makespan = Math.max(...s.assignments.map((a) => a.end));
          const now = createRandom(seed).int(0, makespan);
          const ev = randomEvent(p, s, now, seed, kind);
          if (ev === undefined) return;
          const r = replan(s, { problem: p, now, frozenHorizon: horizon }, ev, { seed, maxCandidates: 8 });
          if (!r.ok) {
            // Infeasibility is a value, with the reason; only possible when calendars run out.
            expect(r.reason).toBe('infeasible');
            return;
          }
          expect(validateSchedule(r.problem, r.schedule, { frozenBefore: now, previous: s })).toEqual({
            ok: true,
          });
          const after = new Map(r.schedule.assignments.map((a) => [a.op, a] as const));
          for (const a of s.assignments) {
            const b = after.get(a.op);
            if (a.start < now) {
              // History: present (even if its order was cancelled) with the same start and machine.
              expect(b?.start).toBe(a.start);
              expect(b?.machine).toBe(a.machine);
            } else if (a.start < now + horizon && b !== undefined && !r.unfrozen.includes(a.op)) {
              expect(b.start).toBe(a.start);
              expect(b.machine).toBe(a.machine);
            }
          }
          for (const u of r.unfrozen) {
            const a = s.assignments.find((x) => x.op === u)!;
            expect(a.start >= now && a.start < now + horizon).toBe(true);
          }
          for (const b of r.schedule.assignments)
            if (!s.assignments.some((a) => a.op === b.op)) expect(b.start).toBeGreaterThanOrEqual(now);
        },
      ),
      { numRuns: 250 },
    );
  });

  const line: SchedulingProblem = {
    name: 'line',
    jobs: [
      { id: 0, weight: 1, release: 0, due: 20 },
      { id: 1, weight: 2, release: 0, due: 12 },
    ],
    machines: [
      { id: 0, powerKW: 10 },
      { id: 1, powerKW: 5 },
    ],
    workers: [
      { id: 'anna', qualifications: ['weld'] },
      { id: 'ben', qualifications: ['weld'] },
    ],
    operations: [
      { id: '0.0', job: 0, index: 0, alternatives: [{ machine: 0, duration: 4 }], predecessors: [] },
      {
        id: '0.1',
        job: 0,
        index: 1,
        alternatives: [
          { machine: 1, duration: 4 },
          { machine: 0, duration: 5 },
        ],
        predecessors: ['0.0'],
        qualification: 'weld',
      },
      { id: '1.0', job: 1, index: 0, alternatives: [{ machine: 0, duration: 3 }], predecessors: [] },
      {
        id: '1.1',
        job: 1,
        index: 1,
        alternatives: [{ machine: 1, duration: 3 }],
        predecessors: ['1.0'],
        qualification: 'weld',
      },
    ],
  };
  const base = plan(line);
  const at = (s: Schedule, op: string) => s.assignments.find((a) => a.op === op)!;
  const ok = (ev: ReplanEvent, now = 1) => {
    const r = replan(base, { problem: line, now }, ev, { seed: 1 });
    if (!r.ok) throw new Error(`replan failed: ${JSON.stringify(r)}`);
    expect(validateSchedule(r.problem, r.schedule, { frozenBefore: now, previous: base })).toEqual({
      ok: true,
    });
    return r;
  };

  it('machine down: nothing runs in the downtime; a running operation is resumed after it', () => {
    const running = base.assignments.find((a) => a.start < 1 && a.end > 1)!;
    const r = ok({ kind: 'machine-down', machine: running.machine, start: 1, end: 6 });
    expect(at(r.schedule, running.op).end).toBe(running.end + 5);
    for (const a of r.schedule.assignments)
      if (a.machine === running.machine && a.op !== running.op) expect(a.end <= 1 || a.start >= 6).toBe(true);
    expect(r.delta.makespan).toBeGreaterThanOrEqual(0);
  });

  it('material late: the order waits for its material', () => {
    const r = ok({ kind: 'material-late', job: 0, release: 9 }, 0);
    expect(
      Math.min(...r.schedule.assignments.filter((a) => a.job === 0).map((a) => a.start)),
    ).toBeGreaterThanOrEqual(9);
  });

  it('order cancelled: its unstarted operations leave the plan, started ones finish', () => {
    const r = ok({ kind: 'order-cancelled', job: 0 }, 1);
    const ops = r.schedule.assignments.filter((a) => a.job === 0).map((a) => a.op);
    expect(ops).toEqual(base.assignments.filter((a) => a.job === 0 && a.start < 1).map((a) => a.op));
  });

  it('rush order: inserted and on time when capacity allows', () => {
    const r = ok(
      {
        kind: 'rush-order',
        order: {
          weight: 10,
          due: 30,
          operations: [
            { alternatives: [{ machine: 1, duration: 2 }] },
            { alternatives: [{ machine: 0, duration: 2 }] },
          ],
        },
      },
      2,
    );
    expect(r.schedule.assignments.filter((a) => a.job === 2)).toHaveLength(2);
    expect(r.after.completion[2]).toBeLessThanOrEqual(30);
  });

  it('processing time changed: the new duration is planned', () => {
    const r = ok({ kind: 'processing-time-changed', op: '1.1', duration: 9 }, 0);
    const a = at(r.schedule, '1.1');
    expect(a.end - a.start).toBe(9);
  });

  it('worker absent: the absent worker is not planned during the absence', () => {
    const r = ok({ kind: 'worker-absent', worker: 'anna', start: 0, end: 100 }, 0);
    for (const a of r.schedule.assignments)
      if (a.worker === 'anna') expect(a.start < 0 || a.start >= 100).toBe(true);
    expect(r.schedule.assignments.filter((a) => a.worker === 'ben').length).toBe(2);
  });

  it('reports a plan that cannot be repaired as a value', () => {
    const r = replan(
      base,
      { problem: line, now: 0 },
      { kind: 'worker-absent', worker: 'anna', start: 0, end: 2 ** 31 - 1 },
      { seed: 1 },
    );
    expect(r.ok).toBe(true);
    const r2 = replan(
      r.ok ? r.schedule : base,
      { problem: r.ok ? r.problem : line, now: 0 },
      { kind: 'worker-absent', worker: 'ben', start: 0, end: 2 ** 31 - 1 },
      { seed: 1 },
    );
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.unplaced.length).toBeGreaterThan(0);
  });

  it('is deterministic for a seed and candidate budget', () => {
    const p = randomProblem(99, { windows: true, workers: true, setups: true });
    const s = plan(p);
    const ev: ReplanEvent = { kind: 'machine-down', machine: 0, start: 3, end: 20 };
    const a = replan(s, { problem: p, now: 3, frozenHorizon: 5 }, ev, { seed: 5, maxCandidates: 12 });
    const b = replan(s, { problem: p, now: 3, frozenHorizon: 5 }, ev, { seed: 5, maxCandidates: 12 });
    expect(a).toEqual(b);
  });
});
