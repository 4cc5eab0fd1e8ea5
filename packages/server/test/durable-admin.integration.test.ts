import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, MemoryEventStore, MemoryTelemetryStore, silentLogger } from '@aethercore/core';
import { SqliteIdentityStore, randomApiToken } from '@aethercore/adapter-sqlite';
import { hashApiToken } from '@aethercore/governance';
import {
  SessionTokens,
  createApp,
  openLiveGovernance,
  type PolicyHistoryResponse,
  type PolicyResponse,
} from '../src/index.ts';
import { fixedLineSource } from './support/fixed-line-source.ts';
import { POLICY_TEXT, REPO } from './support/admin-setup.ts';

const PASSWORD = 'durable-demo-password';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tmpDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'aethercore-admin-'));
  dirs.push(d);
  return d;
}

async function start(dataDir: string) {
  const live = await openLiveGovernance({
    dataDir,
    policyFile: path.join(REPO, 'policies/default.yaml'),
    clock: { now: () => Date.now() },
    logger: silentLogger,
    stateVersion: () => 0,
    demoPassword: PASSWORD,
  });
  const app = createApp({
    source: fixedLineSource({ simTime: 0 }),
    events: new MemoryEventStore(),
    telemetry: new MemoryTelemetryStore(),
    governance: live.governance,
  });
  const send = (method: string, p: string, body?: unknown, token?: string) =>
    app.request(p, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const login = async (user: string, password = PASSWORD): Promise<string> => {
    const r = await send('POST', '/api/auth/login', { user, password });
    expect(r.status).toBe(200);
    return ((await r.json()) as { token: string }).token;
  };
  return { live, send, login };
}

describe('durable identities, sessions and policy (live data dir)', () => {
  it('a restart keeps sessions, users, tokens and the changed policy with its history; sign-out is final', async () => {
    const dir = tmpDir();
    const a = await start(dir);
    expect(statSync(a.live.files.identities).mode & 0o777).toBe(0o600);
    const supervisor = await a.login('supervisor');
    const leaving = await a.login('operator');
    const admin = await a.login('admin');
    await a.send(
      'POST',
      '/api/users',
      { id: 'anna', displayName: 'Anna', roles: ['engineer'], password: 'anna-long-passphrase' },
      admin,
    );
    const issued = (await (
      await a.send('POST', '/api/tokens', { subject: 'strategos', expiresInDays: 30 }, admin)
    ).json()) as { token: string; id: string };
    const anna = await a.login('anna', 'anna-long-passphrase');
    const text = POLICY_TEXT.replace(/^version: 1$/m, 'version: 2').replace(
      'maxPerOrder: 5000',
      'maxPerOrder: 4000',
    );
    const put = await a.send(
      'PUT',
      '/api/policy',
      { reason: 'tighter orders after audit', policy: text },
      anna,
    );
    expect(put.status).toBe(200);
    expect(readFileSync(a.live.files.policy, 'utf8')).toBe(text);
    expect((await a.send('POST', '/api/auth/logout', undefined, leaving)).status).toBe(200);
    // Only hashes on disk: neither the session nor the API token appear in the database file.
    await a.live.close();
    const db = readFileSync(a.live.files.identities);
    for (const secret of [supervisor, issued.token, 'anna-long-passphrase'])
      expect(db.includes(secret)).toBe(false);
    expect(db.includes(hashApiToken(supervisor))).toBe(true);

    const b = await start(dir);
    try {
      expect(b.live.generatedPasswords.size).toBe(0);
      // Signed in before the restart, still signed in; signed out before it, still signed out.
      expect(await (await b.send('GET', '/api/auth/me', undefined, supervisor)).json()).toMatchObject({
        id: 'supervisor',
      });
      expect((await b.send('GET', '/api/auth/me', undefined, leaving)).status).toBe(401);
      expect((await b.send('GET', '/api/auth/me', undefined, issued.token)).status).toBe(200);
      await b.login('anna', 'anna-long-passphrase');
      const p = (await (await b.send('GET', '/api/policy', undefined, supervisor)).json()) as PolicyResponse;
      expect(p.version).toBe(2);
      expect(p.text).toBe(text);
      expect(
        b.live.governance.sentinel.policy.current.actionClasses['purchase-order']?.limits?.money?.maxPerOrder,
      ).toBe(4000);
      const h = (await (
        await b.send('GET', '/api/policy/history', undefined, supervisor)
      ).json()) as PolicyHistoryResponse;
      expect(h.versions.map((v) => `${v.version} ${v.changedBy} ${v.reason}`)).toEqual([
        `1 system:startup loaded from ${path.join(REPO, 'policies/default.yaml')}`,
        '2 u:anna tighter orders after audit',
      ]);
      // The API token revoked after the restart is gone for good.
      expect(
        (await b.send('DELETE', `/api/tokens/${issued.id}`, undefined, await b.login('admin'))).status,
      ).toBe(200);
    } finally {
      await b.live.close();
    }
    const c = await start(dir);
    try {
      expect((await c.send('GET', '/api/auth/me', undefined, issued.token)).status).toBe(401);
      // A policy file edited by hand (outside the API) is loaded but recorded as such.
      await c.live.close();
      writeFileSync(c.live.files.policy, text.replace('maxPerOrder: 4000', 'maxPerOrder: 4500'));
      const d = await start(dir);
      const hist = d.live.governance.sentinel.policy.history();
      expect(hist.at(-1)).toMatchObject({ version: 2, changedBy: 'system:startup' });
      expect(hist.at(-1)?.reason).toContain(c.live.files.policy);
      await d.live.close();
    } finally {
      await c.live.close().catch(() => undefined);
    }
  }, 60_000);

  it('imports the identities.json of an older version once', async () => {
    const first = tmpDir();
    const a = await start(first);
    const snap = a.live.governance.identities.snapshot();
    await a.live.close();
    const dir = tmpDir();
    writeFileSync(path.join(dir, 'identities.json'), JSON.stringify(snap));
    const b = await start(dir);
    try {
      expect(b.live.generatedPasswords.size).toBe(0);
      expect(existsSync(path.join(dir, 'identities.json.imported'))).toBe(true);
      await b.login('engineer');
    } finally {
      await b.live.close();
    }
  }, 60_000);
});

describe('SessionTokens with the SQLite store', () => {
  it('idle and absolute expiry hold across a reopen; expired sessions are deleted', () => {
    const file = path.join(tmpDir(), 'identities.db');
    const clock = new ManualClock(1_000_000);
    const open = () => {
      const store = new SqliteIdentityStore(file);
      return {
        store,
        sessions: new SessionTokens({
          clock,
          newToken: () => randomApiToken('acs'),
          ttlMs: 3_600_000,
          idleMs: 600_000,
          store,
        }),
      };
    };
    const one = open();
    const busy = one.sessions.issue('operator').token;
    const idle = one.sessions.issue('supervisor').token;
    for (let i = 0; i < 5; i++) {
      clock.advance(300_000); // 5 min steps: `busy` is used, `idle` is not
      expect(one.sessions.userOf(busy)).toBe('operator');
    }
    expect(one.sessions.userOf(idle)).toBeUndefined();
    one.store.close();

    const two = open();
    expect(two.sessions.userOf(busy)).toBe('operator');
    expect(two.sessions.userOf(idle)).toBeUndefined();
    for (let i = 0; i < 7; i++) {
      clock.advance(300_000);
      two.sessions.userOf(busy);
    }
    // 60 min after sign-in: the absolute limit ends even a busy session.
    expect(two.sessions.userOf(busy)).toBeUndefined();
    expect(two.store.loadSessions(clock.now(), 600_000)).toHaveLength(0);
    two.store.close();
  });
});
