import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HUMAN_ROLES as GOV_HUMAN_ROLES, IDENTITY_ID as GOV_IDENTITY_ID } from '@aethercore/governance';
import { HUMAN_ROLES, IDENTITY_ID, checkNewUser } from '../../web/src/admin/identity-forms.ts';
import { refusalText } from '../../web/src/admin/refusal-text.ts';
import { REFUSAL_MESSAGES } from '../../web/src/i18n/messages.ts';
import { CREW_ROUTE_CODES, USER_TOKEN_ROUTE_CODES } from '../src/index.ts';

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
    const ok = {
      id: 'k.lehmann',
      displayName: 'Katrin Lehmann',
      roles: ['operator'],
      password: 'a-long-passphrase',
    };
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (id) => {
        expect(checkNewUser({ ...ok, id }).problems.id === undefined).toBe(GOV_IDENTITY_ID.test(id.trim()));
      }),
    );
  });
});

// The user and token routes answer in English with a code; the dashboard translates by code. The
// list comes from the server (USER_TOKEN_ROUTE_CODES, which user-token-api.test.ts checks against
// every code its requests meet), so a new refusal fails here until it has both texts.
describe("the dashboard's texts for the user and token routes' refusals", () => {
  it('every code the routes can answer with has a German and an English text, and they differ', () => {
    expect(USER_TOKEN_ROUTE_CODES.length).toBeGreaterThanOrEqual(15);
    // The sick-note form (crew routes) uses the same table for its own four codes.
    const codes = [...new Set([...USER_TOKEN_ROUTE_CODES, ...CREW_ROUTE_CODES])];
    for (const code of codes) {
      const de = REFUSAL_MESSAGES.de[code];
      const en = REFUSAL_MESSAGES.en[code];
      expect(de?.trim(), `German text for ${code}`).toBeTruthy();
      expect(en?.trim(), `English text for ${code}`).toBeTruthy();
      expect(de, code).not.toBe(en);
      expect(refusalText('de', { code, message: 'server text' })).toBe(`${de} (${code})`);
    }
    // No orphan texts either: each translated code is one the routes can produce.
    for (const lang of ['de', 'en'] as const)
      expect(Object.keys(REFUSAL_MESSAGES[lang]).sort()).toEqual([...codes].sort());
  });
});
