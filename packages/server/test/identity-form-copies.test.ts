import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HUMAN_ROLES as GOV_HUMAN_ROLES, IDENTITY_ID as GOV_IDENTITY_ID } from '@aethercore/governance';
import { HUMAN_ROLES, IDENTITY_ID, checkNewUser } from '../../web/src/admin/identity-forms.ts';

// The dashboard may not bundle @aethercore/governance (layer rule), so its user and token forms keep
// copies of the role list and the id pattern. The server layer may import both: a change in
// governance fails here until the dashboard's copy follows.
describe("the dashboard's copies of the identity rules", () => {
  it('equal governance: the human roles in order, the id pattern and its flags', () => {
    expect([...HUMAN_ROLES]).toEqual([...GOV_HUMAN_ROLES]);
    expect(IDENTITY_ID.source).toBe(GOV_IDENTITY_ID.source);
    expect(IDENTITY_ID.flags).toBe(GOV_IDENTITY_ID.flags);
  });

  it("the form accepts an id exactly when governance's pattern does (fast-check)", () => {
    const ok = { id: 'k.lehmann', displayName: 'Katrin Lehmann', roles: ['operator'], password: 'a-long-passphrase' };
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (id) => {
        expect(checkNewUser({ ...ok, id }).problems.id === undefined).toBe(GOV_IDENTITY_ID.test(id.trim()));
      }),
    );
  });
});
