import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, MemoryEventStore, MemoryTelemetryStore, silentLogger } from '@aethercore/core';
import { SqliteIdentityStore } from '@aethercore/adapter-sqlite';
import {
  createApp,
  openLiveGovernance,
  type TokenCreatedResponse,
  type TokensResponse,
} from '../src/index.ts';
import { fixedLineSource } from './support/fixed-line-source.ts';
import { REPO, T0 } from './support/admin-setup.ts';

const PASSWORD = 'durable-demo-password';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The live composition (`openLiveGovernance`: identities.db on disk) on a manual clock. */
async function start(dataDir: string, clock: ManualClock) {
  const live = await openLiveGovernance({
    dataDir,
    policyFile: path.join(REPO, 'policies/default.yaml'),
    clock,
    logger: silentLogger,
    stateVersion: () => 0,
    demoPassword: PASSWORD,
  });
  const app = createApp({
    source: fixedLineSource({ simTime: T0 }),
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
  const login = async (user: string): Promise<string> => {
    const r = await send('POST', '/api/auth/login', { user, password: PASSWORD });
    expect(r.status).toBe(200);
    return ((await r.json()) as { token: string }).token;
  };
  return { live, send, login };
}

describe("an API token's last use in identities.db (live composition)", () => {
  it('is written to the file at the first use, not again within the minute, and survives a restart', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aethercore-last-use-'));
    dirs.push(dataDir);
    const clock = new ManualClock(T0);
    const a = await start(dataDir, clock);
    const admin = await a.login('admin');
    const t = (await (
      await a.send('POST', '/api/tokens', { subject: 'dexter', label: 'wall screen' }, admin)
    ).json()) as TokenCreatedResponse;
    const onDisk = () => {
      // A second connection to the file, as another process would read it.
      const s = new SqliteIdentityStore(a.live.files.identities);
      try {
        return s.loadSnapshot()?.tokens.find((x) => x.id === t.id)?.lastUsedAt;
      } finally {
        s.close();
      }
    };
    expect(onDisk()).toBeUndefined();
    clock.advance(1_000);
    expect((await a.send('GET', '/api/auth/me', undefined, t.token)).status).toBe(200);
    expect(onDisk()).toBe(T0 + 1_000);
    clock.advance(30_000);
    await a.send('GET', '/api/auth/me', undefined, t.token);
    expect(onDisk()).toBe(T0 + 1_000);
    const listed = (await (await a.send('GET', '/api/tokens', undefined, admin)).json()) as TokensResponse;
    expect(listed.tokens.find((x) => x.id === t.id)?.lastUsedAt).toBe(T0 + 31_000);
    await a.live.close();

    // After a restart the stored time is shown (the last 30 s of use were not written: the throttle's price).
    const b = await start(dataDir, clock);
    const again = (await (
      await b.send('GET', '/api/tokens', undefined, await b.login('admin'))
    ).json()) as TokensResponse;
    expect(again.tokens.find((x) => x.id === t.id)?.lastUsedAt).toBe(T0 + 1_000);
    await b.live.close();
  });
});
