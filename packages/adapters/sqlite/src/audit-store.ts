import Database from 'better-sqlite3';
import {
  AetherError,
  checkAuditAppend,
  type AuditCheckpointRecord,
  type AuditRecord,
  type AuditStore,
  type NewAuditRecord,
} from '@aethercore/core';

export interface SqliteAuditStoreOptions {
  /**
   * `full` (default) fsyncs the WAL on every commit, so an acknowledged audit entry survives a power
   * cut; `normal` may lose the last commits on power loss (never corrupts) and is for benchmarks only.
   */
  readonly synchronous?: 'full' | 'normal';
}

/**
 * The SQLite (WAL) AuditStore. Entry bytes and leaf hashes are stored verbatim; the store never
 * hashes, so `aethercore audit verify` can recompute everything from what is on disk and catch any
 * edit. Appends run in `BEGIN IMMEDIATE` transactions, so two processes cannot both take one index.
 */
export class SqliteAuditStore implements AuditStore {
  readonly #db: Database.Database;
  readonly #insert: Database.Statement;
  readonly #size: Database.Statement;
  readonly #read: Database.Statement;
  readonly #leaves: Database.Statement;
  readonly #putCp: Database.Statement;
  readonly #cps: Database.Statement;
  readonly #appendTx: (records: readonly NewAuditRecord[], expectedSize: number) => number;

  constructor(file: string, options: SqliteAuditStoreOptions = {}) {
    try {
      this.#db = new Database(file);
      this.#db.pragma('journal_mode = WAL');
      this.#db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
      this.#db.exec(`
        CREATE TABLE IF NOT EXISTS audit_entries (
          idx INTEGER PRIMARY KEY,
          entry BLOB NOT NULL,
          leaf_hash BLOB NOT NULL
        );
        CREATE TABLE IF NOT EXISTS audit_checkpoints (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          tree_size INTEGER NOT NULL,
          note TEXT NOT NULL
        );`);
    } catch (e) {
      throw new AetherError({
        code: 'audit.store-unreadable',
        message: `Cannot open the audit store ${file}: ${(e as Error).message}`,
        hint: 'Check the path and that the file is an AetherCore audit database (SQLite).',
        category: 'system',
        kind: 'unavailable',
        cause: e,
      });
    }
    this.#insert = this.#db.prepare('INSERT INTO audit_entries (idx, entry, leaf_hash) VALUES (?, ?, ?)');
    this.#size = this.#db.prepare('SELECT COALESCE(MAX(idx) + 1, 0) AS n FROM audit_entries');
    this.#read = this.#db.prepare(
      'SELECT idx, entry, leaf_hash FROM audit_entries WHERE idx >= ? AND idx < ? ORDER BY idx',
    );
    this.#leaves = this.#db
      .prepare('SELECT leaf_hash FROM audit_entries WHERE idx >= ? AND idx < ? ORDER BY idx')
      .pluck();
    this.#putCp = this.#db.prepare('INSERT INTO audit_checkpoints (tree_size, note) VALUES (?, ?)');
    this.#cps = this.#db.prepare('SELECT tree_size, note FROM audit_checkpoints ORDER BY id');
    const tx = this.#db.transaction((records: readonly NewAuditRecord[], expectedSize: number) => {
      const size = (this.#size.get() as { n: number }).n;
      checkAuditAppend(records, expectedSize, size);
      records.forEach((r, i) => this.#insert.run(size + i, Buffer.from(r.entry), Buffer.from(r.leafHash)));
      return size;
    });
    this.#appendTx = (records, expectedSize) => tx.immediate(records, expectedSize);
  }

  append(records: readonly NewAuditRecord[], expectedSize: number): Promise<number> {
    try {
      return Promise.resolve(this.#appendTx(records, expectedSize));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  read(from: number, to: number): Promise<readonly AuditRecord[]> {
    const rows = this.#read.all(from, to) as { idx: number; entry: unknown; leaf_hash: unknown }[];
    return Promise.resolve(
      rows.map((r) => ({ index: r.idx, entry: bytesOf(r.entry), leafHash: bytesOf(r.leaf_hash) })),
    );
  }

  leafHashes(from: number, to: number): Promise<readonly Uint8Array[]> {
    return Promise.resolve(this.#leaves.all(from, to).map(bytesOf));
  }

  size(): Promise<number> {
    return Promise.resolve((this.#size.get() as { n: number }).n);
  }

  putCheckpoint(checkpoint: AuditCheckpointRecord): Promise<void> {
    this.#putCp.run(checkpoint.treeSize, checkpoint.note);
    return Promise.resolve();
  }

  checkpoints(): Promise<readonly AuditCheckpointRecord[]> {
    const rows = this.#cps.all() as { tree_size: number; note: unknown }[];
    return Promise.resolve(
      rows.map((r) => ({
        treeSize: Number(r.tree_size),
        note: Buffer.from(bytesOf(r.note)).toString('utf8'),
      })),
    );
  }

  close(): Promise<void> {
    if (this.#db.open) this.#db.close();
    return Promise.resolve();
  }
}

/**
 * A column as bytes, whatever SQLite hands back: a file edited outside AetherCore may hold TEXT,
 * numbers or NULL where BLOBs belong, and verification must report that, not crash on it.
 */
function bytesOf(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (typeof v === 'string') return new Uint8Array(Buffer.from(v, 'utf8'));
  if (typeof v === 'number' || typeof v === 'bigint') return new Uint8Array(Buffer.from(String(v), 'utf8'));
  return new Uint8Array(0);
}
