import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { writeFileDurably } from './durable-file.ts';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { AetherError, type Clock, type Logger } from '@aethercore/core';
import {
  formatVerifierKey,
  parsePolicyText,
  verifierKeyOf,
  type ApprovalEvent,
} from '@aethercore/governance';
import {
  Ed25519Signer,
  ScryptPasswordHasher,
  SqliteAuditStore,
  SqliteIdentityStore,
  ed25519Verifier,
  randomApiToken,
} from '@aethercore/adapter-sqlite';
import { AUDIT_ORIGIN, createGovernance, type Governance } from './governance.ts';
import { DEMO_USERS, seedDemoIdentities } from './demo-identities.ts';

export interface LiveGovernance {
  readonly governance: Governance;
  /** Passwords generated at this (first) start, to print once; empty when they came from the env or a snapshot. */
  readonly generatedPasswords: ReadonlyMap<string, string>;
  readonly files: {
    readonly store: string;
    readonly key: string;
    readonly vkey: string;
    /** `identities.db`: users, agents, API-token hashes and sign-in sessions (token hashes), 0600. */
    readonly identities: string;
    readonly inbox: string;
    /** `policy.yaml`: the policy in force, written by `PUT /api/policy` (absent until the first change). */
    readonly policy: string;
  };
  /** Writes the approval inbox's events when they changed (cheap when nothing happened). */
  persist(): void;
  /** Persists the inbox, writes a final checkpoint and closes the store. */
  close(): Promise<void>;
}

/**
 * The live mode's Sentinel on disk, under `dataDir`:
 * - `audit.db`: the SQLite audit store (synchronous FULL: an acknowledged entry survives a power cut);
 * - `keys/audit-log.key`: the log's Ed25519 signing key (PKCS#8, 0600), generated at the first start;
 *   its public verifier key goes to `keys/audit-log.vkey` and `audit-log.vkey` beside the store
 *   (where `aethercore audit verify --store <dataDir>/audit.db` looks by default);
 * - `identities.db`: users, agents, API-token hashes and sign-in sessions as token hashes (never
 *   passwords or tokens), 0600; an `identities.json` of an older version is imported once;
 * - `policy.yaml`: the policy in force once someone changed it through the API (it then wins over
 *   `policyFile`, the shipped default for a fresh data dir);
 * - `inbox-events.json`: the approval inbox's events, replayed at the next start.
 * Unlike the live event/telemetry files these survive restarts: the audit trail is the record.
 */
export async function openLiveGovernance(o: {
  dataDir: string;
  policyFile: string;
  clock: Clock;
  logger: Logger;
  stateVersion: () => number;
  /** The plant's own clock (the twin's time): evidence older than `evidenceMaxPlantAgeS` of it is stale. */
  plantClock?: Clock;
  /** The plant's current setpoint values, for the max-step limit (see GovernanceOptions.currentValue). */
  currentValue?: (target: string) => number | undefined;
  /** One password for every demo user (AETHERCORE_DEMO_PASSWORD); otherwise random ones, printed once. */
  demoPassword?: string | undefined;
}): Promise<LiveGovernance> {
  const keysDir = path.join(o.dataDir, 'keys');
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const files = {
    store: path.join(o.dataDir, 'audit.db'),
    key: path.join(keysDir, 'audit-log.key'),
    vkey: path.join(keysDir, 'audit-log.vkey'),
    identities: path.join(o.dataDir, 'identities.db'),
    inbox: path.join(o.dataDir, 'inbox-events.json'),
    policy: path.join(o.dataDir, 'policy.yaml'),
  };
  const legacyIdentities = path.join(o.dataDir, 'identities.json');
  let signer: Ed25519Signer;
  if (existsSync(files.key)) {
    signer = Ed25519Signer.fromPem(AUDIT_ORIGIN, readFileSync(files.key, 'utf8'));
  } else {
    signer = Ed25519Signer.generate(AUDIT_ORIGIN);
    writeFileSync(files.key, signer.toPem(), { mode: 0o600 });
    chmodSync(files.key, 0o600);
    o.logger.log('info', 'audit log key generated', { key: files.key });
  }
  const vkey = `${formatVerifierKey(verifierKeyOf(signer))}\n`;
  writeFileSync(files.vkey, vkey);
  writeFileSync(path.join(o.dataDir, 'audit-log.vkey'), vkey);

  // The policy changed through the API (persisted in the data dir) wins over the shipped default.
  const policySource = existsSync(files.policy) ? files.policy : o.policyFile;
  let policyText: string;
  try {
    policyText = readFileSync(policySource, 'utf8');
  } catch (e) {
    throw new AetherError({
      code: 'policy.file-missing',
      message: `Cannot read the policy file ${policySource}.`,
      hint: 'Run from the repository root or set AETHERCORE_POLICY to a policy file (see policies/default.yaml).',
      path: 'policy',
      cause: e,
    });
  }
  const policy = parsePolicyText(policyText);

  const store = new SqliteAuditStore(files.store);
  const hasher = new ScryptPasswordHasher();
  if (!existsSync(files.identities)) writeFileSync(files.identities, '', { mode: 0o600 });
  chmodSync(files.identities, 0o600);
  const identityStore = new SqliteIdentityStore(files.identities);
  let snapshot: unknown = identityStore.loadSnapshot();
  if (snapshot === undefined && existsSync(legacyIdentities)) {
    // Identities of an older version (JSON file): imported once, the file kept aside.
    snapshot = JSON.parse(readFileSync(legacyIdentities, 'utf8')) as unknown;
    identityStore.saveSnapshot(snapshot as never);
    renameSync(legacyIdentities, `${legacyIdentities}.imported`);
    o.logger.log('info', 'identities imported into SQLite', { from: legacyIdentities, to: files.identities });
  }
  let governance: Governance;
  try {
    governance = await createGovernance({
      store,
      clock: o.clock,
      policy,
      hasher,
      newToken: () => randomApiToken('acs'),
      newApiToken: () => randomApiToken('act'),
      signer,
      signatureVerifier: ed25519Verifier,
      stateVersion: o.stateVersion,
      ...(o.plantClock === undefined ? {} : { plantClock: o.plantClock }),
      ...(o.currentValue === undefined ? {} : { currentValue: o.currentValue }),
      ...(snapshot === undefined ? {} : { identities: snapshot as never }),
      persistIdentities: (snap) => identityStore.saveSnapshot(snap),
      recordTokenUse: (hash, at) => void identityStore.touchToken(hash, at),
      sessionStore: identityStore,
      policyText,
      policySource,
      persistPolicy: (doc, text) =>
        writeFileDurably(
          files.policy,
          text ?? `# Written by PUT /api/policy (JSON is valid YAML).\n${JSON.stringify(doc, null, 2)}\n`,
        ),
    });
  } catch (e) {
    identityStore.close();
    await store.close();
    throw e;
  }

  const generated = new Map<string, string>();
  if (snapshot === undefined) {
    const passwordOf = (id: string): string => {
      if (o.demoPassword !== undefined && o.demoPassword !== '') return o.demoPassword;
      const p = randomBytes(12).toString('base64url');
      generated.set(id, p);
      return p;
    };
    await seedDemoIdentities(governance.identities, passwordOf);
    o.logger.log('info', 'demo identities created', {
      users: DEMO_USERS.map((u) => u.id),
      file: files.identities,
    });
  }
  // The approval inbox survives restarts: its events (each audited when it happened) are replayed.
  const inbox = governance.sentinel.inbox;
  if (existsSync(files.inbox)) {
    try {
      const events = JSON.parse(readFileSync(files.inbox, 'utf8')) as unknown;
      if (!Array.isArray(events) || !events.every(isEventLike))
        throw new Error('not a list of approval events');
      inbox.replay(events as ApprovalEvent[]);
    } catch (e) {
      // A damaged file must not stop the plant's oversight: keep it aside, start with an empty inbox.
      renameSync(files.inbox, `${files.inbox}.bad`);
      o.logger.log('warn', 'approval inbox events unreadable; starting empty', {
        file: files.inbox,
        error: String(e),
      });
    }
  }
  let saved = inbox.events().length;
  const persist = (): void => {
    const events = inbox.events();
    if (events.length === saved) return;
    const tmp = `${files.inbox}.tmp`;
    writeFileSync(tmp, JSON.stringify(events), { mode: 0o600 });
    renameSync(tmp, files.inbox);
    saved = events.length;
  };
  // Rate and daily-money limits must not reset with a restart: refill the ledger from the log.
  await governance.sentinel.restoreLedger(o.clock.now() - 86_400_000);

  // A signed checkpoint at every start, so `aethercore audit verify` has a signed root to check.
  await governance.log.checkpoint();

  return {
    governance,
    generatedPasswords: generated,
    files,
    persist,
    close: async () => {
      try {
        persist();
      } catch (e) {
        o.logger.log('warn', 'approval inbox events not saved', { error: String(e) });
      }
      try {
        await governance.log.checkpoint();
      } finally {
        identityStore.close();
        await store.close();
      }
    },
  };
}

const EVENT_TYPES = new Set([
  'ProposalSubmitted',
  'ProposalAcknowledged',
  'ApprovalRecorded',
  'ProposalApproved',
  'ProposalRejected',
  'ProposalExpired',
  'ProposalEscalated',
]);

function isEventLike(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const r = e as Record<string, unknown>;
  return typeof r['type'] === 'string' && EVENT_TYPES.has(r['type']) && typeof r['id'] === 'string';
}
