import { AetherError } from '@aethercore/core';
import { toHex, utf8 } from '../crypto/bytes.ts';
import { sha256 } from '../crypto/sha256.ts';
import type { TokenSnapshot } from './identity-snapshot.ts';
import { roleAllows, type Role } from './roles.ts';

/**
 * API tokens for automation: what administrators see of them, and the rules a new token must
 * meet. The secret itself never reaches this package's storage — only its SHA-256.
 */
/** An API token as administrators see it: never the secret, never its hash. */
export interface TokenInfo {
  readonly id: string;
  readonly subject: string;
  /** The roles the token carries (a subset of its subject's); the subject's roles when absent. */
  readonly roles?: readonly Role[];
  readonly label?: string;
  readonly createdBy?: string;
  readonly createdAt?: number;
  readonly expiresAt?: number;
  /** When the token last authenticated a request (ms, server clock); absent when never used. */
  readonly lastUsedAt?: number;
}

export interface IssueTokenOptions {
  readonly roles?: readonly Role[];
  readonly expiresAt?: number;
  readonly label?: string;
}

/** Permissions a token may never carry: a leaked automation token must not mint tokens or manage users. */
export const NEVER_IN_TOKEN = ['user.manage', 'token.issue'] as const;

/** API tokens are 256-bit random strings, so one SHA-256 is enough; only the hash is kept. */
export function hashApiToken(token: string): string {
  return toHex(sha256(utf8(token)));
}

/** The public id of a token, derived from the secret (domain-separated), so the pure package needs no RNG. */
export function apiTokenId(token: string): string {
  return `tok_${toHex(sha256(utf8(`aethercore-token-id:${token}`))).slice(0, 16)}`;
}

/** Why `roles` cannot go on a token for a subject holding `subjectRoles`; undefined when they can. */
export function tokenRoleProblem(
  roles: readonly Role[],
  subjectRoles: readonly Role[],
  subjectId: string,
): string | undefined {
  if (roles.length === 0) return 'A token needs at least one role.';
  const wider = roles.find((r) => !subjectRoles.includes(r));
  if (wider !== undefined)
    return `'${String(wider).slice(0, 40)}' is not a role of '${subjectId.slice(0, 80)}'; a token never carries more than its subject.`;
  const barred = roles.find((r) => NEVER_IN_TOKEN.some((p) => roleAllows(r, p)));
  if (barred !== undefined)
    return `A token cannot carry '${String(barred)}': tokens never manage users or issue tokens.`;
  return undefined;
}

export function checkTokenSecret(token: unknown): void {
  if (typeof token !== 'string' || token.length < 32)
    throw new AetherError({
      code: 'access.token-weak',
      message: 'API tokens need at least 32 characters of randomness.',
      hint: 'Use randomApiToken().',
    });
}

export function checkTokenExpiry(expiresAt: number | undefined, now: number): void {
  if (expiresAt !== undefined && !(expiresAt > now))
    throw new AetherError({
      code: 'access.token-expiry-invalid',
      message: 'A token must expire in the future.',
      hint: 'Give expiresInDays ≥ 1.',
      path: 'expiresInDays',
    });
}

/**
 * A token's last use is written to durable storage at most this often (per token): one write per
 * request would cost an fsync each, and "last used" is read in minutes and days, not milliseconds.
 */
export const TOKEN_USE_WRITE_MS = 60_000;

/** Tokens from before token administration have no id: a stable one from their hash. */
export function apiTokenIdOfHash(hash: string): string {
  return `tok_${hash.slice(48, 64)}`;
}

export function tokenInfoOf(t: TokenSnapshot): TokenInfo {
  return {
    id: t.id ?? apiTokenIdOfHash(t.hash),
    subject: t.subject,
    ...(t.roles === undefined ? {} : { roles: t.roles }),
    ...(t.label === undefined ? {} : { label: t.label }),
    ...(t.createdBy === undefined ? {} : { createdBy: t.createdBy }),
    ...(t.createdAt === undefined ? {} : { createdAt: t.createdAt }),
    ...(t.expiresAt === undefined ? {} : { expiresAt: t.expiresAt }),
    ...(t.lastUsedAt === undefined ? {} : { lastUsedAt: t.lastUsedAt }),
  };
}
