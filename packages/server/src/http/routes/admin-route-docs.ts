import { emptyQuery } from '../query.ts';
import type { RouteDoc } from '../openapi.ts';

/**
 * OpenAPI entries of the administration routes (policy, users, tokens, sign-out), kept beside the
 * routes; `openapi.ts` splices them into the document.
 */
export const ADMIN_ROUTE_DOCS: readonly RouteDoc[] = [
  {
    path: '/api/auth/logout',
    method: 'post',
    summary: 'Sign out: deletes this session (memory and identities.db); audited',
    query: emptyQuery,
    response: 'Logout',
    auth: 'authenticated',
  },
  {
    path: '/api/policy',
    summary: 'The policy in force: version, hash, document and its source text',
    query: emptyQuery,
    response: 'Policy',
    auth: 'policy.view',
  },
  {
    path: '/api/policy/history',
    summary: 'Every policy version, oldest first, from the audit log (who, when, why, hash, audit index)',
    query: emptyQuery,
    response: 'PolicyHistory',
    auth: 'policy.view',
  },
  {
    path: '/api/policy',
    method: 'put',
    summary:
      'Replace the policy (version = current + 1). Audited before it takes effect, saved to <dataDir>/policy.yaml, used by Sentinel at once. Also accepts a YAML body (content-type application/yaml) with the reason in x-aethercore-reason.',
    query: emptyQuery,
    body: 'PolicyChange',
    response: 'Policy',
    auth: 'policy.change',
  },
  {
    path: '/api/users',
    summary: 'Users and agent identities with roles, disabled flag and live token count',
    query: emptyQuery,
    response: 'Users',
    auth: 'user.manage',
  },
  {
    path: '/api/users',
    method: 'post',
    summary: 'Create a user (password hashed with scrypt); audited',
    query: emptyQuery,
    body: 'UserCreate',
    response: 'User',
    auth: 'user.manage',
  },
  {
    path: '/api/users/:id',
    method: 'patch',
    summary: "Change a user's roles, disable/enable, or reset the password; audited",
    query: emptyQuery,
    body: 'UserPatch',
    response: 'User',
    auth: 'user.manage',
  },
  {
    path: '/api/tokens',
    summary: 'API tokens (ids, subjects, roles, expiry, last use; never the secret or its hash)',
    query: emptyQuery,
    response: 'Tokens',
    auth: 'token.issue',
  },
  {
    path: '/api/tokens',
    method: 'post',
    summary:
      'Issue an API token for a user or agent: shown once, stored hashed, expires, roles ⊆ subject’s, never admin',
    query: emptyQuery,
    body: 'TokenCreate',
    response: 'TokenCreated',
    auth: 'token.issue',
  },
  {
    path: '/api/tokens/:id',
    method: 'delete',
    summary: 'Revoke an API token by id; audited',
    query: emptyQuery,
    response: 'TokenRevoked',
    auth: 'token.issue',
  },
];

const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;
const bool = { type: 'boolean' } as const;
const strs = { type: 'array', items: str } as const;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const obj = (properties: Record<string, unknown>, required: readonly string[] = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
});
const reason = { type: 'string', minLength: 3, maxLength: 500 };
const humanRole = { enum: ['operator', 'supervisor', 'engineer', 'production-manager', 'admin'] };
const tokenInfo = {
  id: { type: 'string', pattern: '^tok_[0-9a-f]{16}$' },
  subject: str,
  roles: strs,
  label: str,
  createdBy: str,
  createdAt: num,
  expiresAt: num,
  lastUsedAt: {
    type: 'number',
    description:
      'When the token last authenticated a request (ms since epoch, server clock; stored at most once a minute); absent when never used',
  },
};

export const ADMIN_SCHEMAS: Record<string, unknown> = {
  Logout: obj({ signedOut: bool }),
  PolicyVersion: obj({ version: int, hash: str, changedBy: str, time: num, reason: str, auditIndex: int }, [
    'version',
    'hash',
    'changedBy',
    'time',
    'reason',
  ]),
  Policy: obj(
    {
      version: int,
      hash: str,
      policy: { type: 'object', description: 'See policyDocumentSchema in @aethercore/governance' },
      text: str,
      current: ref('PolicyVersion'),
    },
    ['version', 'hash', 'policy', 'text'],
  ),
  PolicyHistory: obj({ versions: { type: 'array', items: ref('PolicyVersion') } }),
  PolicyChange: obj(
    {
      reason,
      policy: {
        oneOf: [str, { type: 'object' }],
        description:
          'The new policy document, or its YAML/JSON text; its version must be the current one + 1',
      },
    },
    ['reason', 'policy'],
  ),
  User: obj({
    kind: { enum: ['user', 'agent'] },
    id: str,
    displayName: str,
    roles: strs,
    disabled: bool,
    tokens: int,
  }),
  Users: obj({ users: { type: 'array', items: ref('User') } }),
  UserCreate: obj({
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{1,63}$' },
    displayName: str,
    roles: { type: 'array', items: humanRole, minItems: 1 },
    password: { type: 'string', minLength: 12 },
  }),
  UserPatch: obj(
    {
      roles: { type: 'array', items: humanRole, minItems: 1 },
      disabled: bool,
      password: { type: 'string', minLength: 12 },
    },
    [],
  ),
  Tokens: obj({
    tokens: { type: 'array', items: obj({ ...tokenInfo, expired: bool }, ['id', 'subject', 'expired']) },
    now: { type: 'number', description: "The server's time (ms since epoch), for relative times" },
  }),
  TokenCreate: obj(
    {
      subject: str,
      roles: strs,
      expiresInDays: { type: 'integer', minimum: 1, maximum: 365, default: 90 },
      label: str,
    },
    ['subject'],
  ),
  TokenCreated: obj({ ...tokenInfo, token: { type: 'string', description: 'Shown only in this answer' } }, [
    'id',
    'subject',
    'token',
    'expiresAt',
  ]),
  TokenRevoked: obj({ id: str, revoked: bool }),
};
