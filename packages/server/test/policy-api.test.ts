import { describe, expect, it } from 'vitest';
import { hashRef, type ActionProposal } from '@aethercore/governance';
import type { ErrorResponse, PolicyHistoryResponse, PolicyResponse } from '../src/index.ts';
import { adminSetup, POLICY_TEXT, T0 } from './support/admin-setup.ts';

/** The shipped policy with the purchase-order limit per order lowered and the version bumped. */
const lowered = (maxPerOrder: number | string, version = 2): string =>
  POLICY_TEXT.replace(/^version: 1$/m, `version: ${version}`).replace(
    'maxPerOrder: 5000',
    `maxPerOrder: ${maxPerOrder}`,
  );

function purchaseOrder(id: string, amount: number, now: number): ActionProposal {
  const change = { kind: 'purchase-order', money: { amount, currency: 'EUR' }, params: { part: 'bearing' } };
  return {
    id,
    proposer: 'dexter',
    tool: 'place-purchase-order',
    effect: 'actuate',
    actionClass: 'purchase-order',
    change,
    createdAt: now - 1000,
    uncertainty: 0.1,
    evidence: {
      stateVersion: 0,
      simulatedAt: now - 5000,
      changeHash: hashRef(change),
      kpis: { downtimeMin: { baseline: 90, withChange: 25 } },
      constraintsOk: true,
    },
    expectedKpiDeltas: { downtimeMin: -65 },
    explanation: 'Order the bearing before the repair.',
  };
}

const err = async (r: Response) => (await r.json()) as ErrorResponse;

describe('policy over the API', () => {
  it('serves the policy in force and its history from the audit log (the shipped default, loaded)', async () => {
    const { send, login, dexterToken } = await adminSetup();
    expect(POLICY_TEXT).toMatch(/^version: 1$/m);
    for (const token of [await login('operator'), dexterToken]) {
      const r = await send('GET', '/api/policy', undefined, token);
      expect(r.status).toBe(200);
      const p = (await r.json()) as PolicyResponse;
      expect(p.version).toBe(1);
      expect(p.text).toBe(POLICY_TEXT);
      expect(p.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(p.current).toMatchObject({ version: 1, changedBy: 'system:startup' });
    }
    const h = (await (
      await send('GET', '/api/policy/history', undefined, dexterToken)
    ).json()) as PolicyHistoryResponse;
    expect(h.versions).toHaveLength(1);
    expect(h.versions[0]).toMatchObject({
      version: 1,
      reason: 'loaded from policies/default.yaml',
      auditIndex: 0,
    });
    expect((await send('GET', '/api/policy')).status).toBe(401);
  });

  it('an engineer changes a limit (YAML): audited before it takes effect, versioned, and Sentinel applies it at once', async () => {
    const { send, login, gov, dexterToken, auditActions } = await adminSetup();
    // Under v1 (≤ 5,000 EUR per order) a 1,200 EUR order passes the verifier.
    const before = await send('POST', '/api/proposals', purchaseOrder('PO-1', 1200, T0), dexterToken);
    expect(before.status).toBe(201);

    const engineer = await login('engineer');
    const r = await send('PUT', '/api/policy', lowered(1000), engineer, {
      'content-type': 'application/yaml',
      'x-aethercore-reason': 'supplier fraud alert: small orders only',
    });
    expect(r.status, await r.clone().text()).toBe(200);
    const p = (await r.json()) as PolicyResponse;
    expect(p.version).toBe(2);
    expect(p.text).toContain('maxPerOrder: 1000');
    expect(p.current).toMatchObject({
      version: 2,
      changedBy: 'u:engineer',
      reason: 'supplier fraud alert: small orders only',
    });
    // The audit entry names the before and after hashes, the version, who and why.
    const entries = await gov.log.entries(0, gov.log.size);
    const changed = entries.find((e) => e.entry?.action === 'policy.changed')!.entry!;
    expect(changed).toMatchObject({
      actor: 'u:engineer',
      outcome: 'done',
      subject: 'policy v2',
      policyVersion: '2',
      reason: 'supplier fraud alert: small orders only',
      inputs: { after: p.hash },
    });
    expect(p.current?.auditIndex).toBe(changed.index);

    // The running Sentinel verifies against v2 from now on: the same 1,200 EUR order is rejected.
    const after = await send('POST', '/api/proposals', purchaseOrder('PO-2', 1200, T0), dexterToken);
    expect(after.status).toBe(200);
    const review = (await after.json()) as {
      route: string;
      verdict: { policyVersion: number; reasons: { code: string }[] };
    };
    expect(review.route).toBe('rejected');
    expect(review.verdict.policyVersion).toBe(2);

    const h = (await (
      await send('GET', '/api/policy/history', undefined, engineer)
    ).json()) as PolicyHistoryResponse;
    expect(h.versions.map((v) => `${v.version} ${v.changedBy}`)).toEqual([
      '1 system:startup',
      '2 u:engineer',
    ]);
    expect(await auditActions()).toContain('u:engineer policy.changed done');
  });

  it('JSON bodies work too (object or text); bad policies are refused with the field path; a stale version is a conflict', async () => {
    const { send, login, gov } = await adminSetup();
    const engineer = await login('engineer');
    const obj = { ...structuredClone(gov.sentinel.policy.current), version: 2 };
    const ok = await send('PUT', '/api/policy', { reason: 'same limits, JSON', policy: obj }, engineer);
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect(((await ok.json()) as PolicyResponse).version).toBe(2);

    const negative = await send('PUT', '/api/policy', { reason: 'typo', policy: lowered(-5, 3) }, engineer);
    expect(negative.status).toBe(400);
    const e1 = await err(negative);
    expect(e1.code).toBe('policy.invalid');
    expect(e1.path).toBe('actionClasses.purchase-order.limits.money.maxPerOrder');

    const unknownGrade = await send(
      'PUT',
      '/api/policy',
      { reason: 'typo', policy: lowered(1000, 3).replace('grade: forbidden', 'grade: sometimes') },
      engineer,
    );
    expect((await err(unknownGrade)).path).toMatch(/^actionClasses\.[a-z-]+\.grade$/);

    const yamlBroken = await send('PUT', '/api/policy', { reason: 'oops', policy: 'version: [3' }, engineer);
    expect(yamlBroken.status).toBe(400);
    expect((await err(yamlBroken)).code).toBe('policy.unreadable');

    const stale = await send(
      'PUT',
      '/api/policy',
      { reason: 'old copy', policy: lowered(1000, 2) },
      engineer,
    );
    expect(stale.status).toBe(409);
    expect(await err(stale)).toMatchObject({ code: 'policy.version-conflict', path: 'version' });

    const noReason = await send('PUT', '/api/policy', { policy: lowered(1000, 3) }, engineer);
    expect((await err(noReason)).path).toBe('body.reason');
    const yamlNoReason = await send('PUT', '/api/policy', lowered(1000, 3), engineer, {
      'content-type': 'application/yaml',
    });
    expect(await err(yamlNoReason)).toMatchObject({ code: 'api.body-invalid', path: 'reason' });
    expect(gov.sentinel.policy.current.version).toBe(2);
  });

  it('agents cannot change the policy, nor can operators or admins (matrix): 403, version unchanged, every attempt audited', async () => {
    const { send, login, gov, dexterToken, auditActions } = await adminSetup();
    const body = { reason: 'raise my own limits', policy: lowered(999_999) };
    const byAgent = await send('PUT', '/api/policy', body, dexterToken);
    expect(byAgent.status).toBe(403);
    expect((await err(byAgent)).code).toBe('access.forbidden');
    // Even with garbage in the body the refusal comes first (and is on the record).
    const garbage = await send('PUT', '/api/policy', '{nope', dexterToken);
    expect(garbage.status).toBe(403);
    for (const user of ['operator', 'supervisor', 'admin']) {
      const r = await send('PUT', '/api/policy', body, await login(user));
      expect(r.status, user).toBe(403);
    }
    const manager = await send('PUT', '/api/policy', body, await login('manager'));
    expect(manager.status).toBe(200);
    expect(gov.sentinel.policy.current.version).toBe(2);
    const actions = await auditActions();
    expect(actions.filter((a) => a === 'agent:dexter policy.change denied')).toHaveLength(2);
    for (const u of ['operator', 'supervisor', 'admin'])
      expect(actions).toContain(`u:${u} policy.change denied`);
    expect(actions).toContain('u:manager policy.changed done');
  });

  it('if the audit append fails, the change does not happen; if saving the file fails, neither', async () => {
    let saved = 0;
    let failSave = false;
    const { send, login, gov, store } = await adminSetup({
      persistPolicy: () => {
        if (failSave) throw new Error('read-only file system');
        saved++;
      },
    });
    const engineer = await login('engineer');
    store.failing = true;
    const r = await send(
      'PUT',
      '/api/policy',
      { reason: 'while the disk is full', policy: lowered(1000) },
      engineer,
    );
    expect(r.status).toBe(500);
    expect(gov.sentinel.policy.current.version).toBe(1);
    expect(saved).toBe(0);
    store.failing = false;

    failSave = true;
    const r2 = await send(
      'PUT',
      '/api/policy',
      { reason: 'file system read-only', policy: lowered(1000) },
      engineer,
    );
    expect(r2.status).toBe(503);
    expect((await err(r2)).code).toBe('policy.store-failed');
    expect(gov.sentinel.policy.current.version).toBe(1);
    const last = (await gov.log.entries(gov.log.size - 1, gov.log.size))[0]!.entry!;
    expect(last).toMatchObject({ action: 'policy.changed', outcome: 'failed', subject: 'policy v2' });

    failSave = false;
    const r3 = await send('PUT', '/api/policy', { reason: 'disk fixed', policy: lowered(1000) }, engineer);
    expect(r3.status).toBe(200);
    expect(saved).toBe(1);
    expect(gov.sentinel.policy.current.version).toBe(2);
  });
});
