import { AetherError } from '@aethercore/core';
import { hashRef } from '../audit/audit-entry.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { actorId } from '../access/principal.ts';
import { decide, evolve } from './approval-machine.ts';
import {
  DEFAULT_APPROVAL_CONFIG,
  type ApprovalCommand,
  type ApprovalConfig,
  type ApprovalEvent,
  type Decision,
  type InboxItem,
  type InboxState,
} from './approval-model.ts';

/**
 * The approval inbox: runs commands through the pure state machine and writes every event — and
 * every refused command, with who tried and why — to the audit log *before* the state changes.
 * If the audit append fails, the command has no effect.
 */
export class ApprovalInbox {
  #state: InboxState = new Map();
  readonly #events: ApprovalEvent[] = [];
  readonly #config: ApprovalConfig;
  readonly #audit: AuditLog;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: { audit: AuditLog; config?: Partial<ApprovalConfig> }) {
    this.#audit = options.audit;
    this.#config = { ...DEFAULT_APPROVAL_CONFIG, ...options.config };
  }

  /** Executes one command (serialised); resolves to the events or the refusal. */
  execute(cmd: ApprovalCommand): Promise<Decision> {
    const run = async (): Promise<Decision> => {
      const d = decide(this.#state, cmd, this.#config);
      if (!d.ok) {
        const by = 'by' in cmd ? cmd.by : 'requester' in cmd ? cmd.requester : undefined;
        await this.#audit.append({
          actor: by === undefined ? 'system:inbox' : actorId(by),
          actorKind: by === undefined ? 'system' : by.kind,
          action: `approval.${cmd.type}`,
          time: cmd.time,
          subject: 'id' in cmd ? cmd.id : 'proposal' in cmd ? cmd.proposal.id : '-',
          outcome: 'refused',
          reason: `${d.refusal.code}: ${d.refusal.message}`,
        });
        return d;
      }
      if (d.events.length > 0) await this.#audit.appendMany(d.events.map((e) => toEntry(e, cmd)));
      for (const e of d.events) this.#state = evolve(this.#state, e);
      this.#events.push(...d.events);
      return d;
    };
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Like `execute`, but a refusal throws a coded `approval.<code>` error (for HTTP handlers). */
  async executeOrThrow(cmd: ApprovalCommand): Promise<readonly ApprovalEvent[]> {
    const d = await this.execute(cmd);
    if (d.ok) return d.events;
    throw new AetherError({
      code: `approval.${d.refusal.code}`,
      message: d.refusal.message,
      hint: 'See the approval rules in docs/governance.md.',
      kind:
        d.refusal.code === 'not-authorized' || d.refusal.code === 'agent-cannot-decide'
          ? 'forbidden'
          : d.refusal.code === 'unknown-proposal'
            ? 'not-found'
            : 'conflict',
    });
  }

  /**
   * Rebuilds the inbox from events persisted earlier (e.g. in the EventStore) after a restart.
   * Replayed events are not audited again: they were audited when they happened.
   */
  replay(events: readonly ApprovalEvent[]): void {
    for (const e of events) this.#state = evolve(this.#state, e);
    this.#events.push(...events);
  }

  /** Every event applied so far, oldest first (persist these to survive a restart). */
  events(): readonly ApprovalEvent[] {
    return [...this.#events];
  }

  get(id: string): InboxItem | undefined {
    return this.#state.get(id);
  }

  /** Items, newest first; pending only by default. */
  list(filter: { status?: InboxItem['status'] | 'all' } = {}): readonly InboxItem[] {
    const s = filter.status ?? 'pending';
    return [...this.#state.values()]
      .filter((i) => s === 'all' || i.status === s)
      .sort((a, b) => b.submittedAt - a.submittedAt);
  }
}

function toEntry(e: ApprovalEvent, cmd: ApprovalCommand): Parameters<AuditLog['append']>[0] {
  const by =
    'by' in e
      ? e.by
      : 'by' in cmd
        ? actorId(cmd.by)
        : e.type === 'ProposalSubmitted'
          ? e.requester
          : 'system:inbox';
  const kind = by.startsWith('u:') ? 'user' : by.startsWith('agent:') ? 'agent' : 'system';
  const base = {
    actor: by,
    actorKind: kind,
    action: `approval.${e.type}`,
    time: e.at,
    subject: e.id,
  } as const;
  switch (e.type) {
    case 'ProposalSubmitted':
      return {
        ...base,
        inputs: { proposal: hashRef(e.proposal) },
        decision: e.grade,
        policyVersion: String(e.verdict.policyVersion),
        outcome: 'pending',
        data: { requiredApprovals: e.requiredApprovals, expiresAt: e.expiresAt, notifyRole: e.notifyRole },
      };
    case 'ApprovalRecorded':
      return {
        ...base,
        outcome: 'approval-recorded',
        reason: e.reason,
        data: { count: e.count, required: e.required },
      };
    case 'ProposalApproved':
      return { ...base, outcome: 'approved', data: { approvers: e.approvers } };
    case 'ProposalRejected':
      return { ...base, outcome: 'rejected', reason: e.reason };
    case 'ProposalExpired':
      return { ...base, outcome: 'expired' };
    case 'ProposalEscalated':
      return { ...base, outcome: 'escalated', data: { level: e.level, toRole: e.toRole } };
    case 'ProposalAcknowledged':
      return { ...base, outcome: 'acknowledged' };
  }
}
