import {
  AetherError,
  type AuditCheckpointRecord,
  type AuditStore,
  type Clock,
  type Signer,
} from '@aethercore/core';
import { decodeEntry, encodeEntry, type AuditEntry, type AuditEntryInput } from './audit-entry.ts';
import { signCheckpoint, type Checkpoint } from './checkpoint.ts';
import { hashLeaf } from './merkle-hash.ts';
import { MerkleTree } from './merkle-tree.ts';

export interface AuditLogOptions {
  /** The log's name on every checkpoint (`aethercore.local/werkhalle4`); defaults to the signer's key name. */
  readonly origin?: string;
  /** Signs checkpoints; without one the log can append and prove, but not checkpoint. */
  readonly signer?: Signer;
  readonly clock: Clock;
  /** Write a checkpoint automatically after this many new entries (periodic checkpoints). */
  readonly checkpointEveryEntries?: number;
  /** …or when this much clock time has passed since the last checkpoint (checked on append). */
  readonly checkpointEveryMs?: number;
}

export interface AppendedEntry {
  readonly index: number;
  readonly leafHash: Uint8Array;
  readonly entry: Uint8Array;
}

const PAGE = 50_000;

/**
 * The tamper-evident audit log: entries in an `AuditStore`, an RFC 9162 Merkle tree over them in
 * memory, and signed checkpoints. Appends are serialised (one writer per log), and the in-memory
 * tree only grows after the store has durably accepted the entry, so a failed append leaves no trace.
 *
 *     const log = await AuditLog.open(store, { signer, clock });
 *     const { index } = await log.append({ actor: 'u:anna', actorKind: 'user', action: 'stop.engaged', time: clock.now(), outcome: 'done' });
 *     const note = await log.checkpoint();
 */
export class AuditLog {
  readonly #store: AuditStore;
  readonly #tree: MerkleTree;
  readonly #options: AuditLogOptions;
  readonly origin: string;
  #queue: Promise<unknown> = Promise.resolve();
  #lastCheckpointSize: number;
  #lastCheckpointTime: number;

  private constructor(store: AuditStore, tree: MerkleTree, options: AuditLogOptions, lastCp: number) {
    this.#store = store;
    this.#tree = tree;
    this.#options = options;
    this.origin = options.origin ?? options.signer?.keyName ?? 'aethercore';
    this.#lastCheckpointSize = lastCp;
    this.#lastCheckpointTime = options.clock.now();
  }

  /** Opens a log over a store, rebuilding the tree from the stored leaf hashes (verify separately). */
  static async open(store: AuditStore, options: AuditLogOptions): Promise<AuditLog> {
    const tree = new MerkleTree();
    const size = await store.size();
    for (let from = 0; from < size; from += PAGE) {
      const hashes = await store.leafHashes(from, Math.min(size, from + PAGE));
      for (const h of hashes) tree.append(h);
    }
    if (tree.size !== size) {
      throw new AetherError({
        code: 'audit.store-inconsistent',
        message: `The audit store reports ${size} entries but returned ${tree.size} leaf hashes.`,
        hint: 'Run `aethercore audit verify` to find the damaged entry.',
        category: 'system',
      });
    }
    const cps = await store.checkpoints();
    return new AuditLog(store, tree, options, cps.at(-1)?.treeSize ?? 0);
  }

  get size(): number {
    return this.#tree.size;
  }

  get tree(): MerkleTree {
    return this.#tree;
  }

  /** Appends one entry; resolves once it is durable. Throws (and changes nothing) if the store fails. */
  async append(input: AuditEntryInput): Promise<AppendedEntry> {
    const [one] = await this.appendMany([input]);
    return one!;
  }

  /** Appends entries atomically, in order. */
  appendMany(inputs: readonly AuditEntryInput[]): Promise<AppendedEntry[]> {
    const run = async (): Promise<AppendedEntry[]> => {
      const first = this.#tree.size;
      const records = inputs.map((input, i) => {
        const entry = encodeEntry(input, first + i);
        return { entry, leafHash: hashLeaf(entry) };
      });
      await this.#store.append(records, first);
      for (const r of records) this.#tree.append(r.leafHash);
      await this.#maybeCheckpoint();
      return records.map((r, i) => ({ index: first + i, ...r }));
    };
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #maybeCheckpoint(): Promise<void> {
    if (this.#options.signer === undefined) return;
    const byCount = this.#options.checkpointEveryEntries;
    const byTime = this.#options.checkpointEveryMs;
    const due =
      (byCount !== undefined && this.size - this.#lastCheckpointSize >= byCount) ||
      (byTime !== undefined &&
        this.#options.clock.now() - this.#lastCheckpointTime >= byTime &&
        this.size > this.#lastCheckpointSize);
    if (due) await this.#writeCheckpoint();
  }

  /** Signs and stores a checkpoint of the current tree (on demand); returns the signed note. */
  checkpoint(): Promise<string> {
    const next = this.#queue.then(() => this.#writeCheckpoint());
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #writeCheckpoint(): Promise<string> {
    const signer = this.#options.signer;
    if (signer === undefined) {
      throw new AetherError({
        code: 'audit.no-signing-key',
        message: 'This audit log has no signing key, so it cannot write checkpoints.',
        hint: 'Open the log with a Signer (Ed25519Signer from @aethercore/adapter-sqlite).',
      });
    }
    const note = signCheckpoint(this.current(), signer);
    const record: AuditCheckpointRecord = { treeSize: this.size, note };
    await this.#store.putCheckpoint(record);
    this.#lastCheckpointSize = this.size;
    this.#lastCheckpointTime = this.#options.clock.now();
    return note;
  }

  /** The unsigned (origin, size, root) of the current tree. */
  current(): Checkpoint {
    return { origin: this.origin, treeSize: this.size, rootHash: this.#tree.rootAt(this.size) };
  }

  async latestCheckpoint(): Promise<AuditCheckpointRecord | undefined> {
    return (await this.#store.checkpoints()).at(-1);
  }

  inclusionProof(index: number, treeSize: number = this.size): Uint8Array[] {
    return this.#tree.inclusionProof(index, treeSize);
  }

  consistencyProof(first: number, second: number = this.size): Uint8Array[] {
    return this.#tree.consistencyProof(first, second);
  }

  /** Reads and decodes stored entries [from, to). */
  async entries(
    from: number,
    to: number,
  ): Promise<{ index: number; bytes: Uint8Array; entry: AuditEntry | undefined }[]> {
    const rows = await this.#store.read(from, to);
    return rows.map((r) => {
      const d = decodeEntry(r.entry);
      return { index: r.index, bytes: r.entry, entry: d.ok ? d.entry : undefined };
    });
  }
}
