import type { Clock } from '@aethercore/core';
import { hashApiToken } from '@aethercore/governance';

/** One sign-in session as stored: the SHA-256 of its bearer token, never the token. */
export interface SessionRecord {
  readonly hash: string;
  readonly userId: string;
  readonly createdAt: number;
  readonly lastSeen: number;
  readonly expiresAt: number;
}

/** Durable sessions (`SqliteIdentityStore` implements it); synchronous, like better-sqlite3. */
export interface SessionStore {
  loadSessions(now: number, idleMs?: number): SessionRecord[];
  putSession(s: SessionRecord): void;
  touchSession(hash: string, lastSeen: number): void;
  deleteSession(hash: string): boolean;
  deleteUserSessions(userId: string): number;
}

export interface SessionTokensOptions {
  readonly clock: Clock;
  readonly newToken: () => string;
  /** Absolute lifetime (default 12 h, one long shift). */
  readonly ttlMs?: number;
  /** Idle timeout: a session unused this long ends (default 30 min; the dashboard polls every 5 s). */
  readonly idleMs?: number;
  /** Where sessions survive a restart; memory only when absent. */
  readonly store?: SessionStore;
}

/** A session's last use is written to the store at most this often (one write per request would fsync each). */
const TOUCH_WRITE_MS = 60_000;

/**
 * Login sessions: a successful `POST /api/auth/login` gets a random bearer token (256 bits, from
 * the composition root's CSPRNG). As with API tokens only the SHA-256 of the token is kept, in
 * memory and — with a store — on disk, so a restart does not sign anyone out, yet neither a
 * memory dump nor a copy of the database yields a usable credential. Sessions end at the absolute
 * expiry (`ttlMs`), after `idleMs` without use (OWASP ASVS V3.3), at sign-out, and when the user
 * is disabled (`revokeUser`). Roles are looked up on every request, so a role change takes effect at once.
 */
export class SessionTokens {
  readonly #sessions = new Map<
    string,
    { userId: string; createdAt: number; lastSeen: number; stored: number; expiresAt: number }
  >();
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #idleMs: number;
  readonly #newToken: () => string;
  readonly #store: SessionStore | undefined;

  constructor(options: SessionTokensOptions) {
    this.#clock = options.clock;
    this.#newToken = options.newToken;
    this.#ttlMs = options.ttlMs ?? 12 * 3_600_000;
    this.#idleMs = options.idleMs ?? 30 * 60_000;
    this.#store = options.store;
    for (const s of this.#store?.loadSessions(this.#clock.now(), this.#idleMs) ?? [])
      this.#sessions.set(s.hash, { ...s, stored: s.lastSeen });
  }

  get idleMs(): number {
    return this.#idleMs;
  }

  issue(userId: string): { token: string; expiresAt: number } {
    const now = this.#clock.now();
    // Drop expired sessions on the way, so the map stays bounded by the sessions of one TTL.
    for (const [h, s] of this.#sessions) if (!this.#live(s, now)) this.#drop(h);
    const token = this.#newToken();
    const expiresAt = now + this.#ttlMs;
    const rec = { hash: hashApiToken(token), userId, createdAt: now, lastSeen: now, expiresAt };
    // Durable first: a session the store refused is not handed out.
    this.#store?.putSession(rec);
    this.#sessions.set(rec.hash, { ...rec, stored: now });
    return { token, expiresAt };
  }

  /** The user id of a live session (and marks it used); undefined for unknown, expired or idle tokens. */
  userOf(token: string): string | undefined {
    const h = hashApiToken(token);
    const s = this.#sessions.get(h);
    if (s === undefined) return undefined;
    const now = this.#clock.now();
    if (!this.#live(s, now)) {
      this.#drop(h);
      return undefined;
    }
    s.lastSeen = now;
    if (this.#store !== undefined && now - s.stored >= TOUCH_WRITE_MS) {
      try {
        this.#store.touchSession(h, now);
        s.stored = now;
      } catch {
        // A missed touch only makes the session look idle earlier after a restart.
      }
    }
    return s.userId;
  }

  /** Sign-out: deletes the session (memory and store). */
  revoke(token: string): boolean {
    const h = hashApiToken(token);
    const had = this.#sessions.delete(h);
    const stored = this.#store?.deleteSession(h) ?? false;
    return had || stored;
  }

  /** Ends every session of a user (disabled, roles withdrawn); the number ended. */
  revokeUser(userId: string): number {
    let n = 0;
    for (const [h, s] of this.#sessions)
      if (s.userId === userId) {
        this.#sessions.delete(h);
        n++;
      }
    this.#store?.deleteUserSessions(userId);
    return n;
  }

  /** Stored keys (hashes), for the "no plaintext tokens" test. */
  hashes(): readonly string[] {
    return [...this.#sessions.keys()];
  }

  #live(s: { lastSeen: number; expiresAt: number }, now: number): boolean {
    return s.expiresAt > now && now - s.lastSeen < this.#idleMs;
  }

  #drop(hash: string): void {
    this.#sessions.delete(hash);
    try {
      this.#store?.deleteSession(hash);
    } catch {
      // expired anyway; the store purges it at the next start
    }
  }
}
