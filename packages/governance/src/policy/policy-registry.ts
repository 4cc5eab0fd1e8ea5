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
  /** The audit entry that recorded the change (absent for the initial policy of a fresh log). */
  readonly auditIndex?: number;
}

export interface PolicyRegistryOptions {
  readonly initial: PolicyDocument;
  readonly clock: Clock;
  readonly audit: AuditLog;
  /** The initial policy's source text (YAML/JSON), kept so the editor shows what a human wrote. */
  readonly initialText?: string;
  /** Versions restored from the audit log (`readPolicyHistory`); the initial record is derived otherwise. */
  readonly history?: readonly PolicyVersionRecord[];
  /**
   * Durable storage of the accepted policy, called after its audit entry and *before* it takes
   * effect. If it throws, the change does not happen (a `failed` entry follows) and the error propagates.
   */
  readonly persist?: (doc: PolicyDocument, text: string | undefined) => void | Promise<void>;
}

/**
 * The live, versioned policy. Only a human holding `policy.change` can replace it, and the change is
 * audited *before* it takes effect (a change that cannot be logged does not happen). Agents cannot
 * change policy: the method takes a `HumanPrincipal`, and the runtime check rejects — and audits —
 * any agent identity smuggled past the types.
 */
export class PolicyRegistry {
  #current: PolicyDocument;
  #text: string | undefined;
  readonly #history: PolicyVersionRecord[] = [];
  readonly #clock: Clock;
  readonly #audit: AuditLog;
  readonly #persist: PolicyRegistryOptions['persist'];

  constructor(options: PolicyRegistryOptions) {
    this.#current = options.initial;
    this.#text = options.initialText;
    this.#clock = options.clock;
    this.#audit = options.audit;
    this.#persist = options.persist;
    const hash = hashRef(options.initial);
    const restored = (options.history ?? []).filter((r) => r.version <= options.initial.version);
    this.#history.push(...restored);
    const last = restored.at(-1);
    if (last === undefined || last.version !== options.initial.version || last.hash !== hash) {
      this.#history.push({
        version: options.initial.version,
        hash,
        changedBy: 'system:initial',
        time: options.clock.now(),
        reason:
          last === undefined ? 'initial policy' : 'loaded from the policy file (not changed through the API)',
      });
    }
  }

  get current(): PolicyDocument {
    return this.#current;
  }

  /** The source text of the current policy when it came as text; undefined for a JSON object. */
  get currentText(): string | undefined {
    return this.#text;
  }

  history(): readonly PolicyVersionRecord[] {
    return [...this.#history];
  }

  /** `text`, when given, is the source `next` was parsed from; it is what gets persisted. */
  async change(by: HumanPrincipal, next: unknown, reason: string, text?: string): Promise<PolicyDocument> {
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
    const { index } = await this.#audit.append({
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
    if (this.#persist !== undefined) {
      try {
        await this.#persist(doc, text);
      } catch (e) {
        await this.#audit
          .append({
            actor,
            actorKind: 'user',
            action: 'policy.changed',
            time,
            subject: `policy v${doc.version}`,
            policyVersion: String(this.#current.version),
            outcome: 'failed',
            reason: 'the policy file could not be written; the change did not take effect',
          })
          .catch(() => undefined);
        throw new AetherError({
          code: 'policy.store-failed',
          message: `The new policy could not be saved (${(e as Error).message ?? 'unknown'}); v${this.#current.version} stays in force.`,
          hint: 'Check the data directory (disk space, permissions) and try again.',
          category: 'system',
          kind: 'unavailable',
          cause: e,
        });
      }
    }
    this.#current = doc;
    this.#text = text;
    this.#history.push({ version: doc.version, hash, changedBy: actor, time, reason, auditIndex: index });
    return doc;
  }
}
