import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlantYaml, type NewEvent } from '@aethercore/core';
import { computeKpis, createTwin, type Twin } from '@aethercore/twin';
import { validateSchedule } from '@aethercore/planning';
import { hashRef } from '@aethercore/governance';
import { Strategos, type StrategosResult } from '../src/index.ts';

const plant = parsePlantYaml(
  readFileSync(new URL('../../../plants/werkhalle4.yaml', import.meta.url), 'utf8'),
);
const H = 3_600_000;
const ctx = (id: string) => ({ proposal: { id, createdAt: 1_000, stateVersion: 3 } });

/** Runs the twin in 15-minute steps to `untilH` after the start, letting Strategos react to every trigger. */
function day(scenario: string, untilH: number): { twin: Twin; results: StrategosResult[]; agent: Strategos } {
  const twin = createTwin({ plant, scenario, seed: 42 });
  const agent = new Strategos({ plant, maxCandidates: 4 });
  const start = twin.now();
  const results: StrategosResult[] = [];
  agent.observe(twin.run(start + 60_000));
  agent.refresh(twin, 'initial');
  for (let t = start + 15 * 60_000; t <= start + untilH * H; t += 15 * 60_000) {
    const triggers = agent.observe(twin.run(t));
    if (triggers.length > 0) results.push(agent.react(twin, triggers, ctx(`P-${results.length}`)));
  }
  return { twin, results, agent };
}

describe('Strategos on the Werkhalle 4 day', () => {
  const { results, agent } = day('werkhalle4-day', 3.5);

  it('re-plans after the 09:30 PCB delay: a valid plan that releases O-1003 before O-1002', () => {
    expect(results).toHaveLength(1);
    const r = results[0]!;
    expect(r.report?.triggers.map((t) => t.type)).toEqual(['SupplierDeliveryDelayed']);
    expect(r.report?.events).toEqual(['material-late']);
    // The independent validator: precedence, machines, windows, releases, and the frozen start kept.
    const v = validateSchedule(r.planned.problem, r.planned.schedule, {
      frozenBefore: 0,
      ...(r.planned.previous === undefined ? {} : { previous: r.planned.previous }),
    });
    expect(v.ok ? [] : v.violations).toEqual([]);
    expect(r.plan.valid).toBe(true);
    const seq = r.report?.sequence;
    expect(seq?.planned.indexOf('O-1003')).toBeLessThan(seq?.planned.indexOf('O-1002') ?? -1);
    expect(seq?.line.indexOf('O-1002')).toBeLessThan(seq?.line.indexOf('O-1003') ?? -1);
    // The plan's material release: O-1002 waits for the late delivery (12:30), complete kit.
    const b = r.plan.orders.find((o) => o.id === 'O-1002');
    expect(b?.release).toBe(Date.parse('2026-03-10T12:30:00Z'));
    expect(r.plan.operations.every((o) => o.start < o.end && r.plan.stations.includes(o.station))).toBe(true);
    expect(agent.plan).toBe(r.plan);
  });

  it('proposes order priorities whose claimed deltas are exactly a re-simulation', () => {
    const r = results[0]!;
    expect(r.report?.outcome).toBe('proposed');
    const p = r.proposal!;
    // Dexter's action table: one order's priority per proposal.
    expect(p).toMatchObject({
      proposer: 'strategos',
      tool: 'set-order-priority',
      effect: 'actuate',
      actionClass: 'schedule-change',
    });
    expect(p.change).toEqual({ kind: 'order-priority', params: { order: 'O-1003', priority: 1 } });
    expect(p.evidence?.changeHash).toBe(hashRef(p.change));
    const priorities = [p.change.params as { order: string; priority: number }];
    // Re-simulate independently from the same state: the twin at the re-plan instant, forked again.
    const at = r.report!.time;
    const again = createTwin({ plant, scenario: 'werkhalle4-day', seed: 42 });
    again.run(at);
    const to = at + 8 * H;
    const base = again.fork();
    const changed = again.fork();
    for (const x of priorities)
      expect(changed.apply({ type: 'SetOrderPriority', order: x.order, priority: x.priority })).toBe(true);
    base.run(to);
    changed.run(to);
    const kb = computeKpis(base.events(), plant, { fromMs: at, toMs: to }).line;
    const kc = computeKpis(changed.events(), plant, { fromMs: at, toMs: to }).line;
    expect(p.evidence?.kpis['goodParts']).toEqual({ baseline: kb.goodParts, withChange: kc.goodParts });
    expect(p.evidence?.kpis['ordersLate']).toEqual({ baseline: kb.ordersLate, withChange: kc.ordersLate });
    expect(p.expectedKpiDeltas?.['goodParts']).toBe(kc.goodParts - kb.goodParts);
    expect(kc.goodParts).toBeGreaterThan(kb.goodParts);
    for (const [k, d] of Object.entries(p.expectedKpiDeltas ?? {})) {
      const e = p.evidence!.kpis[k]!;
      expect(d).toBeCloseTo(e.withChange - e.baseline, 6);
    }
    // The finding is bilingual, names the swap and points at the proposal.
    const f = r.findings[0]!;
    expect(f).toMatchObject({ agent: 'strategos', kind: 'replan', severity: 'warning', proposalId: p.id });
    expect(f.title.en).toContain('O-1003 before O-1002');
    expect(f.title.de).toContain('O-1003 vor O-1002');
  });
});

describe('Strategos without a disruption', () => {
  it('proposes nothing on the baseline morning (no trigger) and keeps a valid plan', () => {
    const { results, agent } = day('baseline', 6);
    expect(results).toEqual([]);
    expect(agent.plan?.valid).toBe(true);
    expect(agent.plan?.reason).toBe('initial');
  });

  it('reports a re-plan that the twin shows no gain for, and proposes nothing', () => {
    // A breakdown of the last station: the plan is repaired, the sequence the plan suggests gains nothing.
    const twin = createTwin({ plant, scenario: 'baseline', seed: 42 });
    const agent = new Strategos({ plant, maxCandidates: 4 });
    agent.observe(twin.run(twin.now() + 2 * H));
    const failed: NewEvent = {
      type: 'StationFailed',
      stream: 'station/ST20',
      time: twin.now(),
      data: { station: 'ST20', cause: 'breakdown', expectedRepairMin: 20 },
    };
    const triggers = agent.observe([failed]);
    const r = agent.react(twin, triggers, ctx('P-x'));
    expect(r.report?.events).toEqual(['machine-down']);
    expect(['no-change', 'no-improvement']).toContain(r.report?.outcome);
    expect(r.proposal).toBeUndefined();
    expect(r.findings[0]?.severity).toBe('info');
    expect(r.findings[0]?.title.de.length).toBeGreaterThan(10);
  });

  it('skips malformed trigger data instead of throwing', () => {
    const twin = createTwin({ plant, scenario: 'baseline', seed: 1 });
    const agent = new Strategos({ plant, maxCandidates: 2 });
    agent.observe(twin.run(twin.now() + H));
    const junk: NewEvent[] = [
      {
        type: 'SupplierDeliveryDelayed',
        stream: 's',
        time: twin.now(),
        data: { supplier: { toString: {} }, plannedAt: 'not a date' },
      },
      { type: 'OrderCancelled', stream: 's', time: twin.now(), data: { order: 'NO-SUCH' } },
      { type: 'StationFailed', stream: 's', time: twin.now(), data: { station: 42 } },
    ];
    const r = agent.react(twin, agent.observe(junk));
    expect(r.report?.outcome).toBe('no-effect');
    expect(r.proposal).toBeUndefined();
  });
});
