import { AetherError, type IdentitySessionRecord, type IdentitySnapshotRecord } from '@aethercore/core';
import {
  inTransaction,
  openStore,
  storageError,
  type PostgresOptions,
  type StorePool,
} from './connection.ts';

/**
 * What governance's `IdentityDirectory.snapshot()` gives a store: users with scrypt hashes, agents,
 * API-token *hashes* (never secrets) with when each was last used: core's `IdentitySnapshotRecord`,
 * as in adapter-sqlite; both stores pass `core/test/contracts/identity-store.contract.ts`.
 */
export type PgIdentitySnapshot = IdentitySnapshotRecord;

export type PgSession = IdentitySessionRecord;

/**
 * Schema versions, as adapter-sqlite's identity tables (v1: the tables; v2: a token's last use).
 * `ord` keeps the snapshot's order (SQLite uses its rowid). Exported for the migration test.
 */
export const PG_IDENTITY_MIGRATIONS: readonly string[] = [
  `CREATE TABLE {schema}.identity_users (
     id text PRIMARY KEY, ord integer NOT NULL, display_name text NOT NULL, roles text NOT NULL,
     password_hash text NOT NULL, disabled boolean NOT NULL DEFAULT false);
   CREATE TABLE {schema}.identity_agents (id text PRIMARY KEY, ord integer NOT NULL, display_name text NOT NULL);
   CREATE TABLE {schema}.identity_tokens (
     hash text PRIMARY KEY, ord integer NOT NULL, subject text NOT NULL, id text, roles text, label text,
     created_by text, created_at bigint, expires_at bigint);
   CREATE TABLE {schema}.identity_meta (key text PRIMARY KEY, value text NOT NULL);
   CREATE TABLE {schema}.auth_sessions (
     hash text PRIMARY KEY, user_id text NOT NULL, created_at bigint NOT NULL,
     last_seen bigint NOT NULL, expires_at bigint NOT NULL);
   CREATE INDEX auth_sessions_user ON {schema}.auth_sessions (user_id);`,
  `ALTER TABLE {schema}.identity_tokens ADD COLUMN last_used_at bigint;`,
];

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

/**
 * Identities and sign-in sessions on PostgreSQL, for deployments that keep their state there. It
 * stores, never interprets: governance validates a loaded snapshot. A snapshot save replaces the
 * identities in one transaction; `touchToken` updates one token's last use (never backwards).
 * Open with `await PostgresIdentityStore.open({ connectionString, schema })`.
 */
export class PostgresIdentityStore {
  readonly #sp: StorePool;
  readonly #s: string;
  #closed = false;

  private constructor(sp: StorePool) {
    this.#sp = sp;
    this.#s = sp.schema;
  }

  /** Connects, applies the schema migrations (idempotent, serialised across processes) and returns the store. */
  static async open(opts: PostgresOptions): Promise<PostgresIdentityStore> {
    return new PostgresIdentityStore(await openStore(opts, 'identities', PG_IDENTITY_MIGRATIONS));
  }

  /** The saved snapshot, or undefined when nothing was ever saved. */
  async loadSnapshot(): Promise<PgIdentitySnapshot | undefined> {
    this.#open();
    const s = this.#s;
    try {
      const format = await this.#sp.pool.query<{ value: string }>(
        `SELECT value FROM ${s}.identity_meta WHERE key = 'format'`,
      );
      const f = format.rows[0];
      if (f === undefined) return undefined;
      const users = await this.#sp.pool.query<{
        id: string;
        display_name: string;
        roles: string;
        password_hash: string;
        disabled: boolean;
      }>(`SELECT * FROM ${s}.identity_users ORDER BY ord`);
      const agents = await this.#sp.pool.query<{ id: string; display_name: string }>(
        `SELECT id, display_name FROM ${s}.identity_agents ORDER BY ord`,
      );
      const tokens = await this.#sp.pool.query<TokenRow>(`SELECT * FROM ${s}.identity_tokens ORDER BY ord`);
      return {
        format: f.value,
        users: users.rows.map((u) => ({
          id: u.id,
          displayName: u.display_name,
          roles: JSON.parse(u.roles) as string[],
          passwordHash: u.password_hash,
          ...(u.disabled ? { disabled: true } : {}),
        })),
        agents: agents.rows.map((a) => ({ id: a.id, displayName: a.display_name })),
        tokens: tokens.rows.map((t) => ({
          hash: t.hash,
          subject: t.subject,
          ...(t.id === null ? {} : { id: t.id }),
          ...(t.roles === null ? {} : { roles: JSON.parse(t.roles) as string[] }),
          ...(t.label === null ? {} : { label: t.label }),
          ...(t.created_by === null ? {} : { createdBy: t.created_by }),
          ...(t.created_at === null ? {} : { createdAt: t.created_at }),
          ...(t.expires_at === null ? {} : { expiresAt: t.expires_at }),
          ...(t.last_used_at === null ? {} : { lastUsedAt: t.last_used_at }),
        })),
      };
    } catch (e) {
      throw storageError('identities.read-failed', 'cannot read identities', e);
    }
  }

  /** Replaces the stored identities with `snap`, in one transaction (all or nothing). */
  async saveSnapshot(snap: PgIdentitySnapshot): Promise<void> {
    this.#open();
    const s = this.#s;
    try {
      await inTransaction(this.#sp.pool, async (c) => {
        await c.query(
          `DELETE FROM ${s}.identity_users; DELETE FROM ${s}.identity_agents; DELETE FROM ${s}.identity_tokens;`,
        );
        for (const [i, x] of snap.users.entries())
          await c.query(
            `INSERT INTO ${s}.identity_users (id, ord, display_name, roles, password_hash, disabled) VALUES ($1, $2, $3, $4, $5, $6)`,
            [x.id, i, x.displayName, JSON.stringify(x.roles), x.passwordHash, x.disabled === true],
          );
        for (const [i, x] of snap.agents.entries())
          await c.query(`INSERT INTO ${s}.identity_agents (id, ord, display_name) VALUES ($1, $2, $3)`, [
            x.id,
            i,
            x.displayName,
          ]);
        for (const [i, x] of snap.tokens.entries())
          await c.query(
            `INSERT INTO ${s}.identity_tokens (hash, ord, subject, id, roles, label, created_by, created_at, expires_at, last_used_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
            [
              x.hash,
              i,
              x.subject,
              x.id ?? null,
              x.roles === undefined ? null : JSON.stringify(x.roles),
              x.label ?? null,
              x.createdBy ?? null,
              x.createdAt ?? null,
              x.expiresAt ?? null,
              x.lastUsedAt ?? null,
            ],
          );
        await c.query(
          `INSERT INTO ${s}.identity_meta (key, value) VALUES ('format', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
          [snap.format],
        );
      });
    } catch (e) {
      throw storageError('identities.write-failed', 'cannot save identities', e);
    }
  }

  /** Records a token's last use (never moves it back; an unknown or revoked token changes nothing). True when a row changed. */
  async touchToken(hash: string, lastUsedAt: number): Promise<boolean> {
    return (
      (await this.#run(
        `UPDATE ${this.#s}.identity_tokens SET last_used_at = $1 WHERE hash = $2 AND (last_used_at IS NULL OR last_used_at < $1)`,
        [lastUsedAt, hash],
        "cannot record a token's last use",
      )) > 0
    );
  }

  /** Live sessions (expired ones are deleted on the way): absolute expiry, and idle expiry when `idleMs` is given. */
  async loadSessions(now: number, idleMs?: number): Promise<PgSession[]> {
    await this.purgeSessions(now, idleMs);
    try {
      const r = await this.#sp.pool.query<{
        hash: string;
        user_id: string;
        created_at: number;
        last_seen: number;
        expires_at: number;
      }>(`SELECT * FROM ${this.#s}.auth_sessions ORDER BY created_at, hash`);
      return r.rows.map((x) => ({
        hash: x.hash,
        userId: x.user_id,
        createdAt: x.created_at,
        lastSeen: x.last_seen,
        expiresAt: x.expires_at,
      }));
    } catch (e) {
      throw storageError('identities.read-failed', 'cannot read sign-in sessions', e);
    }
  }

  async putSession(x: PgSession): Promise<void> {
    await this.#run(
      `INSERT INTO ${this.#s}.auth_sessions (hash, user_id, created_at, last_seen, expires_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (hash) DO UPDATE SET user_id = excluded.user_id, created_at = excluded.created_at,
         last_seen = excluded.last_seen, expires_at = excluded.expires_at`,
      [x.hash, x.userId, x.createdAt, x.lastSeen, x.expiresAt],
    );
  }

  async touchSession(hash: string, lastSeen: number): Promise<void> {
    await this.#run(`UPDATE ${this.#s}.auth_sessions SET last_seen = $1 WHERE hash = $2 AND last_seen < $1`, [
      lastSeen,
      hash,
    ]);
  }

  /** True when a session was deleted. */
  async deleteSession(hash: string): Promise<boolean> {
    return (await this.#run(`DELETE FROM ${this.#s}.auth_sessions WHERE hash = $1`, [hash])) > 0;
  }

  /** Signs a user out everywhere; the number of sessions ended. */
  async deleteUserSessions(userId: string): Promise<number> {
    return this.#run(`DELETE FROM ${this.#s}.auth_sessions WHERE user_id = $1`, [userId]);
  }

  async purgeSessions(now: number, idleMs?: number): Promise<number> {
    return idleMs === undefined
      ? this.#run(`DELETE FROM ${this.#s}.auth_sessions WHERE expires_at <= $1`, [now])
      : this.#run(`DELETE FROM ${this.#s}.auth_sessions WHERE expires_at <= $1 OR last_seen + $2 <= $1`, [
          now,
          idleMs,
        ]);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#sp.owned) await this.#sp.pool.end();
  }

  async #run(sql: string, params: unknown[], what = 'cannot update sign-in sessions'): Promise<number> {
    this.#open();
    try {
      return (await this.#sp.pool.query(sql, params)).rowCount ?? 0;
    } catch (e) {
      throw storageError('identities.write-failed', what, e);
    }
  }

  #open(): void {
    if (this.#closed) {
      throw new AetherError({
        code: 'identities.closed',
        message: 'the identity store is closed',
        hint: 'open a new store',
        kind: 'unavailable',
        category: 'system',
      });
    }
  }
}
