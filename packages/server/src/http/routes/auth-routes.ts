import { Hono } from 'hono';
import { z } from 'zod';
import { AetherError } from '@aethercore/core';
import type { AuthLoginResponse, PrincipalView } from '../../api/types.ts';
import type { RouteContext } from '../app.ts';
import { authenticate, bearerToken, parseBody, requireGovernance } from '../governance-auth.ts';

const loginBody = z
  .object({
    user: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'a user id (lower-case letters, digits, . _ -)'),
    password: z.string().min(1).max(1024),
  })
  .strict();

/** `POST /auth/login` (scrypt-verified password → bearer token), `GET /auth/me`, `POST /auth/logout`. */
export function authRoutes(ctx: RouteContext): Hono {
  return new Hono()
    .post('/auth/login', async (c) => {
      const gov = requireGovernance(ctx.governance);
      const body = await parseBody(loginBody, c);
      const user = await gov.identities.authenticatePassword(body.user, body.password);
      // Every sign-in attempt is on the record (who, when, whether it worked), never the password.
      await gov.log.append({
        actor: `u:${body.user}`,
        actorKind: 'user',
        action: 'auth.login',
        time: gov.clock.now(),
        outcome: user === undefined ? 'denied' : 'done',
      });
      if (user === undefined) {
        throw new AetherError({
          code: 'auth.login-failed',
          message: 'Unknown user or wrong password.',
          hint: 'Demo users and their passwords: see docs/governance-api.md.',
          kind: 'unauthenticated',
        });
      }
      const { token, expiresAt } = gov.sessions.issue(user.id);
      const res: AuthLoginResponse = { token, expiresAt, principal: view(user) };
      return c.json(res);
    })
    .get('/auth/me', (c) => {
      const gov = requireGovernance(ctx.governance);
      return c.json(view(authenticate(gov, c)));
    })
    .post('/auth/logout', async (c) => {
      // Sign-out deletes the session (memory and identities.db); API tokens are revoked via DELETE /api/tokens/:id.
      const gov = requireGovernance(ctx.governance);
      const principal = authenticate(gov, c);
      const token = bearerToken(c);
      const signedOut = token !== undefined && gov.sessions.revoke(token);
      await gov.log.append({
        actor: `${principal.kind === 'user' ? 'u' : 'agent'}:${principal.id}`,
        actorKind: principal.kind,
        action: 'auth.logout',
        time: gov.clock.now(),
        outcome: signedOut ? 'done' : 'not-a-session',
      });
      return c.json({ signedOut });
    });
}

export function view(p: {
  kind: 'user' | 'agent';
  id: string;
  displayName: string;
  roles: readonly string[];
}): PrincipalView {
  return { kind: p.kind, id: p.id, displayName: p.displayName, roles: [...p.roles] };
}
