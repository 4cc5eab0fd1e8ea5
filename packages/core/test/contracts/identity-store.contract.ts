/**
 * The identity store contract: what the live server keeps of users, agents, API tokens (hashes, and
 * when each was last used) and sign-in sessions. `SqliteIdentityStore` (synchronous) and
 * `PostgresIdentityStore` (asynchronous) run this suite unchanged, so every call is awaited.
 * The stores do not interpret roles: governance validates a loaded snapshot.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { IdentitySessionRecord, IdentitySnapshotRecord } from '../../src/index.ts';

type MaybePromise<T> = T | Promise<T>;

export type ContractSnapshot = IdentitySnapshotRecord;

export type ContractSession = IdentitySessionRecord;

export interface IdentityStoreUnderTest {
  loadSnapshot(): MaybePromise<ContractSnapshot | undefined>;
  saveSnapshot(snap: ContractSnapshot): MaybePromise<void>;
  touchToken(hash: string, lastUsedAt: number): MaybePromise<boolean>;
  loadSessions(now: number, idleMs?: number): MaybePromise<ContractSession[]>;
  putSession(s: ContractSession): MaybePromise<void>;
  touchSession(hash: string, lastSeen: number): MaybePromise<void>;
  deleteSession(hash: string): MaybePromise<boolean>;
  deleteUserSessions(userId: string): MaybePromise<number>;
  close(): MaybePromise<void>;
}

export interface IdentityStoreHarness {
  /** Opens (creating and migrating when needed) the store called `name`; the same name reopens the same data. */
  open(name: string): Promise<IdentityStoreUnderTest>;
  /**
   * Writes a store called `name` as the first release did (identity schema version 1, before
   * tokens had a last use), holding the format marker, agent `dexter` and one token (hash, subject
   * `dexter`), with the adapter's own shipped version-1 migration, not through the current store.
   */
  createVersion1(name: string, tokenHash: string): Promise<void>;
}

const h = (c: string): string => c.repeat(64);

export const CONTRACT_SNAPSHOT: ContractSnapshot = {
  format: 'aethercore-identities/1',
  users: [
    { id: 'admin', displayName: 'Admin', roles: ['admin'], passwordHash: 'scrypt$1$2$3$c2FsdA==$aGFzaA==' },
    {
      id: 'otto',
      displayName: 'Otto Nagel',
      roles: ['operator', 'supervisor'],
      passwordHash: 'x',
      disabled: true,
    },
    { id: 'anna', displayName: 'Anna Berger', roles: ['engineer'], passwordHash: 'y' },
  ],
  agents: [
    { id: 'dexter', displayName: 'Dexter' },
    { id: 'strategos', displayName: 'Strategos' },
  ],
  tokens: [
    { hash: h('a'), subject: 'dexter' },
    {
      hash: h('b'),
      subject: 'otto',
      id: 'tok_0123456789abcdef',
      roles: ['supervisor'],
      label: 'Wandbildschirm Halle 4',
      createdBy: 'u:admin',
      createdAt: 1_763_700_000_000,
      expiresAt: 1_771_476_000_000,
      lastUsedAt: 1_763_786_400_000,
    },
    { hash: h('c'), subject: 'strategos', id: 'tok_fedcba9876543210', createdAt: 5, expiresAt: 9 },
  ],
};

export function runIdentityStoreContract(name: string, harness: IdentityStoreHarness): void {
  describe(`identity store contract: ${name}`, () => {
    let n = 0;
    const opened: IdentityStoreUnderTest[] = [];
    const fresh = (): string => `ids_${n++}`;
    const open = async (storeName: string): Promise<IdentityStoreUnderTest> => {
      const s = await harness.open(storeName);
      opened.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });

    it('is empty when new, round-trips a snapshot in order across a reopen, and replaces it as a whole', async () => {
      const storeName = fresh();
      const a = await open(storeName);
      expect(await a.loadSnapshot()).toBeUndefined();
      await a.saveSnapshot(CONTRACT_SNAPSHOT);
      expect(await a.loadSnapshot()).toEqual(CONTRACT_SNAPSHOT);
      const b = await open(storeName);
      expect(await b.loadSnapshot()).toEqual(CONTRACT_SNAPSHOT);
      const smaller = { ...CONTRACT_SNAPSHOT, users: CONTRACT_SNAPSHOT.users.slice(0, 1), tokens: [] };
      await b.saveSnapshot(smaller);
      expect(await b.loadSnapshot()).toEqual(smaller);
    });

    it("records a token's last use: set, never moved back, unknown hashes change nothing, kept across a reopen and a snapshot save", async () => {
      const storeName = fresh();
      const s = await open(storeName);
      await s.saveSnapshot(CONTRACT_SNAPSHOT);
      const lastUsed = async (st: IdentityStoreUnderTest, hash: string) =>
        (await st.loadSnapshot())?.tokens.find((t) => t.hash === hash)?.lastUsedAt;
      expect(await lastUsed(s, h('a'))).toBeUndefined();
      expect(await s.touchToken(h('a'), 1000)).toBe(true);
      expect(await lastUsed(s, h('a'))).toBe(1000);
      expect(await s.touchToken(h('a'), 999)).toBe(false);
      expect(await lastUsed(s, h('a'))).toBe(1000);
      expect(await s.touchToken(h('a'), 61_000)).toBe(true);
      expect(await s.touchToken(h('f'), 61_000)).toBe(false);
      expect(await lastUsed(s, h('f'))).toBeUndefined();
      // The other tokens are untouched.
      expect(await lastUsed(s, h('b'))).toBe(CONTRACT_SNAPSHOT.tokens[1]?.lastUsedAt);
      expect(await lastUsed(s, h('c'))).toBeUndefined();
      const again = await open(storeName);
      expect(await lastUsed(again, h('a'))).toBe(61_000);
      // A snapshot save writes what it is given (the directory's snapshot carries the time).
      const snap = (await again.loadSnapshot()) as ContractSnapshot;
      await again.saveSnapshot(snap);
      expect(await again.loadSnapshot()).toEqual(snap);
      // A revoked token (gone from the snapshot) is not brought back by a late write.
      await again.saveSnapshot({ ...snap, tokens: snap.tokens.filter((t) => t.hash !== h('a')) });
      expect(await again.touchToken(h('a'), 200_000)).toBe(false);
      expect((await again.loadSnapshot())?.tokens.map((t) => t.hash)).toEqual([h('b'), h('c')]);
    });

    it('upgrades a version-1 store: its token has no last use until one is recorded', async () => {
      const storeName = fresh();
      await harness.createVersion1(storeName, h('d'));
      const s = await open(storeName);
      const snap = await s.loadSnapshot();
      expect(snap).toEqual({
        format: 'aethercore-identities/1',
        users: [],
        agents: [{ id: 'dexter', displayName: 'Dexter' }],
        tokens: [{ hash: h('d'), subject: 'dexter' }],
      });
      expect(await s.touchToken(h('d'), 42)).toBe(true);
      const reopened = await open(storeName);
      expect((await reopened.loadSnapshot())?.tokens).toEqual([
        { hash: h('d'), subject: 'dexter', lastUsedAt: 42 },
      ]);
    });

    it('sessions: put, touch (never backwards), delete one or all of a user, purge by absolute and idle expiry', async () => {
      const s = await open(fresh());
      await s.putSession({ hash: h('1'), userId: 'anna', createdAt: 0, lastSeen: 0, expiresAt: 10_000 });
      await s.putSession({ hash: h('2'), userId: 'anna', createdAt: 0, lastSeen: 0, expiresAt: 10_000 });
      await s.putSession({ hash: h('3'), userId: 'otto', createdAt: 0, lastSeen: 0, expiresAt: 500 });
      await s.touchSession(h('1'), 900);
      await s.touchSession(h('1'), 100); // older: ignored
      // At 1000: otto's session is past its absolute expiry; with idle 950, anna's untouched session is idle.
      expect((await s.loadSessions(1000, 950)).map((x) => [x.hash[0], x.lastSeen])).toEqual([['1', 900]]);
      await s.putSession({
        hash: h('4'),
        userId: 'anna',
        createdAt: 1000,
        lastSeen: 1000,
        expiresAt: 10_000,
      });
      expect(await s.deleteSession(h('1'))).toBe(true);
      expect(await s.deleteSession(h('1'))).toBe(false);
      expect(await s.deleteUserSessions('anna')).toBe(1);
      expect(await s.loadSessions(1000)).toEqual([]);
    });
  });
}
