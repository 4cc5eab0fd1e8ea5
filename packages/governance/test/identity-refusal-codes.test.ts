import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAetherError } from '@aethercore/core';
import {
  IDENTITY_REFUSAL_CODES,
  IdentityDirectory,
  ROLES,
  type HumanPrincipal,
  type PasswordHasher,
  type Role,
} from '../src/index.ts';
import { auditLog } from './helpers.ts';

const hasher: PasswordHasher = {
  hash: (pw) => Promise.resolve(`plain$${pw}`),
  verify: (pw, enc) => Promise.resolve(enc === `plain$${pw}`),
};

/**
 * Every refusal the directory hands to a caller is on IDENTITY_REFUSAL_CODES (the list the dashboard
 * translates): random sequences of administration calls with hostile arguments, by an admin or a
 * non-admin, with a store that fails now and then. Anything else thrown (a plain Error, a code not on
 * the list) fails the property.
 */
describe('the identity directory refuses only with listed codes', () => {
  it('random administration calls (fast-check)', async () => {
    const id = fc.oneof(
      fc.constantFrom('root', 'eva', 'otto', 'dexter', 'ghost', '', 'A', 'x'),
      fc.string({ maxLength: 70 }),
    );
    const roles = fc.array(fc.oneof(fc.constantFrom(...ROLES), fc.string({ maxLength: 12 })), {
      maxLength: 4,
    });
    const call = fc.oneof(
      fc.record({ op: fc.constant('addUser' as const), id, roles, password: fc.string({ maxLength: 20 }) }),
      fc.record({ op: fc.constant('setRoles' as const), id, roles }),
      fc.record({ op: fc.constant('setDisabled' as const), id, disabled: fc.boolean() }),
      fc.record({ op: fc.constant('setPassword' as const), id, password: fc.string({ maxLength: 20 }) }),
      fc.record({
        op: fc.constant('issueToken' as const),
        id,
        roles: fc.option(roles, { nil: undefined }),
        secret: fc.oneof(fc.constant(`act_${'k'.repeat(43)}`), fc.string({ maxLength: 40 })),
        days: fc.integer({ min: -2, max: 3 }),
      }),
      fc.record({ op: fc.constant('revoke' as const), tokenId: fc.string({ maxLength: 24 }) }),
    );
    const known: readonly string[] = IDENTITY_REFUSAL_CODES;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(call, fc.boolean(), fc.boolean()), { maxLength: 12 }),
        async (steps) => {
          const { log, clock } = await auditLog();
          let failStore = false;
          const dir = new IdentityDirectory({
            hasher,
            clock,
            audit: log,
            persist: () => {
              if (failStore) throw new Error('disk full');
            },
          });
          const root = await dir.addUser('bootstrap', {
            id: 'root',
            displayName: 'Root',
            roles: ['admin'],
            password: 'correct horse battery',
          });
          const eva = await dir.addUser(root, {
            id: 'eva',
            displayName: 'Eva',
            roles: ['engineer', 'supervisor'],
            password: 'eva-long-passphrase',
          });
          await dir.addAgent(root, { id: 'dexter', displayName: 'Dexter' });
          for (const [c, asAdmin, fail] of steps) {
            failStore = fail;
            const by: HumanPrincipal = asAdmin ? root : eva;
            try {
              if (c.op === 'addUser')
                await dir.addUser(by, {
                  id: c.id,
                  displayName: 'N',
                  roles: c.roles as Role[],
                  password: c.password,
                });
              else if (c.op === 'setRoles') await dir.setRoles(by, c.id, c.roles as Role[]);
              else if (c.op === 'setDisabled') await dir.setDisabled(by, c.id, c.disabled);
              else if (c.op === 'setPassword') await dir.setPassword(by, c.id, c.password);
              else if (c.op === 'issueToken')
                await dir.issueToken(by, c.id, c.secret, {
                  expiresAt: clock.now() + c.days * 86_400_000,
                  ...(c.roles === undefined ? {} : { roles: c.roles as Role[] }),
                });
              else await dir.revokeTokenById(by, c.tokenId);
            } catch (e) {
              expect(isAetherError(e), String(e)).toBe(true);
              if (isAetherError(e)) expect(known, e.code).toContain(e.code);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
