import type { Principal } from '../access/principal.ts';
import type { Role } from '../access/roles.ts';
import type { AutonomyGrade } from '../policy/autonomy.ts';
import type { ActionProposal } from '../verifier/action-proposal.ts';
import type { Verdict } from '../verifier/verify-proposal.ts';

/**
 * The approval inbox as commands and events (imperative commands, past-tense events, one handler
 * each, as in Eclipse Ditto): `ApproveProposal` → `ApprovalRecorded` (+ `ProposalApproved` once
 * enough distinct humans approved). All times come from the caller's Clock.
 */
export interface ApprovalConfig {
  /** A pending proposal expires this long after submission (approvals must not linger). */
  readonly expiresAfterMs: number;
  /** Escalate when nobody acknowledged the proposal within this time (and again after each step). */
  readonly acknowledgeWithinMs: number;
  /** Who is notified first, then on each escalation. */
  readonly escalationChain: readonly Role[];
}

export const DEFAULT_APPROVAL_CONFIG: ApprovalConfig = {
  expiresAfterMs: 4 * 3_600_000,
  acknowledgeWithinMs: 15 * 60_000,
  escalationChain: ['supervisor', 'production-manager', 'admin'],
};

export type InboxStatus = 'pending' | 'approved' | 'rejected' | 'expired';

export interface Approval {
  readonly by: string;
  readonly at: number;
  readonly reason: string;
}

export interface InboxItem {
  readonly id: string;
  readonly proposal: ActionProposal;
  readonly verdict: Verdict;
  readonly requester: string;
  readonly grade: AutonomyGrade;
  readonly requiredApprovals: number;
  readonly approvals: readonly Approval[];
  readonly acknowledgements: readonly { readonly by: string; readonly at: number }[];
  readonly status: InboxStatus;
  readonly submittedAt: number;
  readonly expiresAt: number;
  readonly escalateAt: number;
  readonly escalationLevel: number;
  readonly notifyRole: Role;
  readonly rejection?: Approval;
  readonly closedAt?: number;
}

export type InboxState = ReadonlyMap<string, InboxItem>;

export type ApprovalCommand =
  | {
      readonly type: 'SubmitProposal';
      readonly proposal: ActionProposal;
      readonly verdict: Verdict;
      readonly requester: Principal;
      readonly time: number;
    }
  | {
      readonly type: 'AcknowledgeProposal';
      readonly id: string;
      readonly by: Principal;
      readonly time: number;
    }
  | {
      readonly type: 'ApproveProposal';
      readonly id: string;
      readonly by: Principal;
      readonly reason: string;
      readonly time: number;
    }
  | {
      readonly type: 'RejectProposal';
      readonly id: string;
      readonly by: Principal;
      readonly reason: string;
      readonly time: number;
    }
  | { readonly type: 'CheckDeadlines'; readonly time: number };

export type ApprovalEvent =
  | {
      readonly type: 'ProposalSubmitted';
      readonly id: string;
      readonly proposal: ActionProposal;
      readonly verdict: Verdict;
      readonly requester: string;
      readonly grade: AutonomyGrade;
      readonly requiredApprovals: number;
      readonly at: number;
      readonly expiresAt: number;
      readonly escalateAt: number;
      readonly notifyRole: Role;
    }
  | { readonly type: 'ProposalAcknowledged'; readonly id: string; readonly by: string; readonly at: number }
  | {
      readonly type: 'ApprovalRecorded';
      readonly id: string;
      readonly by: string;
      readonly at: number;
      readonly reason: string;
      readonly count: number;
      readonly required: number;
    }
  | {
      readonly type: 'ProposalApproved';
      readonly id: string;
      readonly approvers: readonly string[];
      readonly at: number;
    }
  | {
      readonly type: 'ProposalRejected';
      readonly id: string;
      readonly by: string;
      readonly at: number;
      readonly reason: string;
    }
  | { readonly type: 'ProposalExpired'; readonly id: string; readonly at: number }
  | {
      readonly type: 'ProposalEscalated';
      readonly id: string;
      readonly at: number;
      readonly level: number;
      readonly toRole: Role;
      readonly nextEscalateAt: number;
    };

export type RefusalCode =
  | 'unknown-proposal'
  | 'duplicate-proposal'
  | 'verdict-failed'
  | 'verdict-mismatch'
  | 'no-approval-needed'
  | 'not-pending'
  | 'expired'
  | 'not-authorized'
  | 'agent-cannot-decide'
  | 'requester-cannot-approve'
  | 'already-approved-by-you'
  | 'reason-required';

export interface Refusal {
  readonly code: RefusalCode;
  readonly message: string;
}

export type Decision =
  | { readonly ok: true; readonly events: readonly ApprovalEvent[] }
  | { readonly ok: false; readonly refusal: Refusal };
