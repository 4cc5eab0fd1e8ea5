import { AetherError, isAetherError, type Logger } from '@aethercore/core';
import {
  actorId,
  evidenceAgeReasons,
  hashRef,
  type ActionProposal,
  type Principal,
  type TwinEvidence,
} from '@aethercore/governance';
import type { TwinCommand } from '@aethercore/twin';
import type { CallOutcome, OpcUaActuator, OperationStatus, ReadOutcome } from '@aethercore/adapter-opcua';
import type { Governance } from '../governance/governance.ts';
import {
  planActuation,
  type ActuationPlan,
  type ActuationTargets,
  type ReadBack,
} from './actuation-actions.ts';

/** The OPC UA operations Dexter needs (the adapter's `OpcUaActuator`, or a stand-in in unit tests). */
export type PlantActuator = Pick<OpcUaActuator, 'call' | 'write' | 'read'>;

export interface DexterGatewayOptions {
  readonly governance: Governance;
  readonly actuator: PlantActuator;
  readonly targets: ActuationTargets;
  readonly logger: Logger;
  /** The agent identity Dexter acts as (default `dexter`). */
  readonly identity?: string;
  /** How long the read-back may take to show the effect (default 5 s), polled every `verifyIntervalMs` (100 ms). */
  readonly verifyTimeoutMs?: number;
  readonly verifyIntervalMs?: number;
  /**
   * Re-simulates a proposal's change from the plant's current state (the live mode passes the agent
   * team's twin what-if, `refreshEvidence` in `@aethercore/agents`, run in a worker thread). Used only
   * when the approved evidence has gone stale; without it a stale proposal is refused as before.
   */
  readonly refreshEvidence?: EvidenceRefresher;
}

/** A refresh's answer: the fresh evidence, or why there is none (`code` when the failure has one, e.g. a worker timeout). */
export type EvidenceRefreshResult =
  | { readonly ok: true; readonly evidence: TwinEvidence }
  | { readonly ok: false; readonly reason: string; readonly code?: string };

/** Synchronous (on the caller's thread) or asynchronous (a worker thread); Dexter awaits either. */
export type EvidenceRefresher = (
  proposal: ActionProposal,
  command: TwinCommand,
) => EvidenceRefreshResult | Promise<EvidenceRefreshResult>;

/**
 * What became of one proposal:
 * - `verified`: written and the effect read back from the plant;
 * - `unverified`: the plant accepted it but the read-back did not show the effect in time;
 * - `plant-rejected`: the plant answered a Bad status (e.g. `BadOutOfRange`), nothing changed;
 * - `timeout`: no answer in time (effect unknown; the read-back is still tried and reported);
 * - `refused`: not started (unknown action, not approved, verification failed, stop-all, audit down).
 */
export type ActuationOutcome =
  | {
      readonly status: 'verified';
      readonly id: string;
      readonly statusCode: string;
      readonly observed: unknown;
    }
  | {
      readonly status: 'unverified';
      readonly id: string;
      readonly statusCode: string;
      readonly observed: unknown;
    }
  | { readonly status: 'plant-rejected'; readonly id: string; readonly statusCode: string }
  | {
      readonly status: 'timeout';
      readonly id: string;
      readonly statusCode: string;
      readonly observed: unknown;
    }
  | { readonly status: 'refused'; readonly id: string; readonly code: string; readonly message: string };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Dexter, the guarded actuation gateway: the only path from an approved (or within-limits) proposal
 * to the plant. Every proposal is mapped through the one action table; then `sentinel.execute`
 * re-verifies it against the current state and policy, checks its approvals, writes the intent to
 * the audit log (no write without its entry; nothing starts after stop-all), and only inside that
 * gate is the OPC UA Method called or the setpoint written. Afterwards the effect is read back from
 * the plant and the verification is audited (`actuation.verified` / `actuation.unverified`).
 */
export class DexterGateway {
  readonly #o: DexterGatewayOptions;
  /** OPC UA writes/calls started (counted immediately before the request leaves). */
  #writes = 0;

  constructor(options: DexterGatewayOptions) {
    this.#o = options;
  }

  get writes(): number {
    return this.#writes;
  }

  /** An in-process agent proposes: Sentinel reviews it; within limits, Dexter executes it at once. */
  async proposeAndExecute(
    proposal: ActionProposal,
    requester: Principal,
  ): Promise<ActuationOutcome | { readonly status: 'inbox' | 'rejected'; readonly id: string }> {
    const gov = this.#o.governance;
    const { route } = await gov.sentinel.review(proposal, requester, gov.stateVersion());
    if (route !== 'execute') return { status: route, id: String(proposal.id) };
    return this.execute(proposal);
  }

  /** Executes one proposal (approved in the inbox, or within limits). Never throws for expected outcomes. */
  async execute(proposal: ActionProposal): Promise<ActuationOutcome> {
    const gov = this.#o.governance;
    const id = typeof proposal?.id === 'string' ? proposal.id : '?';
    const me = gov.identities.get(this.#o.identity ?? 'dexter');
    if (me === undefined || me.kind !== 'agent') {
      return this.#refused(
        id,
        proposal,
        new AetherError({
          code: 'dexter.identity-missing',
          message: `No agent identity '${this.#o.identity ?? 'dexter'}'.`,
          hint: 'Seed the dexter agent identity (demo identities do).',
        }),
        undefined,
      );
    }
    const planned = planActuation(proposal, this.#o.targets);
    if (!planned.ok) return this.#refused(id, proposal, planned.error, me);
    const plan = planned.value;
    let status: OperationStatus;
    const evidence = await this.#refreshIfStale(id, proposal, plan, me);
    try {
      status = await gov.sentinel.execute(
        proposal,
        me,
        gov.stateVersion(),
        async () => {
          const s = await this.#perform(plan);
          if (s.good) return s;
          // A Bad status fails the gated action: its outcome entry carries the OPC UA status.
          throw new AetherError({
            code: s.statusCode === 'BadTimeout' ? 'actuation.timeout' : 'actuation.plant-rejected',
            message: `${plan.action.command} on the plant: ${s.statusCode} (0x${s.code.toString(16).padStart(8, '0')}).`,
            hint:
              s.statusCode === 'BadTimeout'
                ? 'The effect is unknown; Dexter reads back to find out.'
                : 'The plant refused the command; nothing was changed.',
            kind: 'conflict',
            details: { statusCode: s.statusCode },
          });
        },
        evidence === undefined ? {} : { evidence },
      );
    } catch (e) {
      const err = isAetherError(e)
        ? e
        : new AetherError({
            code: 'actuation.failed',
            message: e instanceof Error ? e.message : String(e),
            hint: 'See the log.',
            cause: e,
          });
      const statusCode =
        typeof err.details?.['statusCode'] === 'string' ? err.details['statusCode'] : undefined;
      if (err.code === 'actuation.timeout' && statusCode !== undefined) {
        const observed = await this.#verify(id, me, plan, statusCode);
        return observed.ok
          ? { status: 'verified', id, statusCode, observed: observed.value }
          : { status: 'timeout', id, statusCode, observed: observed.value };
      }
      if (err.code === 'actuation.plant-rejected' && statusCode !== undefined) {
        this.#o.logger.log('warn', 'actuation rejected by the plant', { id, statusCode });
        return { status: 'plant-rejected', id, statusCode };
      }
      // Refused before anything was written. The gate audits a stop itself; an unavailable store cannot be
      // written; every other refusal (not approved, verification failed, already run) is audited here.
      if (err.code === 'gate.stopped' || err.code === 'audit.unavailable') {
        this.#o.logger.log('warn', 'actuation refused', { id, code: err.code, message: err.message });
        return { status: 'refused', id, code: err.code, message: err.message };
      }
      return this.#refused(id, proposal, err, me);
    }
    const observed = await this.#verify(id, me, plan, status.statusCode);
    return observed.ok
      ? { status: 'verified', id, statusCode: status.statusCode, observed: observed.value }
      : { status: 'unverified', id, statusCode: status.statusCode, observed: observed.value };
  }

  /**
   * An approval can come long after the proposal: if its evidence is stale now (by the verifier's own
   * rule, `evidenceAgeReasons`: another state version, older than the policy's `evidenceMaxAgeS` of
   * wall time or `evidenceMaxPlantAgeS` of plant time), the change is simulated again from the current
   * state and Sentinel judges the approved claim against that (audited as `evidence.refreshed`).
   * When the twin cannot re-simulate it, nothing is refreshed and Sentinel refuses the stale evidence.
   */
  async #refreshIfStale(
    id: string,
    proposal: ActionProposal,
    plan: ActuationPlan,
    me: Principal,
  ): Promise<TwinEvidence | undefined> {
    const refresher = this.#o.refreshEvidence;
    const ev = proposal.evidence;
    if (refresher === undefined || ev === undefined) return undefined;
    const gov = this.#o.governance;
    const now = gov.clock.now();
    const plantNow = gov.sentinel.plantClock?.now();
    const stale = evidenceAgeReasons(ev, {
      policy: gov.sentinel.policy.current,
      now,
      stateVersion: gov.stateVersion(),
      ...(plantNow === undefined ? {} : { plantNow }),
    });
    if (stale.length === 0) return undefined;
    let r: EvidenceRefreshResult;
    try {
      r = await refresher(proposal, plan.command);
    } catch (e) {
      r = { ok: false, reason: e instanceof Error ? e.message : String(e) };
    }
    const plantAge =
      plantNow === undefined || ev.plantTime === undefined
        ? ''
        : `, ${Math.round((plantNow - ev.plantTime) / 1000)} s of plant time`;
    await gov.log
      .append({
        actor: actorId(me),
        actorKind: 'agent',
        action: 'evidence.refreshed',
        // After the refresh (a worker thread takes a while): the trail stays in time order.
        time: gov.clock.now(),
        outcome: r.ok ? 'done' : 'failed',
        subject: id.slice(0, 100),
        reason: r.ok
          ? `approved evidence was ${Math.round((now - ev.simulatedAt) / 1000)} s old${plantAge} (state v${ev.stateVersion}); ${plan.action.command} simulated again from state v${r.evidence.stateVersion}`
          : `approved evidence is stale and could not be simulated again: ${r.reason}`.slice(0, 1000),
        data: {
          stale: stale.map((x) => x.code),
          before: ev.kpis,
          ...(r.ok
            ? {
                after: r.evidence.kpis,
                horizonMs: r.evidence.horizonMs ?? null,
                plantTime: r.evidence.plantTime ?? null,
              }
            : r.code === undefined
              ? {}
              : { code: r.code }),
        },
      })
      .catch((e: unknown) =>
        this.#o.logger.log('error', 'audit of an evidence refresh failed', { id, error: String(e) }),
      );
    this.#o.logger.log(
      r.ok ? 'info' : 'warn',
      r.ok ? 'stale evidence simulated again' : 'stale evidence not refreshed',
      { id, ...(r.ok ? {} : { reason: r.reason }) },
    );
    return r.ok ? r.evidence : undefined;
  }

  /** Inside the gate, after the intent is durable and the stop was checked. */
  #perform(plan: ActuationPlan): Promise<OperationStatus> {
    const op = plan.operation;
    this.#writes++;
    return op.op === 'call'
      ? this.#o.actuator.call(op.objectId, op.method, op.args)
      : this.#o.actuator.write(op.seriesId, op.value);
  }

  /** Polls the read-back until it shows the effect or the time is up; audits the result either way. */
  async #verify(
    id: string,
    me: Principal,
    plan: ActuationPlan,
    statusCode: string,
  ): Promise<{ ok: boolean; value: unknown }> {
    const until = Date.now() + (this.#o.verifyTimeoutMs ?? 5_000);
    let last: { ok: boolean; value: unknown } = { ok: false, value: undefined };
    for (;;) {
      last = await this.#readBack(plan.readBack);
      if (last.ok || Date.now() >= until) break;
      await sleep(this.#o.verifyIntervalMs ?? 100);
    }
    const gov = this.#o.governance;
    await gov.log
      .append({
        actor: actorId(me),
        actorKind: 'agent',
        action: last.ok ? 'actuation.verified' : 'actuation.unverified',
        time: gov.clock.now(),
        outcome: last.ok ? 'done' : 'failed',
        subject: id,
        reason: last.ok
          ? `${plan.action.command}: the plant reads back the effect`
          : `${plan.action.command}: the read-back did not show the effect (last: ${JSON.stringify(last.value) ?? 'nothing'})`,
        data: {
          command: plan.command,
          statusCode,
          readBack: describeReadBack(plan.readBack),
          observed: last.value ?? null,
        },
      })
      .catch((e: unknown) =>
        this.#o.logger.log('error', 'audit of a read-back failed', { id, error: String(e) }),
      );
    this.#o.logger.log(last.ok ? 'info' : 'warn', last.ok ? 'actuation verified' : 'actuation not verified', {
      id,
      command: plan.action.command,
      observed: last.value,
    });
    return last;
  }

  async #readBack(rb: ReadBack): Promise<{ ok: boolean; value: unknown }> {
    if (rb.kind === 'value') {
      const r: ReadOutcome = await this.#o.actuator.read(rb.seriesId);
      if (!r.good || r.value === undefined) return { ok: false, value: r.statusCode };
      const v = typeof r.value === 'boolean' || typeof rb.expect !== 'boolean' ? r.value : r.value !== 0;
      const ok =
        typeof rb.expect === 'number' && typeof v === 'number'
          ? Math.abs(v - rb.expect) <= (rb.tolerance ?? 0)
          : v === rb.expect;
      return { ok, value: v };
    }
    const r: CallOutcome = await this.#o.actuator.call(rb.lineId, 'GetOrderStatus', [
      { dataType: 'String', value: rb.order },
    ]);
    if (!r.good) return { ok: false, value: r.statusCode };
    const [status, priority] = r.outputs;
    const ok =
      (rb.expectStatus === undefined || status === rb.expectStatus) &&
      (rb.expectPriority === undefined || priority === rb.expectPriority);
    return { ok, value: { status, priority } };
  }

  /** Nothing is written; the refusal is audited (if the log is down, it is logged and still refused). */
  async #refused(
    id: string,
    proposal: ActionProposal,
    err: AetherError,
    me: Principal | undefined,
  ): Promise<ActuationOutcome> {
    const gov = this.#o.governance;
    let ref: string | undefined;
    try {
      ref = hashRef(proposal);
    } catch {
      ref = undefined;
    }
    await gov.log
      .append({
        actor: me === undefined ? 'agent:dexter' : actorId(me),
        actorKind: 'agent',
        action: 'actuation.refused',
        time: gov.clock.now(),
        outcome: 'refused',
        subject: id.slice(0, 100),
        reason: err.message.slice(0, 1000),
        ...(ref === undefined ? {} : { inputs: { proposal: ref } }),
        data: { code: err.code, ...(err.path === undefined ? {} : { path: err.path }) },
      })
      .catch((e: unknown) =>
        this.#o.logger.log('error', 'audit of a refused actuation failed', { id, error: String(e) }),
      );
    this.#o.logger.log('warn', 'actuation refused', { id, code: err.code });
    return { status: 'refused', id, code: err.code, message: err.message };
  }
}

function describeReadBack(rb: ReadBack): string {
  return rb.kind === 'value'
    ? `${rb.seriesId} = ${String(rb.expect)}`
    : `${rb.lineId}.GetOrderStatus(${rb.order})${rb.expectStatus === undefined ? '' : ` status ${rb.expectStatus}`}${rb.expectPriority === undefined ? '' : ` priority ${rb.expectPriority}`}`;
}
