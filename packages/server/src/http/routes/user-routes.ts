import { Hono } from 'hono';
import { z } from 'zod';
import { AetherError } from '@aethercore/core';
import { HUMAN_ROLES, IDENTITY_ID, type Role } from '@aethercore/governance';
import type { RouteContext } from '../app.ts';
import { authorizeHuman, parseBody, requireGovernance } from '../governance-auth.ts';
import type { Governance } from '../../governance/governance.ts';

export interface UserView {
  readonly kind: 'user' | 'agent';
  readonly id: string;
  readonly displayName: string;
  readonly roles: readonly string[];
  readonly disabled: boolean;
  /** Live API tokens bound to this identity. */
  readonly tokens: number;
}

/** `GET /api/users`: humans first, then agent identities. */
export interface UsersResponse {
  readonly users: readonly UserView[];
}

const humanRoles = z
  .array(z.enum(HUMAN_ROLES as unknown as [Exclude<Role, 'agent'>, ...Exclude<Role, 'agent'>[]]))
  .min(1)
  .max(5);
const password = z.string().min(12, 'at least 12 characters').max(1024);

const createBody = z
  .object({
    id: z.string().regex(IDENTITY_ID, '2–64 lower-case letters, digits, . _ -'),
    displayName: z.string().trim().min(1).max(200),
    roles: humanRoles,
    password,
  })
  .strict();

const patchBody = z
  .object({
    roles: humanRoles.optional(),
    disabled: z.boolean().optional(),
    password: password.optional(),
  })
  .strict()
  .refine((b) => b.roles !== undefined || b.disabled !== undefined || b.password !== undefined, {
    message: 'give roles, disabled or password',
  });

export function userView(gov: Governance, id: string): UserView {
  const p = gov.identities.get(id);
  if (p === undefined) {
    throw new AetherError({
      code: 'access.user-unknown',
      message: `No user or agent '${id.slice(0, 80)}'.`,
      hint: 'GET /api/users lists them.',
      kind: 'not-found',
    });
  }
  const now = gov.clock.now();
  return {
    kind: p.kind,
    id: p.id,
    displayName: p.displayName,
    roles: [...p.roles],
    disabled: gov.identities.isDisabled(p.id),
    tokens: gov.identities
      .tokens()
      .filter((t) => t.subject === p.id && (t.expiresAt === undefined || t.expiresAt > now)).length,
  };
}

/**
 * User administration (`user.manage`: admins). Creating a user hashes the password with scrypt;
 * `PATCH` changes roles, disables/enables or resets the password. Every change is audited by the
 * identity directory before it takes effect and saved to `<dataDir>/identities.db`; disabling a
 * user ends their sessions at once. Nobody changes their own roles or disables themselves
 * (`access.self-change`), so no admin grants themselves `policy.change` and admins cannot lock all out.
 */
export function userRoutes(ctx: RouteContext): Hono {
  return new Hono()
    .get('/users', async (c) => {
      const gov = requireGovernance(ctx.governance);
      await authorizeHuman(gov, c);
      const all = gov.identities.list();
      const body: UsersResponse = {
        users: [...all.filter((p) => p.kind === 'user'), ...all.filter((p) => p.kind === 'agent')].map((p) =>
          userView(gov, p.id),
        ),
      };
      return c.json(body);
    })
    .post('/users', async (c) => {
      const gov = requireGovernance(ctx.governance);
      const by = await authorizeHuman(gov, c);
      const b = await parseBody(createBody, c);
      await gov.identities.addUser(by, b);
      return c.json(userView(gov, b.id), 201);
    })
    .patch('/users/:id', async (c) => {
      const gov = requireGovernance(ctx.governance);
      const by = await authorizeHuman(gov, c);
      const id = c.req.param('id');
      const b = await parseBody(patchBody, c);
      if (b.roles !== undefined) await gov.identities.setRoles(by, id, b.roles);
      if (b.password !== undefined) await gov.identities.setPassword(by, id, b.password);
      if (b.disabled !== undefined) {
        await gov.identities.setDisabled(by, id, b.disabled);
        if (b.disabled) gov.sessions.revokeUser(id);
      }
      return c.json(userView(gov, id));
    });
}
