// Strategos' shift plan on the Werkhalle 4 roster (41 workers, three shifts, one floater in early and
// late, none at night) with a synthetic plan that keeps every manned station busy around the clock.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlantYaml } from '@aethercore/core';
import { planShiftCoverage, shiftInstances, type PlanView } from '../src/index.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
const plant = parsePlantYaml(readFileSync(path.join(REPO, 'plants/werkhalle4.yaml'), 'utf8'));
const at = (hh: number, mm = 0): number => Date.UTC(2026, 2, 10, hh, mm); // a Tuesday
const now = at(9, 31);

/** Every manned station busy from `from` to `to` (one operation each). */
function busyPlan(from: number, to: number, stations = plant.stations.map((s) => s.id)): PlanView {
  return {
    builtAt: now,
    reason: 'replan',
    stations,
    orders: [],
    operations: stations.map((station) => ({
      order: 'O',
      lot: 0,
      quantity: 10,
      station,
      start: from,
      end: to,
      wip: false,
    })),
    kpis: { makespanAt: to, tardyOrders: 0, totalTardinessMin: 0 },
    valid: true,
    lotSize: 10,
  };
}
const sick = (worker: string) => ({ worker, fromMs: now, untilMs: now + 86_400_000 });
const manned = plant.stations.filter((s) => s.qualification !== undefined).length;

describe('shift instances', () => {
  it('lists the calendar shifts overlapping a window, the running one first', () => {
    const inst = shiftInstances(plant, now, now + 86_400_000);
    expect(inst.map((i) => i.id)).toEqual([
      'early@2026-03-10',
      'late@2026-03-10',
      'night@2026-03-10',
      'early@2026-03-11',
    ]);
    expect(inst[2]?.end).toBe(at(30, 0));
  });
});

describe('planShiftCoverage', () => {
  const plan = busyPlan(now, at(30, 0)); // work until the end of the night shift

  it('nobody absent: the standing roster covers every position without overtime or change', () => {
    const c = planShiftCoverage(plant, plan, [], now, 'shift-demand');
    expect(c.outcome).toBe('covered');
    expect(c.changes).toEqual([]);
    expect(c.shifts.slice(0, 3).map((s) => s.positions)).toEqual([manned, manned, manned]);
    expect(c.shifts[3]?.positions).toBe(0); // the plan ends before tomorrow's early shift
    expect(c.valid).toBe(true);
  });

  it('an early-shift operator off sick: the floater takes the post, no overtime', () => {
    const c = planShiftCoverage(plant, plan, [sick('W010')], now, 'absence'); // Jana, soldering, early
    expect(c.outcome).toBe('covered');
    expect(c.changes).toEqual([
      expect.objectContaining({ shift: 'early@2026-03-10', from: 'W010', to: 'W014', overtime: false }),
    ]);
    expect(c.valid).toBe(true);
  });

  it('the night soldering operator off sick: least overtime 8 h, the late floater moves to the night', () => {
    const c = planShiftCoverage(plant, plan, [sick('W038')], now, 'absence');
    expect(c.outcome).toBe('overtime');
    expect(c.overtimeHours).toBe(8);
    expect(c.changes).toEqual([
      expect.objectContaining({ shift: 'night@2026-03-10', from: 'W038', to: 'W028', overtime: true }),
    ]);
    expect(c.shifts.find((s) => s.shift === 'night')?.overtime).toBe(1);
    expect(c.valid).toBe(true);
  });

  it('when the night does not need the station, the absence costs nothing', () => {
    const noSolder = busyPlan(
      now,
      at(30, 0),
      plant.stations.filter((s) => s.qualification !== 'soldering').map((s) => s.id),
    );
    const c = planShiftCoverage(plant, noSolder, [sick('W038')], now, 'absence');
    expect(c.outcome).toBe('covered');
    expect(c.changes).toEqual([]);
  });

  it('both soldering operators of late and night off sick: rest rules leave a post empty, and it says which', () => {
    const c = planShiftCoverage(plant, plan, [sick('W038'), sick('W024'), sick('W028')], now, 'absence');
    expect(c.outcome).toBe('uncoverable');
    expect(c.uncovered.length).toBeGreaterThan(0);
    expect(c.uncovered.every((u) => u.qualification !== '')).toBe(true);
  });

  it('any set of absences: a valid assignment or an honest uncoverable, never a throw (fast-check)', () => {
    const ids = plant.workers.map((w) => w.id);
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 4 }), (absent) => {
        const c = planShiftCoverage(plant, plan, absent.map(sick), now, 'absence', { maxNodes: 20_000 });
        if (c.outcome === 'uncoverable') return c.uncovered.length > 0;
        return c.valid && c.overtimeHours >= 0 && (c.outcome === 'covered') === (c.overtimeHours === 0);
      }),
      { numRuns: 25 },
    );
  });
});
