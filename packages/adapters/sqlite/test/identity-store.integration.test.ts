import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runIdentityStoreContract } from '../../../core/test/contracts/identity-store.contract.ts';
import { SqliteIdentityStore, type StoredIdentitySnapshot } from '../src/index.ts';
import { IDENTITY_MIGRATIONS } from '../src/identity-store.ts';
import { migrate, openDatabase } from '../src/open-database.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const file = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'aethercore-identity-store-'));
  dirs.push(d);
  return path.join(d, 'identities.db');
};

const SNAP: StoredIdentitySnapshot = {
  format: 'aethercore-identities/1',
  users: [
    { id: 'admin', displayName: 'Admin', roles: ['admin'], passwordHash: 'scrypt$1$2$3$c2FsdA==$aGFzaA==' },
    { id: 'otto', displayName: 'Otto', roles: ['operator', 'supervisor'], passwordHash: 'x', disabled: true },
  ],
  agents: [{ id: 'dexter', displayName: 'Dexter' }],
  tokens: [
    { hash: 'a'.repeat(64), subject: 'dexter' },
    {
      hash: 'b'.repeat(64),
      subject: 'otto',
      id: 'tok_0123456789abcdef',
      roles: ['supervisor'],
      label: 'ci',
      createdBy: 'u:admin',
      createdAt: 1,
      expiresAt: 2,
    },
  ],
};

describe('SqliteIdentityStore', () => {
  it('is empty when new, round-trips a snapshot across a reopen, and replaces it as a whole', () => {
    const f = file();
    const a = new SqliteIdentityStore(f);
    expect(a.loadSnapshot()).toBeUndefined();
    a.saveSnapshot(SNAP);
    a.close();
    const b = new SqliteIdentityStore(f);
    expect(b.loadSnapshot()).toEqual(SNAP);
    b.saveSnapshot({ ...SNAP, users: SNAP.users.slice(0, 1), tokens: [] });
    expect(b.loadSnapshot()).toEqual({ ...SNAP, users: SNAP.users.slice(0, 1), tokens: [] });
    b.close();
  });

  it('sessions: put, touch (never backwards), delete one or all of a user, purge by absolute and idle expiry', () => {
    const s = new SqliteIdentityStore(file());
    const h = (c: string) => c.repeat(64);
    s.putSession({ hash: h('1'), userId: 'anna', createdAt: 0, lastSeen: 0, expiresAt: 10_000 });
    s.putSession({ hash: h('2'), userId: 'anna', createdAt: 0, lastSeen: 0, expiresAt: 10_000 });
    s.putSession({ hash: h('3'), userId: 'otto', createdAt: 0, lastSeen: 0, expiresAt: 500 });
    s.touchSession(h('1'), 900);
    s.touchSession(h('1'), 100); // older: ignored
    // At 1000: otto's session is past its absolute expiry; with idle 950, anna's untouched session is idle.
    expect(s.loadSessions(1000, 950).map((x) => [x.hash[0], x.lastSeen])).toEqual([['1', 900]]);
    s.putSession({ hash: h('4'), userId: 'anna', createdAt: 1000, lastSeen: 1000, expiresAt: 10_000 });
    expect(s.deleteSession(h('1'))).toBe(true);
    expect(s.deleteSession(h('1'))).toBe(false);
    expect(s.deleteUserSessions('anna')).toBe(1);
    expect(s.loadSessions(1000)).toEqual([]);
    s.close();
  });
});

describe('SqliteIdentityStore contract', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'aethercore-identity-contract-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const fileOf = (name: string): string => path.join(root, `${name}.db`);
  runIdentityStoreContract('SqliteIdentityStore', {
    open: (name) => Promise.resolve(new SqliteIdentityStore(fileOf(name))),
    createVersion1: (name, tokenHash) => {
      // The first release's tables, from the shipped migration list, then a row as it wrote them.
      const db = openDatabase({ file: fileOf(name) });
      try {
        migrate(db, 'identities', IDENTITY_MIGRATIONS.slice(0, 1));
        db.prepare(
          "INSERT INTO identity_meta (key, value) VALUES ('format', 'aethercore-identities/1')",
        ).run();
        db.prepare("INSERT INTO identity_agents (id, display_name) VALUES ('dexter', 'Dexter')").run();
        db.prepare("INSERT INTO identity_tokens (hash, subject) VALUES (?, 'dexter')").run(tokenHash);
      } finally {
        db.close();
      }
      return Promise.resolve();
    },
  });
});
