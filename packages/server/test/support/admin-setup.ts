import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ManualClock,
  MemoryAuditStore,
  MemoryEventStore,
  MemoryTelemetryStore,
  type NewAuditRecord,
} from '@aethercore/core';
import { ScryptPasswordHasher, randomApiToken } from '@aethercore/adapter-sqlite';
import { parsePolicyText, type PolicyDocument } from '@aethercore/governance';
import { createApp, createGovernance, seedDemoIdentities, type GovernanceOptions } from '../../src/index.ts';
import { fixedLineSource } from './fixed-line-source.ts';

export const REPO = path.resolve(import.meta.dirname, '../../../..');
export const POLICY_TEXT = readFileSync(path.join(REPO, 'policies/default.yaml'), 'utf8');
export const POLICY: PolicyDocument = parsePolicyText(POLICY_TEXT);
export const PASSWORD = 'correct-horse-battery';
/** Tuesday 2026-11-24 09:00 UTC. */
export const T0 = Date.UTC(2026, 10, 24, 9, 0);
/** Cheap scrypt: the tests check the wiring, not the work factor. */
export const cheapHasher = () => new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });

/** A memory audit store whose appends fail while `failing` is set (a full disk, a lost volume). */
export class FlakyAuditStore extends MemoryAuditStore {
  failing = false;
  override append(records: readonly NewAuditRecord[], expectedSize: number): Promise<number> {
    if (this.failing) return Promise.reject(new Error('disk full'));
    return super.append(records, expectedSize);
  }
}

/** The app over an in-memory Sentinel with the demo users (all with PASSWORD) and `dexter`'s API token. */
export async function adminSetup(extra: Partial<GovernanceOptions> = {}) {
  const clock = new ManualClock(T0);
  const store = new FlakyAuditStore();
  const gov = await createGovernance({
    store,
    clock,
    policy: POLICY,
    policyText: POLICY_TEXT,
    policySource: 'policies/default.yaml',
    hasher: cheapHasher(),
    newToken: () => randomApiToken('acs'),
    newApiToken: () => randomApiToken('act'),
    ...extra,
  });
  const admin = await seedDemoIdentities(gov.identities, () => PASSWORD);
  const dexterToken = randomApiToken();
  await gov.identities.issueToken(admin, 'dexter', dexterToken);
  const app = createApp({
    source: fixedLineSource({ simTime: T0 }),
    events: new MemoryEventStore(),
    telemetry: new MemoryTelemetryStore(),
    governance: gov,
  });
  const send = (
    method: string,
    p: string,
    body?: unknown,
    token?: string,
    headers: Record<string, string> = {},
  ) =>
    app.request(p, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const login = async (user: string, password = PASSWORD): Promise<string> => {
    const res = await send('POST', '/api/auth/login', { user, password });
    if (res.status !== 200) throw new Error(`login ${user}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  };
  const auditActions = async () =>
    (await gov.log.entries(0, gov.log.size)).map(
      (r) => `${r.entry?.actor} ${r.entry?.action} ${r.entry?.outcome}`,
    );
  return { app, gov, clock, store, admin, dexterToken, send, login, auditActions };
}
