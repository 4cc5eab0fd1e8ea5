import type { IdentitySessionRecord, IdentitySnapshotRecord } from '@aethercore/core';
import { openDatabase, migrate, storageError, type Db } from './open-database.ts';

/**
 * Durable identities and sign-in sessions (SQLite, WAL, synchronous FULL) for the live server.
 * The adapter stores what governance's `IdentityDirectory.snapshot()` gives it — users with scrypt
 * hashes, agents, API-token *hashes* — and sign-in sessions keyed by the SHA-256 of their bearer
 * token, so neither a copy of the file nor a log line yields a usable credential. It does not
 * interpret roles: the directory validates the snapshot when it loads it.
 */
export type StoredIdentitySnapshot = IdentitySnapshotRecord;

export type StoredSession = IdentitySessionRecord;

/** Schema versions of the identity tables (migration i takes version i to i + 1); exported for the migration test. */
export const IDENTITY_MIGRATIONS: readonly string[] = [
  `CREATE TABLE identity_users (
     id TEXT PRIMARY KEY, display_name TEXT NOT NULL, roles TEXT NOT NULL,
     password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0);
   CREATE TABLE identity_agents (id TEXT PRIMARY KEY, display_name TEXT NOT NULL);
   CREATE TABLE identity_tokens (
     hash TEXT PRIMARY KEY, subject TEXT NOT NULL, id TEXT, roles TEXT, label TEXT,
     created_by TEXT, created_at INTEGER, expires_at INTEGER);
   CREATE TABLE identity_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE auth_sessions (
     hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at INTEGER NOT NULL,
     last_seen INTEGER NOT NULL, expires_at INTEGER NOT NULL);
   CREATE INDEX auth_sessions_user ON auth_sessions (user_id);`,
  // v2: a token's last use (ms), so an administrator sees which tokens are still in use before revoking.
  `ALTER TABLE identity_tokens ADD COLUMN last_used_at INTEGER;`,
];

interface UserRow {
  id: string;
  display_name: string;
  roles: string;
  password_hash: string;
  disabled: number;
}
interface TokenRow {
  hash: string;
  subject: string;
  id: string | null;
  roles: string | null;
  label: string | null;
  created_by: string | null;
  created_at: number | null;
  expires_at: number | null;
  last_used_at: number | null;
}
interface SessionRow {
  hash: string;
  user_id: string;
  created_at: number;
  last_seen: number;
  expires_at: number;
}

export class SqliteIdentityStore {
  readonly #db: Db;

  /** Opens (or creates) `file`; several stores may share one database file. */
  constructor(file: string) {
    this.#db = openDatabase({ file });
    migrate(this.#db, 'identities', IDENTITY_MIGRATIONS);
  }

  /** The saved snapshot, or undefined when nothing was ever saved (a fresh data dir). */
  loadSnapshot(): StoredIdentitySnapshot | undefined {
    try {
      const format = this.#db.prepare("SELECT value FROM identity_meta WHERE key = 'format'").get() as
        { value: string } | undefined;
      if (format === undefined) return undefined;
      const users = (this.#db.prepare('SELECT * FROM identity_users ORDER BY rowid').all() as UserRow[]).map(
        (u) => ({
          id: u.id,
          displayName: u.display_name,
          roles: JSON.parse(u.roles) as string[],
          passwordHash: u.password_hash,
          ...(u.disabled === 1 ? { disabled: true } : {}),
        }),
      );
      const agents = (
        this.#db.prepare('SELECT id, display_name FROM identity_agents ORDER BY rowid').all() as {
          id: string;
          display_name: string;
        }[]
      ).map((a) => ({ id: a.id, displayName: a.display_name }));
      const tokens = (
        this.#db.prepare('SELECT * FROM identity_tokens ORDER BY rowid').all() as TokenRow[]
      ).map((t) => ({
        hash: t.hash,
        subject: t.subject,
        ...(t.id === null ? {} : { id: t.id }),
        ...(t.roles === null ? {} : { roles: JSON.parse(t.roles) as string[] }),
        ...(t.label === null ? {} : { label: t.label }),
        ...(t.created_by === null ? {} : { createdBy: t.created_by }),
        ...(t.created_at === null ? {} : { createdAt: t.created_at }),
        ...(t.expires_at === null ? {} : { expiresAt: t.expires_at }),
        ...(t.last_used_at === null ? {} : { lastUsedAt: t.last_used_at }),
      }));
      return { format: format.value, users, agents, tokens };
    } catch (e) {
      throw storageError('identities.read-failed', 'cannot read identities', e);
    }
  }

  /** Replaces the stored identities with `snap`, in one transaction (all or nothing). */
  saveSnapshot(snap: StoredIdentitySnapshot): void {
    try {
      this.#db
        .transaction(() => {
          this.#db.exec(
            'DELETE FROM identity_users; DELETE FROM identity_agents; DELETE FROM identity_tokens;',
          );
          const u = this.#db.prepare(
            'INSERT INTO identity_users (id, display_name, roles, password_hash, disabled) VALUES (?, ?, ?, ?, ?)',
          );
          for (const x of snap.users)
            u.run(x.id, x.displayName, JSON.stringify(x.roles), x.passwordHash, x.disabled === true ? 1 : 0);
          const a = this.#db.prepare('INSERT INTO identity_agents (id, display_name) VALUES (?, ?)');
          for (const x of snap.agents) a.run(x.id, x.displayName);
          const t = this.#db.prepare(
            'INSERT INTO identity_tokens (hash, subject, id, roles, label, created_by, created_at, expires_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
          );
          for (const x of snap.tokens)
            t.run(
              x.hash,
              x.subject,
              x.id ?? null,
              x.roles === undefined ? null : JSON.stringify(x.roles),
              x.label ?? null,
              x.createdBy ?? null,
              x.createdAt ?? null,
              x.expiresAt ?? null,
              x.lastUsedAt ?? null,
            );
          this.#db
            .prepare(
              "INSERT INTO identity_meta (key, value) VALUES ('format', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            )
            .run(snap.format);
        })
        .immediate();
    } catch (e) {
      throw storageError('identities.write-failed', 'cannot save identities', e);
    }
  }

  /**
   * Records that the token with this hash authenticated a request at `lastUsedAt` (never moves the
   * time back; an unknown or revoked token changes nothing). True when a row changed. The identity
   * directory calls it at most once a minute per token.
   */
  touchToken(hash: string, lastUsedAt: number): boolean {
    try {
      return (
        this.#db
          .prepare(
            'UPDATE identity_tokens SET last_used_at = ? WHERE hash = ? AND (last_used_at IS NULL OR last_used_at < ?)',
          )
          .run(lastUsedAt, hash, lastUsedAt).changes > 0
      );
    } catch (e) {
      throw storageError('identities.write-failed', "cannot record a token's last use", e);
    }
  }

  /** Live sessions (expired ones are deleted on the way): absolute expiry, and idle expiry when `idleMs` is given. */
  loadSessions(now: number, idleMs?: number): StoredSession[] {
    this.purgeSessions(now, idleMs);
    return (this.#db.prepare('SELECT * FROM auth_sessions').all() as SessionRow[]).map((s) => ({
      hash: s.hash,
      userId: s.user_id,
      createdAt: s.created_at,
      lastSeen: s.last_seen,
      expiresAt: s.expires_at,
    }));
  }

  putSession(s: StoredSession): void {
    this.#run(
      'INSERT OR REPLACE INTO auth_sessions (hash, user_id, created_at, last_seen, expires_at) VALUES (?, ?, ?, ?, ?)',
      [s.hash, s.userId, s.createdAt, s.lastSeen, s.expiresAt],
    );
  }

  touchSession(hash: string, lastSeen: number): void {
    this.#run('UPDATE auth_sessions SET last_seen = ? WHERE hash = ? AND last_seen < ?', [
      lastSeen,
      hash,
      lastSeen,
    ]);
  }

  /** True when a session was deleted. */
  deleteSession(hash: string): boolean {
    return this.#run('DELETE FROM auth_sessions WHERE hash = ?', [hash]) > 0;
  }

  /** Signs a user out everywhere (disabled, roles changed); the number of sessions ended. */
  deleteUserSessions(userId: string): number {
    return this.#run('DELETE FROM auth_sessions WHERE user_id = ?', [userId]);
  }

  purgeSessions(now: number, idleMs?: number): number {
    return idleMs === undefined
      ? this.#run('DELETE FROM auth_sessions WHERE expires_at <= ?', [now])
      : this.#run('DELETE FROM auth_sessions WHERE expires_at <= ? OR last_seen + ? <= ?', [
          now,
          idleMs,
          now,
        ]);
  }

  close(): void {
    this.#db.close();
  }

  #run(sql: string, params: readonly (string | number)[]): number {
    try {
      return this.#db.prepare(sql).run(...params).changes;
    } catch (e) {
      throw storageError('identities.write-failed', 'cannot update sign-in sessions', e);
    }
  }
}
