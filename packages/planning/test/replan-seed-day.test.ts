/**
 * The seed day's 09:30 supplier delay (PRODUCT.md): material for one order arrives late, the plan
 * is repaired (history untouched, validated), and the night shift is re-planned after a sick
 * call so that no overtime is needed.
 */
import { describe, expect, it } from 'vitest';
import {
  dispatch,
  planShifts,
  replan,
  validateSchedule,
  type SchedulingProblem,
  type ShiftProblem,
} from '../src/index.ts';

const H = 3600;
const day = (h: number): number => h * H;

// A small chained line: press → weld (qualified) → test, two parallel welders.
const line: SchedulingProblem = {
  name: 'werkhalle-4-mini',
  timeUnitS: 1,
  jobs: [0, 1, 2, 3].map((id) => ({
    id,
    name: `WO-${4711 + id}`,
    weight: id === 2 ? 3 : 1,
    release: day(6),
    due: day(14 + id),
  })),
  machines: [
    {
      id: 0,
      name: 'press',
      powerKW: 30,
      windows: [
        { start: day(6), end: day(22) },
        { start: day(22), end: day(30), overtime: true },
      ],
    },
    {
      id: 1,
      name: 'weld-1',
      powerKW: 12,
      windows: [
        { start: day(6), end: day(22) },
        { start: day(22), end: day(30), overtime: true },
      ],
    },
    {
      id: 2,
      name: 'weld-2',
      powerKW: 12,
      windows: [
        { start: day(6), end: day(22) },
        { start: day(22), end: day(30), overtime: true },
      ],
    },
    {
      id: 3,
      name: 'test',
      powerKW: 5,
      windows: [
        { start: day(6), end: day(22) },
        { start: day(22), end: day(30), overtime: true },
      ],
    },
  ],
  workers: [
    { id: 'anna', qualifications: ['weld'] },
    { id: 'ben', qualifications: ['weld'] },
  ],
  operations: [0, 1, 2, 3].flatMap((j) => [
    { id: `${j}.0`, job: j, index: 0, alternatives: [{ machine: 0, duration: 7200 }], predecessors: [] },
    {
      id: `${j}.1`,
      job: j,
      index: 1,
      alternatives: [
        { machine: 1, duration: 5400 },
        { machine: 2, duration: 6000 },
      ],
      predecessors: [`${j}.0`],
      qualification: 'weld',
    },
    {
      id: `${j}.2`,
      job: j,
      index: 2,
      alternatives: [{ machine: 3, duration: 1800 }],
      predecessors: [`${j}.1`],
    },
  ]),
};

describe('seed day 09:30: supplier delay, then the night shift without overtime', () => {
  it('repairs the plan around the late material and keeps history', () => {
    const first = dispatch(line, { rule: 'ATC' });
    if (!first.ok) throw new Error('no base plan');
    const late = first.schedule.assignments.find((a) => a.start >= day(9.5) && a.index === 0)!;
    const r = replan(
      first.schedule,
      { problem: line, now: day(9.5), frozenHorizon: 900 },
      { kind: 'material-late', job: late.job, release: day(12) },
      { seed: 1 },
    );
    if (!r.ok) throw new Error('re-plan failed');
    expect(
      validateSchedule(r.problem, r.schedule, { frozenBefore: day(9.5), previous: first.schedule }),
    ).toEqual({ ok: true });
    for (const a of r.schedule.assignments.filter((x) => x.job === late.job))
      expect(a.start).toBeGreaterThanOrEqual(day(12));
    for (const a of first.schedule.assignments.filter((x) => x.start < day(9.5))) {
      expect(r.schedule.assignments.find((b) => b.op === a.op)).toMatchObject({
        start: a.start,
        machine: a.machine,
      });
    }
    expect(r.after.overtime).toBe(0);
    expect(r.delta.totalWeightedTardiness).toBeGreaterThanOrEqual(0);
  });

  it('re-plans the night shift after a sick call with no overtime', () => {
    const shifts: ShiftProblem = {
      shifts: [
        {
          id: 'night',
          start: day(22),
          end: day(30),
          positions: [
            { id: 'weld-1', qualification: 'weld' },
            { id: 'test', qualification: 'test' },
          ],
        },
      ],
      staff: [
        { id: 'carla', qualifications: ['weld'], regularShifts: ['night'] },
        { id: 'dev', qualifications: ['weld', 'test'], regularShifts: ['night'] },
        { id: 'eli', qualifications: ['test'], regularShifts: ['night'] },
        { id: 'fritz', qualifications: ['weld'], regularShifts: [] },
      ],
    };
    const previous = [
      { shift: 'night', position: 'weld-1', worker: 'carla' },
      { shift: 'night', position: 'test', worker: 'dev' },
    ];
    const r = planShifts(shifts, { absences: [{ worker: 'carla' }], previous });
    expect(r).toMatchObject({ ok: true, overtimeHours: 0 });
    if (r.ok)
      expect(r.assignments).toEqual([
        { shift: 'night', position: 'test', worker: 'eli' },
        { shift: 'night', position: 'weld-1', worker: 'dev' },
      ]);
  });
});
