/**
 * The coded refusals the identity directory and the API-token rules hand to their callers (the
 * server's user and token routes). One list, so the dashboard's translations can be checked against
 * it (`packages/server/test/identity-form-copies.test.ts`) and the route tests can check that every
 * code they meet is on it. `access.snapshot-invalid` and `access.bootstrap-closed` are left out: they
 * come from start-up, never from a request.
 */
export const IDENTITY_REFUSAL_CODES = [
  'access.forbidden',
  'access.user-id-invalid',
  'access.user-unknown',
  'access.role-invalid',
  'access.password-weak',
  'access.self-change',
  'access.agent-role-fixed',
  'access.token-role-invalid',
  'access.token-weak',
  'access.token-expiry-invalid',
  'access.store-failed',
] as const;

export type IdentityRefusalCode = (typeof IDENTITY_REFUSAL_CODES)[number];
