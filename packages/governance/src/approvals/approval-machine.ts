import { actorId, can, isHuman, type Principal } from '../access/principal.ts';
import type { Permission } from '../access/roles.ts';
import type {
  ApprovalCommand,
  ApprovalConfig,
  ApprovalEvent,
  Decision,
  InboxItem,
  InboxState,
  RefusalCode,
} from './approval-model.ts';

/**
 * The approval state machine: `decide` turns a command into events (or a refusal) without changing
 * anything; `evolve` applies one event. Two-person rule (IEC 62443 / RELIABILITY.md "class-A
 * actions"): the requester can never approve, and one person counts once, whatever roles they hold.
 */
const refuse = (code: RefusalCode, message: string): Decision => ({ ok: false, refusal: { code, message } });

function checkDecider(by: Principal, permission: Permission, what: string): Decision | undefined {
  if (!isHuman(by))
    return refuse('agent-cannot-decide', `${actorId(by)} is not a human; only humans ${what}`);
  if (!can(by, permission))
    return refuse('not-authorized', `${actorId(by)} lacks '${permission}' to ${what}`);
  return undefined;
}

function pending(state: InboxState, id: string, time: number): InboxItem | Decision {
  const item = state.get(id);
  if (item === undefined) return refuse('unknown-proposal', `no proposal '${id}' in the inbox`);
  if (item.status !== 'pending') return refuse('not-pending', `proposal '${id}' is already ${item.status}`);
  if (time >= item.expiresAt) return refuse('expired', `proposal '${id}' expired at ${item.expiresAt}`);
  return item;
}

const isDecision = (x: InboxItem | Decision): x is Decision => 'ok' in x;

export function decide(state: InboxState, cmd: ApprovalCommand, config: ApprovalConfig): Decision {
  switch (cmd.type) {
    case 'SubmitProposal': {
      const { proposal, verdict } = cmd;
      if (state.has(proposal.id))
        return refuse('duplicate-proposal', `proposal '${proposal.id}' is already in the inbox`);
      if (verdict.proposalId !== proposal.id)
        return refuse('verdict-mismatch', `the verdict is for '${verdict.proposalId}', not '${proposal.id}'`);
      if (!verdict.pass)
        return refuse(
          'verdict-failed',
          `proposal '${proposal.id}' failed verification; it cannot be approved`,
        );
      if (verdict.approvalsRequired < 1 || verdict.approvalsRequired > 2) {
        return refuse(
          'no-approval-needed',
          `grade '${verdict.grade}' does not go through the approval inbox`,
        );
      }
      const notifyRole = config.escalationChain[0] ?? 'supervisor';
      return {
        ok: true,
        events: [
          {
            type: 'ProposalSubmitted',
            id: proposal.id,
            proposal,
            verdict,
            requester: actorId(cmd.requester),
            grade: verdict.grade,
            requiredApprovals: verdict.approvalsRequired,
            at: cmd.time,
            expiresAt: cmd.time + config.expiresAfterMs,
            escalateAt: cmd.time + config.acknowledgeWithinMs,
            notifyRole,
          },
        ],
      };
    }
    case 'AcknowledgeProposal': {
      const denied = checkDecider(cmd.by, 'proposal.acknowledge', 'acknowledge proposals');
      if (denied) return denied;
      const item = pending(state, cmd.id, cmd.time);
      if (isDecision(item)) return item;
      return {
        ok: true,
        events: [{ type: 'ProposalAcknowledged', id: cmd.id, by: actorId(cmd.by), at: cmd.time }],
      };
    }
    case 'ApproveProposal': {
      const denied = checkDecider(cmd.by, 'proposal.approve', 'approve proposals');
      if (denied) return denied;
      const item = pending(state, cmd.id, cmd.time);
      if (isDecision(item)) return item;
      const by = actorId(cmd.by);
      if (by === item.requester)
        return refuse('requester-cannot-approve', `${by} requested '${cmd.id}' and cannot approve it`);
      if (item.approvals.some((a) => a.by === by))
        return refuse(
          'already-approved-by-you',
          `${by} already approved '${cmd.id}'; a second person must approve`,
        );
      if (cmd.reason.trim().length === 0) return refuse('reason-required', 'an approval needs a reason');
      const count = item.approvals.length + 1;
      const events: ApprovalEvent[] = [];
      if (item.acknowledgements.length === 0)
        events.push({ type: 'ProposalAcknowledged', id: cmd.id, by, at: cmd.time });
      events.push({
        type: 'ApprovalRecorded',
        id: cmd.id,
        by,
        at: cmd.time,
        reason: cmd.reason,
        count,
        required: item.requiredApprovals,
      });
      if (count >= item.requiredApprovals) {
        events.push({
          type: 'ProposalApproved',
          id: cmd.id,
          approvers: [...item.approvals.map((a) => a.by), by],
          at: cmd.time,
        });
      }
      return { ok: true, events };
    }
    case 'RejectProposal': {
      const denied = checkDecider(cmd.by, 'proposal.reject', 'reject proposals');
      if (denied) return denied;
      const item = pending(state, cmd.id, cmd.time);
      if (isDecision(item)) return item;
      if (cmd.reason.trim().length === 0) return refuse('reason-required', 'a rejection needs a reason');
      return {
        ok: true,
        events: [
          { type: 'ProposalRejected', id: cmd.id, by: actorId(cmd.by), at: cmd.time, reason: cmd.reason },
        ],
      };
    }
    case 'CheckDeadlines': {
      const events: ApprovalEvent[] = [];
      for (const item of state.values()) {
        if (item.status !== 'pending') continue;
        if (cmd.time >= item.expiresAt) events.push({ type: 'ProposalExpired', id: item.id, at: cmd.time });
        else if (item.acknowledgements.length === 0 && cmd.time >= item.escalateAt) {
          const level = item.escalationLevel + 1;
          const chain = config.escalationChain;
          const toRole = chain[Math.min(level, chain.length - 1)] ?? item.notifyRole;
          events.push({
            type: 'ProposalEscalated',
            id: item.id,
            at: cmd.time,
            level,
            toRole,
            nextEscalateAt: cmd.time + config.acknowledgeWithinMs,
          });
        }
      }
      return { ok: true, events };
    }
  }
}

export function evolve(state: InboxState, e: ApprovalEvent): InboxState {
  const next = new Map(state);
  const item = state.get(e.id);
  switch (e.type) {
    case 'ProposalSubmitted':
      next.set(e.id, {
        id: e.id,
        proposal: e.proposal,
        verdict: e.verdict,
        requester: e.requester,
        grade: e.grade,
        requiredApprovals: e.requiredApprovals,
        approvals: [],
        acknowledgements: [],
        status: 'pending',
        submittedAt: e.at,
        expiresAt: e.expiresAt,
        escalateAt: e.escalateAt,
        escalationLevel: 0,
        notifyRole: e.notifyRole,
      });
      return next;
    case 'ProposalAcknowledged':
      if (item)
        next.set(e.id, { ...item, acknowledgements: [...item.acknowledgements, { by: e.by, at: e.at }] });
      return next;
    case 'ApprovalRecorded':
      if (item)
        next.set(e.id, { ...item, approvals: [...item.approvals, { by: e.by, at: e.at, reason: e.reason }] });
      return next;
    case 'ProposalApproved':
      if (item) next.set(e.id, { ...item, status: 'approved', closedAt: e.at });
      return next;
    case 'ProposalRejected':
      if (item)
        next.set(e.id, {
          ...item,
          status: 'rejected',
          closedAt: e.at,
          rejection: { by: e.by, at: e.at, reason: e.reason },
        });
      return next;
    case 'ProposalExpired':
      if (item) next.set(e.id, { ...item, status: 'expired', closedAt: e.at });
      return next;
    case 'ProposalEscalated':
      if (item)
        next.set(e.id, {
          ...item,
          escalationLevel: e.level,
          notifyRole: e.toRole,
          escalateAt: e.nextEscalateAt,
        });
      return next;
  }
}
