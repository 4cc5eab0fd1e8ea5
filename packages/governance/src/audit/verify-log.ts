import type { AuditCheckpointRecord, AuditStore, SignatureVerifier } from '@aethercore/core';
import { bytesEqual, toHex } from '../crypto/bytes.ts';
import { decodeEntry } from './audit-entry.ts';
import { openCheckpoint, type Checkpoint, type VerifierKey } from './checkpoint.ts';
import { hashLeaf } from './merkle-hash.ts';
import { MerkleTree } from './merkle-tree.ts';

/**
 * Re-computes an audit store from its bytes and reports every problem, first bad entry first.
 * It trusts nothing stored: leaf hashes are recomputed from the entry bytes, the tree from those,
 * and every checkpoint's signature and root are checked against the recomputed tree. A checkpoint
 * remembered outside the store (`remembered`) catches a rollback or fork that also rewrote the
 * store's own checkpoints.
 */
export type AuditProblemCode =
  | 'entry-missing'
  | 'entry-out-of-order'
  | 'entry-malformed'
  | 'entry-index-mismatch'
  | 'leaf-hash-mismatch'
  | 'checkpoint-invalid'
  | 'checkpoint-beyond-log'
  | 'checkpoint-root-mismatch'
  | 'checkpoint-rollback'
  | 'remembered-checkpoint-invalid'
  | 'rollback'
  | 'fork'
  | 'store-unreadable';

export interface AuditProblem {
  readonly code: AuditProblemCode;
  /** The entry index the problem is at (the first bad entry), when it is about one entry. */
  readonly index?: number;
  readonly message: string;
}

export interface VerifyOptions {
  readonly logKey: VerifierKey;
  readonly origin?: string;
  readonly witnessKeys?: readonly VerifierKey[];
  /** A signed checkpoint the auditor kept from earlier (a file); must be consistent with the log. */
  readonly remembered?: string;
  readonly pageSize?: number;
  /** Called after each page with the number of entries checked (progress bars). */
  readonly onProgress?: (checked: number, total: number) => void;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly size: number;
  readonly entriesChecked: number;
  readonly checkpointsChecked: number;
  /** Latest valid checkpoint that matches the recomputed tree, if any. */
  readonly latestCheckpoint: Checkpoint | undefined;
  /** Entries after the latest valid checkpoint are not yet covered by a signature. */
  readonly unsignedTail: number;
  readonly rootHash: string;
  readonly problems: readonly AuditProblem[];
  /** Lowest entry index with a problem (the first bad entry), if any. */
  readonly firstBadIndex: number | undefined;
}

export async function verifyAuditStore(
  store: AuditStore,
  verifier: SignatureVerifier,
  options: VerifyOptions,
): Promise<VerifyReport> {
  const problems: AuditProblem[] = [];
  const tree = new MerkleTree();
  const page = options.pageSize ?? 10_000;
  let size: number;
  try {
    size = await store.size();
  } catch (e) {
    return report(0, 0, 0, undefined, tree, [
      { code: 'store-unreadable', message: `cannot read the store: ${(e as Error).message}` },
    ]);
  }
  let expected = 0;
  for (let from = 0; from < size; from += page) {
    let rows;
    try {
      rows = await store.read(from, Math.min(size, from + page));
    } catch (e) {
      problems.push({
        code: 'store-unreadable',
        index: from,
        message: `cannot read entries from ${from}: ${(e as Error).message}`,
      });
      break;
    }
    for (const row of rows) {
      if (row.index > expected) {
        problems.push({
          code: 'entry-missing',
          index: expected,
          message: `entries ${expected}..${row.index - 1} are missing`,
        });
        // Keep the tree aligned to positions so later checkpoint roots are compared like for like.
        while (expected < row.index) {
          tree.append(new Uint8Array(32));
          expected++;
        }
      } else if (row.index < expected) {
        problems.push({
          code: 'entry-out-of-order',
          index: row.index,
          message: `entry ${row.index} appears again after ${expected - 1}`,
        });
        continue;
      }
      const leaf = hashLeaf(row.entry);
      if (!bytesEqual(leaf, row.leafHash)) {
        problems.push({
          code: 'leaf-hash-mismatch',
          index: row.index,
          message: `entry ${row.index}: stored leaf hash ${toHex(row.leafHash).slice(0, 16)}… ≠ SHA-256(0x00 ‖ entry) ${toHex(leaf).slice(0, 16)}…`,
        });
      }
      const decoded = decodeEntry(row.entry);
      if (!decoded.ok)
        problems.push({
          code: 'entry-malformed',
          index: row.index,
          message: `entry ${row.index}: ${decoded.reason}`,
        });
      else if (decoded.entry.index !== row.index) {
        problems.push({
          code: 'entry-index-mismatch',
          index: row.index,
          message: `entry at position ${row.index} says it is entry ${decoded.entry.index} (moved or duplicated)`,
        });
      }
      tree.append(leaf);
      expected++;
    }
    options.onProgress?.(Math.min(size, from + page), size);
  }
  if (expected < size) {
    problems.push({
      code: 'entry-missing',
      index: expected,
      message: `entries ${expected}..${size - 1} are missing`,
    });
  }

  const open = (note: string) =>
    openCheckpoint(
      note,
      {
        logKey: options.logKey,
        ...(options.origin === undefined ? {} : { origin: options.origin }),
        ...(options.witnessKeys === undefined ? {} : { witnessKeys: options.witnessKeys }),
      },
      verifier,
    );

  let latest: Checkpoint | undefined;
  let checked = 0;
  let prevSize = 0;
  let cps: readonly AuditCheckpointRecord[];
  try {
    cps = await store.checkpoints();
  } catch (e) {
    cps = [];
    problems.push({ code: 'store-unreadable', message: `cannot read checkpoints: ${(e as Error).message}` });
  }
  for (const [i, cp] of cps.entries()) {
    checked++;
    const opened = open(cp.note);
    if (!opened.ok) {
      problems.push({ code: 'checkpoint-invalid', message: `checkpoint #${i + 1}: ${opened.reason}` });
      continue;
    }
    const c = opened.checkpoint;
    if (c.treeSize < prevSize) {
      problems.push({
        code: 'checkpoint-rollback',
        message: `checkpoint #${i + 1} has size ${c.treeSize}, smaller than an earlier ${prevSize}`,
      });
    }
    prevSize = Math.max(prevSize, c.treeSize);
    if (c.treeSize > tree.size) {
      problems.push({
        code: 'checkpoint-beyond-log',
        index: tree.size,
        message: `checkpoint #${i + 1} signed ${c.treeSize} entries but the store holds ${tree.size} (entries deleted or truncated)`,
      });
      continue;
    }
    if (!bytesEqual(tree.rootAt(c.treeSize), c.rootHash)) {
      problems.push({
        code: 'checkpoint-root-mismatch',
        message: `checkpoint #${i + 1} (size ${c.treeSize}): recomputed root differs from the signed root — entries below ${c.treeSize} were changed`,
      });
      continue;
    }
    if (latest === undefined || c.treeSize >= latest.treeSize) latest = c;
  }

  if (options.remembered !== undefined) {
    const opened = open(options.remembered);
    if (!opened.ok)
      problems.push({
        code: 'remembered-checkpoint-invalid',
        message: `remembered checkpoint: ${opened.reason}`,
      });
    else {
      const c = opened.checkpoint;
      if (c.treeSize > tree.size) {
        problems.push({
          code: 'rollback',
          index: tree.size,
          message: `log rolled back: remembered size ${c.treeSize}, store has ${tree.size}`,
        });
      } else if (!bytesEqual(tree.rootAt(c.treeSize), c.rootHash)) {
        problems.push({
          code: 'fork',
          message: `log forked: the first ${c.treeSize} entries no longer match the remembered checkpoint`,
        });
      }
    }
  }
  return report(size, expected, checked, latest, tree, problems);
}

function report(
  size: number,
  entriesChecked: number,
  checkpointsChecked: number,
  latest: Checkpoint | undefined,
  tree: MerkleTree,
  problems: AuditProblem[],
): VerifyReport {
  const sorted = [...problems].sort(
    (a, b) => (a.index ?? Number.MAX_SAFE_INTEGER) - (b.index ?? Number.MAX_SAFE_INTEGER),
  );
  const firstBad = sorted.find((p) => p.index !== undefined)?.index;
  return {
    ok: problems.length === 0,
    size,
    entriesChecked,
    checkpointsChecked,
    latestCheckpoint: latest,
    unsignedTail: tree.size - (latest?.treeSize ?? 0),
    rootHash: toHex(tree.rootAt(tree.size)),
    problems: sorted,
    firstBadIndex: firstBad,
  };
}
