import { AetherError, type Clock } from '@aethercore/core';
import type { AuditLog } from '../audit/audit-log.ts';
import { hashRef } from '../audit/audit-entry.ts';
import {
  actorId,
  can,
  forbidden,
  isHuman,
  type HumanPrincipal,
  type Principal,
} from '../access/principal.ts';
import { parsePolicy } from './policy-file.ts';
import type { PolicyDocument } from './policy-schema.ts';

export interface PolicyVersionRecord {
  readonly version: number;
  readonly hash: string;
  readonly changedBy: string;
  readonly time: number;
  readonly reason: string;
}

/**
 * The live, versioned policy. Only a human holding `policy.change` can replace it, and the change is
 * audited *before* it takes effect (a change that cannot be logged does not happen). Agents cannot
 * change policy: the method takes a `HumanPrincipal`, and the runtime check rejects — and audits —
 * any agent identity smuggled past the types.
 */
export class PolicyRegistry {
  #current: PolicyDocument;
  readonly #history: PolicyVersionRecord[] = [];
  readonly #clock: Clock;
  readonly #audit: AuditLog;

  constructor(options: { initial: PolicyDocument; clock: Clock; audit: AuditLog }) {
    this.#current = options.initial;
    this.#clock = options.clock;
    this.#audit = options.audit;
    this.#history.push({
      version: options.initial.version,
      hash: hashRef(options.initial),
      changedBy: 'system:initial',
      time: options.clock.now(),
      reason: 'initial policy',
    });
  }

  get current(): PolicyDocument {
    return this.#current;
  }

  history(): readonly PolicyVersionRecord[] {
    return [...this.#history];
  }

  async change(by: HumanPrincipal, next: unknown, reason: string): Promise<PolicyDocument> {
    const time = this.#clock.now();
    const actor = actorId(by);
    const deny = async (why: string): Promise<void> => {
      await this.#audit.append({
        actor,
        actorKind: (by as Principal).kind === 'agent' ? 'agent' : 'user',
        action: 'policy.change',
        time,
        subject: `policy v${this.#current.version}`,
        policyVersion: String(this.#current.version),
        outcome: 'denied',
        reason: why,
      });
    };
    if (!isHuman(by) || !can(by, 'policy.change')) {
      await deny('actor lacks policy.change (agents can never change policy)');
      throw forbidden(by, 'policy.change', 'change the policy');
    }
    let doc: PolicyDocument;
    try {
      doc = parsePolicy(next);
    } catch (e) {
      await deny(`invalid policy: ${(e as Error).message}`);
      throw e;
    }
    if (doc.version !== this.#current.version + 1) {
      await deny(`version ${doc.version} does not follow ${this.#current.version}`);
      throw new AetherError({
        code: 'policy.version-conflict',
        message: `The new policy must have version ${this.#current.version + 1}, not ${doc.version}.`,
        hint: 'Reload the current policy, edit it, and bump its version by one.',
        kind: 'conflict',
        path: 'version',
      });
    }
    const hash = hashRef(doc);
    await this.#audit.append({
      actor,
      actorKind: 'user',
      action: 'policy.changed',
      time,
      subject: `policy v${doc.version}`,
      inputs: { before: hashRef(this.#current), after: hash },
      policyVersion: String(doc.version),
      outcome: 'done',
      reason,
    });
    this.#current = doc;
    this.#history.push({ version: doc.version, hash, changedBy: actor, time, reason });
    return doc;
  }
}
