import { AetherError } from '../errors/aether-error.ts';

/**
 * The audit store: the durable half of the tamper-evident audit log (RFC 9162-style Merkle tree
 * with signed checkpoints, built in @aethercore/governance). The store only keeps bytes; all
 * hashing, proofs and verification live in governance, so a store can never "fix up" a hash.
 *
 * Rule: an entry and its leaf hash are appended together, atomically, at an expected position.
 * A writer that lost a race gets `audit.append-conflict` and nothing is written.
 */
export interface NewAuditRecord {
  /** Canonical JSON bytes of the entry (the Merkle leaf input). */
  readonly entry: Uint8Array;
  /** RFC 9162 leaf hash SHA-256(0x00 ‖ entry), 32 bytes. */
  readonly leafHash: Uint8Array;
}

export interface AuditRecord extends NewAuditRecord {
  /** 0-based leaf index; gap-free and strictly increasing. */
  readonly index: number;
}

/** A signed checkpoint (C2SP signed note text) as kept by the store, newest last. */
export interface AuditCheckpointRecord {
  readonly treeSize: number;
  /** The full signed note: origin, size, base64 root, blank line, signature lines. */
  readonly note: string;
}

export interface AuditStore {
  /**
   * Appends records atomically (all or none) at position `expectedSize`, which must equal the
   * current size; resolves to the index of the first record once durable.
   */
  append(records: readonly NewAuditRecord[], expectedSize: number): Promise<number>;
  /** Records with from ≤ index < to, ordered by index, exactly as stored (verification reads these). */
  read(from: number, to: number): Promise<readonly AuditRecord[]>;
  /** Leaf hashes only, index order, for rebuilding the tree on open. */
  leafHashes(from: number, to: number): Promise<readonly Uint8Array[]>;
  /** Number of records (the next index). */
  size(): Promise<number>;
  putCheckpoint(checkpoint: AuditCheckpointRecord): Promise<void>;
  /** All stored checkpoints, oldest first. */
  checkpoints(): Promise<readonly AuditCheckpointRecord[]>;
  close(): Promise<void>;
}

/**
 * Signs checkpoints. Ed25519 needs `node:crypto`, so pure packages see only this port;
 * the adapter lives in `@aethercore/adapter-sqlite` (`Ed25519Signer`).
 */
export interface Signer {
  /** Key name as it appears on the signature line of a signed note (`aethercore.local/audit`). */
  readonly keyName: string;
  /** Raw 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

export interface SignatureVerifier {
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

export const AUDIT_HASH_SIZE = 32;

/** Validation shared by every store, so adapters reject the same bad input the same way. */
export function checkAuditAppend(
  records: readonly NewAuditRecord[],
  expectedSize: number,
  size: number,
): void {
  if (!Number.isSafeInteger(expectedSize) || expectedSize !== size) {
    throw new AetherError({
      code: 'audit.append-conflict',
      message: `Audit append expected the log at size ${expectedSize}, but it is at ${size}.`,
      hint: 'Another writer appended first: reload the log and retry.',
      kind: 'conflict',
    });
  }
  for (const [i, r] of records.entries()) {
    if (
      !(r.entry instanceof Uint8Array) ||
      !(r.leafHash instanceof Uint8Array) ||
      r.leafHash.length !== AUDIT_HASH_SIZE
    ) {
      throw new AetherError({
        code: 'audit.record-invalid',
        message: `Audit record ${i} needs entry bytes and a ${AUDIT_HASH_SIZE}-byte leaf hash.`,
        hint: 'Build records with the governance AuditLog, which hashes entries itself.',
        path: `records[${i}]`,
      });
    }
  }
}

/** The reference AuditStore, in memory: tests, the twin's batch runs and the benchmark. */
export class MemoryAuditStore implements AuditStore {
  readonly #records: AuditRecord[] = [];
  readonly #checkpoints: AuditCheckpointRecord[] = [];

  append(records: readonly NewAuditRecord[], expectedSize: number): Promise<number> {
    try {
      checkAuditAppend(records, expectedSize, this.#records.length);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const first = this.#records.length;
    records.forEach((r, i) =>
      this.#records.push({
        index: first + i,
        entry: Uint8Array.from(r.entry),
        leafHash: Uint8Array.from(r.leafHash),
      }),
    );
    return Promise.resolve(first);
  }

  read(from: number, to: number): Promise<readonly AuditRecord[]> {
    return Promise.resolve(this.#records.slice(Math.max(0, from), Math.max(0, to)));
  }

  leafHashes(from: number, to: number): Promise<readonly Uint8Array[]> {
    return Promise.resolve(this.#records.slice(Math.max(0, from), Math.max(0, to)).map((r) => r.leafHash));
  }

  size(): Promise<number> {
    return Promise.resolve(this.#records.length);
  }

  putCheckpoint(checkpoint: AuditCheckpointRecord): Promise<void> {
    this.#checkpoints.push({ treeSize: checkpoint.treeSize, note: checkpoint.note });
    return Promise.resolve();
  }

  checkpoints(): Promise<readonly AuditCheckpointRecord[]> {
    return Promise.resolve([...this.#checkpoints]);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
