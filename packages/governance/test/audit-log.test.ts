import { ManualClock, MemoryAuditStore, type AuditStore } from '@aethercore/core';
import { describe, expect, it } from 'vitest';
import {
  AuditLog,
  CheckpointMonitor,
  Witness,
  auditedAction,
  canonicalJson,
  cosignNote,
  fromBase64,
  keyIdOf,
  toBase64,
  toHex,
  decodeEntry,
  encodeEntry,
  exportAuditBundle,
  formatVerifierKey,
  hashLeaf,
  hashRef,
  openCheckpoint,
  parseVerifierKey,
  verifierKeyOf,
  SIG_COSIGNATURE_V1,
  verifyAuditBundle,
  verifyAuditStore,
  verifyInclusion,
  verifyConsistency,
  type AuditEntryInput,
} from '../src/index.ts';
import { testSigner, testVerifier } from './test-signer.ts';

const entry = (i: number, time = 1_000 + i): AuditEntryInput => ({
  actor: i % 2 ? 'agent:strategos' : 'u:anna',
  actorKind: i % 2 ? 'agent' : 'user',
  action: 'proposal.verified',
  time,
  subject: `P-${i}`,
  inputs: { schedule: hashRef({ i }) },
  outcome: 'pass',
  reason: `entry ${i}`,
});

async function logWith(n: number, store: AuditStore = new MemoryAuditStore()) {
  const signer = testSigner('aethercore.test/log');
  const clock = new ManualClock(0);
  const log = await AuditLog.open(store, { signer, clock });
  for (let i = 0; i < n; i++) await log.append(entry(i));
  return { log, signer, store, clock, key: verifierKeyOf(signer) };
}

describe('canonical entries', () => {
  it('sorts keys, rejects non-JSON values, and round-trips', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined })).toBe('{"a":[true,null,"x"],"b":1}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/not a JSON number/);
    const bytes = encodeEntry(entry(3), 3);
    const d = decodeEntry(bytes);
    expect(d.ok && d.entry.index).toBe(3);
  });

  it('rejects invalid entries with coded errors and non-canonical bytes on decode', () => {
    expect(() => encodeEntry({ ...entry(0), actor: '' }, 0)).toThrow(/invalid/);
    expect(() => encodeEntry({ ...entry(0), inputs: { x: 'not-a-hash' } }, 0)).toThrow(/invalid/);
    const spaced = new TextEncoder().encode(JSON.stringify({ ...entry(0), v: 1, index: 0 }, null, 1));
    expect(decodeEntry(spaced).ok).toBe(false);
    expect(decodeEntry(Uint8Array.of(0xff, 0xfe)).ok).toBe(false);
  });
});

describe('AuditLog', () => {
  it('appends, proves inclusion and consistency, and rebuilds the same tree on reopen', async () => {
    const { log, signer, store } = await logWith(37);
    const root = log.tree.rootAt();
    for (const i of [0, 1, 17, 36]) {
      const [e] = await log.entries(i, i + 1);
      expect(verifyInclusion(i, 37, hashLeaf(e!.bytes), log.inclusionProof(i), root)).toBe(true);
    }
    expect(verifyConsistency(20, 37, log.tree.rootAt(20), root, log.consistencyProof(20))).toBe(true);
    const again = await AuditLog.open(store, { signer, clock: new ManualClock(0) });
    expect(again.tree.rootAt()).toEqual(root);
  });

  it('serialises concurrent appends into a gap-free sequence', async () => {
    const { log, store } = await logWith(0);
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(entry(i))));
    expect(log.size).toBe(50);
    const rows = await store.read(0, 50);
    expect(rows.map((r) => r.index)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('writes signed checkpoints on demand and periodically (by count and by clock time)', async () => {
    const signer = testSigner('aethercore.test/log');
    const clock = new ManualClock(0);
    const store = new MemoryAuditStore();
    const log = await AuditLog.open(store, {
      signer,
      clock,
      checkpointEveryEntries: 10,
      checkpointEveryMs: 60_000,
    });
    for (let i = 0; i < 25; i++) await log.append(entry(i));
    expect((await store.checkpoints()).map((c) => c.treeSize)).toEqual([10, 20]);
    clock.advance(61_000);
    await log.append(entry(25));
    expect((await store.checkpoints()).map((c) => c.treeSize)).toEqual([10, 20, 26]);
    const note = await log.checkpoint();
    const opened = openCheckpoint(note, { logKey: verifierKeyOf(signer) }, testVerifier);
    expect(opened.ok && opened.checkpoint.treeSize).toBe(26);
  });

  it('a failed store append changes nothing and the log keeps working', async () => {
    const inner = new MemoryAuditStore();
    let fail = false;
    const flaky: AuditStore = {
      ...inner,
      append: (r, s) => (fail ? Promise.reject(new Error('disk full')) : inner.append(r, s)),
      read: (a, b) => inner.read(a, b),
      leafHashes: (a, b) => inner.leafHashes(a, b),
      size: () => inner.size(),
      putCheckpoint: (c) => inner.putCheckpoint(c),
      checkpoints: () => inner.checkpoints(),
      close: () => inner.close(),
    };
    const { log } = await logWith(3, flaky);
    fail = true;
    await expect(log.append(entry(3))).rejects.toThrow(/disk full/);
    expect(log.size).toBe(3);
    fail = false;
    await log.append(entry(3));
    expect(log.size).toBe(4);
  });
});

describe('checkpoints, witnesses and monitors', () => {
  it('vkeys round-trip; tampered notes, wrong keys and wrong origins are rejected', async () => {
    const { log, key, signer } = await logWith(5);
    expect(parseVerifierKey(formatVerifierKey(key))).toEqual(key);
    expect(parseVerifierKey(formatVerifierKey(key).replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toBeUndefined();
    const note = await log.checkpoint();
    expect(openCheckpoint(note, { logKey: key }, testVerifier).ok).toBe(true);
    expect(openCheckpoint(note.replace('\n5\n', '\n6\n'), { logKey: key }, testVerifier).ok).toBe(false);
    expect(openCheckpoint(note, { logKey: verifierKeyOf(testSigner(signer.keyName)) }, testVerifier).ok).toBe(
      false,
    );
    expect(openCheckpoint(note, { logKey: key, origin: 'other' }, testVerifier).ok).toBe(false);
    expect(openCheckpoint(note, { logKey: key, minWitnesses: 1 }, testVerifier).ok).toBe(false);
  });

  it('a witness cosigns consistent checkpoints and refuses rollback and fork', async () => {
    const { log, key } = await logWith(10);
    const witnessSigner = testSigner('witness.test/w1');
    const witness = new Witness(witnessSigner, { logKey: key }, testVerifier);
    const n1 = await log.checkpoint();
    const c1 = witness.cosign(n1, [], 1_795_000_000_000);
    expect(c1.ok).toBe(true);
    const both = openCheckpoint(
      c1.ok ? c1.note : '',
      { logKey: key, witnessKeys: [verifierKeyOf(witnessSigner, SIG_COSIGNATURE_V1)], minWitnesses: 1 },
      testVerifier,
    );
    expect(both.ok && both.witnesses).toEqual(['witness.test/w1']);

    for (let i = 10; i < 15; i++) await log.append(entry(i));
    const n2 = await log.checkpoint();
    expect(witness.cosign(n2, log.consistencyProof(10, 15), 1_795_000_060_000).ok).toBe(true);
    // A witness that saw size 15 refuses to cosign the older size-10 checkpoint (rollback).
    const refused = witness.cosign(n1, [], 1_795_000_120_000);
    expect(!refused.ok && refused.reason).toBe('rollback');

    const monitor = new CheckpointMonitor({ logKey: key }, testVerifier);
    expect(monitor.observe(n2, []).ok).toBe(true);
    expect(monitor.observe(n1, []).ok).toBe(false);
    const v = monitor.observe(n1, []);
    expect(!v.ok && v.reason).toBe('rollback');
  });

  it('witness lines follow C2SP tlog-cosignature v1: key id type 0x04, u64 timestamp, Ed25519 over the cosigned message', async () => {
    const { log, key } = await logWith(3);
    const w = testSigner('witness.test/w2');
    const note = cosignNote(await log.checkpoint(), w, 1_679_315_147);
    const line = note.trimEnd().split('\n').at(-1)!;
    const raw = fromBase64(line.split(' ')[2]!)!;
    expect(raw.length).toBe(4 + 8 + 64);
    expect(toHex(raw.subarray(0, 4))).toBe(
      toHex(keyIdOf('witness.test/w2', w.publicKey, SIG_COSIGNATURE_V1)),
    );
    expect(toHex(raw.subarray(4, 12))).toBe((1_679_315_147).toString(16).padStart(16, '0'));
    const body = note.slice(0, note.indexOf('\n\n') + 1);
    const msg = new TextEncoder().encode(`cosignature/v1\ntime 1679315147\n${body}`);
    expect(testVerifier.verify(w.publicKey, msg, raw.subarray(12))).toBe(true);
    const wkey = verifierKeyOf(w, SIG_COSIGNATURE_V1);
    expect(parseVerifierKey(formatVerifierKey(wkey))).toEqual(wkey);
    expect(openCheckpoint(note, { logKey: key, witnessKeys: [wkey], minWitnesses: 1 }, testVerifier).ok).toBe(
      true,
    );
    // The same witness key registered as a plain (0x01) key does not match the line: not counted.
    expect(
      openCheckpoint(note, { logKey: key, witnessKeys: [verifierKeyOf(w)], minWitnesses: 1 }, testVerifier)
        .ok,
    ).toBe(false);
    // A changed timestamp breaks the cosignature.
    const forgedRaw = Uint8Array.from(raw);
    forgedRaw[11]! ^= 1;
    const forged = note.replace(line.split(' ')[2]!, toBase64(forgedRaw));
    expect(openCheckpoint(forged, { logKey: key, witnessKeys: [wkey] }, testVerifier).ok).toBe(false);
  });

  it('detects a fork: the same key signs a rewritten history', async () => {
    const signer = testSigner('aethercore.test/log');
    const key = verifierKeyOf(signer);
    const a = await AuditLog.open(new MemoryAuditStore(), { signer, clock: new ManualClock(0) });
    const b = await AuditLog.open(new MemoryAuditStore(), { signer, clock: new ManualClock(0) });
    for (let i = 0; i < 8; i++) {
      await a.append(entry(i));
      await b.append(i === 3 ? { ...entry(i), outcome: 'fail' } : entry(i));
    }
    const monitor = new CheckpointMonitor({ logKey: key }, testVerifier);
    expect(monitor.observe(await a.checkpoint(), []).ok).toBe(true);
    for (let i = 8; i < 12; i++) await b.append(entry(i));
    const v = monitor.observe(await b.checkpoint(), b.consistencyProof(8, 12));
    expect(!v.ok && v.reason).toBe('fork');
    // The honest continuation is accepted.
    for (let i = 8; i < 12; i++) await a.append(entry(i));
    expect(monitor.observe(await a.checkpoint(), a.consistencyProof(8, 12)).ok).toBe(true);
  });
});

describe('auditedAction: no action without its audit entry', () => {
  it('runs the action after logging intent, and logs the outcome', async () => {
    const { log } = await logWith(0);
    let ran = 0;
    const r = await auditedAction(log, entry(0), () => ++ran);
    expect(ran).toBe(1);
    expect(r.intentIndex).toBe(0);
    expect(r.outcomeIndex).toBe(1);
    const [, out] = await log.entries(0, 2);
    expect(out!.entry!.outcome).toBe('succeeded');
  });

  it('with a failing store, 0 of 200 actions run', async () => {
    const broken: AuditStore = {
      append: () => Promise.reject(new Error('store down')),
      read: () => Promise.resolve([]),
      leafHashes: () => Promise.resolve([]),
      size: () => Promise.resolve(0),
      putCheckpoint: () => Promise.reject(new Error('store down')),
      checkpoints: () => Promise.resolve([]),
      close: () => Promise.resolve(),
    };
    const log = await AuditLog.open(broken, { clock: new ManualClock(0) });
    let ran = 0;
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => auditedAction(log, entry(i), () => ++ran)),
    );
    expect(ran).toBe(0);
    expect(
      results.every(
        (r) => r.status === 'rejected' && (r.reason as { code: string }).code === 'audit.unavailable',
      ),
    ).toBe(true);
  });

  it('records a failed action as failed and rethrows', async () => {
    const { log } = await logWith(0);
    await expect(
      auditedAction(log, entry(0), () => Promise.reject(new Error('PLC said no'))),
    ).rejects.toThrow(/PLC said no/);
    const [, out] = await log.entries(0, 2);
    expect(out!.entry!.outcome).toBe('failed');
    expect(out!.entry!.reason).toBe('PLC said no');
  });
});

describe('verifyAuditStore and export bundles', () => {
  it('a clean log verifies; a rewritten store is caught as rollback or fork by a remembered checkpoint', async () => {
    const signer = testSigner('aethercore.test/log');
    const key = verifierKeyOf(signer);
    const open = async (n: number, change?: number) => {
      const store = new MemoryAuditStore();
      const log = await AuditLog.open(store, { signer, clock: new ManualClock(0) });
      for (let i = 0; i < n; i++)
        await log.append(i === change ? { ...entry(i), outcome: 'fail' } : entry(i));
      await log.checkpoint();
      return { store, log };
    };
    const honest = await open(30);
    const remembered = (await honest.store.checkpoints()).at(-1)!.note;
    const rep = await verifyAuditStore(honest.store, testVerifier, { logKey: key, remembered });
    expect(rep.ok).toBe(true);
    expect(rep.unsignedTail).toBe(0);
    expect(rep.latestCheckpoint?.treeSize).toBe(30);

    // The operator re-creates a shorter log and re-signs it: the store alone looks fine, the remembered checkpoint does not.
    const shorter = await open(20);
    expect((await verifyAuditStore(shorter.store, testVerifier, { logKey: key })).ok).toBe(true);
    const r1 = await verifyAuditStore(shorter.store, testVerifier, { logKey: key, remembered });
    expect(r1.problems.map((p) => p.code)).toEqual(['rollback']);

    const forked = await open(35, 5);
    const r2 = await verifyAuditStore(forked.store, testVerifier, { logKey: key, remembered });
    expect(r2.problems.map((p) => p.code)).toEqual(['fork']);
  });

  it('exports a period as a bundle that verifies offline, and rejects a tampered bundle', async () => {
    const { log, key } = await logWith(40);
    await log.checkpoint();
    const bundle = await exportAuditBundle(log, 1_010, 1_020);
    expect(bundle.entries.map((e) => e.index)).toEqual(Array.from({ length: 10 }, (_, i) => 10 + i));
    const json = JSON.parse(JSON.stringify(bundle)) as typeof bundle;
    expect(verifyAuditBundle(json, { logKey: key }, testVerifier).ok).toBe(true);
    const tampered = {
      ...json,
      entries: json.entries.map((e, i) =>
        i === 4 ? { ...e, entry: e.entry.replace('"pass"', '"fail"') } : e,
      ),
    };
    const v = verifyAuditBundle(tampered, { logKey: key }, testVerifier);
    expect(!v.ok && v.index).toBe(14);
    expect(verifyAuditBundle({ nonsense: true }, { logKey: key }, testVerifier).ok).toBe(false);
    for (const junk of [
      null,
      7,
      [],
      { ...json, entries: [null] },
      { ...json, entries: [{ index: 'x' }] },
      { ...json, checkpoint: 'x' },
    ]) {
      expect(verifyAuditBundle(junk, { logKey: key }, testVerifier).ok).toBe(false);
    }
  });
});
