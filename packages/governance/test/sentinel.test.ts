import { ManualClock } from '@aethercore/core';
import { describe, expect, it } from 'vitest';
import { PolicyRegistry, Sentinel } from '../src/index.ts';
import { agent, auditLog, human, MONDAY_10, policy, setpointProposal } from './helpers.ts';

const dexter = agent('dexter');
const strategos = agent('strategos');
const anna = human('anna', 'supervisor');
const bert = human('bert', 'production-manager');

async function sentinel() {
  const { log } = await auditLog();
  const clock = new ManualClock(MONDAY_10);
  const reg = new PolicyRegistry({ initial: policy(), clock, audit: log });
  return { s: new Sentinel({ log, clock, policy: reg, currentValue: () => 1500 }), clock, log, reg };
}

describe('Sentinel: the one door for actuations', () => {
  it('within limits: routed to execute, runs once, recorded in the ledger', async () => {
    const { s } = await sentinel();
    const p = setpointProposal();
    expect((await s.review(p, strategos, 42)).route).toBe('execute');
    let ran = 0;
    expect(await s.execute(p, dexter, 42, () => ++ran)).toBe(1);
    await expect(s.execute(p, dexter, 42, () => ++ran)).rejects.toMatchObject({
      code: 'sentinel.already-executed',
    });
    expect(ran).toBe(1);
    expect(s.ledger.countInWindow('setpoint-change', MONDAY_10, 3_600_000)).toBe(1);
  });

  it('needs approval: refused before approval, runs after; an agent cannot approve it', async () => {
    const { s } = await sentinel();
    const p = setpointProposal({ uncertainty: 0.3 });
    expect((await s.review(p, strategos, 42)).route).toBe('inbox');
    await expect(s.execute(p, dexter, 42, () => 1)).rejects.toMatchObject({ code: 'sentinel.not-approved' });
    const byAgent = await s.inbox.execute({
      type: 'ApproveProposal',
      id: 'P-1',
      by: strategos,
      reason: 'I approve myself',
      time: MONDAY_10,
    });
    expect(byAgent.ok).toBe(false);
    await s.inbox.execute({
      type: 'ApproveProposal',
      id: 'P-1',
      by: anna,
      reason: 'twin run ok',
      time: MONDAY_10,
    });
    expect(await s.execute(p, dexter, 42, () => 'done')).toBe('done');
  });

  it('re-verifies at execution: a state change after approval blocks the action', async () => {
    const { s } = await sentinel();
    const p = setpointProposal({ uncertainty: 0.3 });
    await s.review(p, strategos, 42);
    await s.inbox.execute({ type: 'ApproveProposal', id: 'P-1', by: anna, reason: 'ok', time: MONDAY_10 });
    await expect(s.execute(p, dexter, 43, () => 1)).rejects.toMatchObject({
      code: 'sentinel.verification-failed',
    });
  });

  it('a proposal edited after approval is not the approved one', async () => {
    const { s } = await sentinel();
    const p = setpointProposal({ uncertainty: 0.3 });
    await s.review(p, strategos, 42);
    await s.inbox.execute({ type: 'ApproveProposal', id: 'P-1', by: anna, reason: 'ok', time: MONDAY_10 });
    const edited = { ...p, explanation: 'something else' };
    await expect(s.execute(edited, dexter, 42, () => 1)).rejects.toMatchObject({
      code: 'sentinel.not-approved',
    });
  });

  it('rate limit: the fourth setpoint change within an hour needs approval', async () => {
    const { s } = await sentinel();
    for (let i = 0; i < 3; i++) {
      const p = setpointProposal({ id: `P-${i}` });
      expect((await s.review(p, strategos, 42)).route).toBe('execute');
      await s.execute(p, dexter, 42, () => i);
    }
    const r = await s.review(setpointProposal({ id: 'P-3' }), strategos, 42);
    expect(r.route).toBe('inbox');
    expect(r.verdict.escalations.map((e) => e.code)).toEqual(['limit.rate']);
  });

  it('after a restart the ledger is restored from the audit log, so the rate limit still holds', async () => {
    const { s, log, clock, reg } = await sentinel();
    for (let i = 0; i < 3; i++) await s.execute(setpointProposal({ id: `P-${i}` }), dexter, 42, () => i);
    const restarted = new Sentinel({ log, clock, policy: reg, currentValue: () => 1500 });
    expect(await restarted.restoreLedger(MONDAY_10 - 86_400_000)).toBe(3);
    expect((await restarted.review(setpointProposal({ id: 'P-3' }), strategos, 42)).route).toBe('inbox');
    const fresh = new Sentinel({ log, clock, policy: reg, currentValue: () => 1500 });
    expect((await fresh.review(setpointProposal({ id: 'P-4' }), strategos, 42)).route).toBe('execute');
  });

  it('stop-all blocks execution and a refused start can run after an authorised resume', async () => {
    const { s } = await sentinel();
    const p = setpointProposal();
    await s.gate.engage(human('olga', 'operator'), 'inspection');
    await expect(s.execute(p, dexter, 42, () => 1)).rejects.toMatchObject({ code: 'gate.stopped' });
    await s.gate.resume(bert, 'inspection done');
    expect(await s.execute(p, dexter, 42, () => 2)).toBe(2);
  });

  it('rejected proposals are routed to rejected and never enter the inbox', async () => {
    const { s } = await sentinel();
    const r = await s.review(setpointProposal({}, 2900), strategos, 42);
    expect(r.route).toBe('rejected');
    expect(s.inbox.list({ status: 'all' })).toEqual([]);
  });
});
