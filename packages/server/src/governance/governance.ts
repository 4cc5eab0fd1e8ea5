import type { AuditStore, Clock, SignatureVerifier, Signer } from '@aethercore/core';
import {
  AuditLog,
  IdentityDirectory,
  PolicyRegistry,
  Sentinel,
  hashRef,
  readPolicyHistory,
  verifierKeyOf,
  type ApprovalConfig,
  type IdentitySnapshot,
  type PasswordHasher,
  type PolicyDocument,
  type VerifierKey,
} from '@aethercore/governance';
import { SessionTokens, type SessionStore } from './session-tokens.ts';

/** The log's name on every checkpoint; the CLI's `aethercore audit` uses the same default origin. */
export const AUDIT_ORIGIN = 'aethercore.local/audit';

/**
 * Everything the HTTP layer needs from Sentinel: the audit log, the one door for actuations
 * (verifier, inbox, stop gate, ledger), who is who, and the login sessions.
 */
export interface Governance {
  readonly log: AuditLog;
  readonly sentinel: Sentinel;
  readonly identities: IdentityDirectory;
  readonly sessions: SessionTokens;
  readonly clock: Clock;
  /** A fresh random API token for `POST /api/tokens` (shown once, stored as a hash). */
  readonly newApiToken: () => string;
  /** The log's public key (for clients verifying checkpoints); undefined without a signer. */
  readonly logKey: VerifierKey | undefined;
  /** Checks checkpoint signatures (Ed25519); undefined without a signer. */
  readonly signatureVerifier: SignatureVerifier | undefined;
  /** The plant state version proposals are verified against (the twin's, in the live mode). */
  readonly stateVersion: () => number;
}

export interface GovernanceOptions {
  readonly store: AuditStore;
  readonly clock: Clock;
  readonly policy: PolicyDocument;
  /** The plant's current value of a setpoint target (`ST07/speedFactor`), for the policy's max-step check. */
  readonly currentValue?: (target: string) => number | undefined;
  readonly hasher: PasswordHasher;
  /** A fresh random bearer token (the composition root passes `randomApiToken`). */
  readonly newToken: () => string;
  /** A fresh random API token; `newToken` when absent. */
  readonly newApiToken?: () => string;
  readonly signer?: Signer;
  readonly signatureVerifier?: SignatureVerifier;
  /** Restored identities (`IdentityDirectory.snapshot()`); an empty directory otherwise. */
  readonly identities?: IdentitySnapshot;
  readonly stateVersion?: () => number;
  /** The plant's own clock (the twin's time), for the evidence's plant age; wall time only when absent. */
  readonly plantClock?: Clock;
  readonly approvalConfig?: Partial<ApprovalConfig>;
  readonly sessionTtlMs?: number;
  readonly sessionIdleMs?: number;
  /** Durable sign-in sessions (token hashes); memory only when absent. */
  readonly sessionStore?: SessionStore;
  /** Durable identities: called with the directory's snapshot after every change. */
  readonly persistIdentities?: (snapshot: IdentitySnapshot) => void | Promise<void>;
  /** Durable record of an API token's last use (`SqliteIdentityStore.touchToken`); at most once a minute per token. */
  readonly recordTokenUse?: (hash: string, lastUsedAt: number) => void | Promise<void>;
  /** The policy's source text and where it came from (`<dataDir>/policy.yaml`, `policies/default.yaml`). */
  readonly policyText?: string;
  readonly policySource?: string;
  /** Durable storage of an accepted policy change, before it takes effect (`<dataDir>/policy.yaml`). */
  readonly persistPolicy?: (doc: PolicyDocument, text: string | undefined) => void | Promise<void>;
  /** Periodic signed checkpoints (clock time); default one a minute when a signer is given. */
  readonly checkpointEveryMs?: number;
}

/** Wires Sentinel over one audit store (the order of docs/governance.md, "Wiring it in the server"). */
export async function createGovernance(o: GovernanceOptions): Promise<Governance> {
  const log = await AuditLog.open(o.store, {
    clock: o.clock,
    origin: AUDIT_ORIGIN,
    ...(o.signer === undefined ? {} : { signer: o.signer, checkpointEveryMs: o.checkpointEveryMs ?? 60_000 }),
  });
  // The history comes from the audit log (the record); a policy the log has not seen yet (the
  // shipped default at the first start, or a file edited outside the API) is recorded as loaded.
  const history = await readPolicyHistory(log);
  const hash = hashRef(o.policy);
  const last = history.at(-1);
  if (last === undefined || last.hash !== hash || last.version !== o.policy.version) {
    const { index } = await log.append({
      actor: 'system:startup',
      actorKind: 'system',
      action: 'policy.loaded',
      time: o.clock.now(),
      subject: `policy v${o.policy.version}`,
      inputs: { after: hash },
      policyVersion: String(o.policy.version),
      outcome: 'done',
      reason: `loaded from ${o.policySource ?? 'the configuration'}${last === undefined ? '' : ' (differs from the last audited version)'}`,
    });
    history.push({
      version: o.policy.version,
      hash,
      changedBy: 'system:startup',
      time: o.clock.now(),
      reason: `loaded from ${o.policySource ?? 'the configuration'}`,
      auditIndex: index,
    });
  }
  const policy = new PolicyRegistry({
    initial: o.policy,
    clock: o.clock,
    audit: log,
    history,
    ...(o.policyText === undefined ? {} : { initialText: o.policyText }),
    ...(o.persistPolicy === undefined ? {} : { persist: o.persistPolicy }),
  });
  const dirOptions = {
    hasher: o.hasher,
    clock: o.clock,
    audit: log,
    ...(o.persistIdentities === undefined ? {} : { persist: o.persistIdentities }),
    ...(o.recordTokenUse === undefined ? {} : { recordTokenUse: o.recordTokenUse }),
  };
  const identities =
    o.identities === undefined
      ? new IdentityDirectory(dirOptions)
      : IdentityDirectory.fromSnapshot(o.identities, dirOptions);
  const sentinel = new Sentinel({
    log,
    clock: o.clock,
    policy,
    ...(o.approvalConfig === undefined ? {} : { approvalConfig: o.approvalConfig }),
    ...(o.currentValue === undefined ? {} : { currentValue: o.currentValue }),
    ...(o.plantClock === undefined ? {} : { plantClock: o.plantClock }),
  });
  return {
    log,
    sentinel,
    identities,
    sessions: new SessionTokens({
      clock: o.clock,
      newToken: o.newToken,
      ...(o.sessionTtlMs === undefined ? {} : { ttlMs: o.sessionTtlMs }),
      ...(o.sessionIdleMs === undefined ? {} : { idleMs: o.sessionIdleMs }),
      ...(o.sessionStore === undefined ? {} : { store: o.sessionStore }),
    }),
    clock: o.clock,
    newApiToken: o.newApiToken ?? o.newToken,
    logKey: o.signer === undefined ? undefined : verifierKeyOf(o.signer),
    signatureVerifier: o.signatureVerifier,
    stateVersion: o.stateVersion ?? (() => 0),
  };
}
