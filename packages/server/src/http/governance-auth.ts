import type { Context } from 'hono';
import { z } from 'zod';
import { AetherError } from '@aethercore/core';
import {
  actorId,
  authorizeEndpoint,
  isHuman,
  type HumanPrincipal,
  type Principal,
} from '@aethercore/governance';
import type { Governance } from '../governance/governance.ts';

/**
 * Authentication and authorization of the governance routes. A bearer token is either a login
 * session (`POST /api/auth/login`) or an API token bound in the identity directory (agents);
 * every request is then checked against the one authorization matrix (`authorizeEndpoint`,
 * deny by default). Refusals are coded errors (401 `auth.*`, 403 `access.forbidden`) mapped by the
 * error mapper, and every 403 is written to the audit log (who tried what), EU AI Act Art. 12.
 */
export function requireGovernance(gov: Governance | undefined): Governance {
  if (gov === undefined) {
    throw new AetherError({
      code: 'governance.unavailable',
      message: 'This server runs without Sentinel (no audit log, no identities).',
      hint: 'Start the live mode (`aethercore start`), which wires the governance routes.',
      kind: 'unavailable',
    });
  }
  return gov;
}

const BEARER = /^Bearer\s+(\S{16,512})$/i;

/** The principal behind the request's bearer token; 401 when missing, malformed, unknown or expired. */
export function authenticate(gov: Governance, c: Context): Principal {
  const header = c.req.header('authorization');
  if (header === undefined) {
    throw new AetherError({
      code: 'auth.token-missing',
      message: 'This route needs a bearer token.',
      hint: 'Sign in with POST /api/auth/login and send "Authorization: Bearer <token>".',
      kind: 'unauthenticated',
    });
  }
  const token = BEARER.exec(header)?.[1];
  const userId = token === undefined ? undefined : gov.sessions.userOf(token);
  // `active`: a disabled user's sessions and tokens stop working at once.
  const principal =
    token === undefined
      ? undefined
      : userId !== undefined
        ? gov.identities.active(userId)
        : gov.identities.authenticateToken(token);
  if (principal === undefined) {
    throw new AetherError({
      code: 'auth.token-invalid',
      message: 'The bearer token is unknown or expired.',
      hint: 'Sign in again with POST /api/auth/login.',
      kind: 'unauthenticated',
    });
  }
  return principal;
}

/**
 * Authenticates and checks the matrix for `method path` (`route` overrides the path for aliases,
 * e.g. `/api/audit` is authorised as `/api/audit/entries`). A refusal is audited, then thrown.
 */
export async function authorize(gov: Governance, c: Context, route?: string): Promise<Principal> {
  const principal = authenticate(gov, c);
  const method = c.req.method;
  const path = route ?? c.req.path;
  if (authorizeEndpoint(principal.roles, method, path)) return principal;
  await gov.log
    .append({
      actor: actorId(principal),
      actorKind: principal.kind,
      action: 'http.request',
      subject: `${method} ${path}`.slice(0, 200),
      time: gov.clock.now(),
      outcome: 'denied',
      reason: `roles ${principal.roles.join(',')} do not grant this route`,
    })
    .catch(() => undefined);
  throw new AetherError({
    code: 'access.forbidden',
    message: `${actorId(principal)} may not call ${method} ${path}.`,
    hint:
      principal.kind === 'agent'
        ? 'Agents propose; humans with the right role decide.'
        : 'Ask an administrator for a role that grants it (see the authorization matrix in docs/governance.md).',
    kind: 'forbidden',
  });
}

/** The bearer token of the request, when well-formed (for sign-out). */
export function bearerToken(c: Context): string | undefined {
  const header = c.req.header('authorization');
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}

/**
 * `authorize` for routes that only humans may call (users, tokens): the matrix already keeps agents
 * out; the runtime check holds the line should the matrix ever be edited carelessly.
 */
export async function authorizeHuman(gov: Governance, c: Context): Promise<HumanPrincipal> {
  const p = await authorize(gov, c);
  if (isHuman(p)) return p;
  throw new AetherError({
    code: 'access.forbidden',
    message: `${actorId(p)} may not call ${c.req.method} ${c.req.path}.`,
    hint: 'Agents propose; humans with the right role decide.',
    kind: 'forbidden',
  });
}

/** Parses a JSON body with a zod schema; `api.body-invalid` (400) names the offending field. */
export async function parseBody<S extends z.ZodType>(schema: S, c: Context): Promise<z.output<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new AetherError({
      code: 'api.body-invalid',
      message: 'The request body is not valid JSON.',
      hint: 'Send a JSON object with content-type application/json.',
      path: 'body',
    });
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const p = ['body', ...(issue?.path ?? []).map(String)].join('.');
    throw new AetherError({
      code: 'api.body-invalid',
      message: `Invalid request body at ${p}: ${issue?.message ?? 'invalid'}.`,
      hint: 'See GET /api/openapi.json for the request schema.',
      path: p,
    });
  }
  return r.data;
}

/** A reason is required for every decision (approve, reject, stop, resume): Art. 12 and 14. */
export const reasonBody = z.object({ reason: z.string().trim().min(3).max(500) }).strict();
