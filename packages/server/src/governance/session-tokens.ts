import type { Clock } from '@aethercore/core';
import { hashApiToken } from '@aethercore/governance';

/**
 * Login sessions: a successful `POST /api/auth/login` gets a random bearer token (256 bits, from
 * the composition root's CSPRNG). As with API tokens, only the SHA-256 of the token is kept, so a
 * memory dump or log line never yields a usable credential. Sessions live in memory and end after
 * `ttlMs` (default 12 h, one long shift) or on restart; the user's roles are looked up on every
 * request, so a role change takes effect at once.
 */
export class SessionTokens {
  readonly #sessions = new Map<string, { userId: string; expiresAt: number }>();
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #newToken: () => string;

  constructor(options: { clock: Clock; newToken: () => string; ttlMs?: number }) {
    this.#clock = options.clock;
    this.#newToken = options.newToken;
    this.#ttlMs = options.ttlMs ?? 12 * 3_600_000;
  }

  issue(userId: string): { token: string; expiresAt: number } {
    const now = this.#clock.now();
    // Drop expired sessions on the way, so the map stays bounded by the sessions of one TTL.
    for (const [h, s] of this.#sessions) if (s.expiresAt <= now) this.#sessions.delete(h);
    const token = this.#newToken();
    const expiresAt = now + this.#ttlMs;
    this.#sessions.set(hashApiToken(token), { userId, expiresAt });
    return { token, expiresAt };
  }

  /** The user id of a live session; undefined for unknown or expired tokens. */
  userOf(token: string): string | undefined {
    const h = hashApiToken(token);
    const s = this.#sessions.get(h);
    if (s === undefined) return undefined;
    if (s.expiresAt <= this.#clock.now()) {
      this.#sessions.delete(h);
      return undefined;
    }
    return s.userId;
  }

  revoke(token: string): boolean {
    return this.#sessions.delete(hashApiToken(token));
  }

  /** Stored keys (hashes), for the "no plaintext tokens" test. */
  hashes(): readonly string[] {
    return [...this.#sessions.keys()];
  }
}
