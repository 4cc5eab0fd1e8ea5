import { AetherError, type Clock } from '@aethercore/core';
import {
  actorId,
  can,
  forbidden,
  isHuman,
  type HumanPrincipal,
  type Principal,
} from '../access/principal.ts';
import type { AuditEntryInput } from '../audit/audit-entry.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { auditedAction } from '../audit/audited-action.ts';

/**
 * The stop-all switch and the gate every actuation passes through (EU AI Act Art. 14: a person can
 * stop the system). Once engaged, no action *starts*: the check runs synchronously immediately before
 * the action body, after its audit entry is durable, so there is no await between "not stopped" and
 * "started". Engaging takes effect before anything is written (a broken audit store must not block a
 * stop) and needs one person of any role; resuming needs an authorised human and is audited first.
 */
export interface GatedAction {
  readonly actor: Principal;
  /** What is done, dotted (`setpoint.write`, `purchase-order.place`). */
  readonly action: string;
  readonly subject?: string;
  readonly inputs?: Readonly<Record<string, string>>;
  readonly policyVersion?: string;
  readonly decision?: string;
  /** Small structured details kept with the intent entry (the Sentinel stores action class and amount here). */
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface StopState {
  readonly engaged: boolean;
  /** Increments on every engage: actions can tell which stop refused them. */
  readonly epoch: number;
  readonly by?: string;
  readonly at?: number;
  readonly reason?: string;
}

export class ActionGate {
  #stop: StopState = { engaged: false, epoch: 0 };
  #inFlight = 0;
  readonly #audit: AuditLog;
  readonly #clock: Clock;

  constructor(options: { audit: AuditLog; clock: Clock }) {
    this.#audit = options.audit;
    this.#clock = options.clock;
  }

  get stopped(): boolean {
    return this.#stop.engaged;
  }

  get state(): StopState {
    return this.#stop;
  }

  /** Actions that started and have not finished (they are not interrupted by a stop; the PLC side handles safe states). */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Engages the stop. Effective synchronously, before this function first awaits; the audit entry
   * follows. Returns whether the stop was audited (a stop is never refused because the log is down).
   */
  engage(by: Principal, reason: string): Promise<{ audited: boolean }> {
    const time = this.#clock.now();
    if (!can(by, 'stop.engage')) return Promise.reject(forbidden(by, 'stop.engage', 'engage the stop'));
    this.#stop = { engaged: true, epoch: this.#stop.epoch + 1, by: actorId(by), at: time, reason };
    return this.#audit
      .append({
        actor: actorId(by),
        actorKind: by.kind,
        action: 'stop.engaged',
        time,
        outcome: 'done',
        reason,
        data: { epoch: this.#stop.epoch },
      })
      .then(
        () => ({ audited: true }),
        () => ({ audited: false }),
      );
  }

  /** Resumes after a stop: an authorised human only; the resume is audited before it takes effect. */
  async resume(by: HumanPrincipal, reason: string): Promise<void> {
    const time = this.#clock.now();
    const entry: AuditEntryInput = {
      actor: actorId(by),
      actorKind: (by as Principal).kind,
      action: 'stop.resume',
      time,
      outcome: 'done',
      reason,
    };
    if (!isHuman(by) || !can(by, 'stop.resume')) {
      await this.#audit.append({
        ...entry,
        outcome: 'denied',
        reason: `not authorised to resume: ${reason}`,
      });
      throw forbidden(by, 'stop.resume', 'resume after a stop');
    }
    if (!this.#stop.engaged) return;
    await this.#audit.append(entry);
    this.#stop = { engaged: false, epoch: this.#stop.epoch };
  }

  /**
   * Runs an action through the gate: refused while stopped; otherwise its intent is audited first
   * (no action without its audit entry), the stop is checked again, then the action starts.
   */
  async run<T>(a: GatedAction, fn: () => T | Promise<T>): Promise<T> {
    const time = this.#clock.now();
    const intent: AuditEntryInput = {
      actor: actorId(a.actor),
      actorKind: a.actor.kind,
      action: a.action,
      time,
      outcome: 'started',
      ...(a.subject === undefined ? {} : { subject: a.subject }),
      ...(a.inputs === undefined ? {} : { inputs: a.inputs }),
      ...(a.policyVersion === undefined ? {} : { policyVersion: a.policyVersion }),
      ...(a.decision === undefined ? {} : { decision: a.decision }),
      ...(a.data === undefined ? {} : { data: a.data }),
    };
    if (this.#stop.engaged) {
      await this.#audit
        .append({ ...intent, outcome: 'refused', reason: 'stop-all is engaged' })
        .catch(() => undefined);
      throw this.#stoppedError();
    }
    const result = await auditedAction(
      this.#audit,
      intent,
      () => {
        // The decisive check: synchronous, immediately before the action body.
        if (this.#stop.engaged) throw this.#stoppedError();
        this.#inFlight++;
        let out: T | Promise<T>;
        try {
          out = fn();
        } catch (e) {
          this.#inFlight--;
          throw e;
        }
        return Promise.resolve(out).finally(() => this.#inFlight--);
      },
      () => this.#clock.now(),
    );
    return result.value;
  }

  #stoppedError(): AetherError {
    return new AetherError({
      code: 'gate.stopped',
      message: `Stop-all is engaged (by ${this.#stop.by ?? '?'}: ${this.#stop.reason ?? ''}); no action may start.`,
      hint: 'An authorised human (supervisor, production manager or admin) must resume.',
      kind: 'conflict',
    });
  }
}
