import { AetherError, type Clock } from '@aethercore/core';
import type { Principal } from '../access/principal.ts';
import { hashRef } from '../audit/audit-entry.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { ApprovalInbox } from '../approvals/approval-inbox.ts';
import type { ApprovalConfig } from '../approvals/approval-model.ts';
import { ActionGate } from '../oversight/action-gate.ts';
import { ActionLedger } from '../policy/action-ledger.ts';
import { runsWithoutApproval } from '../policy/autonomy.ts';
import type { PolicyRegistry } from '../policy/policy-registry.ts';
import type { ActionProposal, TwinEvidence } from '../verifier/action-proposal.ts';
import {
  verifyAndAudit,
  type DomainInvariantChecker,
  type Verdict,
  type VerifyContext,
} from '../verifier/verify-proposal.ts';

export interface SentinelOptions {
  readonly log: AuditLog;
  readonly clock: Clock;
  readonly policy: PolicyRegistry;
  readonly invariants?: readonly DomainInvariantChecker[];
  readonly currentValue?: (target: string) => number | undefined;
  readonly approvalConfig?: Partial<ApprovalConfig>;
  readonly kpiTolerance?: number;
  /**
   * The plant's own clock (the twin's simulation time), for the evidence's plant age
   * (`evidenceMaxPlantAgeS`). Without it only the wall-time limit applies.
   */
  readonly plantClock?: Clock;
}

export type ReviewRoute = 'execute' | 'inbox' | 'rejected';

/**
 * Sentinel's one door for actuations: `review` verifies a proposal (audited) and routes it — run it
 * now (within limits), put it in the approval inbox, or reject it; `execute` verifies it *again*
 * against the current state, demands the approvals its grade now needs, runs it through the stop
 * gate (audited before it starts) and records it in the ledger for rate and money limits.
 * Agents get no other way to act.
 */
export class Sentinel {
  readonly log: AuditLog;
  readonly policy: PolicyRegistry;
  readonly inbox: ApprovalInbox;
  readonly gate: ActionGate;
  readonly ledger = new ActionLedger();
  /** The plant's clock the evidence's plant age is judged by (undefined: wall time only). */
  readonly plantClock: Clock | undefined;
  readonly #clock: Clock;
  readonly #options: SentinelOptions;
  readonly #executed = new Set<string>();

  constructor(options: SentinelOptions) {
    this.log = options.log;
    this.policy = options.policy;
    this.#clock = options.clock;
    this.plantClock = options.plantClock;
    this.#options = options;
    this.inbox = new ApprovalInbox({
      audit: options.log,
      ...(options.approvalConfig === undefined ? {} : { config: options.approvalConfig }),
    });
    this.gate = new ActionGate({ audit: options.log, clock: options.clock });
  }

  #context(stateVersion: number, refreshed = false): VerifyContext {
    const o = this.#options;
    return {
      ...(refreshed ? { refreshed: true } : {}),
      policy: this.policy.current,
      now: this.#clock.now(),
      stateVersion,
      ...(o.plantClock === undefined ? {} : { plantNow: o.plantClock.now() }),
      ledger: this.ledger,
      ...(o.currentValue === undefined ? {} : { currentValue: o.currentValue }),
      ...(o.invariants === undefined ? {} : { invariants: o.invariants }),
      ...(o.kpiTolerance === undefined ? {} : { kpiTolerance: o.kpiTolerance }),
    };
  }

  /**
   * After a restart: refills the ledger from the audit log (intent entries of actions started since
   * `since`, which carry their action class and amount), so rate and daily-money limits do not reset.
   * Reads backwards in pages and stops at the first page entirely older than `since`.
   */
  async restoreLedger(since: number): Promise<number> {
    const PAGE = 5000;
    const found: { actionClass: string; time: number; amount?: number }[] = [];
    for (let hi = this.log.size; hi > 0; hi -= PAGE) {
      const rows = await this.log.entries(Math.max(0, hi - PAGE), hi);
      let newest = Number.NEGATIVE_INFINITY;
      for (const r of rows) {
        const e = r.entry;
        if (e === undefined) continue;
        newest = Math.max(newest, e.time);
        const l = (e.data as { ledger?: { actionClass?: unknown; amount?: unknown } } | undefined)?.ledger;
        if (e.outcome !== 'started' || e.time < since || typeof l?.actionClass !== 'string') continue;
        found.push({
          actionClass: l.actionClass,
          time: e.time,
          ...(typeof l.amount === 'number' ? { amount: l.amount } : {}),
        });
      }
      if (newest < since) break;
    }
    found.sort((a, b) => a.time - b.time);
    for (const f of found) this.ledger.record(f);
    return found.length;
  }

  /** Verifies (audited) and routes a proposal; proposals that need approval enter the inbox. */
  async review(
    proposal: ActionProposal,
    requester: Principal,
    stateVersion: number,
  ): Promise<{ verdict: Verdict; route: ReviewRoute }> {
    const verdict = await verifyAndAudit(proposal, this.#context(stateVersion), this.log);
    if (!verdict.pass) return { verdict, route: 'rejected' };
    if (runsWithoutApproval(verdict.grade)) return { verdict, route: 'execute' };
    const d = await this.inbox.execute({
      type: 'SubmitProposal',
      proposal,
      verdict,
      requester,
      time: this.#clock.now(),
    });
    return { verdict, route: d.ok ? 'inbox' : 'rejected' };
  }

  /**
   * Runs a proposal's action once: re-verified now, approved if its grade needs it, through the stop gate.
   *
   * `options.evidence`: twin evidence re-simulated from the current state (the approved evidence went
   * stale while the proposal waited). The approval stays bound to the proposal as approved (same
   * hash); the verification runs on the proposal with the fresh evidence, under the refresh rule
   * (each approved KPI delta keeps its sign and at least half its size, see `VerifyContext.refreshed`),
   * and the intent entry names both the approved proposal and the fresh evidence.
   */
  async execute<T>(
    proposal: ActionProposal,
    actor: Principal,
    stateVersion: number,
    run: () => T | Promise<T>,
    options: { readonly evidence?: TwinEvidence } = {},
  ): Promise<T> {
    if (this.#executed.has(proposal.id)) {
      throw new AetherError({
        code: 'sentinel.already-executed',
        message: `Proposal '${proposal.id}' has already run.`,
        hint: 'Propose again for a new action.',
        kind: 'conflict',
      });
    }
    const fresh = options.evidence;
    const checked = fresh === undefined ? proposal : { ...proposal, evidence: fresh };
    const verdict = await verifyAndAudit(checked, this.#context(stateVersion, fresh !== undefined), this.log);
    if (!verdict.pass) {
      throw new AetherError({
        code: 'sentinel.verification-failed',
        message: `Proposal '${proposal.id}' no longer passes verification: ${verdict.reasons.map((r) => r.message).join('; ')}.`,
        hint: 'Simulate again from the current state and propose again.',
        kind: 'conflict',
        details: { reasons: verdict.reasons.map((r) => r.code) },
      });
    }
    if (!runsWithoutApproval(verdict.grade)) {
      const item = this.inbox.get(proposal.id);
      const approvals = item?.status === 'approved' ? item.approvals.length : 0;
      if (
        approvals < verdict.approvalsRequired ||
        (item !== undefined && hashRef(item.proposal) !== hashRef(proposal))
      ) {
        throw new AetherError({
          code: 'sentinel.not-approved',
          message: `Proposal '${proposal.id}' needs ${verdict.approvalsRequired} approval(s) (${verdict.grade}); it has ${approvals}.`,
          hint: 'Approve it in the inbox (two distinct people for two-person actions).',
          kind: 'forbidden',
        });
      }
    }
    this.#executed.add(proposal.id);
    const cls = proposal.actionClass ?? this.policy.current.tools[proposal.tool]?.actionClass;
    const amount = proposal.change.money?.amount;
    try {
      const value = await this.gate.run(
        {
          data: {
            ledger: {
              ...(cls === undefined ? {} : { actionClass: cls }),
              ...(amount === undefined ? {} : { amount }),
            },
            ...(fresh === undefined
              ? {}
              : { evidenceRefreshed: { simulatedAt: fresh.simulatedAt, stateVersion: fresh.stateVersion } }),
          },
          actor,
          action: `action.${proposal.tool}`,
          subject: proposal.id,
          inputs: {
            proposal: hashRef(proposal),
            ...(fresh === undefined ? {} : { evidence: hashRef(fresh) }),
          },
          policyVersion: String(verdict.policyVersion),
          decision: verdict.grade,
        },
        run,
      );
      return value;
    } catch (e) {
      // A refused or failed start may be retried with a fresh verification; a started action never runs twice.
      if (
        (e as { code?: string }).code === 'gate.stopped' ||
        (e as { code?: string }).code === 'audit.unavailable'
      )
        this.#executed.delete(proposal.id);
      throw e;
    } finally {
      if (this.#executed.has(proposal.id) && cls !== undefined) {
        this.ledger.record({
          actionClass: cls,
          time: this.#clock.now(),
          ...(amount === undefined ? {} : { amount }),
        });
      }
    }
  }
}
