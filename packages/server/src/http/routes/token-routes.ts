import { Hono } from 'hono';
import { z } from 'zod';
import { AetherError } from '@aethercore/core';
import { IDENTITY_ID, ROLES, TOKEN_ID, type TokenInfo } from '@aethercore/governance';
import type { RouteContext } from '../app.ts';
import { authorizeHuman, parseBody, requireGovernance } from '../governance-auth.ts';

/** `POST /api/tokens`: the token itself is in this answer only; the server keeps its SHA-256. */
export interface TokenCreatedResponse extends TokenInfo {
  readonly token: string;
}

export interface TokensResponse {
  /** `lastUsedAt` (ms, server clock) is absent for a token never used; written at most once a minute. */
  readonly tokens: readonly (TokenInfo & { readonly expired: boolean })[];
  /** The server's time (ms), so "last used 3 min ago" does not depend on the browser's clock. */
  readonly now: number;
}

const DAY_MS = 86_400_000;

const createBody = z
  .object({
    subject: z.string().regex(IDENTITY_ID, 'a user or agent id'),
    /** Narrow the token to some of its subject's roles (never `admin`); all of them when absent. */
    roles: z.array(z.enum(ROLES)).min(1).max(6).optional(),
    /** Tokens always expire: 1–365 days, default 90 (rotate automation credentials). */
    expiresInDays: z.number().int().min(1).max(365).default(90),
    label: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

/**
 * API tokens for automation (`token.issue`: admins). A token is bound to a user or agent, carries
 * at most its subject's roles and never `admin`, always expires, and is shown exactly once; only its
 * hash is stored (`<dataDir>/identities.db`). Issue and revocation are audited.
 */
export function tokenRoutes(ctx: RouteContext): Hono {
  return new Hono()
    .get('/tokens', async (c) => {
      const gov = requireGovernance(ctx.governance);
      await authorizeHuman(gov, c);
      const now = gov.clock.now();
      const body: TokensResponse = {
        tokens: gov.identities
          .tokens()
          .map((t) => ({ ...t, expired: t.expiresAt !== undefined && t.expiresAt <= now })),
        now,
      };
      return c.json(body);
    })
    .post('/tokens', async (c) => {
      const gov = requireGovernance(ctx.governance);
      const by = await authorizeHuman(gov, c);
      const b = await parseBody(createBody, c);
      const token = gov.newApiToken();
      const info = await gov.identities.issueToken(by, b.subject, token, {
        expiresAt: gov.clock.now() + b.expiresInDays * DAY_MS,
        ...(b.roles === undefined ? {} : { roles: b.roles }),
        ...(b.label === undefined ? {} : { label: b.label }),
      });
      const body: TokenCreatedResponse = { ...info, token };
      return c.json(body, 201);
    })
    .delete('/tokens/:id', async (c) => {
      const gov = requireGovernance(ctx.governance);
      const by = await authorizeHuman(gov, c);
      const id = c.req.param('id');
      if (!TOKEN_ID.test(id) || !(await gov.identities.revokeTokenById(by, id))) {
        throw new AetherError({
          code: 'access.token-unknown',
          message: `No API token '${id.slice(0, 40)}'.`,
          hint: 'GET /api/tokens lists the token ids.',
          kind: 'not-found',
          path: 'id',
        });
      }
      return c.json({ id, revoked: true });
    });
}
