import { describe, expect, it } from 'vitest';
import {
  ActionLedger,
  ApprovalInbox,
  verifyProposal,
  type ApprovalCommand,
  type Verdict,
} from '../src/index.ts';
import { agent, auditLog, human, MONDAY_10, policy, setpointProposal } from './helpers.ts';

const anna = human('anna', 'supervisor');
const bert = human('bert', 'production-manager');
const erik = human('erik', 'engineer');
const olga = human('olga', 'operator');
const strategos = agent('strategos');

function verdictFor(
  grade: 'needs-approval' | 'needs-two-person-approval',
  id = 'P-1',
): { proposal: ReturnType<typeof setpointProposal>; verdict: Verdict } {
  const proposal = setpointProposal({ id, uncertainty: grade === 'needs-approval' ? 0.3 : 0.1 });
  const p = policy();
  if (grade === 'needs-two-person-approval')
    p.actionClasses['setpoint-change'] = { ...p.actionClasses['setpoint-change']!, grade };
  const verdict = verifyProposal(proposal, {
    policy: p,
    now: MONDAY_10,
    stateVersion: 42,
    ledger: new ActionLedger(),
    currentValue: () => 1500,
  });
  expect(verdict.grade).toBe(grade);
  return { proposal, verdict };
}

async function inbox(
  grade: 'needs-approval' | 'needs-two-person-approval',
  requester = strategos as Parameters<typeof human>[0] extends string
    ? typeof strategos | typeof erik
    : never,
) {
  const { log } = await auditLog();
  const box = new ApprovalInbox({
    audit: log,
    config: { expiresAfterMs: 3_600_000, acknowledgeWithinMs: 600_000 },
  });
  const { proposal, verdict } = verdictFor(grade);
  const d = await box.execute({ type: 'SubmitProposal', proposal, verdict, requester, time: MONDAY_10 });
  expect(d.ok).toBe(true);
  return { box, log };
}

const approve = (
  by: Parameters<typeof human>[0] extends string
    ? ReturnType<typeof human> | ReturnType<typeof agent>
    : never,
  time = MONDAY_10 + 1000,
  reason = 'checked the twin run',
): ApprovalCommand => ({
  type: 'ApproveProposal',
  id: 'P-1',
  by,
  reason,
  time,
});

describe('approval inbox', () => {
  it('one approval by an authorised human approves a needs-approval proposal', async () => {
    const { box } = await inbox('needs-approval');
    const d = await box.execute(approve(anna));
    expect(d.ok && d.events.map((e) => e.type)).toEqual([
      'ProposalAcknowledged',
      'ApprovalRecorded',
      'ProposalApproved',
    ]);
    expect(box.get('P-1')!.status).toBe('approved');
  });

  it('two-person rule: the same person twice is refused; two distinct humans approve', async () => {
    const { box } = await inbox('needs-two-person-approval');
    expect((await box.execute(approve(anna))).ok).toBe(true);
    expect(box.get('P-1')!.status).toBe('pending');
    const again = await box.execute(approve(anna, MONDAY_10 + 2000));
    expect(!again.ok && again.refusal.code).toBe('already-approved-by-you');
    // Holding two roles does not make one person two people.
    const annaAlsoPm = human('anna', 'supervisor', 'production-manager');
    const again2 = await box.execute(approve(annaAlsoPm, MONDAY_10 + 2500));
    expect(!again2.ok && again2.refusal.code).toBe('already-approved-by-you');
    const second = await box.execute(approve(bert, MONDAY_10 + 3000));
    expect(second.ok && second.events.map((e) => e.type)).toEqual(['ApprovalRecorded', 'ProposalApproved']);
    expect(box.get('P-1')!.approvals.map((a) => a.by)).toEqual(['u:anna', 'u:bert']);
  });

  it('the requester cannot approve their own proposal', async () => {
    const { box } = await inbox('needs-two-person-approval', erik);
    const d = await box.execute(approve(erik));
    expect(!d.ok && d.refusal.code).toBe('requester-cannot-approve');
  });

  it('agents and unauthorised humans cannot approve; refusals are audited with who tried', async () => {
    const { box, log } = await inbox('needs-approval');
    const a = await box.execute(approve(strategos));
    expect(!a.ok && a.refusal.code).toBe('agent-cannot-decide');
    const b = await box.execute(approve(olga));
    expect(!b.ok && b.refusal.code).toBe('not-authorized');
    const c = await box.execute(approve(anna, MONDAY_10 + 1000, '  '));
    expect(!c.ok && c.refusal.code).toBe('reason-required');
    expect(box.get('P-1')!.status).toBe('pending');
    const refused = (await log.entries(0, log.size))
      .map((e) => e.entry!)
      .filter((e) => e.outcome === 'refused');
    expect(refused.map((e) => [e.actor, e.reason?.split(':')[0]])).toEqual([
      ['agent:strategos', 'agent-cannot-decide'],
      ['u:olga', 'not-authorized'],
      ['u:anna', 'reason-required'],
    ]);
  });

  it('approvals expire: after the deadline approval is refused and CheckDeadlines expires it', async () => {
    const { box } = await inbox('needs-approval');
    const late = await box.execute(approve(anna, MONDAY_10 + 3_600_000));
    expect(!late.ok && late.refusal.code).toBe('expired');
    const d = await box.execute({ type: 'CheckDeadlines', time: MONDAY_10 + 3_600_000 });
    expect(d.ok && d.events.map((e) => e.type)).toEqual(['ProposalExpired']);
    expect(box.get('P-1')!.status).toBe('expired');
    const after = await box.execute(approve(anna, MONDAY_10 + 3_700_000));
    expect(!after.ok && after.refusal.code).toBe('not-pending');
  });

  it('escalates along the chain when nobody acknowledges, and stops once acknowledged (who, when recorded)', async () => {
    const { box } = await inbox('needs-approval');
    expect(box.get('P-1')!.notifyRole).toBe('supervisor');
    const early = await box.execute({ type: 'CheckDeadlines', time: MONDAY_10 + 599_000 });
    expect(early.ok && early.events).toEqual([]);
    const e1 = await box.execute({ type: 'CheckDeadlines', time: MONDAY_10 + 600_000 });
    expect(e1.ok && e1.events).toMatchObject([
      { type: 'ProposalEscalated', level: 1, toRole: 'production-manager' },
    ]);
    const e2 = await box.execute({ type: 'CheckDeadlines', time: MONDAY_10 + 1_200_000 });
    expect(e2.ok && e2.events).toMatchObject([{ type: 'ProposalEscalated', level: 2, toRole: 'admin' }]);
    await box.execute({ type: 'AcknowledgeProposal', id: 'P-1', by: olga, time: MONDAY_10 + 1_300_000 });
    expect(box.get('P-1')!.acknowledgements).toEqual([{ by: 'u:olga', at: MONDAY_10 + 1_300_000 }]);
    const e3 = await box.execute({ type: 'CheckDeadlines', time: MONDAY_10 + 1_900_000 });
    expect(e3.ok && e3.events).toEqual([]);
  });

  it('rejection closes the proposal; failed verdicts and duplicates are never accepted', async () => {
    const { box } = await inbox('needs-approval');
    await box.execute({
      type: 'RejectProposal',
      id: 'P-1',
      by: anna,
      reason: 'wait for the maintenance window',
      time: MONDAY_10 + 10,
    });
    expect(box.get('P-1')!.status).toBe('rejected');
    const { proposal, verdict } = verdictFor('needs-approval');
    const dup = await box.execute({
      type: 'SubmitProposal',
      proposal,
      verdict,
      requester: strategos,
      time: MONDAY_10,
    });
    expect(!dup.ok && dup.refusal.code).toBe('duplicate-proposal');
    const failed = { ...verdict, proposalId: 'P-9', pass: false };
    const f = await box.execute({
      type: 'SubmitProposal',
      proposal: { ...proposal, id: 'P-9' },
      verdict: failed,
      requester: strategos,
      time: MONDAY_10,
    });
    expect(!f.ok && f.refusal.code).toBe('verdict-failed');
    await expect(box.executeOrThrow(approve(anna))).rejects.toMatchObject({ code: 'approval.not-pending' });
  });

  it('replays persisted events into the same state after a restart (without auditing them again)', async () => {
    const { box } = await inbox('needs-two-person-approval');
    await box.execute(approve(anna));
    const { log } = await auditLog();
    const restarted = new ApprovalInbox({ audit: log });
    restarted.replay(JSON.parse(JSON.stringify(box.events())) as ReturnType<typeof box.events>);
    expect(restarted.get('P-1')).toEqual(box.get('P-1'));
    expect(log.size).toBe(0);
    const again = await restarted.execute(approve(anna, MONDAY_10 + 5000));
    expect(!again.ok && again.refusal.code).toBe('already-approved-by-you');
  });

  it('a failed audit append leaves the inbox unchanged', async () => {
    const { box, log } = await inbox('needs-approval');
    log.appendMany = () => Promise.reject(new Error('audit down'));
    await expect(box.execute(approve(anna))).rejects.toThrow(/audit down/);
    expect(box.get('P-1')!.status).toBe('pending');
    expect(box.get('P-1')!.approvals).toEqual([]);
  });
});
