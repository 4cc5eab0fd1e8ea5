import { IDENTITY_REFUSAL_CODES } from '@aethercore/governance';

/**
 * Every error code the user and token routes (`/api/users`, `/api/tokens`) can answer with: the
 * bearer check and the matrix (`governance-auth.ts`), the body schemas (`api.body-invalid`), the
 * identity directory's refusals (`IDENTITY_REFUSAL_CODES`), the routes' own 404s, and the error
 * mapper's last resort. The dashboard has a German and an English text for each
 * (`packages/server/test/identity-form-copies.test.ts` checks it); `user-token-api.test.ts` checks
 * that every code it meets is on this list.
 */
export const USER_TOKEN_ROUTE_CODES = [
  'governance.unavailable',
  'auth.token-missing',
  'auth.token-invalid',
  'api.body-invalid',
  ...IDENTITY_REFUSAL_CODES,
  'access.token-unknown',
  'http.bad-request',
  'server.internal',
] as const;

export type UserTokenRouteCode = (typeof USER_TOKEN_ROUTE_CODES)[number];

/**
 * The crew routes' own refusals (`/api/crew`, `/api/crew/absences`, crew-routes.ts); their auth and
 * body refusals are the shared ones above. The dashboard's sick-note form translates these too.
 */
export const CREW_ROUTE_CODES = [
  'crew.worker-unknown',
  'crew.absence-invalid',
  'crew.absence-refused',
  'crew.unavailable',
] as const;

export type CrewRouteCode = (typeof CREW_ROUTE_CODES)[number];
