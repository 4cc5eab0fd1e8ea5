import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ActionLedger,
  evaluatePolicy,
  localClock,
  parsePolicy,
  parsePolicyText,
  PolicyRegistry,
  type PolicyRequest,
} from '../src/index.ts';
import { agent, auditLog, human, MONDAY_10, policy, POLICY_TEXT } from './helpers.ts';

const sp = (value: number, over: Partial<PolicyRequest> = {}): PolicyRequest => ({
  tool: 'write-setpoint',
  effect: 'actuate',
  equipment: 'ST07',
  setpoint: { target: 'ST07/spindleSpeed', value },
  time: MONDAY_10,
  ...over,
});
const ctx = (ledger = new ActionLedger(), current = 1500) => ({ ledger, currentValue: () => current });

describe('policy file', () => {
  it('parses the example policy with defaults', () => {
    const p = policy();
    expect(p.version).toBe(1);
    expect(p.actionClasses['setpoint-change']?.grade).toBe('act-within-limits');
  });

  it.each([
    ['not yaml: [', 'policy.unreadable', undefined],
    ['version: 0\nactionClasses: {}\ntools: {}', 'policy.invalid', 'version'],
    [
      'version: 1\nactionClasses: { a: { grade: sometimes } }\ntools: {}',
      'policy.invalid',
      'actionClasses.a.grade',
    ],
    [
      'version: 1\nactionClasses: {}\ntools: { t: { effect: actuate } }',
      'policy.invalid',
      'tools.t.actionClass',
    ],
    [
      'version: 1\nactionClasses: {}\ntools: { t: { effect: actuate, actionClass: nope } }',
      'policy.invalid',
      'tools.t.actionClass',
    ],
    [
      'version: 1\nactionClasses: { a: { grade: notify, limits: { setpoints: [{ target: x, min: 5, max: 1 }] } } }\ntools: {}',
      'policy.invalid',
      'actionClasses.a.limits.setpoints.0.max',
    ],
    [
      'version: 1\nactionClasses: { a: { grade: notify, limits: { timeWindows: [{ from: "25:00", to: "01:00" }] } } }\ntools: {}',
      'policy.invalid',
      'actionClasses.a.limits.timeWindows.0.from',
    ],
    ['version: 1\nactionClasses: {}\ntools: {}\nsurprise: 1', 'policy.invalid', ''],
  ])('rejects bad policy %# with a coded error and path', (text, code, path) => {
    try {
      parsePolicyText(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code });
      if (path !== undefined) expect((e as { path: string }).path).toBe(path);
    }
  });

  it('never crashes on arbitrary input values (only coded errors)', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        try {
          parsePolicy(v);
        } catch (e) {
          expect((e as { code?: string }).code).toBe('policy.invalid');
        }
      }),
    );
  });
});

describe('evaluatePolicy: limits and graded autonomy', () => {
  it('within limits: the class grade applies', () => {
    const d = evaluatePolicy(policy(), sp(1600), ctx());
    expect(d.grade).toBe('act-within-limits');
    expect(d.violations).toEqual([]);
  });

  it('hard limits forbid: range, step, unlisted node, equipment, NaN, unknown tool, wrong effect', () => {
    const p = policy();
    expect(evaluatePolicy(p, sp(3500), ctx()).violations.map((v) => v.code)).toContain(
      'limit.setpoint-range',
    );
    expect(evaluatePolicy(p, sp(1800), ctx()).violations.map((v) => v.code)).toEqual(['limit.setpoint-step']);
    expect(evaluatePolicy(p, sp(1600, { setpoint: { target: 'ST07/other', value: 1 } }), ctx()).grade).toBe(
      'forbidden',
    );
    expect(evaluatePolicy(p, sp(1600, { equipment: 'ST01' }), ctx()).violations.map((v) => v.code)).toEqual([
      'limit.equipment',
    ]);
    expect(evaluatePolicy(p, sp(Number.NaN), ctx()).grade).toBe('forbidden');
    expect(evaluatePolicy(p, sp(1600, { tool: 'rm-rf' }), ctx()).violations.map((v) => v.code)).toEqual([
      'tool.unknown',
    ]);
    expect(evaluatePolicy(p, sp(1600, { effect: 'read' }), ctx()).grade).toBe('forbidden');
    expect(evaluatePolicy(p, { tool: 'flash-plc', effect: 'actuate', time: MONDAY_10 }, ctx()).grade).toBe(
      'forbidden',
    );
  });

  it('read and simulate tools are only notified', () => {
    expect(
      evaluatePolicy(policy(), { tool: 'read-telemetry', effect: 'read', time: MONDAY_10 }, ctx()).grade,
    ).toBe('notify');
    expect(
      evaluatePolicy(policy(), { tool: 'simulate-schedule', effect: 'simulate', time: MONDAY_10 }, ctx())
        .grade,
    ).toBe('notify');
  });

  it('rate limit per sliding window raises to needs-approval', () => {
    const ledger = new ActionLedger();
    for (let i = 0; i < 3; i++)
      ledger.record({ actionClass: 'setpoint-change', time: MONDAY_10 - (i + 1) * 600_000 });
    const d = evaluatePolicy(policy(), sp(1600), ctx(ledger));
    expect(d.grade).toBe('needs-approval');
    expect(d.escalations.map((e) => e.code)).toEqual(['limit.rate']);
    // An hour later the window has moved on.
    expect(evaluatePolicy(policy(), sp(1600, { time: MONDAY_10 + 3_600_000 }), ctx(ledger)).grade).toBe(
      'act-within-limits',
    );
  });

  it('time windows: outside 06–22 local on weekdays needs approval', () => {
    expect(localClock(MONDAY_10, 60)).toEqual({ minutes: 600, isoWeekday: 1 });
    const night = MONDAY_10 + 13 * 3_600_000; // 23:00 local
    expect(evaluatePolicy(policy(), sp(1600, { time: night }), ctx()).escalations.map((e) => e.code)).toEqual(
      ['limit.time-window'],
    );
    const saturday = MONDAY_10 + 5 * 86_400_000;
    expect(evaluatePolicy(policy(), sp(1600, { time: saturday }), ctx()).grade).toBe('needs-approval');
  });

  it('money: per order forbids, per day escalates, wrong currency forbids', () => {
    const ledger = new ActionLedger();
    const po = (amount: number, currency = 'EUR'): PolicyRequest => ({
      tool: 'place-purchase-order',
      effect: 'actuate',
      money: { amount, currency },
      time: MONDAY_10,
    });
    expect(evaluatePolicy(policy(), po(4000), ctx(ledger)).grade).toBe('needs-approval');
    expect(evaluatePolicy(policy(), po(6000), ctx(ledger)).violations.map((v) => v.code)).toEqual([
      'limit.money-per-order',
    ]);
    expect(evaluatePolicy(policy(), po(100, 'USD'), ctx(ledger)).grade).toBe('forbidden');
    ledger.record({ actionClass: 'purchase-order', time: MONDAY_10 - 3_600_000, amount: 5000 });
    expect(evaluatePolicy(policy(), po(4000), ctx(ledger)).escalations.map((e) => e.code)).toEqual([
      'limit.money-per-day',
    ]);
    // Yesterday's spend does not count today.
    const l2 = new ActionLedger();
    l2.record({ actionClass: 'purchase-order', time: MONDAY_10 - 12 * 3_600_000, amount: 5000 });
    expect(evaluatePolicy(policy(), po(4000), ctx(l2)).escalations).toEqual([]);
  });

  it('uncertainty gating: above threshold raises one grade; above hand-to-human a person decides', () => {
    expect(evaluatePolicy(policy(), sp(1600, { uncertainty: 0.1 }), ctx()).grade).toBe('act-within-limits');
    expect(evaluatePolicy(policy(), sp(1600, { uncertainty: 0.3 }), ctx()).grade).toBe('needs-approval');
    const po = {
      tool: 'place-purchase-order',
      effect: 'actuate',
      money: { amount: 10, currency: 'EUR' },
      time: MONDAY_10,
    } as const;
    const p = policy();
    p.actionClasses['purchase-order'] = { ...p.actionClasses['purchase-order']!, uncertaintyThreshold: 0.2 };
    expect(evaluatePolicy(p, { ...po, uncertainty: 0.5 }, ctx()).grade).toBe('needs-two-person-approval');
    expect(
      evaluatePolicy(policy(), sp(1600, { uncertainty: 0.6 }), ctx()).escalations.map((e) => e.code),
    ).toEqual(['uncertainty.above-threshold', 'uncertainty.hand-to-human']);
  });

  it('fuzz: no out-of-range, non-finite or too-big-step setpoint is ever allowed to run (property)', () => {
    const p = policy();
    fc.assert(
      fc.property(
        fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Infinity, -Infinity, 799.999, 3000.001)),
        fc.double({ min: 0, max: 4000, noNaN: true }),
        (value, current) => {
          const d = evaluatePolicy(p, sp(value), ctx(new ActionLedger(), current));
          const ok =
            Number.isFinite(value) && value >= 800 && value <= 3000 && Math.abs(value - current) <= 200;
          if (!ok) expect(d.grade).toBe('forbidden');
          else expect(d.grade).toBe('act-within-limits');
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('PolicyRegistry: only authorised humans change policy, every change audited', () => {
  const next = (version: number) => ({ ...policy(), version });

  it('an agent identity is rejected and the attempt is audited', async () => {
    const { log } = await auditLog();
    const reg = new PolicyRegistry({ initial: policy(), clock: { now: () => MONDAY_10 }, audit: log });
    // By construction the method takes a HumanPrincipal; a cast stands for a caller that bypasses types.
    const sneaky = agent('strategos') as unknown as Parameters<typeof reg.change>[0];
    await expect(reg.change(sneaky, next(2), 'raise my own limits')).rejects.toMatchObject({
      code: 'access.forbidden',
      kind: 'forbidden',
    });
    // An agent pretending to be a user with the agent role is rejected too.
    await expect(
      reg.change({ kind: 'user', id: 'x', displayName: 'x', roles: ['agent' as never] }, next(2), 'x'),
    ).rejects.toMatchObject({ code: 'access.forbidden' });
    expect(reg.current.version).toBe(1);
    const entries = await log.entries(0, log.size);
    expect(entries.map((e) => [e.entry?.actor, e.entry?.action, e.entry?.outcome])).toEqual([
      ['agent:strategos', 'policy.change', 'denied'],
      ['u:x', 'policy.change', 'denied'],
    ]);
  });

  it('operators and supervisors cannot; an engineer can, audited before it applies', async () => {
    const { log } = await auditLog();
    const reg = new PolicyRegistry({ initial: policy(), clock: { now: () => MONDAY_10 }, audit: log });
    await expect(reg.change(human('olga', 'operator'), next(2), 'x')).rejects.toMatchObject({
      code: 'access.forbidden',
    });
    await expect(reg.change(human('sam', 'supervisor'), next(2), 'x')).rejects.toMatchObject({
      code: 'access.forbidden',
    });
    const doc = await reg.change(human('erik', 'engineer'), next(2), 'tighten step limit');
    expect(doc.version).toBe(2);
    const last = (await log.entries(log.size - 1, log.size))[0]!.entry!;
    expect(last).toMatchObject({
      actor: 'u:erik',
      action: 'policy.changed',
      outcome: 'done',
      policyVersion: '2',
      reason: 'tighten step limit',
    });
    expect(reg.history().map((h) => h.version)).toEqual([1, 2]);
  });

  it('rejects version conflicts and invalid documents (audited), and a failed audit blocks the change', async () => {
    const { log } = await auditLog();
    const reg = new PolicyRegistry({ initial: policy(), clock: { now: () => MONDAY_10 }, audit: log });
    await expect(reg.change(human('erik', 'engineer'), next(5), 'skip')).rejects.toMatchObject({
      code: 'policy.version-conflict',
    });
    await expect(reg.change(human('erik', 'engineer'), { version: 2 }, 'broken')).rejects.toMatchObject({
      code: 'policy.invalid',
    });
    expect(log.size).toBe(2);
    const failing = await auditLog();
    const reg2 = new PolicyRegistry({
      initial: policy(),
      clock: { now: () => MONDAY_10 },
      audit: failing.log,
    });
    failing.log.append = () => Promise.reject(new Error('audit down'));
    await expect(reg2.change(human('erik', 'engineer'), next(2), 'x')).rejects.toThrow(/audit down/);
    expect(reg2.current.version).toBe(1);
  });

  it('the fixture text round-trips through the registry', () => {
    expect(POLICY_TEXT).toContain('setpoint-change');
  });
});
