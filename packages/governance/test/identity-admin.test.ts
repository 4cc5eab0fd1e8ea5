import { ManualClock } from '@aethercore/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IdentityDirectory,
  PolicyRegistry,
  apiTokenId,
  parseIdentitySnapshot,
  readPolicyHistory,
  type HumanPrincipal,
  type IdentitySnapshot,
  type PasswordHasher,
} from '../src/index.ts';
import { agent, auditLog, policy } from './helpers.ts';

/** A transparent test hasher: the directory's logic is under test here, not scrypt. */
const hasher: PasswordHasher = {
  hash: (pw) => Promise.resolve(`plain$${pw}`),
  verify: (pw, enc) => Promise.resolve(enc === `plain$${pw}`),
};
const TOKEN = (c: string) => `act_${c.repeat(43)}`;

async function directory(persist?: (s: IdentitySnapshot) => void) {
  const { log, clock } = await auditLog();
  const dir = new IdentityDirectory({
    hasher,
    clock,
    audit: log,
    ...(persist === undefined ? {} : { persist }),
  });
  const admin = await dir.addUser('bootstrap', {
    id: 'root',
    displayName: 'Root',
    roles: ['admin'],
    password: 'correct horse battery',
  });
  const actions = async () =>
    (await log.entries(0, log.size)).map((e) => `${e.entry?.actor} ${e.entry?.action} ${e.entry?.outcome}`);
  return { dir, admin, clock, log, actions };
}

describe('IdentityDirectory administration', () => {
  it('tokens: narrowed roles, never wider than the subject, never admin, expiry, revocation by id', async () => {
    const { dir, admin, clock, actions } = await directory();
    await dir.addUser(admin, {
      id: 'eva',
      displayName: 'Eva',
      roles: ['engineer', 'supervisor'],
      password: 'eva-long-passphrase',
    });
    await dir.addAgent(admin, { id: 'dexter', displayName: 'Dexter' });
    const info = await dir.issueToken(admin, 'eva', TOKEN('a'), {
      roles: ['supervisor'],
      expiresAt: clock.now() + 1000,
      label: 'ci',
    });
    expect(info).toMatchObject({
      id: apiTokenId(TOKEN('a')),
      subject: 'eva',
      roles: ['supervisor'],
      createdBy: 'u:root',
      label: 'ci',
    });
    expect(dir.authenticateToken(TOKEN('a'))?.roles).toEqual(['supervisor']);
    await expect(dir.issueToken(admin, 'eva', TOKEN('b'), { roles: ['admin'] })).rejects.toMatchObject({
      code: 'access.token-role-invalid',
    });
    await expect(dir.issueToken(admin, 'root', TOKEN('b'))).rejects.toMatchObject({
      code: 'access.token-role-invalid',
    });
    await expect(dir.issueToken(admin, 'dexter', TOKEN('b'), { roles: ['operator'] })).rejects.toMatchObject({
      code: 'access.token-role-invalid',
    });
    await expect(
      dir.issueToken(admin, 'dexter', TOKEN('b'), { expiresAt: clock.now() }),
    ).rejects.toMatchObject({ code: 'access.token-expiry-invalid' });
    // An agent smuggled past the types cannot issue tokens; the attempt is audited.
    await expect(
      dir.issueToken(agent('dexter') as unknown as HumanPrincipal, 'dexter', TOKEN('c')),
    ).rejects.toMatchObject({ code: 'access.forbidden' });
    clock.advance(1000);
    expect(dir.authenticateToken(TOKEN('a'))).toBeUndefined();
    expect(await dir.revokeTokenById(admin, info.id)).toBe(true);
    expect(await dir.revokeTokenById(admin, info.id)).toBe(false);
    expect(await actions()).toEqual(
      expect.arrayContaining([
        'u:root token.issue done',
        'u:root token.issue denied',
        'agent:dexter token.issue denied',
        'u:root token.revoke done',
        'u:root token.revoke not-found',
      ]),
    );
  });

  it('disabled users cannot sign in and their tokens stop; nobody changes their own roles', async () => {
    const { dir, admin } = await directory();
    await dir.addUser(admin, {
      id: 'otto',
      displayName: 'Otto',
      roles: ['operator'],
      password: 'otto-long-passphrase',
    });
    await dir.issueToken(admin, 'otto', TOKEN('d'));
    await dir.setDisabled(admin, 'otto', true);
    expect(await dir.authenticatePassword('otto', 'otto-long-passphrase')).toBeUndefined();
    expect(dir.authenticateToken(TOKEN('d'))).toBeUndefined();
    expect(dir.active('otto')).toBeUndefined();
    expect(dir.get('otto')?.id).toBe('otto');
    await dir.setDisabled(admin, 'otto', false);
    expect(dir.authenticateToken(TOKEN('d'))?.id).toBe('otto');
    await expect(dir.setRoles(admin, 'root', ['admin', 'engineer'])).rejects.toMatchObject({
      code: 'access.self-change',
    });
    await expect(dir.setDisabled(admin, 'root', true)).rejects.toMatchObject({ code: 'access.self-change' });
    const snap = parseIdentitySnapshot(JSON.parse(JSON.stringify(dir.snapshot())));
    const back = IdentityDirectory.fromSnapshot(snap, { hasher, clock: new ManualClock(0) });
    expect(back.tokens()).toEqual(dir.tokens());
    expect(back.isDisabled('otto')).toBe(false);
  });

  it('a failing store undoes the change in memory and records the failure after the audit entry', async () => {
    let fail = false;
    const saved: IdentitySnapshot[] = [];
    const { dir, admin, actions } = await directory((s) => {
      if (fail) throw new Error('disk full');
      saved.push(s);
    });
    fail = true;
    await expect(
      dir.addUser(admin, {
        id: 'ulla',
        displayName: 'U',
        roles: ['operator'],
        password: 'ulla-long-passphrase',
      }),
    ).rejects.toMatchObject({ code: 'access.store-failed' });
    expect(dir.get('ulla')).toBeUndefined();
    fail = false;
    await dir.addUser(admin, {
      id: 'ulla',
      displayName: 'U',
      roles: ['operator'],
      password: 'ulla-long-passphrase',
    });
    expect(saved.at(-1)?.users.map((u) => u.id)).toEqual(['root', 'ulla']);
    expect((await actions()).slice(-3)).toEqual([
      'u:root user.add done',
      'u:root user.add failed',
      'u:root user.add done',
    ]);
  });

  it('hostile inputs never crash: coded errors only', async () => {
    const { dir, admin } = await directory();
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.anything(), async (id, roles) => {
        const calls = [
          () => dir.setRoles(admin, id as string, roles as never),
          () => dir.setDisabled(admin, id as string, true),
          () => dir.issueToken(admin, id as string, TOKEN('e'), { roles: roles as never }),
          () => dir.revokeTokenById(admin, id as string),
        ];
        for (const call of calls) {
          try {
            await call();
          } catch (e) {
            expect((e as { code?: unknown }).code).toMatch(/^access\./);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('PolicyRegistry persistence and history', () => {
  it('history comes back from the audit log; a failing persist keeps the old policy in force', async () => {
    const { log, clock } = await auditLog();
    const p1 = policy();
    let fail = true;
    const reg = new PolicyRegistry({
      initial: p1,
      clock,
      audit: log,
      persist: () => {
        if (fail) throw new Error('EROFS');
      },
    });
    const eva: HumanPrincipal = { kind: 'user', id: 'eva', displayName: 'Eva', roles: ['engineer'] };
    await expect(reg.change(eva, { ...p1, version: p1.version + 1 }, 'tighter')).rejects.toMatchObject({
      code: 'policy.store-failed',
    });
    expect(reg.current.version).toBe(p1.version);
    fail = false;
    clock.advance(60_000);
    await reg.change(eva, { ...p1, version: p1.version + 1 }, 'tighter', 'version: 2');
    expect(reg.currentText).toBe('version: 2');
    const history = await readPolicyHistory(log, 2);
    expect(history).toEqual([
      expect.objectContaining({
        version: p1.version + 1,
        changedBy: 'u:eva',
        reason: 'tighter',
        time: clock.now(),
      }),
    ]);
    const again = new PolicyRegistry({ initial: reg.current, clock, audit: log, history });
    expect(again.history()).toEqual(history);
  });
});
