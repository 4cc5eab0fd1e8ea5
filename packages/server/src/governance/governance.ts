import type { AuditStore, Clock, SignatureVerifier, Signer } from '@aethercore/core';
import {
  AuditLog,
  IdentityDirectory,
  PolicyRegistry,
  Sentinel,
  verifierKeyOf,
  type ApprovalConfig,
  type IdentitySnapshot,
  type PasswordHasher,
  type PolicyDocument,
  type VerifierKey,
} from '@aethercore/governance';
import { SessionTokens } from './session-tokens.ts';

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
  readonly hasher: PasswordHasher;
  /** A fresh random bearer token (the composition root passes `randomApiToken`). */
  readonly newToken: () => string;
  readonly signer?: Signer;
  readonly signatureVerifier?: SignatureVerifier;
  /** Restored identities (`IdentityDirectory.snapshot()`); an empty directory otherwise. */
  readonly identities?: IdentitySnapshot;
  readonly stateVersion?: () => number;
  readonly approvalConfig?: Partial<ApprovalConfig>;
  readonly sessionTtlMs?: number;
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
  const policy = new PolicyRegistry({ initial: o.policy, clock: o.clock, audit: log });
  const dirOptions = { hasher: o.hasher, clock: o.clock, audit: log };
  const identities =
    o.identities === undefined
      ? new IdentityDirectory(dirOptions)
      : IdentityDirectory.fromSnapshot(o.identities, dirOptions);
  const sentinel = new Sentinel({
    log,
    clock: o.clock,
    policy,
    ...(o.approvalConfig === undefined ? {} : { approvalConfig: o.approvalConfig }),
  });
  return {
    log,
    sentinel,
    identities,
    sessions: new SessionTokens({
      clock: o.clock,
      newToken: o.newToken,
      ...(o.sessionTtlMs === undefined ? {} : { ttlMs: o.sessionTtlMs }),
    }),
    clock: o.clock,
    logKey: o.signer === undefined ? undefined : verifierKeyOf(o.signer),
    signatureVerifier: o.signatureVerifier,
    stateVersion: o.stateVersion ?? (() => 0),
  };
}
