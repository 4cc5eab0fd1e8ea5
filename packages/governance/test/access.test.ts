import { scrypt, randomBytes, timingSafeEqual } from 'node:crypto';
import { ManualClock } from '@aethercore/core';
import { describe, expect, it } from 'vitest';
import {
  AUTHORIZATION_MATRIX,
  ENDPOINT_PERMISSIONS,
  IdentityDirectory,
  PERMISSIONS,
  ROLES,
  authorizeEndpoint,
  can,
  hashApiToken,
  roleAllows,
  routeOf,
  type PasswordHasher,
  type Permission,
  type Role,
} from '../src/index.ts';
import { agent, auditLog, human } from './helpers.ts';

/**
 * The expected matrix, written independently of the implementation: for each permission, the roles
 * that may hold it. Anything not listed here must be denied.
 */
const EXPECTED: Record<Permission, readonly Role[]> = {
  'line.view': ['operator', 'supervisor', 'engineer', 'production-manager', 'admin', 'agent'],
  'kpi.view': ['operator', 'supervisor', 'engineer', 'production-manager', 'admin', 'agent'],
  'report.view': ['operator', 'supervisor', 'engineer', 'production-manager', 'admin'],
  'chat.ask': ['operator', 'supervisor', 'engineer', 'production-manager'],
  'audit.read': ['operator', 'supervisor', 'engineer', 'production-manager', 'admin'],
  'audit.verify': ['supervisor', 'engineer', 'production-manager', 'admin'],
  'audit.export': ['supervisor', 'engineer', 'production-manager', 'admin'],
  'audit.checkpoint': ['admin'],
  'proposal.view': ['operator', 'supervisor', 'engineer', 'production-manager', 'agent'],
  'proposal.create': ['engineer', 'agent'],
  'proposal.acknowledge': ['operator', 'supervisor', 'engineer', 'production-manager'],
  'proposal.approve': ['supervisor', 'engineer', 'production-manager'],
  'proposal.reject': ['supervisor', 'engineer', 'production-manager'],
  'action.execute': ['agent'],
  'setpoint.write-manual': ['engineer'],
  'quality.report': ['operator', 'supervisor', 'engineer'],
  'policy.view': ['operator', 'supervisor', 'engineer', 'production-manager', 'admin', 'agent'],
  'policy.change': ['engineer', 'production-manager'],
  'plant.configure': ['engineer'],
  'user.manage': ['admin'],
  'token.issue': ['admin'],
  'stop.engage': ['operator', 'supervisor', 'engineer', 'production-manager', 'admin', 'agent'],
  'stop.resume': ['supervisor', 'production-manager', 'admin'],
};

/** Permissions no agent may ever hold, whatever the matrix says (defence in depth). */
const NEVER_AGENT: Permission[] = [
  'proposal.approve',
  'proposal.reject',
  'proposal.acknowledge',
  'policy.change',
  'stop.resume',
  'user.manage',
  'token.issue',
  'setpoint.write-manual',
  'plant.configure',
];

describe('authorization matrix', () => {
  it('every role × every permission matches the expected table: 0 unauthorised allows, 0 missing', () => {
    let unauthorisedAllows = 0;
    let missing = 0;
    let checked = 0;
    for (const role of ROLES) {
      for (const perm of PERMISSIONS) {
        checked++;
        const allowed = roleAllows(role, perm);
        const expected = EXPECTED[perm].includes(role);
        if (allowed && !expected) unauthorisedAllows++;
        if (!allowed && expected) missing++;
      }
    }
    expect(checked).toBe(ROLES.length * PERMISSIONS.length);
    expect(unauthorisedAllows).toBe(0);
    expect(missing).toBe(0);
  });

  it('agents never hold decision permissions; unknown roles and permissions are denied', () => {
    for (const p of NEVER_AGENT) expect(AUTHORIZATION_MATRIX.agent.has(p)).toBe(false);
    expect(roleAllows('root', 'policy.change')).toBe(false);
    expect(roleAllows('admin', 'everything')).toBe(false);
    expect(roleAllows(undefined, undefined)).toBe(false);
  });

  it('principals: an agent claiming extra roles, or a human claiming the agent role, gets nothing extra', () => {
    const fake = {
      kind: 'agent',
      id: 'x',
      displayName: 'x',
      roles: ['agent', 'admin'],
    } as unknown as Parameters<typeof can>[0];
    expect(can(fake, 'user.manage')).toBe(false);
    expect(can(fake, 'line.view')).toBe(false);
    expect(can(agent('strategos'), 'action.execute')).toBe(true);
    expect(can(human('a', 'operator', 'supervisor'), 'proposal.approve')).toBe(true);
  });

  it('every endpoint × every role follows its permission; unknown routes are denied', () => {
    let unauthorisedAllows = 0;
    for (const [route, perm] of Object.entries(ENDPOINT_PERMISSIONS)) {
      const [method, path] = route.split(' ') as [string, string];
      const concrete = path.replace(/:[a-z]+/g, 'X-1');
      expect(routeOf(method, concrete)).toBe(route);
      for (const role of ROLES) {
        const allowed = authorizeEndpoint([role], method, concrete);
        if (allowed && !EXPECTED[perm].includes(role)) unauthorisedAllows++;
        expect(allowed).toBe(EXPECTED[perm].includes(role));
      }
    }
    expect(unauthorisedAllows).toBe(0);
    // The administration routes (policy authorship, users, tokens) are in the table the loop covers.
    for (const route of [
      'GET /api/policy',
      'GET /api/policy/history',
      'PUT /api/policy',
      'GET /api/users',
      'POST /api/users',
      'PATCH /api/users/:id',
      'GET /api/tokens',
      'POST /api/tokens',
      'DELETE /api/tokens/:id',
    ])
      expect(ENDPOINT_PERMISSIONS[route], route).toBeDefined();
    expect(authorizeEndpoint(['admin'], 'PUT', '/api/users/admin/roles')).toBe(false);
    expect(authorizeEndpoint(['admin'], 'DELETE', '/api/audit/entries')).toBe(false);
    expect(authorizeEndpoint(['admin'], 'GET', '/api/secret')).toBe(false);
    expect(authorizeEndpoint(['supervisor'], 'POST', '/api/proposals//approve')).toBe(false);
  });
});

/** Test-only scrypt with small parameters (the adapter's ScryptPasswordHasher is tested in adapter-sqlite). */
const hasher: PasswordHasher = {
  hash: (pw) =>
    new Promise((res, rej) => {
      const salt = randomBytes(16);
      scrypt(pw, salt, 32, { N: 1024 }, (e, k) =>
        e ? rej(e) : res(`${salt.toString('hex')}$${k.toString('hex')}`),
      );
    }),
  verify: (pw, enc) =>
    new Promise((res) => {
      const [s, h] = enc.split('$');
      scrypt(pw, Buffer.from(s!, 'hex'), 32, { N: 1024 }, (e, k) =>
        res(!e && timingSafeEqual(k, Buffer.from(h!, 'hex'))),
      );
    }),
};

describe('IdentityDirectory', () => {
  it('bootstraps one admin, hashes passwords, authenticates, and audits changes', async () => {
    const { log } = await auditLog();
    const dir = new IdentityDirectory({ hasher, clock: new ManualClock(0), audit: log });
    const admin = await dir.addUser('bootstrap', {
      id: 'root',
      displayName: 'Root',
      roles: ['admin'],
      password: 'correct horse battery',
    });
    await expect(
      dir.addUser('bootstrap', {
        id: 'x2',
        displayName: 'X',
        roles: ['admin'],
        password: 'correct horse battery',
      }),
    ).rejects.toMatchObject({ code: 'access.bootstrap-closed' });
    const anna = await dir.addUser(admin, {
      id: 'anna',
      displayName: 'Anna',
      roles: ['supervisor'],
      password: 'anna-very-secret',
    });
    expect(await dir.authenticatePassword('anna', 'anna-very-secret')).toEqual(anna);
    expect(await dir.authenticatePassword('anna', 'wrong-password!!')).toBeUndefined();
    expect(await dir.authenticatePassword('nobody', 'anna-very-secret')).toBeUndefined();
    await expect(
      dir.addUser(anna, { id: 'bob', displayName: 'B', roles: ['operator'], password: 'bob-very-secret!' }),
    ).rejects.toMatchObject({ code: 'access.forbidden' });
    await expect(
      dir.addUser(admin, { id: 'weak', displayName: 'W', roles: ['operator'], password: 'short' }),
    ).rejects.toMatchObject({ code: 'access.password-weak' });
    await expect(
      dir.addUser(admin, { id: 'bot', displayName: 'B', roles: ['agent'], password: 'bot-very-secret!' }),
    ).rejects.toMatchObject({ code: 'access.role-invalid' });
    const actions = (await log.entries(0, log.size)).map((e) => `${e.entry?.action}:${e.entry?.outcome}`);
    expect(actions).toEqual(['user.add:done', 'user.add:denied', 'user.add:done', 'user.add:denied']);
  });

  it('agents hold only the agent role; tokens are stored as hashes only', async () => {
    const dir = new IdentityDirectory({ hasher, clock: new ManualClock(0) });
    const admin = await dir.addUser('bootstrap', {
      id: 'root',
      displayName: 'Root',
      roles: ['admin'],
      password: 'correct horse battery',
    });
    const bot = await dir.addAgent(admin, { id: 'strategos', displayName: 'Strategos' });
    expect(bot.roles).toEqual(['agent']);
    await expect(dir.setRoles(admin, 'strategos', ['admin'])).rejects.toMatchObject({
      code: 'access.agent-role-fixed',
    });
    const token = `act_${'x'.repeat(43)}`;
    await dir.issueToken(admin, 'strategos', token);
    expect(dir.authenticateToken(token)).toEqual(bot);
    expect(dir.authenticateToken(`${token}y`)).toBeUndefined();
    expect(dir.tokenHashes()).toEqual([hashApiToken(token)]);
    expect(dir.tokenHashes().join()).not.toContain(token);
    expect(await dir.revokeToken(admin, token)).toBe(true);
    expect(dir.authenticateToken(token)).toBeUndefined();
  });

  it('snapshots hold hashes only and restore users, agents and tokens; bad snapshots give coded errors', async () => {
    const dir = new IdentityDirectory({ hasher, clock: new ManualClock(0) });
    const admin = await dir.addUser('bootstrap', {
      id: 'root',
      displayName: 'Root',
      roles: ['admin'],
      password: 'correct horse battery',
    });
    const bot = await dir.addAgent(admin, { id: 'strategos', displayName: 'Strategos' });
    const token = `act_${'y'.repeat(43)}`;
    await dir.issueToken(admin, 'strategos', token);
    const snap = JSON.parse(JSON.stringify(dir.snapshot())) as unknown;
    expect(JSON.stringify(snap)).not.toContain('correct horse battery');
    expect(JSON.stringify(snap)).not.toContain(token);
    const back = IdentityDirectory.fromSnapshot(snap, { hasher, clock: new ManualClock(0) });
    expect(await back.authenticatePassword('root', 'correct horse battery')).toEqual(admin);
    expect(back.authenticateToken(token)).toEqual(bot);
    expect(back.list()).toHaveLength(2);
    // A tampered snapshot cannot smuggle the agent role onto a user.
    const bad = JSON.parse(JSON.stringify(snap)) as { users: { roles: string[] }[] };
    bad.users[0]!.roles = ['agent'];
    expect(() => IdentityDirectory.fromSnapshot(bad, { hasher, clock: new ManualClock(0) })).toThrow(
      /snapshot is invalid/,
    );
    expect(() => IdentityDirectory.fromSnapshot(null, { hasher, clock: new ManualClock(0) })).toThrow(
      /snapshot is invalid/,
    );
  });
});
