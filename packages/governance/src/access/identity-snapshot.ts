import { AetherError, zod as z } from '@aethercore/core';
import { HUMAN_ROLES, ROLES, type Role } from './roles.ts';

/** User and agent ids double as login names: lower-case, 2–64 characters. */
export const IDENTITY_ID = /^[a-z0-9][a-z0-9._-]{1,63}$/;
/** Public API-token ids (`tok_` + 16 hex), safe to show and to put in a URL; never the secret. */
export const TOKEN_ID = /^tok_[0-9a-f]{16}$/;

const humanRole = z.enum(HUMAN_ROLES as unknown as [Exclude<Role, 'agent'>, ...Exclude<Role, 'agent'>[]]);

const tokenSchema = z
  .object({
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    subject: z.string(),
    // Fields added with token administration (older snapshots have only hash and subject).
    id: z.string().regex(TOKEN_ID).optional(),
    roles: z.array(z.enum(ROLES)).min(1).optional(),
    label: z.string().max(200).optional(),
    createdBy: z.string().max(200).optional(),
    createdAt: z.number().finite().optional(),
    expiresAt: z.number().finite().optional(),
    // When the token last authenticated a request (ms, the server's clock; written at most once a minute).
    lastUsedAt: z.number().finite().optional(),
  })
  .strict();

export const identitySnapshotSchema = z
  .object({
    format: z.literal('aethercore-identities/1'),
    users: z.array(
      z
        .object({
          id: z.string().regex(IDENTITY_ID),
          displayName: z.string().max(200),
          roles: z.array(humanRole).min(1),
          passwordHash: z.string().min(1),
          disabled: z.boolean().optional(),
        })
        .strict(),
    ),
    agents: z.array(
      z.object({ id: z.string().regex(IDENTITY_ID), displayName: z.string().max(200) }).strict(),
    ),
    tokens: z.array(tokenSchema),
  })
  .strict();

/** What the composition root persists: password and token *hashes* only, never secrets. */
export type IdentitySnapshot = z.infer<typeof identitySnapshotSchema>;
export type TokenSnapshot = z.infer<typeof tokenSchema>;

/** Validates a stored snapshot; `access.snapshot-invalid` with the path of the first problem. */
export function parseIdentitySnapshot(value: unknown): IdentitySnapshot {
  const r = identitySnapshotSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new AetherError({
    code: 'access.snapshot-invalid',
    message: `Identity snapshot is invalid: ${issue?.message ?? 'unknown problem'}.`,
    hint: 'Restore a file written by IdentityDirectory.snapshot().',
    path: issue?.path.map(String).join('.') ?? '',
    category: 'system',
  });
}
