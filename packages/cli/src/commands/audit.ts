import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AetherError, type Clock } from '@aethercore/core';
import { Ed25519Signer, SqliteAuditStore, ed25519Verifier } from '@aethercore/adapter-sqlite';
import {
  AuditLog,
  SIG_COSIGNATURE_V1,
  cosignNote,
  exportAuditBundle,
  formatVerifierKey,
  hashLeaf,
  openCheckpoint,
  parseVerifierKey,
  toBase64,
  toHex,
  verifierKeyOf,
  verifyAuditBundle,
  verifyAuditStore,
  verifyConsistency,
  verifyInclusion,
  type VerifierKey,
} from '@aethercore/governance';
import { progress } from '../term/progress.ts';

/**
 * `aethercore audit …`: verify, prove, export and checkpoint the tamper-evident audit log.
 * Defaults: store `$AETHERCORE_DATA_DIR/audit.db` (./var), signing key `audit-log.key` beside it,
 * public key `audit-log.vkey` beside it. An auditor should pass the public key they obtained
 * out of band (`--vkey`), not trust the file next to the store.
 */
const systemClock: Clock = { now: () => Date.now() };

interface StoreOpts {
  store?: string;
  vkey?: string;
  keyFile?: string;
  origin?: string;
  json?: boolean;
}

const dataDir = (): string => process.env['AETHERCORE_DATA_DIR'] ?? './var';
const storePath = (o: StoreOpts): string => o.store ?? path.join(dataDir(), 'audit.db');
const keyPath = (o: StoreOpts): string => o.keyFile ?? path.join(path.dirname(storePath(o)), 'audit-log.key');
const vkeyPath = (o: StoreOpts): string => path.join(path.dirname(storePath(o)), 'audit-log.vkey');
const DEFAULT_ORIGIN = 'aethercore.local/audit';

function openStore(o: StoreOpts, mustExist: boolean): SqliteAuditStore {
  const file = storePath(o);
  if (mustExist && !existsSync(file)) {
    throw new AetherError({
      code: 'audit.store-missing',
      message: `No audit store at ${file}.`,
      hint: 'Pass --store <path>, or set AETHERCORE_DATA_DIR to the server data directory.',
      kind: 'not-found',
    });
  }
  mkdirSync(path.dirname(file), { recursive: true });
  return new SqliteAuditStore(file);
}

/** Loads the log's signing key, creating one (0600) the first time a log is written. */
function loadSigner(o: StoreOpts, create: boolean): Ed25519Signer {
  const file = keyPath(o);
  const origin = o.origin ?? DEFAULT_ORIGIN;
  if (existsSync(file)) return Ed25519Signer.fromPem(origin, readText(file, 'signing key'));
  if (!create) {
    throw new AetherError({
      code: 'audit.key-missing',
      message: `No signing key at ${file}.`,
      hint: 'Pass --key-file <pem>; the key is created when the log first writes a checkpoint.',
      kind: 'not-found',
    });
  }
  const signer = Ed25519Signer.generate(origin);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, signer.toPem(), { mode: 0o600 });
  chmodSync(file, 0o600);
  writeFileSync(vkeyPath(o), `${formatVerifierKey(verifierKeyOf(signer))}\n`);
  return signer;
}

/** `--vkey` may be the vkey text itself or a file holding it; default: the .vkey beside the store. */
function trustedKey(o: StoreOpts): VerifierKey {
  const source = o.vkey ?? vkeyPath(o);
  const text = existsSync(source) ? readText(source, 'verifier key file') : source;
  const key = parseVerifierKey(text);
  if (key === undefined) {
    throw new AetherError({
      code: 'audit.vkey-invalid',
      message: `Cannot read a verifier key from ${o.vkey === undefined ? source : '--vkey'}.`,
      hint: "A verifier key looks like <name>+<8 hex>+<base64>; `aethercore audit key` prints the log's key.",
    });
  }
  return key;
}

/** Reads a file the user named; a missing or unreadable file is a coded error, not a stack trace. */
function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new AetherError({
      code: 'audit.file-unreadable',
      message: `Cannot read ${what} ${file}: ${(e as Error).message}`,
      hint: 'Check the path and permissions.',
      kind: 'not-found',
    });
  }
}

function parseTime(text: string, what: string): number {
  const n = /^-?\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(n)) {
    throw new AetherError({
      code: 'audit.time-invalid',
      message: `${what} '${text}' is not a time.`,
      hint: 'Use ISO 8601 (2026-11-21T08:00:00Z) or ms since the epoch.',
    });
  }
  return n;
}

function parseIndex(text: string, what: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new AetherError({
      code: 'audit.index-invalid',
      message: `${what} '${text}' is not an entry index.`,
      hint: 'Entry ids are 0-based leaf indices.',
    });
  }
  return Number(text);
}

const withStoreOptions = (c: Command): Command =>
  c
    .option('--store <path>', 'audit store (SQLite); default $AETHERCORE_DATA_DIR/audit.db')
    .option('--vkey <vkey|file>', "log's public verifier key (default: audit-log.vkey beside the store)")
    .option('--key-file <pem>', "log's Ed25519 signing key (default: audit-log.key beside the store)")
    .option('--origin <name>', 'log origin / key name', DEFAULT_ORIGIN)
    .option('--json', 'machine-readable output');

export function register(program: Command): void {
  const audit = program
    .command('audit')
    .description('Verify, prove, export and checkpoint the tamper-evident audit log (RFC 9162).');

  withStoreOptions(audit.command('verify'))
    .description(
      'Recompute every leaf hash, the Merkle tree and all checkpoint signatures; exit 1 on any problem.',
    )
    .option('--checkpoint <file>', 'a signed checkpoint you kept earlier: detects rollback or fork')
    .option('--witness-vkey <vkey|file...>', 'trusted witness keys whose cosignatures are checked')
    .action(async (o: StoreOpts & { checkpoint?: string; witnessVkey?: string[] }) => {
      const store = openStore(o, true);
      try {
        const key = trustedKey(o);
        let bar: ReturnType<typeof progress> | undefined;
        const report = await verifyAuditStore(store, ed25519Verifier, {
          logKey: key,
          origin: o.origin ?? DEFAULT_ORIGIN,
          ...(o.witnessVkey === undefined
            ? {}
            : { witnessKeys: o.witnessVkey.map((v) => trustedKey({ vkey: v })) }),
          ...(o.checkpoint === undefined ? {} : { remembered: readText(o.checkpoint, 'checkpoint file') }),
          onProgress: (done, total) => {
            if (o.json) return;
            bar ??= progress('verify', total);
            bar.tick(done);
          },
        });
        bar?.done();
        if (o.json) console.log(JSON.stringify(report, null, 2));
        else {
          console.log(
            `entries ${report.size}, checkpoints ${report.checkpointsChecked}, root ${report.rootHash}`,
          );
          if (report.latestCheckpoint)
            console.log(`latest valid checkpoint: size ${report.latestCheckpoint.treeSize}`);
          if (report.unsignedTail > 0)
            console.log(`warning: ${report.unsignedTail} newest entries are not yet covered by a checkpoint`);
          if (report.firstBadIndex !== undefined) console.log(`FIRST BAD ENTRY: ${report.firstBadIndex}`);
          for (const p of report.problems)
            console.log(
              `problem ${p.code}${p.index === undefined ? '' : ` at entry ${p.index}`}: ${p.message}`,
            );
          console.log(
            report.ok ? 'OK: the audit log verifies' : `FAILED: ${report.problems.length} problem(s)`,
          );
        }
        if (!report.ok) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });

  withStoreOptions(audit.command('prove <entry-id>'))
    .description(
      'Print an entry with its RFC 9162 inclusion proof against the latest checkpoint, and check it.',
    )
    .action(async (id: string, o: StoreOpts) => {
      const index = parseIndex(id, 'entry id');
      const store = openStore(o, true);
      try {
        const key = trustedKey(o);
        const log = await AuditLog.open(store, { clock: systemClock, origin: o.origin ?? DEFAULT_ORIGIN });
        const cp = await log.latestCheckpoint();
        const opened =
          cp === undefined
            ? undefined
            : openCheckpoint(cp.note, { logKey: key, origin: log.origin }, ed25519Verifier);
        if (opened === undefined || !opened.ok) {
          throw new AetherError({
            code: 'audit.no-checkpoint',
            message:
              opened === undefined
                ? 'The log has no checkpoint to prove against.'
                : `The latest checkpoint is invalid: ${opened.reason}.`,
            hint: 'Run `aethercore audit checkpoint`, then `aethercore audit verify`.',
            kind: 'conflict',
          });
        }
        const size = opened.checkpoint.treeSize;
        if (index >= size) {
          throw new AetherError({
            code: 'audit.index-out-of-range',
            message: `Entry ${index} is not covered by the latest checkpoint (size ${size}).`,
            hint: 'Write a new checkpoint first.',
            kind: 'not-found',
          });
        }
        const [row] = await log.entries(index, index + 1);
        const proof = log.inclusionProof(index, size);
        const leaf = hashLeaf(row!.bytes);
        const ok = verifyInclusion(index, size, leaf, proof, opened.checkpoint.rootHash);
        const out = {
          index,
          entry: new TextDecoder().decode(row!.bytes),
          leafHash: toHex(leaf),
          treeSize: size,
          rootHash: toHex(opened.checkpoint.rootHash),
          proof: proof.map(toBase64),
          checkpoint: cp!.note,
          verified: ok,
        };
        if (o.json) console.log(JSON.stringify(out, null, 2));
        else {
          console.log(
            `entry ${index}: ${out.entry}\nleaf hash ${out.leafHash}\ntree size ${size}, root ${out.rootHash}`,
          );
          console.log(
            `inclusion proof (${proof.length} hashes):\n${out.proof.map((p) => `  ${p}`).join('\n')}`,
          );
          console.log(
            ok ? 'OK: the proof verifies against the signed checkpoint' : 'FAILED: the proof does not verify',
          );
        }
        if (!ok) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });

  withStoreOptions(audit.command('consistency <first> [second]'))
    .description(
      'Print and check an RFC 9162 consistency proof between two tree sizes (second defaults to the current size).',
    )
    .action(async (first: string, second: string | undefined, o: StoreOpts) => {
      const store = openStore(o, true);
      try {
        const log = await AuditLog.open(store, { clock: systemClock });
        const m = parseIndex(first, 'first size');
        const n = second === undefined ? log.size : parseIndex(second, 'second size');
        const proof = log.consistencyProof(m, n);
        const ok = verifyConsistency(m, n, log.tree.rootAt(m), log.tree.rootAt(n), proof);
        const out = {
          first: m,
          second: n,
          firstRoot: toHex(log.tree.rootAt(m)),
          secondRoot: toHex(log.tree.rootAt(n)),
          proof: proof.map(toBase64),
          verified: ok,
        };
        console.log(
          o.json
            ? JSON.stringify(out, null, 2)
            : `${m} → ${n}\n${out.proof.map((p) => `  ${p}`).join('\n')}\n${ok ? 'OK' : 'FAILED'}`,
        );
        if (!ok) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });

  withStoreOptions(audit.command('checkpoint'))
    .description(
      'Sign a checkpoint (origin, size, root) of the current log now; creates the log key on first use.',
    )
    .option(
      '--out <file>',
      'also write the signed checkpoint to a file (keep it to detect rollback/fork later)',
    )
    .option(
      '--witness-key <pem>',
      'also cosign as a witness (C2SP tlog-cosignature v1) with this Ed25519 key',
    )
    .option('--witness-name <name>', 'witness key name (default: the key file name without .key)')
    .action(async (o: StoreOpts & { out?: string; witnessKey?: string; witnessName?: string }) => {
      const store = openStore(o, false);
      try {
        const signer = loadSigner(o, true);
        const log = await AuditLog.open(store, {
          signer,
          clock: systemClock,
          origin: o.origin ?? DEFAULT_ORIGIN,
        });
        let note = await log.checkpoint();
        if (o.witnessKey !== undefined) {
          const witness = Ed25519Signer.fromPem(
            o.witnessName ?? path.basename(o.witnessKey, '.key'),
            readText(o.witnessKey, 'witness key'),
          );
          note = cosignNote(note, witness, Math.floor(Date.now() / 1000));
          await store.putCheckpoint({ treeSize: log.size, note });
        }
        if (o.out !== undefined) writeFileSync(o.out, note);
        console.log(o.json ? JSON.stringify({ treeSize: log.size, note }) : note.trimEnd());
      } finally {
        await store.close();
      }
    });

  withStoreOptions(audit.command('export'))
    .description(
      'Export the entries of a period with inclusion proofs and the signed checkpoint, for offline audit.',
    )
    .requiredOption('--from <time>', 'start (ISO 8601 or ms), inclusive')
    .requiredOption('--to <time>', 'end (ISO 8601 or ms), exclusive')
    .requiredOption('--out <file>', 'bundle file (JSON)')
    .action(async (o: StoreOpts & { from: string; to: string; out: string }) => {
      const store = openStore(o, true);
      try {
        const log = await AuditLog.open(store, { clock: systemClock, origin: o.origin ?? DEFAULT_ORIGIN });
        const bundle = await exportAuditBundle(log, parseTime(o.from, '--from'), parseTime(o.to, '--to'));
        writeFileSync(o.out, `${JSON.stringify(bundle, null, 2)}\n`);
        console.log(
          `${bundle.entries.length} entries, proven against checkpoint size ${bundle.treeSize} → ${o.out}`,
        );
      } finally {
        await store.close();
      }
    });

  audit
    .command('verify-bundle <file>')
    .description('Verify an exported bundle offline with only the log public key.')
    .requiredOption('--vkey <vkey|file>', "the log's public verifier key")
    .option('--origin <name>', 'expected log origin', DEFAULT_ORIGIN)
    .action((file: string, o: { vkey: string; origin: string }) => {
      const key = trustedKey({ vkey: o.vkey });
      const text = readText(file, 'bundle');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (e) {
        throw new AetherError({
          code: 'audit.bundle-unreadable',
          message: `Cannot read ${file}: ${(e as Error).message}`,
          hint: 'Pass a bundle written by `aethercore audit export`.',
        });
      }
      const v = verifyAuditBundle(body, { logKey: key, origin: o.origin }, ed25519Verifier);
      if (v.ok) console.log(`OK: ${v.entries.length} entries verified against checkpoint size ${v.treeSize}`);
      else {
        console.log(`FAILED${v.index === undefined ? '' : ` at entry ${v.index}`}: ${v.reason}`);
        process.exitCode = 1;
      }
    });

  withStoreOptions(audit.command('append'))
    .description('Append a manual entry (an operator note, a shift handover) to the log.')
    .requiredOption('--actor <id>', 'who (u:<name>)')
    .requiredOption('--action <action>', 'what, dotted (note.added)')
    .option('--outcome <outcome>', 'outcome', 'recorded')
    .option('--reason <text>', 'why / free text')
    .action(async (o: StoreOpts & { actor: string; action: string; outcome: string; reason?: string }) => {
      const store = openStore(o, false);
      try {
        const log = await AuditLog.open(store, { clock: systemClock });
        const e = await log.append({
          actor: o.actor,
          actorKind: 'user',
          action: o.action,
          time: Date.now(),
          outcome: o.outcome,
          ...(o.reason === undefined ? {} : { reason: o.reason }),
        });
        console.log(
          o.json
            ? JSON.stringify({ index: e.index, leafHash: toHex(e.leafHash) })
            : `appended entry ${e.index}`,
        );
      } finally {
        await store.close();
      }
    });

  withStoreOptions(audit.command('key'))
    .description("Print the log's public verifier key (give it to auditors out of band).")
    .option('--witness <pem>', "print this witness key's cosignature verifier key instead")
    .option('--witness-name <name>', 'witness key name (default: the key file name without .key)')
    .action((o: StoreOpts & { witness?: string; witnessName?: string }) => {
      if (o.witness !== undefined) {
        const w = Ed25519Signer.fromPem(
          o.witnessName ?? path.basename(o.witness, '.key'),
          readText(o.witness, 'witness key'),
        );
        console.log(formatVerifierKey(verifierKeyOf(w, SIG_COSIGNATURE_V1)));
        return;
      }
      console.log(formatVerifierKey(verifierKeyOf(loadSigner(o, false))));
    });
}
