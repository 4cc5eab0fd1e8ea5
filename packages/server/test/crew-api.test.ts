import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock, MemoryAuditStore, MemoryEventStore, MemoryTelemetryStore } from '@aethercore/core';
import { ScryptPasswordHasher, randomApiToken } from '@aethercore/adapter-sqlite';
import { parsePolicyText } from '@aethercore/governance';
import { createTwin, WERKHALLE4_DAY_START_MS } from '@aethercore/twin';
import { readFileSync } from 'node:fs';
import {
  createApp,
  createGovernance,
  seedDemoIdentities,
  type AuthLoginResponse,
  type CrewAbsenceResponse,
  type CrewResponse,
  type ErrorResponse,
} from '../src/index.ts';
import { readPlant } from '../src/live/read-plant.ts';
import { scanCommands } from '../src/live/strategos-plan-job.ts';
import { fixedLineSource } from './support/fixed-line-source.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
const plant = readPlant(path.join(REPO, 'plants/werkhalle4.yaml'));
const POLICY = parsePolicyText(readFileSync(path.join(REPO, 'policies/default.yaml'), 'utf8'));
const PASSWORD = 'correct-horse-battery';
const H = 3_600_000;

/** The API over a real twin of the seed day at 10:00, its events copied into the store as the live loop does. */
async function setup() {
  const twin = createTwin({ plant, scenario: 'werkhalle4-day', seed: 42 });
  const events = new MemoryEventStore();
  const sync = async () => {
    await events.append(twin.advanceTo(twin.now()));
  };
  await events.append(twin.advanceTo(WERKHALLE4_DAY_START_MS + 4 * H));
  const clock = new ManualClock(twin.now());
  const gov = await createGovernance({
    store: new MemoryAuditStore(),
    clock,
    policy: POLICY,
    hasher: new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }),
    newToken: () => randomApiToken('acs'),
    stateVersion: () => 1,
  });
  await seedDemoIdentities(gov.identities, () => PASSWORD);
  const app = createApp({
    source: fixedLineSource({ simTime: twin.now() }),
    events,
    telemetry: new MemoryTelemetryStore(),
    governance: gov,
    crew: {
      plant,
      now: () => twin.now(),
      reportSick: (worker, durationMs) => twin.apply({ type: 'ReportWorkerSick', worker, durationMs }),
    },
  });
  const request = (p: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
    app.request(p, {
      method: init.method ?? 'GET',
      headers: {
        'content-type': 'application/json',
        ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  const login = async (user: string): Promise<string> => {
    const res = await request('/api/auth/login', { method: 'POST', body: { user, password: PASSWORD } });
    expect(res.status).toBe(200);
    return ((await res.json()) as AuthLoginResponse).token;
  };
  const report = (body: unknown, token?: string) =>
    request('/api/crew/absences', { method: 'POST', body, ...(token === undefined ? {} : { token }) });
  const audit = async () => (await gov.log.entries(0, gov.log.size)).map((r) => r.entry);
  return { twin, events, sync, request, login, report, audit };
}

const sickEvents = (evs: readonly { type: string; data: Record<string, unknown> }[]) =>
  evs.filter((e) => e.type === 'WorkerReportedSick');

describe('POST /api/crew/absences', () => {
  it('lists the crew with nobody sick on the seed morning', async () => {
    const { request } = await setup();
    const res = await request('/api/crew');
    expect(res.status).toBe(200);
    const crew = (await res.json()) as CrewResponse;
    expect(crew.workers).toHaveLength(plant.workers.length);
    expect(crew.workers.find((w) => w.id === 'W038')).toMatchObject({
      name: 'Lotte',
      shift: 'night',
      qualifications: ['soldering'],
      sickUntil: null,
    });
    expect(crew.shifts.map((s) => s.id)).toContain('night');
  });

  it('refuses without a token, and an operator (no proposal.approve), and audits the refusal', async () => {
    const { report, login, audit, twin } = await setup();
    const before = sickEvents(twin.events()).length;
    const anon = await report({ worker: 'W038' });
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as ErrorResponse).code).toBe('auth.token-missing');
    const res = await report({ worker: 'W038' }, await login('operator'));
    expect(res.status).toBe(403);
    expect(((await res.json()) as ErrorResponse).code).toBe('access.forbidden');
    expect(sickEvents(twin.events())).toHaveLength(before);
    expect((await audit()).some((e) => e?.actor === 'u:operator' && e.outcome === 'denied')).toBe(true);
  });

  it('codes an unknown worker and a bad end, with hint and path, and changes nothing', async () => {
    const { report, login, twin } = await setup();
    const token = await login('supervisor');
    const before = sickEvents(twin.events()).length;
    const unknown = await report({ worker: 'W999' }, token);
    expect(unknown.status).toBe(404);
    const u = (await unknown.json()) as ErrorResponse;
    expect(u).toMatchObject({ code: 'crew.worker-unknown', path: 'worker' });
    expect(u.hint).toBeTruthy();
    const past = await report({ worker: 'W038', untilMs: twin.now() - 1 }, token);
    expect(past.status).toBe(400);
    expect((await past.json()) as ErrorResponse).toMatchObject({
      code: 'crew.absence-invalid',
      path: 'untilMs',
    });
    const extra = await report({ worker: 'W038', who: 'x' }, token);
    expect(extra.status).toBe(400);
    expect(sickEvents(twin.events())).toHaveLength(before);
  });

  it('applies the sick note to the running twin: event in the log, audited, listed, replayable', async () => {
    const { report, login, twin, sync, request, audit } = await setup();
    const now = twin.now();
    const res = await report({ worker: 'W038' }, await login('supervisor'));
    expect(res.status).toBe(201);
    expect((await res.json()) as CrewAbsenceResponse).toEqual({
      worker: 'W038',
      shift: 'night',
      fromMs: now,
      untilMs: now + 24 * H,
    });
    const ev = sickEvents(twin.events()).at(-1);
    expect(ev).toMatchObject({ time: now, data: { worker: 'W038', shift: 'night', durationMs: 24 * H } });
    const entry = (await audit()).find((e) => e?.action === 'crew.absence-reported');
    expect(entry).toMatchObject({ actor: 'u:supervisor', subject: 'W038', outcome: 'done' });
    expect(entry?.data).toMatchObject({ worker: 'W038', untilMs: now + 24 * H });

    await sync();
    const crew = (await (await request('/api/crew')).json()) as CrewResponse;
    expect(crew.workers.find((w) => w.id === 'W038')?.sickUntil).toBe(now + 24 * H);
    // Strategos' worker replays commands read back from the log: the reported note is one of them.
    expect(scanCommands(twin.events()).commands).toContainEqual({
      atMs: now,
      command: { type: 'ReportWorkerSick', worker: 'W038', durationMs: 24 * H },
    });
  });

  it('takes an explicit end (a short note) and a fork replays it', async () => {
    const { report, login, twin } = await setup();
    const now = twin.now();
    const res = await report({ worker: 'W010', untilMs: now + 6 * H }, await login('manager'));
    expect(res.status).toBe(201);
    expect(sickEvents(twin.events()).at(-1)?.data).toMatchObject({ worker: 'W010', durationMs: 6 * H });
    const fork = twin.fork();
    expect(sickEvents(fork.events()).at(-1)?.data).toMatchObject({ worker: 'W010', durationMs: 6 * H });
  });
});
