import { describe, expect, it } from 'vitest';
import {
  ActionLedger,
  hashRef,
  verifyAndAudit,
  verifyProposal,
  type DomainInvariantChecker,
  type VerifyContext,
} from '../src/index.ts';
import { auditLog, MONDAY_10, policy, setpointProposal } from './helpers.ts';

const ctx = (over: Partial<VerifyContext> = {}): VerifyContext => ({
  policy: policy(),
  now: MONDAY_10,
  stateVersion: 42,
  ledger: new ActionLedger(),
  currentValue: () => 1500,
  ...over,
});
const codes = (v: { reasons: readonly { code: string }[] }) => v.reasons.map((r) => r.code);

describe('verifyProposal (the independent verifier)', () => {
  it('passes a well-formed, in-limit proposal with fresh evidence that supports its claim', () => {
    const v = verifyProposal(setpointProposal(), ctx());
    expect(v.pass).toBe(true);
    expect(v.grade).toBe('act-within-limits');
    expect(v.checks.every((c) => c.ok)).toBe(true);
  });

  it('fails schema-invalid input without crashing', () => {
    for (const bad of [
      null,
      42,
      'x',
      {},
      { ...setpointProposal(), effect: 'destroy' },
      { ...setpointProposal(), extra: 1 },
    ]) {
      const v = verifyProposal(bad, ctx());
      expect(v.pass).toBe(false);
      expect(codes(v)).toContain('schema.invalid');
    }
  });

  it('fails on policy limits', () => {
    expect(codes(verifyProposal(setpointProposal({}, 2900), ctx()))).toContain('limit.setpoint-step');
    expect(codes(verifyProposal(setpointProposal({ equipment: 'ST01' }), ctx()))).toContain(
      'limit.equipment',
    );
    expect(
      codes(verifyProposal(setpointProposal({ tool: 'flash-plc', actionClass: 'firmware-update' }), ctx())),
    ).toContain('class.forbidden');
  });

  it('evidence: missing, stale state, too old, from the future, for another change, constraints violated', () => {
    const p = setpointProposal();
    const ev = p.evidence!;
    expect(codes(verifyProposal({ ...p, evidence: undefined }, ctx()))).toEqual(['evidence.missing']);
    expect(codes(verifyProposal(p, ctx({ stateVersion: 43 })))).toEqual(['evidence.stale-state']);
    expect(
      codes(verifyProposal({ ...p, evidence: { ...ev, simulatedAt: MONDAY_10 - 301_000 } }, ctx())),
    ).toEqual(['evidence.too-old']);
    expect(codes(verifyProposal({ ...p, evidence: { ...ev, simulatedAt: MONDAY_10 + 1 } }, ctx()))).toEqual([
      'evidence.from-future',
    ]);
    expect(
      codes(verifyProposal({ ...p, evidence: { ...ev, changeHash: hashRef({ other: true }) } }, ctx())),
    ).toEqual(['evidence.other-change']);
    expect(codes(verifyProposal({ ...p, evidence: { ...ev, constraintsOk: false } }, ctx()))).toEqual([
      'evidence.constraints-violated',
    ]);
  });

  it('evidence must support the claimed effect', () => {
    const p = setpointProposal();
    expect(codes(verifyProposal({ ...p, expectedKpiDeltas: { energyKWh: -20 } }, ctx()))).toEqual([
      'evidence.kpi-unsupported',
    ]);
    expect(codes(verifyProposal({ ...p, expectedKpiDeltas: { energyKWh: 5 } }, ctx()))).toEqual([
      'evidence.kpi-unsupported',
    ]);
    expect(codes(verifyProposal({ ...p, expectedKpiDeltas: { scrapRate: -0.1 } }, ctx()))).toEqual([
      'evidence.kpi-missing',
    ]);
    expect(verifyProposal({ ...p, expectedKpiDeltas: { energyKWh: -5.1 } }, ctx()).pass).toBe(true);
  });

  it('runs injected domain invariants, and a throwing checker fails the verdict instead of crashing', () => {
    const noNight: DomainInvariantChecker = {
      name: 'schedule-valid',
      check: () => ({ ok: false, reasons: ['machine M3 double-booked at 10:00'] }),
    };
    const broken: DomainInvariantChecker = {
      name: 'broken',
      check: () => {
        throw new Error('boom');
      },
    };
    const v = verifyProposal(setpointProposal(), ctx({ invariants: [noNight, broken] }));
    expect(codes(v)).toEqual(['invariant.schedule-valid', 'invariant.broken']);
    expect(v.reasons[1]!.message).toMatch(/boom/);
  });

  it('uncertainty above the threshold raises the grade in the verdict', () => {
    const v = verifyProposal(setpointProposal({ uncertainty: 0.35 }), ctx());
    expect(v.pass).toBe(true);
    expect(v.grade).toBe('needs-approval');
    expect(v.approvalsRequired).toBe(1);
  });

  it('audits every verdict, pass or fail with reasons', async () => {
    const { log } = await auditLog();
    await verifyAndAudit(setpointProposal(), ctx(), log);
    await verifyAndAudit(setpointProposal({ id: 'P-2' }, 2900), ctx(), log);
    await verifyAndAudit('garbage', ctx(), log);
    const es = (await log.entries(0, 3)).map((e) => e.entry!);
    expect(es.map((e) => [e.subject, e.outcome])).toEqual([
      ['P-1', 'pass'],
      ['P-2', 'fail'],
      ['(unknown)', 'fail'],
    ]);
    expect(es[1]!.reason).toMatch(/step/);
    expect(es[0]!.inputs?.['proposal']).toMatch(/^sha256:/);
  });
});
