/**
 * What an identity store keeps for the live server: governance's `IdentityDirectory.snapshot()`
 * (users with scrypt hashes, agents, API-token *hashes*, never secrets, with when each was last
 * used) and sign-in sessions keyed by the SHA-256 of their bearer token. The stores do not
 * interpret roles: governance validates a snapshot when it loads it. Implemented by adapter-sqlite
 * (`SqliteIdentityStore`) and adapter-postgres (`PostgresIdentityStore`); both pass
 * `core/test/contracts/identity-store.contract.ts`.
 */
export interface IdentitySnapshotRecord {
  readonly format: string;
  readonly users: readonly {
    readonly id: string;
    readonly displayName: string;
    readonly roles: readonly string[];
    readonly passwordHash: string;
    readonly disabled?: boolean | undefined;
  }[];
  readonly agents: readonly { readonly id: string; readonly displayName: string }[];
  readonly tokens: readonly {
    readonly hash: string;
    readonly subject: string;
    readonly id?: string | undefined;
    readonly roles?: readonly string[] | undefined;
    readonly label?: string | undefined;
    readonly createdBy?: string | undefined;
    readonly createdAt?: number | undefined;
    readonly expiresAt?: number | undefined;
    /** When the token last authenticated a request (ms); absent when never used. */
    readonly lastUsedAt?: number | undefined;
  }[];
}

/** A sign-in session: token hash, whose, and its idle/absolute deadlines' inputs (ms since epoch). */
export interface IdentitySessionRecord {
  readonly hash: string;
  readonly userId: string;
  readonly createdAt: number;
  readonly lastSeen: number;
  readonly expiresAt: number;
}
