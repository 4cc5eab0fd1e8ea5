// The audit mutation campaign (RELIABILITY.md "mutate 1,000 random entries/bytes of the audit store →
// 100% detected by verify"): build a signed SQLite audit store, then for each trial copy it, apply one
// random mutation straight to the SQLite file (bypassing the log), and run the verifier on the copy.
import { copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ManualClock, createRandom, type Random } from '@aethercore/core';
import { Ed25519Signer, SqliteAuditStore, ed25519Verifier } from '@aethercore/adapter-sqlite';
import {
  AuditLog,
  encodeEntry,
  hashLeaf,
  hashRef,
  verifierKeyOf,
  verifyAuditStore,
  type AuditEntryInput,
} from '@aethercore/governance';

export const MUTATION_KINDS = [
  'flip-entry-byte',
  'flip-leaf-hash-byte',
  'delete-entry',
  'swap-entries',
  'duplicate-over-entry',
  'duplicate-at-end',
  'truncate',
  'rewrite-entry-and-hash',
  'flip-checkpoint-byte',
  'truncate-and-drop-checkpoints',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

/** Kinds only a checkpoint kept outside the store can reveal (the store's own evidence is gone). */
export const NEEDS_REMEMBERED: ReadonlySet<MutationKind> = new Set(['truncate-and-drop-checkpoints']);

export function sampleEntry(i: number, rnd: Random): AuditEntryInput {
  const actions = [
    'proposal.created',
    'proposal.verified',
    'approval.granted',
    'setpoint.write',
    'policy.changed',
  ];
  return {
    actor:
      rnd.next() < 0.5
        ? `agent:${['strategos', 'analytika', 'dexter'][rnd.int(0, 2)]}`
        : `u:${['anna', 'bob', 'chen'][rnd.int(0, 2)]}`,
    actorKind: rnd.next() < 0.5 ? 'agent' : 'user',
    action: actions[rnd.int(0, actions.length - 1)]!,
    time: 1_795_000_000_000 + i * 1000,
    subject: `P-${rnd.int(1000, 9999)}`,
    inputs: { twinRun: hashRef({ i, seed: rnd.int(0, 1e9) }) },
    policyVersion: 'v3',
    outcome: rnd.next() < 0.8 ? 'pass' : 'fail',
    reason: `step ${i}: setpoint ${(rnd.next() * 100).toFixed(2)} within limits`,
  };
}

export interface BaseStore {
  readonly file: string;
  readonly signer: Ed25519Signer;
  readonly remembered: string;
  readonly size: number;
}

/** A signed store of `entries` entries with a checkpoint every `every` entries and one at the end. */
export async function buildBaseStore(
  dir: string,
  entries: number,
  seed: number,
  every = 50,
): Promise<BaseStore> {
  const file = path.join(dir, 'base.db');
  rmSync(file, { force: true });
  const signer = Ed25519Signer.generate('aethercore.bench/audit');
  const store = new SqliteAuditStore(file);
  const log = await AuditLog.open(store, {
    signer,
    clock: new ManualClock(0),
    checkpointEveryEntries: every,
  });
  const rnd = createRandom(seed);
  for (let i = 0; i < entries; i++) await log.append(sampleEntry(i, rnd));
  const remembered = await log.checkpoint();
  await store.close();
  return { file, signer, remembered, size: entries };
}

/** Applies one mutation of `kind` to the SQLite file; returns a one-line description. */
export function mutate(file: string, kind: MutationKind, rnd: Random, size: number): string {
  const db = new Database(file);
  try {
    const pick = (): number => rnd.int(0, size - 1);
    const row = (i: number) =>
      db.prepare('SELECT entry, leaf_hash FROM audit_entries WHERE idx = ?').get(i) as {
        entry: Buffer;
        leaf_hash: Buffer;
      };
    const flip = (b: Buffer): number => {
      const at = rnd.int(0, b.length - 1);
      b[at] = b[at]! ^ rnd.int(1, 255);
      return at;
    };
    switch (kind) {
      case 'flip-entry-byte': {
        const i = pick();
        const r = row(i);
        const at = flip(r.entry);
        db.prepare('UPDATE audit_entries SET entry = ? WHERE idx = ?').run(r.entry, i);
        return `entry ${i} byte ${at}`;
      }
      case 'flip-leaf-hash-byte': {
        const i = pick();
        const r = row(i);
        const at = flip(r.leaf_hash);
        db.prepare('UPDATE audit_entries SET leaf_hash = ? WHERE idx = ?').run(r.leaf_hash, i);
        return `leaf hash ${i} byte ${at}`;
      }
      case 'delete-entry': {
        const i = pick();
        db.prepare('DELETE FROM audit_entries WHERE idx = ?').run(i);
        return `delete ${i}`;
      }
      case 'swap-entries': {
        const i = pick();
        let j = pick();
        if (j === i) j = (i + 1) % size;
        const a = row(i);
        const b = row(j);
        const up = db.prepare('UPDATE audit_entries SET entry = ?, leaf_hash = ? WHERE idx = ?');
        up.run(b.entry, b.leaf_hash, i);
        up.run(a.entry, a.leaf_hash, j);
        return `swap ${i} and ${j}`;
      }
      case 'duplicate-over-entry': {
        const i = pick();
        let j = pick();
        if (j === i) j = (i + 1) % size;
        const a = row(i);
        db.prepare('UPDATE audit_entries SET entry = ?, leaf_hash = ? WHERE idx = ?').run(
          a.entry,
          a.leaf_hash,
          j,
        );
        return `copy ${i} over ${j}`;
      }
      case 'duplicate-at-end': {
        const i = pick();
        const a = row(i);
        db.prepare('INSERT INTO audit_entries (idx, entry, leaf_hash) VALUES (?, ?, ?)').run(
          size,
          a.entry,
          a.leaf_hash,
        );
        return `copy ${i} to the end`;
      }
      case 'truncate': {
        const k = rnd.int(0, size - 1);
        db.prepare('DELETE FROM audit_entries WHERE idx >= ?').run(k);
        return `truncate to ${k}`;
      }
      case 'rewrite-entry-and-hash': {
        // An attacker who knows the format: a valid, canonical entry at the right index with a correct leaf hash.
        const i = pick();
        const forged = encodeEntry(
          {
            actor: 'u:mallory',
            actorKind: 'user',
            action: 'approval.granted',
            time: 1_795_000_000_000 + i * 1000,
            outcome: 'pass',
          },
          i,
        );
        db.prepare('UPDATE audit_entries SET entry = ?, leaf_hash = ? WHERE idx = ?').run(
          Buffer.from(forged),
          Buffer.from(hashLeaf(forged)),
          i,
        );
        return `rewrite ${i} consistently`;
      }
      case 'flip-checkpoint-byte': {
        const cps = db.prepare('SELECT id, note FROM audit_checkpoints').all() as {
          id: number;
          note: string;
        }[];
        const cp = cps[rnd.int(0, cps.length - 1)]!;
        const b = Buffer.from(cp.note, 'utf8');
        const at = flip(b);
        db.prepare('UPDATE audit_checkpoints SET note = ? WHERE id = ?').run(b, cp.id);
        return `checkpoint ${cp.id} byte ${at}`;
      }
      case 'truncate-and-drop-checkpoints': {
        const k = rnd.int(0, size - 1);
        db.prepare('DELETE FROM audit_entries WHERE idx >= ?').run(k);
        db.prepare('DELETE FROM audit_checkpoints').run();
        return `truncate to ${k} and delete all checkpoints`;
      }
    }
  } finally {
    db.close();
  }
}

export interface CampaignResult {
  readonly trials: number;
  /** Detected by `verify` with the store alone. */
  readonly detectedStoreOnly: number;
  /** Detected by `verify --checkpoint <remembered>` (the auditor kept the last checkpoint). */
  readonly detectedWithRemembered: number;
  readonly byKind: Record<string, { trials: number; storeOnly: number; withRemembered: number }>;
  /** First few undetected mutations, for debugging (should be empty). */
  readonly missed: readonly string[];
}

/** Runs `trials` random mutations over copies of a fresh base store in `dir`. */
export async function runMutationCampaign(
  dir: string,
  options: { trials: number; entries: number; seed: number; onTrial?: (done: number) => void },
): Promise<CampaignResult> {
  const base = await buildBaseStore(dir, options.entries, options.seed);
  const logKey = verifierKeyOf(base.signer);
  const rnd = createRandom(options.seed + 1);
  const byKind: Record<string, { trials: number; storeOnly: number; withRemembered: number }> = {};
  const missed: string[] = [];
  let storeOnly = 0;
  let withRemembered = 0;
  const copy = path.join(dir, 'mutant.db');
  for (let t = 0; t < options.trials; t++) {
    const kind = MUTATION_KINDS[t % MUTATION_KINDS.length]!;
    for (const ext of ['', '-wal', '-shm']) rmSync(copy + ext, { force: true });
    copyFileSync(base.file, copy);
    const what = mutate(copy, kind, rnd, base.size);
    const store = new SqliteAuditStore(copy);
    const a = await verifyAuditStore(store, ed25519Verifier, { logKey });
    const b = await verifyAuditStore(store, ed25519Verifier, { logKey, remembered: base.remembered });
    await store.close();
    const k = (byKind[kind] ??= { trials: 0, storeOnly: 0, withRemembered: 0 });
    k.trials++;
    if (!a.ok) {
      k.storeOnly++;
      storeOnly++;
    }
    if (!b.ok) {
      k.withRemembered++;
      withRemembered++;
    } else if (missed.length < 10) missed.push(`${kind}: ${what}`);
    options.onTrial?.(t + 1);
    // The SQLite store answers synchronously, so without this the 1,000 trials are one macrotask: the
    // smoke test blocked its vitest worker's event loop for 40 s on a loaded machine, and a block over
    // 60 s fails the run with an "onTaskUpdate" RPC timeout (docs/ci-hardening.md). Yield once a trial.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return {
    trials: options.trials,
    detectedStoreOnly: storeOnly,
    detectedWithRemembered: withRemembered,
    byKind,
    missed,
  };
}
