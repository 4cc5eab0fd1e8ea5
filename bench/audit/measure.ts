// The audit benchmark's core: append throughput, RFC 9162 proof generation/verification on a large log,
// and the SQLite store's append and full-verification speed. Every figure is computed from the run.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { ManualClock, MemoryAuditStore, createRandom } from '@aethercore/core';
import { Ed25519Signer, SqliteAuditStore, ed25519Verifier } from '@aethercore/adapter-sqlite';
import {
  AuditLog,
  MerkleTree,
  verifierKeyOf,
  verifyAuditStore,
  verifyConsistency,
  verifyInclusion,
} from '@aethercore/governance';
import { quantile } from '../lib/stats.ts';
import { sampleEntry } from './mutations.ts';

export interface AuditBenchOptions {
  readonly entries: number;
  readonly proofs: number;
  readonly sqliteEntries: number;
  readonly dir: string;
  readonly seed: number;
  readonly onProgress?: (phase: string, done: number, total: number) => void;
}

interface Timing {
  readonly medianUs: number;
  readonly p99Us: number;
}

export interface AuditBenchResult {
  readonly entries: number;
  readonly append: {
    readonly seconds: number;
    readonly entriesPerS: number;
    readonly batch: number;
    readonly entriesPerSByTenth: readonly number[];
  };
  readonly treeOnly: { readonly seconds: number; readonly leavesPerS: number };
  readonly reopen: { readonly seconds: number };
  readonly memory: { readonly heapMiB: number; readonly arrayBuffersMiB: number };
  readonly inclusion: {
    readonly proofs: number;
    readonly verified: number;
    readonly tamperedRejected: number;
    readonly meanPathLength: number;
    readonly generate: Timing;
    readonly verify: Timing;
  };
  readonly consistency: {
    readonly proofs: number;
    readonly verified: number;
    readonly tamperedRejected: number;
    readonly meanPathLength: number;
    readonly generate: Timing;
    readonly verify: Timing;
  };
  readonly sqlite: {
    readonly entries: number;
    readonly appendEntriesPerS: number;
    readonly verifySeconds: number;
    readonly verifyEntriesPerS: number;
    readonly verifyOk: boolean;
  };
}

const BATCH = 1000;

function timing(us: number[]): Timing {
  return { medianUs: quantile(us, 0.5), p99Us: quantile(us, 0.99) };
}

function flipOne(proof: Uint8Array[], at: number): Uint8Array[] {
  return proof.map((p, i) => {
    if (i !== at) return p;
    const c = Uint8Array.from(p);
    c[at % 32] = c[at % 32]! ^ 0x01;
    return c;
  });
}

export async function runAuditBench(o: AuditBenchOptions): Promise<AuditBenchResult> {
  const rnd = createRandom(o.seed);
  const progress = o.onProgress ?? (() => undefined);

  // 1. Append throughput, end to end: validate + canonical JSON + SHA-256 leaf + store + tree.
  const store = new MemoryAuditStore();
  const log = await AuditLog.open(store, { clock: new ManualClock(0) });
  let appendMs = 0;
  // Throughput per tenth of the log, to show whether appends slow down as the log grows.
  const tenth = Math.max(BATCH, Math.ceil(o.entries / 10 / BATCH) * BATCH);
  const perTenth: number[] = [];
  let tenthMs = 0;
  let tenthN = 0;
  for (let i = 0; i < o.entries; i += BATCH) {
    // Generating the sample entries is not part of the log's cost: time only appendMany.
    const batch = Array.from({ length: Math.min(BATCH, o.entries - i) }, (_, j) => sampleEntry(i + j, rnd));
    const t0 = performance.now();
    await log.appendMany(batch);
    const dt = performance.now() - t0;
    appendMs += dt;
    tenthMs += dt;
    tenthN += batch.length;
    if (tenthN >= tenth || i + BATCH >= o.entries) {
      perTenth.push(tenthN / (tenthMs / 1000));
      tenthMs = 0;
      tenthN = 0;
    }
    if ((i / BATCH) % 50 === 0) progress('append', i, o.entries);
  }
  progress('append', o.entries, o.entries);
  const appendS = appendMs / 1000;
  const mem = process.memoryUsage();

  // 2. Tree only (leaf hashes known): the node-hash cost of the compact-range append.
  const leaves = await store.leafHashes(0, o.entries);
  const t1 = performance.now();
  const tree = new MerkleTree();
  for (const h of leaves) tree.append(h);
  const treeS = (performance.now() - t1) / 1000;

  // 3. Reopen: rebuild the tree from the store's leaf hashes.
  const t2 = performance.now();
  const reopened = await AuditLog.open(store, { clock: new ManualClock(0) });
  const reopenS = (performance.now() - t2) / 1000;
  if (reopened.size !== o.entries) throw new Error('reopen lost entries');

  // 4. Inclusion proofs against the full tree.
  const n = o.entries;
  const root = log.tree.rootAt(n);
  const inc = { gen: [] as number[], ver: [] as number[], ok: 0, rejected: 0, len: 0 };
  for (let k = 0; k < o.proofs; k++) {
    const i = rnd.int(0, n - 1);
    const a = performance.now();
    const proof = log.inclusionProof(i, n);
    const b = performance.now();
    const ok = verifyInclusion(i, n, log.tree.leafHash(i), proof, root);
    const c = performance.now();
    inc.gen.push((b - a) * 1000);
    inc.ver.push((c - b) * 1000);
    inc.len += proof.length;
    if (ok) inc.ok++;
    const bad = proof.length > 0 ? flipOne(proof, rnd.int(0, proof.length - 1)) : proof;
    const badIndex = proof.length > 0 ? i : (i + 1) % n;
    if (!verifyInclusion(badIndex, n, log.tree.leafHash(i), bad, root)) inc.rejected++;
    if (k % 100 === 0) progress('inclusion', k, o.proofs);
  }
  progress('inclusion', o.proofs, o.proofs);

  // 5. Consistency proofs between random earlier sizes and random later sizes.
  const con = { gen: [] as number[], ver: [] as number[], ok: 0, rejected: 0, len: 0 };
  for (let k = 0; k < o.proofs; k++) {
    const second = rnd.int(2, n);
    const first = rnd.int(1, second - 1);
    const r1 = log.tree.rootAt(first);
    const r2 = log.tree.rootAt(second);
    const a = performance.now();
    const proof = log.consistencyProof(first, second);
    const b = performance.now();
    const ok = verifyConsistency(first, second, r1, r2, proof);
    const c = performance.now();
    con.gen.push((b - a) * 1000);
    con.ver.push((c - b) * 1000);
    con.len += proof.length;
    if (ok) con.ok++;
    if (!verifyConsistency(first, second, r1, r2, flipOne(proof, rnd.int(0, proof.length - 1))))
      con.rejected++;
    if (k % 100 === 0) progress('consistency', k, o.proofs);
  }
  progress('consistency', o.proofs, o.proofs);

  // 6. SQLite: durable appends (synchronous=FULL, batches of 1000) and a full `verify` of the file.
  const file = path.join(o.dir, 'bench-audit.db');
  for (const ext of ['', '-wal', '-shm']) rmSync(file + ext, { force: true });
  const signer = Ed25519Signer.generate('aethercore.bench/audit');
  const sstore = new SqliteAuditStore(file);
  const slog = await AuditLog.open(sstore, { signer, clock: new ManualClock(0) });
  let sAppendMs = 0;
  for (let i = 0; i < o.sqliteEntries; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, o.sqliteEntries - i) }, (_, j) =>
      sampleEntry(i + j, rnd),
    );
    const t3 = performance.now();
    await slog.appendMany(batch);
    sAppendMs += performance.now() - t3;
    if ((i / BATCH) % 20 === 0) progress('sqlite append', i, o.sqliteEntries);
  }
  progress('sqlite append', o.sqliteEntries, o.sqliteEntries);
  const sAppendS = sAppendMs / 1000;
  await slog.checkpoint();
  const t4 = performance.now();
  const rep = await verifyAuditStore(sstore, ed25519Verifier, {
    logKey: verifierKeyOf(signer),
    origin: slog.origin,
  });
  const verifyS = (performance.now() - t4) / 1000;
  await sstore.close();
  for (const ext of ['', '-wal', '-shm']) rmSync(file + ext, { force: true });

  return {
    entries: n,
    append: { seconds: appendS, entriesPerS: n / appendS, batch: BATCH, entriesPerSByTenth: perTenth },
    treeOnly: { seconds: treeS, leavesPerS: n / treeS },
    reopen: { seconds: reopenS },
    memory: { heapMiB: mem.heapUsed / 2 ** 20, arrayBuffersMiB: mem.arrayBuffers / 2 ** 20 },
    inclusion: {
      proofs: o.proofs,
      verified: inc.ok,
      tamperedRejected: inc.rejected,
      meanPathLength: inc.len / o.proofs,
      generate: timing(inc.gen),
      verify: timing(inc.ver),
    },
    consistency: {
      proofs: o.proofs,
      verified: con.ok,
      tamperedRejected: con.rejected,
      meanPathLength: con.len / o.proofs,
      generate: timing(con.gen),
      verify: timing(con.ver),
    },
    sqlite: {
      entries: o.sqliteEntries,
      appendEntriesPerS: o.sqliteEntries / sAppendS,
      verifySeconds: verifyS,
      verifyEntriesPerS: o.sqliteEntries / verifyS,
      verifyOk: rep.ok,
    },
  };
}
