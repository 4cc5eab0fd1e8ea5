import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AetherError } from '@aethercore/core';
import Database from 'better-sqlite3';

/**
 * How hard a commit waits for the disk (SQLite `PRAGMA synchronous`, https://sqlite.org/pragma.html#pragma_synchronous).
 * In WAL mode both survive a crash of the process (kill -9): a committed transaction is in the WAL file.
 * - `FULL`: the WAL is fsynced at every commit, so an acknowledged write also survives power loss or
 *   an OS crash. This is what "resolves once durable" means in the ports, and the default.
 * - `NORMAL`: the WAL is fsynced only at checkpoints; the last commits before a power cut may be lost
 *   (never corrupted). Faster for small batches; a deliberate choice for a telemetry cache.
 */
export type SynchronousMode = 'FULL' | 'NORMAL';

export interface SqliteOptions {
  /** Database file; its directory is created. `:memory:` for a throwaway store. */
  readonly file: string;
  /** Default `FULL` (acknowledged = committed and fsynced). */
  readonly synchronous?: SynchronousMode;
}

export type Db = Database.Database;

/** Opens (or creates) a database in WAL mode. Several stores may share one file: their tables differ. */
export function openDatabase(opts: SqliteOptions): Db {
  const sync = opts.synchronous ?? 'FULL';
  if (sync !== 'FULL' && sync !== 'NORMAL') {
    throw new AetherError({
      code: 'sqlite.option-invalid',
      message: `synchronous must be FULL or NORMAL, got ${String(sync)}`,
      hint: 'use FULL unless losing the last commits on power loss is acceptable',
      path: 'synchronous',
    });
  }
  if (typeof opts.file !== 'string' || opts.file.length === 0) {
    throw new AetherError({
      code: 'sqlite.option-invalid',
      message: 'file must be a non-empty path',
      hint: 'pass { file: "data/aethercore.db" }',
      path: 'file',
    });
  }
  let db: Db | undefined;
  try {
    if (opts.file !== ':memory:') mkdirSync(path.dirname(path.resolve(opts.file)), { recursive: true });
    db = new Database(opts.file);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${sync}`);
    // Another process (a CLI next to the server) may hold the write lock for a moment: wait, do not fail.
    db.pragma('busy_timeout = 5000');
    // 32 MiB page cache: ingest touches one B-tree leaf per active series; keep them hot.
    db.pragma('cache_size = -32768');
    db.exec(
      'CREATE TABLE IF NOT EXISTS aether_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL)',
    );
    return db;
  } catch (e) {
    db?.close();
    throw new AetherError({
      code: 'sqlite.open-failed',
      message: `cannot open SQLite database ${opts.file}: ${e instanceof Error ? e.message : String(e)}`,
      hint: 'check that the path is writable and is a SQLite database (not another file)',
      category: 'system',
      kind: 'unavailable',
      cause: e,
    });
  }
}

/**
 * Brings one component's tables to `migrations.length` (migration i takes version i to i + 1), in a
 * transaction. A file written by a newer AetherCore is refused rather than misread.
 */
export function migrate(db: Db, component: string, migrations: readonly string[]): void {
  const row = db.prepare('SELECT version FROM aether_schema WHERE component = ?').get(component) as
    { version: number } | undefined;
  const current = row?.version ?? 0;
  if (current > migrations.length) {
    throw new AetherError({
      code: 'sqlite.schema-newer',
      message: `${component} tables are at schema version ${current}, this build knows ${migrations.length}`,
      hint: 'open the file with the AetherCore version that wrote it, or upgrade',
      category: 'system',
      kind: 'conflict',
    });
  }
  if (current === migrations.length) return;
  db.transaction(() => {
    for (let v = current; v < migrations.length; v++) db.exec(migrations[v] ?? '');
    db.prepare(
      'INSERT INTO aether_schema (component, version) VALUES (?, ?) ON CONFLICT(component) DO UPDATE SET version = excluded.version',
    ).run(component, migrations.length);
  }).immediate();
}

/** Run synchronous store work and report its outcome as a promise (errors become rejections). */
export function attempt<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

/** A SQLite failure (disk full, I/O error, lock timeout) as a coded error for the caller. */
export function storageError(code: string, what: string, e: unknown): AetherError {
  if (e instanceof AetherError) return e;
  return new AetherError({
    code,
    message: `${what}: ${e instanceof Error ? e.message : String(e)}`,
    hint: 'check disk space and that no other process holds the database locked; nothing of the batch was stored',
    category: 'system',
    kind: 'unavailable',
    cause: e,
  });
}
