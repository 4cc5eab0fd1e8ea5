// Strategos' shift plan on the Werkhalle 4 roster (41 workers, three shifts, one floater in early and
// late, none at night) with a synthetic plan that keeps every manned station busy around the clock.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlantYaml } from '@aethercore/core';
import { planShiftCoverage, shiftInstances, type PlanView } from '../src/index.ts';
import { rosterFinding, rosterProposal } from '../src/strategos/shift-texts.ts';

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

  it('the night soldering operator off sick, work all night: least overtime 8 h, the late floater comes for the night', () => {
    // Every hour 22–06 is outside the roster of whoever solders (nobody in the night crew can), and
    // the late solderer can stay only 2 h (10 h a day): 8 h is the least, one person is fewest changes.
    const c = planShiftCoverage(plant, plan, [sick('W038')], now, 'absence');
    expect(c.outcome).toBe('overtime');
    expect(c.overtimeHours).toBe(8);
    expect(c.callInTopUpHours).toBe(0);
    expect(c.changes).toEqual([
      expect.objectContaining({
        shift: 'night@2026-03-10',
        from: 'W038',
        to: 'W028',
        overtime: true,
        fromMin: 0,
        toMin: 480,
        kind: 'call-in',
      }),
    ]);
    expect(c.shifts.find((s) => s.shift === 'night')?.overtime).toBe(1);
    expect(c.valid).toBe(true);
  });

  it('moved work needs the night solderer only 22:00–01:00: 3 h worked, paid as a 4-h call-in', () => {
    // Xenia (W024, late solderer) could stay 2 h at most (ArbZG §3), so 00:00–01:00 would be a
    // second call-in (2 h + 4 h); one call-in 22:00–01:00 (3 h, paid the 4-h minimum) is least.
    const c = planShiftCoverage(plant, busyPlan(now, at(25)), [sick('W038')], now, 'absence');
    expect(c).toMatchObject({
      outcome: 'overtime',
      overtimeHours: 4,
      workedOvertimeHours: 3,
      callInTopUpHours: 1,
    });
    expect(c.changes).toEqual([
      expect.objectContaining({ station: 'ST09', from: 'W038', fromMin: 0, toMin: 180, kind: 'call-in' }),
    ]);
    expect(c.shifts.find((s) => s.shift === 'night')?.neededHours).toBe(3 * manned);
    expect(c.valid).toBe(true);
    expect(c.exact).toBe(true);
  });

  it('the finding and the roster proposal say who works which hours and how, in German and English', () => {
    const c = planShiftCoverage(plant, busyPlan(now, at(25)), [sick('W038')], now, 'absence');
    const f = rosterFinding(c, plant, 'P-1-roster');
    const who = c.changes[0]!.to;
    const name = plant.workers.find((w) => w.id === who)!.name;
    expect(f.title.en).toContain('least overtime 4 h (3 h worked + 1 h call-in minimum)');
    expect(f.title.de).toContain('geringste Mehrarbeit 4 h');
    expect(f.detail?.en).toContain(
      `22:00–01:00 ${name} (${who}) → ST09 soldering (Nachtschicht; called in, 3 h overtime)`,
    );
    expect(f.detail?.de).toContain(
      `22:00–01:00 ${name} (${who}) → ST09 soldering (Nachtschicht; kommt extra, 3 h Mehrarbeit)`,
    );
    expect(f.detail?.en).toContain('ArbZG §3');
    const p = rosterProposal(c, { id: 'P-1', createdAt: 0, stateVersion: 1 });
    expect(p?.expectedKpiDeltas).toEqual({ uncoveredPositions: -1, overtimeHours: 4, rosterChanges: 1 });
    expect(p?.explanation).toContain('22:00–01:00');
  });

  it('moved work needs the night solderer only 22:00–23:30: a late solderer stays 1.5 h, no whole shift', () => {
    const c = planShiftCoverage(plant, busyPlan(now, at(23, 30)), [sick('W038')], now, 'absence');
    expect(c).toMatchObject({ outcome: 'overtime', overtimeHours: 1.5, callInTopUpHours: 0 });
    expect(c.changes).toEqual([
      expect.objectContaining({
        station: 'ST09',
        fromMin: 0,
        toMin: 90,
        kind: 'extension',
        overtimeHours: 1.5,
      }),
    ]);
    expect(['W024', 'W028']).toContain(c.changes[0]?.to);
    expect(c.valid).toBe(true);
    const f = rosterFinding(c, plant);
    expect(f.detail?.en).toContain('22:00–23:30');
    expect(f.detail?.en).toContain('extends the Spätschicht, 1.5 h overtime');
    expect(f.detail?.de).toContain('verlängert die Spätschicht, 1.5 h Mehrarbeit');
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
    // The early solderers (at work 06–14) can stay until 16:00; after that, until 01:00, nobody may
    // solder within 10 h a day and 11 h rest: 9 h stay open, the rest is covered.
    expect(c.uncoveredHours).toBe(9);
    expect(c.valid).toBe(true);
  });

  it('any set of absences: a valid assignment or an honest uncoverable, never a throw (fast-check)', () => {
    const ids = plant.workers.map((w) => w.id);
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 4 }), (absent) => {
        const c = planShiftCoverage(plant, plan, absent.map(sick), now, 'absence', { maxNodes: 5_000 });
        if (!c.valid) return false;
        if (c.outcome === 'uncoverable') return c.uncovered.length > 0 && c.uncoveredHours > 0;
        return c.overtimeHours >= 0 && (c.outcome === 'covered') === (c.overtimeHours === 0);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
