import {
  AetherError,
  checkAuditAppend,
  type AuditCheckpointRecord,
  type AuditRecord,
  type AuditStore,
  type NewAuditRecord,
} from '@aethercore/core';
import {
  inTransaction,
  openStore,
  storageError,
  type PostgresOptions,
  type StorePool,
} from './connection.ts';

/**
 * Append-only by construction: triggers raise on UPDATE, DELETE and TRUNCATE of both tables, for every
 * role including the owner (a privilege REVOKE would not bind the owner, who can grant it back). Only
 * someone who drops the trigger can edit the log, and then the Merkle tree and the signed checkpoints
 * (governance) show the edit. The error is SQLSTATE 42501 with the message below.
 */
const MIGRATIONS = [
  `CREATE TABLE {schema}.audit_entries (
     idx bigint PRIMARY KEY CHECK (idx >= 0),
     entry bytea NOT NULL,
     leaf_hash bytea NOT NULL
   );
   CREATE TABLE {schema}.audit_checkpoints (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     tree_size bigint NOT NULL,
     note text NOT NULL
   );
   CREATE FUNCTION {schema}.audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'the audit log is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
       USING ERRCODE = 'insufficient_privilege', HINT = 'audit entries and checkpoints are never changed or deleted';
   END $$;
   CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON {schema}.audit_entries
     FOR EACH ROW EXECUTE FUNCTION {schema}.audit_append_only();
   CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON {schema}.audit_entries
     FOR EACH STATEMENT EXECUTE FUNCTION {schema}.audit_append_only();
   CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON {schema}.audit_checkpoints
     FOR EACH ROW EXECUTE FUNCTION {schema}.audit_append_only();
   CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON {schema}.audit_checkpoints
     FOR EACH STATEMENT EXECUTE FUNCTION {schema}.audit_append_only();
   REVOKE UPDATE, DELETE, TRUNCATE ON {schema}.audit_entries, {schema}.audit_checkpoints FROM PUBLIC;`,
];

/**
 * The AuditStore on PostgreSQL. Single writer: an append takes a transaction-scoped advisory lock on
 * the log (keyed by schema) before it reads the size, so writers in any process take turns; one that
 * expected an older size gets `audit.append-conflict` and writes nothing. Entry bytes and leaf hashes
 * are stored verbatim (the store never hashes). Open with `await PostgresAuditStore.open(…)`.
 */
export class PostgresAuditStore implements AuditStore {
  readonly #sp: StorePool;
  readonly #entries: string;
  readonly #checkpoints: string;
  readonly #lockKey: string;
  #closed = false;

  private constructor(sp: StorePool) {
    this.#sp = sp;
    this.#entries = `${sp.schema}.audit_entries`;
    this.#checkpoints = `${sp.schema}.audit_checkpoints`;
    this.#lockKey = `aethercore.audit:${sp.schema}`;
  }

  /** Connects, applies the schema migrations (idempotent) and returns the store. */
  static async open(opts: PostgresOptions): Promise<PostgresAuditStore> {
    return new PostgresAuditStore(await openStore(opts, 'audit', MIGRATIONS));
  }

  async append(records: readonly NewAuditRecord[], expectedSize: number): Promise<number> {
    this.#open();
    const list: unknown = records;
    if (!Array.isArray(list)) {
      throw new AetherError({
        code: 'audit.record-invalid',
        message: 'append() expects an array of audit records',
        hint: 'Build records with the governance AuditLog, which hashes entries itself.',
        path: 'records',
      });
    }
    try {
      return await inTransaction(this.#sp.pool, async (c) => {
        await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [this.#lockKey]);
        const size =
          (
            await c.query<{ n: number }>(
              `SELECT COALESCE(MAX(idx) + 1, 0)::bigint AS n FROM ${this.#entries}`,
            )
          ).rows[0]?.n ?? 0;
        checkAuditAppend(records, expectedSize, size);
        if (records.length > 0) {
          // Buffer.from copies: a caller changing its arrays later cannot change what was stored.
          await c.query(
            `INSERT INTO ${this.#entries} (idx, entry, leaf_hash) SELECT $1::bigint + x.ord - 1, x.entry, x.leaf_hash
             FROM unnest($2::bytea[], $3::bytea[]) WITH ORDINALITY AS x(entry, leaf_hash, ord)`,
            [size, records.map((r) => Buffer.from(r.entry)), records.map((r) => Buffer.from(r.leafHash))],
          );
        }
        return size;
      });
    } catch (e) {
      // The primary key is the last line of defence: a duplicate index can only mean a lost race.
      if ((e as { code?: unknown } | null)?.code === '23505') {
        throw new AetherError({
          code: 'audit.append-conflict',
          message: 'Another writer appended at the same index.',
          hint: 'Another writer appended first: reload the log and retry.',
          kind: 'conflict',
          cause: e,
        });
      }
      throw storageError('audit.append-failed', 'appending to the audit log failed', e);
    }
  }

  async read(from: number, to: number): Promise<readonly AuditRecord[]> {
    this.#open();
    const rows = await this.#query<{ idx: number; entry: Buffer; leaf_hash: Buffer }>(
      `SELECT idx, entry, leaf_hash FROM ${this.#entries} WHERE idx >= $1 AND idx < $2 ORDER BY idx`,
      [bound(from), bound(to)],
    );
    return rows.map((r) => ({
      index: r.idx,
      entry: new Uint8Array(r.entry),
      leafHash: new Uint8Array(r.leaf_hash),
    }));
  }

  async leafHashes(from: number, to: number): Promise<readonly Uint8Array[]> {
    this.#open();
    const rows = await this.#query<{ leaf_hash: Buffer }>(
      `SELECT leaf_hash FROM ${this.#entries} WHERE idx >= $1 AND idx < $2 ORDER BY idx`,
      [bound(from), bound(to)],
    );
    return rows.map((r) => new Uint8Array(r.leaf_hash));
  }

  async size(): Promise<number> {
    this.#open();
    const rows = await this.#query<{ n: number }>(
      `SELECT COALESCE(MAX(idx) + 1, 0)::bigint AS n FROM ${this.#entries}`,
      [],
    );
    return rows[0]?.n ?? 0;
  }

  async putCheckpoint(checkpoint: AuditCheckpointRecord): Promise<void> {
    this.#open();
    if (
      typeof checkpoint !== 'object' ||
      checkpoint === null ||
      !Number.isSafeInteger(checkpoint.treeSize) ||
      checkpoint.treeSize < 0 ||
      typeof checkpoint.note !== 'string' ||
      checkpoint.note.includes('\u0000')
    ) {
      throw new AetherError({
        code: 'audit.checkpoint-invalid',
        message: 'a checkpoint needs a non-negative integer treeSize and a note without NUL characters',
        hint: 'build checkpoints with the governance AuditLog',
        path: 'checkpoint',
      });
    }
    try {
      await this.#sp.pool.query(`INSERT INTO ${this.#checkpoints} (tree_size, note) VALUES ($1, $2)`, [
        checkpoint.treeSize,
        checkpoint.note,
      ]);
    } catch (e) {
      throw storageError('audit.append-failed', 'storing the audit checkpoint failed', e);
    }
  }

  async checkpoints(): Promise<readonly AuditCheckpointRecord[]> {
    this.#open();
    const rows = await this.#query<{ tree_size: number; note: string }>(
      `SELECT tree_size, note FROM ${this.#checkpoints} ORDER BY id`,
      [],
    );
    return rows.map((r) => ({ treeSize: r.tree_size, note: r.note }));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#sp.owned) await this.#sp.pool.end();
  }

  async #query<R extends object>(sql: string, params: unknown[]): Promise<R[]> {
    try {
      return (await this.#sp.pool.query<R>(sql, params)).rows;
    } catch (e) {
      throw storageError('audit.read-failed', 'reading the audit log failed', e);
    }
  }

  #open(): void {
    if (this.#closed) {
      throw new AetherError({
        code: 'audit.closed',
        message: 'the audit store is closed',
        hint: 'open a new store',
        kind: 'unavailable',
        category: 'system',
      });
    }
  }
}

/** Index bounds as bigint parameters: fractions round up (indexes are integers), non-numbers read as empty. */
function bound(v: number): number {
  if (typeof v !== 'number' || Number.isNaN(v)) return 0;
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(0, Math.ceil(v)));
}
