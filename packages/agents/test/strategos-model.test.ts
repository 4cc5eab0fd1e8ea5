import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePlantYaml } from '@aethercore/core';
import { createTwin } from '@aethercore/twin';
import { validateSchedule, dispatch } from '@aethercore/planning';
import { buildPlanModel, LineKnowledge, type LineState, type PlanOrder } from '../src/index.ts';
import { completeKitReleases } from '../src/strategos/material-release.ts';
import { isoWeekday, workingIntervals } from '../src/strategos/calendar.ts';

const plant = parsePlantYaml(
  readFileSync(new URL('../../../plants/werkhalle4.yaml', import.meta.url), 'utf8'),
);
const T = (iso: string): number => Date.parse(iso);
const order = (id: string, variant: string, toRelease: number, wip = 0): PlanOrder => ({
  id,
  product: 'EMA-200',
  variant,
  quantity: toRelease + wip,
  toRelease,
  wip,
  dueAt: T('2026-03-10T18:00:00Z'),
  priority: 0,
  fileIndex: 0,
});

describe('Strategos plan model', () => {
  it('reads ISO weekdays and merges the three shifts into one working run from Monday 06:00 to Saturday 06:00', () => {
    expect(isoWeekday(T('2026-03-10T12:00:00Z'))).toBe(2); // a Tuesday
    expect(isoWeekday(T('2026-03-15T12:00:00Z'))).toBe(7);
    const w = workingIntervals(plant, T('2026-03-09T00:00:00Z'), T('2026-03-16T12:00:00Z'));
    expect(w).toEqual([
      { start: T('2026-03-09T06:00:00Z'), end: T('2026-03-14T06:00:00Z') },
      { start: T('2026-03-16T06:00:00Z'), end: T('2026-03-16T12:00:00Z') },
    ]);
  });

  it('releases an order when its whole kit is there: 160 B parts with 100 PCBs wait for the delayed 200', () => {
    const base: LineState = {
      nowMs: T('2026-03-10T09:30:00Z'),
      orders: [],
      stock: { ...Object.fromEntries(plant.materials.map((m) => [m.id, 10_000])), 'M-PCB': 100 },
      delays: [],
      down: [],
    };
    const seq = [order('A1', 'A', 50), order('B1', 'B', 160), order('B2', 'B', 100)];
    const delayed = {
      ...base,
      delays: [
        {
          supplier: 'SUP-WEBER',
          material: 'M-PCB',
          quantity: 200,
          plannedAt: T('2026-03-10T09:30:00Z'),
          expectedAt: T('2026-03-10T12:30:00Z'),
        },
      ],
    };
    const r = completeKitReleases(plant, delayed, seq, T('2026-03-12T00:00:00Z'));
    expect(r.get('A1')).toBe(base.nowMs); // no PCB in variant A
    expect(r.get('B1')).toBe(T('2026-03-10T12:30:00Z'));
    // 100 + 200 = 300 ≥ 260 cumulative: the second B order needs no further delivery.
    expect(r.get('B2')).toBe(T('2026-03-10T12:30:00Z'));
    // Without the announced delay the 09:30 slot has passed and nothing is pending: the next is 21:30.
    expect(completeKitReleases(plant, base, seq, T('2026-03-12T00:00:00Z')).get('B1')).toBe(
      T('2026-03-10T21:30:00Z'),
    );
  });

  it('builds a problem the dispatcher places and the validator accepts, with lots skipping the feeding step for parts in the line', () => {
    const twin = createTwin({ plant, scenario: 'werkhalle4-day', seed: 7 });
    const k = new LineKnowledge(plant);
    for (const e of twin.run(twin.now() + 2.5 * 3_600_000)) k.observe(e);
    const state = k.state(plant, twin.snapshot());
    const m = buildPlanModel(plant, state, { lotSize: 10, horizonMs: 6 * 3_600_000 });
    expect(m.problem.jobs.length).toBeGreaterThan(1);
    const wip = [...m.ops.values()].filter((o) => o.wip);
    expect(wip.length).toBeGreaterThan(0);
    expect(wip.some((o) => o.station === 'ST01')).toBe(false);
    const d = dispatch(m.problem, { rule: 'EDD' });
    expect(d.ok).toBe(true);
    if (d.ok) expect(validateSchedule(m.problem, d.schedule).ok).toBe(true);
  });

  it('never throws on hostile event data (the log is input)', () => {
    const twin = createTwin({ plant, scenario: 'baseline', seed: 1 });
    twin.run(twin.now() + 600_000);
    const snap = twin.snapshot();
    const types = [
      'OrderPriorityChanged',
      'OrderReceived',
      'SupplierDeliveryDelayed',
      'StationFailed',
      'StationRepaired',
      'OrderCancelled',
      'x',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...types),
        fc.integer(),
        fc.dictionary(
          fc.constantFrom(
            'order',
            'priority',
            'product',
            'rush',
            'supplier',
            'material',
            'quantity',
            'plannedAt',
            'expectedAt',
            'station',
            'expectedRepairMin',
          ),
          fc.anything(),
        ),
        (type, time, data) => {
          const k = new LineKnowledge(plant);
          k.observe({ type, time, data });
          const s = k.state(plant, snap);
          expect(Array.isArray(s.orders)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
