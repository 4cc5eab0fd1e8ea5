import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TOKEN_USE_WRITE_MS,
  hashApiToken,
  parseIdentitySnapshot,
  parsePolicy,
  type Role,
} from '@aethercore/governance';
import type {
  ErrorResponse,
  TokenCreatedResponse,
  TokensResponse,
  UsersResponse,
  UserView,
} from '../src/index.ts';
import { USER_TOKEN_ROUTE_CODES } from '../src/index.ts';
import { adminSetup, PASSWORD } from './support/admin-setup.ts';

/** Every error code the tests in this file meet; the last test checks each is on USER_TOKEN_ROUTE_CODES. */
const codesMet = new Set<string>();
const err = async (r: Response) => {
  const body = (await r.json()) as ErrorResponse;
  codesMet.add(body.code);
  return body;
};

describe('users over the API', () => {
  it('an admin lists and creates users (scrypt), changes roles, resets passwords, disables; all audited', async () => {
    const { send, login, gov, auditActions } = await adminSetup();
    const admin = await login('admin');
    const list = (await (await send('GET', '/api/users', undefined, admin)).json()) as UsersResponse;
    expect(list.users.filter((u) => u.kind === 'user').map((u) => u.id)).toEqual([
      'admin',
      'operator',
      'supervisor',
      'engineer',
      'manager',
    ]);
    expect(list.users.find((u) => u.id === 'dexter')).toMatchObject({
      kind: 'agent',
      roles: ['agent'],
      tokens: 1,
    });

    const created = await send(
      'POST',
      '/api/users',
      { id: 'anna', displayName: 'Anna Berger', roles: ['operator'], password: 'anna-long-passphrase' },
      admin,
    );
    expect(created.status).toBe(201);
    expect((await created.json()) as UserView).toMatchObject({
      id: 'anna',
      roles: ['operator'],
      disabled: false,
    });
    expect(JSON.stringify(gov.identities.snapshot())).not.toContain('anna-long-passphrase');
    expect(gov.identities.snapshot().users.find((u) => u.id === 'anna')?.passwordHash).toMatch(/^scrypt\$/);
    const anna = await login('anna', 'anna-long-passphrase');

    const dup = await send(
      'POST',
      '/api/users',
      { id: 'anna', displayName: 'A', roles: ['operator'], password: 'x'.repeat(12) },
      admin,
    );
    expect((await err(dup)).code).toBe('access.user-id-invalid');
    const weak = await send(
      'POST',
      '/api/users',
      { id: 'bob', displayName: 'B', roles: ['operator'], password: 'short' },
      admin,
    );
    expect(await err(weak)).toMatchObject({ code: 'api.body-invalid', path: 'body.password' });
    const agentRole = await send(
      'POST',
      '/api/users',
      { id: 'bob', displayName: 'B', roles: ['agent'], password: 'x'.repeat(12) },
      admin,
    );
    expect(await err(agentRole)).toMatchObject({ code: 'api.body-invalid', path: 'body.roles.0' });

    // A role change takes effect on the next request (roles are looked up every time).
    expect((await send('POST', '/api/proposals/none/approve', { reason: 'not yet' }, anna)).status).toBe(403);
    const promoted = await send('PATCH', '/api/users/anna', { roles: ['supervisor'] }, admin);
    expect(((await promoted.json()) as UserView).roles).toEqual(['supervisor']);
    expect((await send('POST', '/api/proposals/none/approve', { reason: 'now allowed' }, anna)).status).toBe(
      404,
    );

    const reset = await send('PATCH', '/api/users/anna', { password: 'a-new-long-passphrase' }, admin);
    expect(reset.status).toBe(200);
    expect(
      (await send('POST', '/api/auth/login', { user: 'anna', password: 'anna-long-passphrase' })).status,
    ).toBe(401);
    await login('anna', 'a-new-long-passphrase');

    // Disabling ends the sessions at once and refuses sign-in.
    const off = await send('PATCH', '/api/users/anna', { disabled: true }, admin);
    expect(((await off.json()) as UserView).disabled).toBe(true);
    expect((await send('GET', '/api/auth/me', undefined, anna)).status).toBe(401);
    expect(
      (await send('POST', '/api/auth/login', { user: 'anna', password: 'a-new-long-passphrase' })).status,
    ).toBe(401);
    await send('PATCH', '/api/users/anna', { disabled: false }, admin);
    await login('anna', 'a-new-long-passphrase');

    expect((await send('PATCH', '/api/users/nobody', { disabled: true }, admin)).status).toBe(404);
    expect((await err(await send('PATCH', '/api/users/anna', {}, admin))).code).toBe('api.body-invalid');
    const agentRoles = await send('PATCH', '/api/users/dexter', { roles: ['admin'] }, admin);
    expect(agentRoles.status).toBe(403);
    expect((await err(agentRoles)).code).toBe('access.agent-role-fixed');

    const actions = await auditActions();
    for (const a of [
      'user.add done',
      'user.roles done',
      'user.password done',
      'user.disable done',
      'user.enable done',
    ])
      expect(actions).toContain(`u:admin ${a}`);
    expect(actions).toContain('u:admin user.roles denied');
  });

  it('separation of duties: no self-change (nor self-disable); non-admins and agents are refused and audited', async () => {
    const { send, login, dexterToken, auditActions } = await adminSetup();
    const admin = await login('admin');
    const self = await send('PATCH', '/api/users/admin', { roles: ['admin', 'engineer'] }, admin);
    expect(self.status).toBe(403);
    expect((await err(self)).code).toBe('access.self-change');
    await send(
      'POST',
      '/api/users',
      { id: 'root2', displayName: 'Second admin', roles: ['engineer'], password: PASSWORD },
      admin,
    );
    const root2 = await login('root2');
    // root2 is no admin: refused by the matrix.
    expect((await send('PATCH', '/api/users/admin', { disabled: true }, root2)).status).toBe(403);
    await send('PATCH', '/api/users/root2', { roles: ['admin'] }, admin);
    // Now root2 may disable the first admin (whose sessions end), and re-enable them; not itself.
    expect((await send('PATCH', '/api/users/admin', { disabled: true }, root2)).status).toBe(200);
    expect((await send('GET', '/api/users', undefined, admin)).status).toBe(401);
    expect((await err(await send('PATCH', '/api/users/root2', { disabled: true }, root2))).code).toBe(
      'access.self-change',
    );
    await send('PATCH', '/api/users/admin', { disabled: false }, root2);
    const again = await login('admin');
    expect((await send('PATCH', '/api/users/root2', { roles: ['engineer'] }, again)).status).toBe(200);
    expect((await err(await send('PATCH', '/api/users/admin', { disabled: true }, root2))).code).toBe(
      'access.forbidden',
    );

    for (const [who, token] of [
      ['agent:dexter', dexterToken],
      ['u:supervisor', await login('supervisor')],
    ] as const) {
      expect((await send('GET', '/api/users', undefined, token)).status).toBe(403);
      const r = await send(
        'POST',
        '/api/users',
        { id: 'evil', displayName: 'E', roles: ['admin'], password: PASSWORD },
        token,
      );
      expect(r.status).toBe(403);
      expect(await auditActions()).toContain(`${who} http.request denied`);
    }
  });

  it('sign-out deletes the session', async () => {
    const { send, login, gov, auditActions } = await adminSetup();
    const t = await login('operator');
    expect(gov.sessions.hashes()).toHaveLength(1);
    const out = await send('POST', '/api/auth/logout', undefined, t);
    expect(await out.json()).toEqual({ signedOut: true });
    expect(gov.sessions.hashes()).toHaveLength(0);
    expect((await send('GET', '/api/auth/me', undefined, t)).status).toBe(401);
    expect(await auditActions()).toContain('u:operator auth.logout done');
  });
});

describe('API tokens over the API', () => {
  it('issued once, stored hashed, expiring, roles ⊆ subject and never admin; revocable by id; all audited', async () => {
    const { send, login, gov, clock, auditActions } = await adminSetup();
    const admin = await login('admin');
    const r = await send(
      'POST',
      '/api/tokens',
      { subject: 'strategos', expiresInDays: 7, label: 'Strategos live' },
      admin,
    );
    expect(r.status).toBe(201);
    const t = (await r.json()) as TokenCreatedResponse;
    expect(t).toMatchObject({ subject: 'strategos', label: 'Strategos live', createdBy: 'u:admin' });
    expect(t.id).toMatch(/^tok_[0-9a-f]{16}$/);
    expect(t.expiresAt).toBe(gov.clock.now() + 7 * 86_400_000);
    expect(JSON.stringify(gov.identities.snapshot())).not.toContain(t.token);
    const me = await send('GET', '/api/auth/me', undefined, t.token);
    expect(await me.json()).toMatchObject({ kind: 'agent', id: 'strategos', roles: ['agent'] });
    const listed = (await (await send('GET', '/api/tokens', undefined, admin)).json()) as TokensResponse;
    expect(listed.tokens.find((x) => x.id === t.id)).toMatchObject({ subject: 'strategos', expired: false });
    expect(JSON.stringify(listed)).not.toContain(t.token);

    // A narrowed token for a two-role user carries only what was asked for.
    await send('PATCH', '/api/users/engineer', { roles: ['engineer', 'supervisor'] }, admin);
    const narrow = (await (
      await send(
        'POST',
        '/api/tokens',
        { subject: 'engineer', roles: ['supervisor'], expiresInDays: 1 },
        admin,
      )
    ).json()) as TokenCreatedResponse;
    expect(
      ((await (await send('GET', '/api/auth/me', undefined, narrow.token)).json()) as { roles: string[] })
        .roles,
    ).toEqual(['supervisor']);
    expect((await send('PUT', '/api/policy', { reason: 'via token', policy: {} }, narrow.token)).status).toBe(
      403,
    );

    // Never more than the subject holds, never admin, never without expiry.
    const wider = await send('POST', '/api/tokens', { subject: 'operator', roles: ['supervisor'] }, admin);
    expect(await err(wider)).toMatchObject({ code: 'access.token-role-invalid', path: 'roles' });
    const adminToken = await send('POST', '/api/tokens', { subject: 'admin' }, admin);
    expect((await err(adminToken)).code).toBe('access.token-role-invalid');
    expect(
      (await err(await send('POST', '/api/tokens', { subject: 'dexter', expiresInDays: 0 }, admin))).path,
    ).toBe('body.expiresInDays');
    expect((await err(await send('POST', '/api/tokens', { subject: 'ghost' }, admin))).code).toBe(
      'access.user-unknown',
    );
    // Tokens cannot be used to mint tokens (agents and non-admins are refused by the matrix).
    expect((await send('POST', '/api/tokens', { subject: 'strategos' }, t.token)).status).toBe(403);
    expect(
      (await send('POST', '/api/tokens', { subject: 'operator' }, await login('supervisor'))).status,
    ).toBe(403);

    // Expiry.
    clock.advance(2 * 86_400_000);
    expect((await send('GET', '/api/auth/me', undefined, narrow.token)).status).toBe(401);
    expect((await send('GET', '/api/auth/me', undefined, t.token)).status).toBe(200);

    // Revocation by id.
    const del = await send('DELETE', `/api/tokens/${t.id}`, undefined, await login('admin'));
    expect(await del.json()).toEqual({ id: t.id, revoked: true });
    expect((await send('GET', '/api/auth/me', undefined, t.token)).status).toBe(401);
    expect((await send('DELETE', `/api/tokens/${t.id}`, undefined, await login('admin'))).status).toBe(404);
    expect((await send('DELETE', '/api/tokens/not-an-id', undefined, await login('admin'))).status).toBe(404);

    const actions = await auditActions();
    expect(actions.filter((a) => a === 'u:admin token.issue done')).toHaveLength(3); // dexter (setup), strategos, engineer
    expect(actions.filter((a) => a === 'u:admin token.issue denied')).toHaveLength(2);
    expect(actions).toContain('u:admin token.revoke done');
    expect(actions).toContain('agent:strategos http.request denied');
  });
});

/**
 * The authorization matrix at the HTTP level for the administration routes, against a table written
 * here independently: every role × every route, through the real app. A 403 means refused; any
 * other status means the matrix let the request through to the route.
 */
const ADMIN_EXPECTED: Readonly<Record<string, readonly Role[]>> = {
  'GET /api/policy': ['operator', 'supervisor', 'engineer', 'production-manager', 'admin', 'agent'],
  'GET /api/policy/history': ['operator', 'supervisor', 'engineer', 'production-manager', 'admin', 'agent'],
  'PUT /api/policy': ['engineer', 'production-manager'],
  'GET /api/users': ['admin'],
  'POST /api/users': ['admin'],
  'PATCH /api/users/:id': ['admin'],
  'GET /api/tokens': ['admin'],
  'POST /api/tokens': ['admin'],
  'DELETE /api/tokens/:id': ['admin'],
};

describe('authorization matrix over HTTP (administration routes)', () => {
  it('every role × every administration route: 0 unauthorised allows, 0 wrongful denials', async () => {
    const { send, login, dexterToken } = await adminSetup();
    const tokens: Record<Role, string> = {
      operator: await login('operator'),
      supervisor: await login('supervisor'),
      engineer: await login('engineer'),
      'production-manager': await login('manager'),
      admin: await login('admin'),
      agent: dexterToken,
    };
    let unauthorisedAllows = 0;
    let wrongfulDenials = 0;
    let checked = 0;
    for (const [route, allowed] of Object.entries(ADMIN_EXPECTED)) {
      const [method, p] = route.split(' ') as [string, string];
      for (const role of Object.keys(tokens) as Role[]) {
        // Bodies that pass the matrix but fail validation (400/404), so nothing changes between checks.
        const res = await send(
          method,
          p.replace(':id', 'tok_0000000000000000'),
          method === 'GET' || method === 'DELETE' ? undefined : { invalid: true },
          tokens[role],
        );
        checked++;
        const denied = res.status === 403;
        if (!denied && !allowed.includes(role)) unauthorisedAllows++;
        if (denied && allowed.includes(role)) wrongfulDenials++;
      }
    }
    expect(checked).toBe(Object.keys(ADMIN_EXPECTED).length * 6);
    expect(unauthorisedAllows).toBe(0);
    expect(wrongfulDenials).toBe(0);
  });
});

describe('hostile bodies on the administration routes', () => {
  it('any JSON body gives a coded answer, never server.internal, and changes nothing it should not', async () => {
    const { send, login, gov } = await adminSetup();
    const admin = await login('admin');
    const engineer = await login('engineer');
    const routes: [string, string, string][] = [
      ['PUT', '/api/policy', engineer],
      ['POST', '/api/users', admin],
      ['PATCH', '/api/users/operator', admin],
      ['POST', '/api/tokens', admin],
    ];
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({
        reason: fc.oneof(fc.string(), fc.jsonValue()),
        policy: fc.oneof(fc.string(), fc.jsonValue(), fc.constant({ version: 2, toString: {} })),
      }),
      fc.record({
        id: fc.oneof(fc.string(), fc.jsonValue()),
        roles: fc.oneof(fc.array(fc.string()), fc.jsonValue()),
        password: fc.string(),
        disabled: fc.jsonValue(),
        subject: fc.oneof(fc.constantFrom('dexter', 'operator', 'admin'), fc.string()),
        expiresInDays: fc.jsonValue(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, async ([method, p, token], b) => {
        const res = await send(method, p, JSON.stringify(b), token, { 'content-type': 'application/json' });
        expect([200, 201, 400, 403, 404, 409]).toContain(res.status);
        const out = (await res.json()) as Record<string, unknown>;
        if (res.status >= 400) {
          expect(typeof out['code']).toBe('string');
          // The policy route has its own codes (policy.*); only the user and token routes count here.
          if (p !== '/api/policy') codesMet.add(String(out['code']));
          expect(out['code']).not.toBe('server.internal');
        }
      }),
      { numRuns: 300 },
    );
    // Whatever got through was valid: the directory's snapshot and the policy in force still validate.
    expect(() => parseIdentitySnapshot(JSON.parse(JSON.stringify(gov.identities.snapshot())))).not.toThrow();
    expect(() => parsePolicy(JSON.parse(JSON.stringify(gov.sentinel.policy.current)))).not.toThrow();
  });
});

describe("an API token's last use over the API", () => {
  it('a request with the token sets lastUsedAt (server clock); the store is written at most once a minute', async () => {
    const writes: [string, number][] = [];
    const { send, login, clock } = await adminSetup({ recordTokenUse: (h, at) => void writes.push([h, at]) });
    const admin = await login('admin');
    const t = (await (
      await send('POST', '/api/tokens', { subject: 'strategos', label: 'last use' }, admin)
    ).json()) as TokenCreatedResponse;
    const listed = async () => {
      const body = (await (await send('GET', '/api/tokens', undefined, admin)).json()) as TokensResponse;
      return { row: body.tokens.find((x) => x.id === t.id), now: body.now };
    };
    // Never used: no lastUsedAt; the answer carries the server's time.
    expect((await listed()).row?.lastUsedAt).toBeUndefined();
    expect((await listed()).now).toBe(clock.now());
    expect(writes).toEqual([]);

    clock.advance(5_000);
    const used = clock.now();
    expect((await send('GET', '/api/auth/me', undefined, t.token)).status).toBe(200);
    expect((await listed()).row?.lastUsedAt).toBe(used);
    expect(writes).toEqual([[hashApiToken(t.token), used]]);

    // Within the minute: shown at each use, not written again.
    for (let i = 0; i < 5; i++) {
      clock.advance(10_000);
      await send('GET', '/api/policy', undefined, t.token);
    }
    expect((await listed()).row?.lastUsedAt).toBe(used + 50_000);
    expect(writes).toHaveLength(1);
    clock.advance(TOKEN_USE_WRITE_MS - 50_000);
    await send('GET', '/api/auth/me', undefined, t.token);
    expect(writes).toEqual([
      [hashApiToken(t.token), used],
      [hashApiToken(t.token), used + TOKEN_USE_WRITE_MS],
    ]);

    // A refused request (a malformed or revoked token) records nothing; sessions are not API tokens.
    await send('GET', '/api/auth/me', undefined, `${t.token}x`);
    await send('DELETE', `/api/tokens/${t.id}`, undefined, admin);
    clock.advance(TOKEN_USE_WRITE_MS);
    expect((await send('GET', '/api/auth/me', undefined, t.token)).status).toBe(401);
    expect(writes.filter(([h]) => h === hashApiToken(t.token))).toHaveLength(2);
    expect(writes.every(([h]) => h === hashApiToken(t.token))).toBe(true);
  });

  it('a failing store write refuses no request', async () => {
    const { send, login } = await adminSetup({
      recordTokenUse: () => {
        throw new Error('disk full');
      },
    });
    const admin = await login('admin');
    const t = (await (
      await send('POST', '/api/tokens', { subject: 'dexter' }, admin)
    ).json()) as TokenCreatedResponse;
    expect((await send('GET', '/api/auth/me', undefined, t.token)).status).toBe(200);
    expect((await send('GET', '/api/auth/me', undefined, t.token)).status).toBe(200);
  });
});

describe('the error codes of the user and token routes', () => {
  it('every code the tests above met is on USER_TOKEN_ROUTE_CODES (the list the dashboard translates)', async () => {
    // Also the bearer refusals, which the tests above check by status only.
    const { send } = await adminSetup();
    await err(await send('GET', '/api/users'));
    await err(await send('GET', '/api/tokens', undefined, 'not-a-known-token-at-all'));
    expect(codesMet.size).toBeGreaterThanOrEqual(8);
    const known: readonly string[] = USER_TOKEN_ROUTE_CODES;
    expect([...codesMet].filter((c) => !known.includes(c))).toEqual([]);
  });
});
