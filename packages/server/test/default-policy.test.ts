import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActionLedger, evaluatePolicy, parsePolicyText } from '@aethercore/governance';

/** The shipped policy (`policies/default.yaml`) parses and grades the five action classes as documented. */
const REPO = path.resolve(import.meta.dirname, '../../..');
const policy = parsePolicyText(readFileSync(path.join(REPO, 'policies/default.yaml'), 'utf8'));
/** Tuesday 2026-11-24 10:00 plant time (UTC+1). */
const TUESDAY_10 = Date.UTC(2026, 10, 24, 9, 0);
const grade = (req: Parameters<typeof evaluatePolicy>[1]) =>
  evaluatePolicy(policy, req, { ledger: new ActionLedger(), currentValue: () => 1600 }).grade;

describe('policies/default.yaml', () => {
  it('has the five actuation classes and a forbidden one', () => {
    expect(Object.keys(policy.actionClasses).sort()).toEqual([
      'batch-hold',
      'firmware-update',
      'maintenance-work-order',
      'purchase-order',
      'schedule-change',
      'setpoint-change',
    ]);
  });

  it('grades within limits, approvals, two-person, and hard limits as forbidden', () => {
    const sp = (value: number) =>
      grade({
        tool: 'write-setpoint',
        effect: 'actuate',
        actionClass: 'setpoint-change',
        equipment: 'ST07',
        setpoint: { target: 'ST07/spindleSpeed', value },
        uncertainty: 0.1,
        time: TUESDAY_10,
      });
    expect(sp(1700)).toBe('act-within-limits');
    expect(sp(1900)).toBe('forbidden'); // step 300 > maxStep 200
    expect(sp(3500)).toBe('forbidden'); // above max
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
      grade({ tool: 'flash-plc', effect: 'actuate', actionClass: 'firmware-update', time: TUESDAY_10 }),
    ).toBe('forbidden');
  });
});
