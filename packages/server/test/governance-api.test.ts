import { describe, expect, it } from 'vitest';
import { ManualClock, MemoryAuditStore, MemoryEventStore, MemoryTelemetryStore } from '@aethercore/core';
import {
  Ed25519Signer,
  ScryptPasswordHasher,
  ed25519Verifier,
  randomApiToken,
} from '@aethercore/adapter-sqlite';
import {
  fromBase64,
  hashLeaf,
  hashRef,
  openCheckpoint,
  parsePolicyText,
  parseVerifierKey,
  verifyAuditStore,
  verifyInclusion,
  type ActionProposal,
} from '@aethercore/governance';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createApp,
  createGovernance,
  seedDemoIdentities,
  LiveHub,
  type AuditCheckpointResponse,
  type AuditEntriesResponse,
  type AuditProofResponse,
  type AuthLoginResponse,
  type ErrorResponse,
  type HubMessage,
  type ProposalsResponse,
  type ProposalView,
  type StopResponse,
} from '../src/index.ts';
import { fixedLineSource } from './support/fixed-line-source.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
const POLICY = parsePolicyText(readFileSync(path.join(REPO, 'policies/default.yaml'), 'utf8'));
const PASSWORD = 'correct-horse-battery';
/** Tuesday 2026-11-24 09:00 UTC. */
const T0 = Date.UTC(2026, 10, 24, 9, 0);
const STATE_VERSION = 7;

async function setup(opts: { execute?: (p: ActionProposal) => Promise<{ status: string }> } = {}) {
  const clock = new ManualClock(T0);
  const store = new MemoryAuditStore();
  const signer = Ed25519Signer.generate('aethercore.local/audit');
  const gov = await createGovernance({
    store,
    clock,
    policy: POLICY,
    // Cheap scrypt parameters: the tests check the wiring, not the work factor.
    hasher: new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }),
    newToken: () => randomApiToken('acs'),
    signer,
    signatureVerifier: ed25519Verifier,
    stateVersion: () => STATE_VERSION,
  });
  const admin = await seedDemoIdentities(gov.identities, () => PASSWORD);
  const dexterToken = randomApiToken();
  await gov.identities.issueToken(admin, 'dexter', dexterToken);
  const hub = new LiveHub();
  const app = createApp({
    source: fixedLineSource({ simTime: T0 }),
    events: new MemoryEventStore(),
    telemetry: new MemoryTelemetryStore(),
    hub,
    governance: gov,
    ...(opts.execute === undefined ? {} : { execute: opts.execute }),
  });
  const login = async (user: string): Promise<string> => {
    const res = await post('/api/auth/login', { user, password: PASSWORD });
    expect(res.status).toBe(200);
    return ((await res.json()) as AuthLoginResponse).token;
  };
  const post = (p: string, body: unknown, token?: string) =>
    app.request(p, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    });
  const get = (p: string, token?: string) =>
    app.request(p, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
  const auditActions = async () =>
    (await gov.log.entries(0, gov.log.size)).map(
      (r) => `${r.entry?.actor} ${r.entry?.action} ${r.entry?.outcome}`,
    );
  return { app, gov, clock, store, signer, hub, login, post, get, dexterToken, auditActions };
}

/** A batch hold (two-person approval) with twin evidence for exactly this change. */
function batchHold(id: string, now: number): ActionProposal {
  const change = {
    kind: 'batch-hold',
    params: { batch: 'B-2026-1124-03', reason: 'press depth drift ST04' },
  };
  return {
    id,
    proposer: 'dexter',
    tool: 'hold-batch',
    effect: 'actuate',
    actionClass: 'batch-hold',
    change,
    createdAt: now - 1000,
    uncertainty: 0.1,
    evidence: {
      stateVersion: STATE_VERSION,
      simulatedAt: now - 10_000,
      changeHash: hashRef(change),
      kpis: { scrapParts: { baseline: 12, withChange: 4 } },
      constraintsOk: true,
    },
    expectedKpiDeltas: { scrapParts: -8 },
    explanation: 'Holding the batch keeps 8 suspect parts from shipping.',
  };
}

/** A thermal correction on ST04: within limits under the default policy (no approval needed). */
function thermalCorrection(id: string, now: number): ActionProposal {
  const change = { kind: 'thermal-correction', params: { station: 'ST04' } };
  return {
    id,
    proposer: 'dexter',
    tool: 'correct-thermal-drift',
    effect: 'actuate',
    actionClass: 'thermal-correction',
    equipment: 'ST04',
    change,
    createdAt: now - 1000,
    uncertainty: 0.1,
    evidence: {
      stateVersion: STATE_VERSION,
      simulatedAt: now - 10_000,
      changeHash: hashRef(change),
      kpis: { scrapParts: { baseline: 9, withChange: 2 } },
      constraintsOk: true,
    },
    expectedKpiDeltas: { scrapParts: -7 },
    explanation: 'Compensating the drift keeps the press depth inside its tolerance.',
  };
}

async function error(res: Response): Promise<ErrorResponse> {
  return (await res.json()) as ErrorResponse;
}

describe('auth', () => {
  it('logs in with a scrypt-verified password, audits attempts, and keeps only token hashes', async () => {
    const { post, get, gov, auditActions } = await setup();
    const bad = await post('/api/auth/login', { user: 'supervisor', password: 'wrong-password-123' });
    expect(bad.status).toBe(401);
    expect((await error(bad)).code).toBe('auth.login-failed');
    const ok = await post('/api/auth/login', { user: 'supervisor', password: PASSWORD });
    expect(ok.status).toBe(200);
    const { token, principal } = (await ok.json()) as AuthLoginResponse;
    expect(principal).toEqual({
      kind: 'user',
      id: 'supervisor',
      displayName: 'Demo shift supervisor',
      roles: ['supervisor'],
    });
    const me = await get('/api/auth/me', token);
    expect(((await me.json()) as { id: string }).id).toBe('supervisor');
    expect(gov.sessions.hashes()).not.toContain(token);
    expect(gov.sessions.hashes()).toHaveLength(1);
    expect(await auditActions()).toEqual(
      expect.arrayContaining(['u:supervisor auth.login denied', 'u:supervisor auth.login done']),
    );
  });

  it('answers 401 without or with a bad token, 400 for a malformed body, 503 without Sentinel', async () => {
    const { get, post, app } = await setup();
    const none = await get('/api/proposals');
    expect(none.status).toBe(401);
    expect((await error(none)).code).toBe('auth.token-missing');
    const bad = await get('/api/proposals', 'x'.repeat(40));
    expect(bad.status).toBe(401);
    expect((await error(bad)).code).toBe('auth.token-invalid');
    const malformed = await app.request('/api/auth/login', { method: 'POST', body: '{not json' });
    expect(malformed.status).toBe(400);
    expect((await error(malformed)).code).toBe('api.body-invalid');
    const noGov = createApp({
      source: fixedLineSource({ simTime: T0 }),
      events: new MemoryEventStore(),
      telemetry: new MemoryTelemetryStore(),
    });
    const r = await noGov.request('/api/stop');
    expect(r.status).toBe(503);
    expect((await error(r)).code).toBe('governance.unavailable');
    void post;
  });
});

describe('stop-all', () => {
  it('engages on one operator, is audited and pushed; agents and operators cannot resume; a supervisor can', async () => {
    const { post, get, login, hub, dexterToken, auditActions } = await setup();
    const pushed: HubMessage[] = [];
    hub.subscribe((m) => pushed.push(m));
    expect(((await (await get('/api/stop')).json()) as StopResponse).engaged).toBe(false);

    const operator = await login('operator');
    const stop = await post('/api/stop', { reason: 'smoke at ST05' }, operator);
    expect(stop.status).toBe(200);
    const s = (await stop.json()) as StopResponse;
    expect(s).toMatchObject({
      engaged: true,
      epoch: 1,
      by: 'u:operator',
      reason: 'smoke at ST05',
      audited: true,
    });
    expect(((await (await get('/api/stop')).json()) as StopResponse).engaged).toBe(true);
    expect(pushed).toContainEqual({
      kind: 'stop',
      state: expect.objectContaining({ engaged: true, by: 'u:operator' }),
    });
    expect(await auditActions()).toContain('u:operator stop.engaged done');

    const byAgent = await post('/api/resume', { reason: 'looks fine to me' }, dexterToken);
    expect(byAgent.status).toBe(403);
    expect((await error(byAgent)).code).toBe('access.forbidden');
    const byOperator = await post('/api/resume', { reason: 'smoke gone' }, operator);
    expect(byOperator.status).toBe(403);
    expect(((await (await get('/api/stop')).json()) as StopResponse).engaged).toBe(true);
    expect(await auditActions()).toEqual(
      expect.arrayContaining(['agent:dexter stop.resume denied', 'u:operator stop.resume denied']),
    );

    const noReason = await post('/api/resume', {}, await login('supervisor'));
    expect(noReason.status).toBe(400);
    expect((await error(noReason)).path).toBe('body.reason');
    const supervisor = await login('supervisor');
    const resume = await post('/api/resume', { reason: 'ST05 inspected, smoke from coolant' }, supervisor);
    expect(resume.status).toBe(200);
    expect(((await resume.json()) as StopResponse).engaged).toBe(false);
    expect(await auditActions()).toContain('u:supervisor stop.resume done');
    expect(pushed.filter((m) => m.kind === 'stop')).toHaveLength(2);
  });

  it('lets an agent stop too (anyone may stop)', async () => {
    const { post, dexterToken } = await setup();
    const r = await post('/api/stop', { reason: 'gateway watchdog' }, dexterToken);
    expect(r.status).toBe(200);
    expect(((await r.json()) as StopResponse).by).toBe('agent:dexter');
  });
});

describe('within-limits proposals over HTTP', () => {
  it('hands a proposal Sentinel routes to execute to the actuation gateway, once, and never an inbox one', async () => {
    const executed: string[] = [];
    const { post, dexterToken } = await setup({
      execute: (p) => {
        executed.push(String(p.id));
        return Promise.resolve({ status: 'verified' });
      },
    });
    const within = await post('/api/proposals', thermalCorrection('TC-1', T0), dexterToken);
    expect(within.status).toBe(200);
    const body = (await within.json()) as { route: string; execution?: { status: string } };
    expect(body.route).toBe('execute');
    expect(body.execution).toEqual({ status: 'verified' });
    const held = await post('/api/proposals', batchHold('P-9', T0), dexterToken);
    expect(((await held.json()) as { route: string; execution?: unknown }).execution).toBeUndefined();
    expect(executed).toEqual(['TC-1']);
  });
});

describe('approval inbox', () => {
  it('verifies a submitted proposal, lists it with evidence, and needs two distinct humans', async () => {
    const { post, get, login, dexterToken, auditActions } = await setup();
    const sub = await post('/api/proposals', batchHold('P-1', T0), dexterToken);
    expect(sub.status).toBe(201);
    const review = (await sub.json()) as { route: string; verdict: { pass: boolean; grade: string } };
    expect(review.route).toBe('inbox');
    expect(review.verdict).toMatchObject({ pass: true, grade: 'needs-two-person-approval' });

    const operator = await login('operator');
    const list = (await (await get('/api/proposals?status=pending', operator)).json()) as ProposalsResponse;
    expect(list.proposals.map((p) => p.id)).toEqual(['P-1']);
    const item = list.proposals[0]!;
    expect(item.requiredApprovals).toBe(2);
    expect(item.proposal.expectedKpiDeltas).toEqual({ scrapParts: -8 });
    expect(item.proposal.evidence?.kpis['scrapParts']).toEqual({ baseline: 12, withChange: 4 });
    expect(item.proposal.explanation).toContain('8 suspect parts');

    // The operator may look but not approve (matrix); the agent can never decide.
    expect((await post('/api/proposals/P-1/approve', { reason: 'ok' + 'ay' }, operator)).status).toBe(403);
    expect((await post('/api/proposals/P-1/approve', { reason: 'self approve' }, dexterToken)).status).toBe(
      403,
    );
    const supervisor = await login('supervisor');
    const first = await post(
      '/api/proposals/P-1/approve',
      { reason: 'parts measured out of tolerance' },
      supervisor,
    );
    expect(first.status).toBe(200);
    expect(((await first.json()) as { item: ProposalView }).item.status).toBe('pending');
    const twice = await post('/api/proposals/P-1/approve', { reason: 'again, same person' }, supervisor);
    expect(twice.status).toBe(409);
    expect((await error(twice)).code).toMatch(/^approval\./);
    const engineer = await login('engineer');
    const second = await post('/api/proposals/P-1/approve', { reason: 'confirmed by SPC chart' }, engineer);
    expect(second.status).toBe(200);
    const done = ((await second.json()) as { item: ProposalView }).item;
    expect(done.status).toBe('approved');
    expect(done.approvals.map((a) => a.by)).toEqual(['u:supervisor', 'u:engineer']);
    const one = (await (await get('/api/proposals/P-1', operator)).json()) as ProposalView;
    expect(one.status).toBe('approved');
    expect((await get('/api/proposals/nope', operator)).status).toBe(404);
    const actions = await auditActions();
    expect(actions.filter((a) => a.includes('approv'))).not.toHaveLength(0);
  });

  it('rejects with a reason, refuses after expiry, and rejects failing proposals without queuing them', async () => {
    const { post, get, login, clock, dexterToken } = await setup();
    await post('/api/proposals', batchHold('P-2', T0), dexterToken);
    await post('/api/proposals', batchHold('P-3', T0), dexterToken);
    const manager = await login('manager');
    const rej = await post('/api/proposals/P-2/reject', { reason: 'batch already shipped' }, manager);
    expect(rej.status).toBe(200);
    expect(((await rej.json()) as { item: ProposalView }).item.status).toBe('rejected');

    clock.advance(5 * 3_600_000); // past the 4 h expiry
    const supervisor = await login('supervisor');
    const late = await post('/api/proposals/P-3/approve', { reason: 'too late now' }, supervisor);
    expect(late.status).toBe(409);
    const list = (await (await get('/api/proposals', supervisor)).json()) as ProposalsResponse;
    expect(list.proposals.find((p) => p.id === 'P-3')?.status).toBe('expired');

    // Evidence for a different change: the verifier fails it, nothing enters the inbox.
    const forged = {
      ...batchHold('P-4', clock.now()),
      change: { kind: 'batch-hold', params: { batch: 'OTHER' } },
    };
    const r = await post('/api/proposals', forged, dexterToken);
    expect(r.status).toBe(200);
    const review = (await r.json()) as {
      route: string;
      verdict: { pass: boolean; reasons: { code: string }[] };
    };
    expect(review.route).toBe('rejected');
    expect(review.verdict.pass).toBe(false);
    expect((await get('/api/proposals/P-4', supervisor)).status).toBe(404);
  });
});

describe('stop-all over SSE', () => {
  it('sends the switch state after hello and again when it changes', async () => {
    const { app, post, login } = await setup();
    const res = await app.request('/api/stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (pred: (t: string) => boolean): Promise<void> => {
      for (let i = 0; i < 200 && !pred(text); i++) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
    };
    await readUntil((t) => t.includes('event: stop'));
    expect(text).toMatch(/event: stop\ndata: \{"engaged":false/);
    await post('/api/stop', { reason: 'pushed to every screen' }, await login('operator'));
    await readUntil((t) => t.includes('"engaged":true'));
    expect(text).toMatch(/event: stop\ndata: \{"engaged":true,"epoch":1,"by":"u:operator"/);
    await reader.cancel();
  });
});

describe('audit trail', () => {
  it('serves entries, a verified checkpoint and inclusion proofs that check against the signed root', async () => {
    const { post, get, login, gov, store, signer, auditActions } = await setup();
    const operator = await login('operator');
    await post('/api/stop', { reason: 'test stop' }, operator);
    await gov.log.checkpoint();

    const page = (await (await get('/api/audit?limit=5', operator)).json()) as AuditEntriesResponse;
    expect(page.size).toBe(gov.log.size);
    expect(page.entries).toHaveLength(5);
    expect(page.entries.at(-1)?.index).toBe(gov.log.size - 1);
    const after = (await (
      await get('/api/audit/entries?after=2&limit=3', operator)
    ).json()) as AuditEntriesResponse;
    expect(after.entries.map((e) => e.index)).toEqual([3, 4, 5]);
    expect((await get('/api/audit?limit=0', operator)).status).toBe(400);

    const cp = (await (await get('/api/audit/checkpoint', operator)).json()) as AuditCheckpointResponse;
    expect(cp.verified).toBe(true);
    expect(cp.checkpoint?.treeSize).toBe(gov.log.size);
    const key = parseVerifierKey(cp.logKey!)!;
    const opened = openCheckpoint(cp.checkpoint!.note, { logKey: key }, ed25519Verifier);
    expect(opened.ok).toBe(true);

    const idx = gov.log.size - 1;
    const proof = (await (await get(`/api/audit/proof/${idx}`, operator)).json()) as AuditProofResponse;
    expect(proof.verified).toBe(true);
    // Checked here independently: leaf from the entry bytes, path, root from the signed checkpoint.
    const [row] = await gov.log.entries(idx, idx + 1);
    const leaf = hashLeaf(row!.bytes);
    expect(proof.leafHash).toBe(Buffer.from(leaf).toString('base64'));
    const root = opened.ok ? opened.checkpoint.rootHash : new Uint8Array();
    expect(
      verifyInclusion(
        idx,
        proof.treeSize,
        leaf,
        proof.proof.map((p) => fromBase64(p)!),
        root,
      ),
    ).toBe(true);
    expect(
      verifyInclusion(
        idx ^ 1,
        proof.treeSize,
        leaf,
        proof.proof.map((p) => fromBase64(p)!),
        root,
      ),
    ).toBe(false);
    expect((await get(`/api/audit/proof/${gov.log.size + 10}`, operator)).status).toBe(404);
    expect((await get('/api/audit/proof/abc', operator)).status).toBe(400);

    // Agents may not read the audit trail (matrix); the refusal itself is on the record.
    const agentTry = await get(
      '/api/audit',
      await (async () => {
        const t = randomApiToken();
        const admin = gov.identities.get('admin');
        if (admin?.kind !== 'user') throw new Error('admin missing');
        await gov.identities.issueToken(admin, 'scout', t);
        return t;
      })(),
    );
    expect(agentTry.status).toBe(403);
    expect(await auditActions()).toContain('agent:scout http.request denied');

    const report = await verifyAuditStore(store, ed25519Verifier, { logKey: key });
    expect(report.ok).toBe(true);
    void signer;
  });
});
