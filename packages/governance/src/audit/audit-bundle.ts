import { AetherError, type SignatureVerifier } from '@aethercore/core';
import { fromBase64, toBase64, utf8 } from '../crypto/bytes.ts';
import { decodeEntry, type AuditEntry } from './audit-entry.ts';
import type { AuditLog } from './audit-log.ts';
import { openCheckpoint, type OpenCheckpointOptions } from './checkpoint.ts';
import { hashLeaf } from './merkle-hash.ts';
import { verifyInclusion } from './merkle-proof.ts';

/**
 * An export bundle: one period's entries, the signed checkpoint they are proven against and an
 * inclusion proof (RFC 9162 §2.1.3) per entry. An auditor verifies it offline with only the log's
 * public key (`verifyAuditBundle`, or `aethercore audit verify-bundle`).
 */
export interface AuditBundle {
  readonly format: 'aethercore-audit-bundle/1';
  readonly origin: string;
  /** Inclusive start and exclusive end of the period, ms since the epoch. */
  readonly from: number;
  readonly to: number;
  /** The signed checkpoint note every proof refers to. */
  readonly checkpoint: string;
  readonly treeSize: number;
  readonly entries: readonly {
    readonly index: number;
    readonly entry: string;
    readonly proof: readonly string[];
  }[];
}

/**
 * Builds a bundle of the entries with from ≤ time < to, proven against the latest stored checkpoint
 * (write one first with `log.checkpoint()` to cover the newest entries).
 */
export async function exportAuditBundle(log: AuditLog, from: number, to: number): Promise<AuditBundle> {
  const cp = await log.latestCheckpoint();
  if (cp === undefined) {
    throw new AetherError({
      code: 'audit.no-checkpoint',
      message: 'The log has no signed checkpoint to prove the export against.',
      hint: 'Run `aethercore audit checkpoint` first.',
      kind: 'conflict',
    });
  }
  const entries: { index: number; entry: string; proof: string[] }[] = [];
  const PAGE = 10_000;
  for (let i = 0; i < cp.treeSize; i += PAGE) {
    for (const e of await log.entries(i, Math.min(cp.treeSize, i + PAGE))) {
      if (e.entry === undefined || e.entry.time < from || e.entry.time >= to) continue;
      entries.push({
        index: e.index,
        entry: new TextDecoder().decode(e.bytes),
        proof: log.inclusionProof(e.index, cp.treeSize).map(toBase64),
      });
    }
  }
  return {
    format: 'aethercore-audit-bundle/1',
    origin: log.origin,
    from,
    to,
    checkpoint: cp.note,
    treeSize: cp.treeSize,
    entries,
  };
}

export type BundleVerdict =
  | { readonly ok: true; readonly entries: readonly AuditEntry[]; readonly treeSize: number }
  | { readonly ok: false; readonly index?: number; readonly reason: string };

/** Verifies a bundle offline: checkpoint signature, then every entry's inclusion proof and period. */
export function verifyAuditBundle(
  bundle: unknown,
  options: OpenCheckpointOptions,
  verifier: SignatureVerifier,
): BundleVerdict {
  const b = bundle as Partial<AuditBundle> | null;
  if (
    b === null ||
    typeof b !== 'object' ||
    b.format !== 'aethercore-audit-bundle/1' ||
    typeof b.checkpoint !== 'string' ||
    !Array.isArray(b.entries)
  ) {
    return { ok: false, reason: 'not an aethercore-audit-bundle/1 document' };
  }
  const opened = openCheckpoint(b.checkpoint, options, verifier);
  if (!opened.ok) return { ok: false, reason: `checkpoint: ${opened.reason}` };
  const { treeSize, rootHash } = opened.checkpoint;
  const out: AuditEntry[] = [];
  let prev = -1;
  for (const item of b.entries as unknown[]) {
    if (item === null || typeof item !== 'object') return { ok: false, reason: 'malformed bundle entry' };
    const e = item as { index?: unknown; entry?: unknown; proof?: unknown };
    if (typeof e.index !== 'number' || typeof e.entry !== 'string' || !Array.isArray(e.proof))
      return { ok: false, reason: 'malformed bundle entry' };
    const index = e.index;
    if (index <= prev) return { ok: false, index, reason: `entry ${index} is out of order` };
    prev = index;
    const bytes = utf8(e.entry);
    const proof = (e.proof as unknown[]).map((p) => (typeof p === 'string' ? fromBase64(p) : undefined));
    if (proof.some((p) => p === undefined))
      return { ok: false, index, reason: `entry ${index}: malformed proof` };
    if (!verifyInclusion(index, treeSize, hashLeaf(bytes), proof as Uint8Array[], rootHash)) {
      return {
        ok: false,
        index,
        reason: `entry ${index}: inclusion proof does not verify against the checkpoint`,
      };
    }
    const d = decodeEntry(bytes);
    if (!d.ok) return { ok: false, index, reason: `entry ${index}: ${d.reason}` };
    if (d.entry.index !== index)
      return { ok: false, index, reason: `entry ${index} claims index ${d.entry.index}` };
    if (
      typeof b.from === 'number' &&
      typeof b.to === 'number' &&
      (d.entry.time < b.from || d.entry.time >= b.to)
    ) {
      return { ok: false, index, reason: `entry ${index} is outside the exported period` };
    }
    out.push(d.entry);
  }
  return { ok: true, entries: out, treeSize };
}
