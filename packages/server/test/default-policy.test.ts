import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActionLedger, evaluatePolicy, parsePolicyText } from '@aethercore/governance';
import { ACTUATION_ACTIONS } from '../src/live/actuation-actions.ts';
import { twinActuationSurface } from '../src/live/actuation-surface.ts';
import { readPlant } from '../src/live/read-plant.ts';

/** The shipped policy (`policies/default.yaml`) parses and grades the five action classes as documented. */
const REPO = path.resolve(import.meta.dirname, '../../..');
const policy = parsePolicyText(readFileSync(path.join(REPO, 'policies/default.yaml'), 'utf8'));
/** Tuesday 2026-11-24 10:00 plant time (UTC+1). */
const TUESDAY_10 = Date.UTC(2026, 10, 24, 9, 0);
const grade = (req: Parameters<typeof evaluatePolicy>[1]) =>
  evaluatePolicy(policy, req, { ledger: new ActionLedger(), currentValue: () => 1.0 }).grade;

describe('policies/default.yaml', () => {
  it('has the seven actuation classes and a forbidden one', () => {
    expect(Object.keys(policy.actionClasses).sort()).toEqual([
      'batch-hold',
      'firmware-update',
      'maintenance-work-order',
      'order-cancellation',
      'purchase-order',
      'schedule-change',
      'setpoint-change',
      'thermal-correction',
    ]);
  });

  it("names the twin's real writable setpoints, and Dexter's action table uses the policy's tools and classes", () => {
    const plant = readPlant(path.join(REPO, 'plants/werkhalle4.yaml'));
    const { surface } = twinActuationSurface({
      plant,
      twin: () => {
        throw new Error('not read');
      },
      now: () => 0,
    });
    const writable = new Map(
      surface.variables.filter((v) => v.variable.writable).map((v) => [v.variable.seriesId, v.variable]),
    );
    const limits = policy.actionClasses['setpoint-change']?.limits?.setpoints ?? [];
    expect(limits.length).toBe(plant.stations.length);
    for (const l of limits) {
      const v = writable.get(l.target);
      expect(v, l.target).toBeDefined();
      // The policy's range never exceeds what the plant itself accepts (EURange).
      expect(l.min).toBeGreaterThanOrEqual(v?.euRange?.low ?? Number.NaN);
      expect(l.max).toBeLessThanOrEqual(v?.euRange?.high ?? Number.NaN);
    }
    for (const a of Object.values(ACTUATION_ACTIONS)) {
      expect(policy.tools[a.tool], a.tool).toEqual({ effect: 'actuate', actionClass: a.actionClass });
      expect(policy.actionClasses[a.actionClass], a.actionClass).toBeDefined();
    }
  });

  it('grades within limits, approvals, two-person, and hard limits as forbidden', () => {
    const sp = (value: number) =>
      grade({
        tool: 'write-setpoint',
        effect: 'actuate',
        actionClass: 'setpoint-change',
        equipment: 'ST05',
        setpoint: { target: 'ST05/speedFactor', value },
        uncertainty: 0.1,
        time: TUESDAY_10,
      });
    expect(sp(1.1)).toBe('act-within-limits');
    expect(sp(0.7)).toBe('forbidden'); // step 0.3 > maxStep 0.2 (current 1.0)
    expect(sp(1.3)).toBe('forbidden'); // above max 1.2
    expect(sp(Number.NaN)).toBe('forbidden');
    const po = (amount: number) =>
      grade({
        tool: 'place-purchase-order',
        effect: 'actuate',
        actionClass: 'purchase-order',
        money: { amount, currency: 'EUR' },
        time: TUESDAY_10,
      });
    expect(po(1200)).toBe('needs-approval');
    expect(po(6000)).toBe('forbidden');
    expect(
      grade({ tool: 'hold-batch', effect: 'actuate', actionClass: 'batch-hold', time: TUESDAY_10 }),
    ).toBe('needs-two-person-approval');
    expect(
      grade({
        tool: 'create-work-order',
        effect: 'actuate',
        actionClass: 'maintenance-work-order',
        time: TUESDAY_10,
      }),
    ).toBe('needs-approval');
    expect(
      grade({
        tool: 'apply-schedule',
        effect: 'actuate',
        actionClass: 'schedule-change',
        uncertainty: 0.4,
        time: TUESDAY_10,
      }),
    ).toBe('needs-two-person-approval'); // above the uncertainty threshold: one grade up
    expect(
      grade({
        tool: 'correct-thermal-drift',
        effect: 'actuate',
        actionClass: 'thermal-correction',
        equipment: 'ST04',
        time: TUESDAY_10,
      }),
    ).toBe('act-within-limits');
    expect(
      grade({
        tool: 'correct-thermal-drift',
        effect: 'actuate',
        actionClass: 'thermal-correction',
        equipment: 'ST05',
        time: TUESDAY_10,
      }),
    ).toBe('forbidden'); // not a thermal station
    expect(
      grade({ tool: 'cancel-order', effect: 'actuate', actionClass: 'order-cancellation', time: TUESDAY_10 }),
    ).toBe('needs-two-person-approval');
    expect(
      grade({ tool: 'flash-plc', effect: 'actuate', actionClass: 'firmware-update', time: TUESDAY_10 }),
    ).toBe('forbidden');
  });
});
