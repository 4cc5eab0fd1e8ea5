/**
 * Client-side checks of the user and API-token forms. They mirror the server's request schemas
 * (`packages/server/src/http/routes/user-routes.ts`, `token-routes.ts`) and the identity directory's
 * rules (`@aethercore/governance`), so a form names the field before a round trip; the server stays
 * the authority and its coded errors are shown at the field its `path` names. The dashboard does not
 * bundle the governance package: `packages/server/test/identity-form-copies.test.ts` checks these copies
 * against the originals.
 */

/** The roles a human can hold (governance `HUMAN_ROLES`; `agent` is for agent identities only). */
export const HUMAN_ROLES = ['operator', 'supervisor', 'engineer', 'production-manager', 'admin'] as const;
export type HumanRole = (typeof HUMAN_ROLES)[number];

/** User and agent ids (governance `IDENTITY_ID`): 2–64 lower-case letters, digits, `.`, `_`, `-`. */
export const IDENTITY_ID = /^[a-z0-9][a-z0-9._-]{1,63}$/;
/** The directory's minimum password length (OWASP ASVS V2.1.1: at least 12 characters). */
export const MIN_PASSWORD = 12;
export const MAX_PASSWORD = 1024;
export const MAX_TEXT = 200;
/** API tokens always expire: 1–365 days, 90 by default (rotate automation credentials). */
export const TOKEN_DAYS = { min: 1, max: 365, default: 90 } as const;

/** A problem with one form field: a message key of the dashboard's i18n messages. */
export type FieldProblem =
  | 'id-format'
  | 'name-missing'
  | 'name-long'
  | 'roles-missing'
  | 'password-short'
  | 'password-long'
  | 'subject-missing'
  | 'token-roles-missing'
  | 'token-roles-none'
  | 'days-range'
  | 'label-long';

export type Problems<F extends string> = Partial<Record<F, FieldProblem>>;

export interface NewUserInput {
  readonly id: string;
  readonly displayName: string;
  readonly roles: readonly string[];
  readonly password: string;
}

export type NewUserField = 'id' | 'displayName' | 'roles' | 'password';

/** The body of `POST /api/users`, or the fields that are wrong (empty when none). */
export function checkNewUser(input: NewUserInput): {
  readonly problems: Problems<NewUserField>;
  readonly body?: { id: string; displayName: string; roles: HumanRole[]; password: string };
} {
  const problems: Problems<NewUserField> = {};
  const id = input.id.trim();
  const displayName = input.displayName.trim();
  const roles = humanRolesOf(input.roles);
  if (!IDENTITY_ID.test(id)) problems.id = 'id-format';
  if (displayName === '') problems.displayName = 'name-missing';
  else if (displayName.length > MAX_TEXT) problems.displayName = 'name-long';
  if (roles.length === 0) problems.roles = 'roles-missing';
  const pw = passwordProblem(input.password);
  if (pw !== undefined) problems.password = pw;
  return Object.keys(problems).length > 0
    ? { problems }
    : { problems, body: { id, displayName, roles, password: input.password } };
}

/** Checks a role change or password reset (`PATCH /api/users/:id`); an empty password means "keep it". */
export function checkUserChange(input: { readonly roles: readonly string[]; readonly password: string }): {
  readonly problems: Problems<'roles' | 'password'>;
  readonly body?: { roles: HumanRole[]; password?: string };
} {
  const problems: Problems<'roles' | 'password'> = {};
  const roles = humanRolesOf(input.roles);
  if (roles.length === 0) problems.roles = 'roles-missing';
  const pw = input.password === '' ? undefined : passwordProblem(input.password);
  if (pw !== undefined) problems.password = pw;
  if (Object.keys(problems).length > 0) return { problems };
  return { problems, body: input.password === '' ? { roles } : { roles, password: input.password } };
}

function passwordProblem(pw: string): FieldProblem | undefined {
  if (pw.length < MIN_PASSWORD) return 'password-short';
  if (pw.length > MAX_PASSWORD) return 'password-long';
  return undefined;
}

/** The human roles among `roles`, deduplicated, in the order of HUMAN_ROLES. */
export function humanRolesOf(roles: readonly string[]): HumanRole[] {
  return HUMAN_ROLES.filter((r) => roles.includes(r));
}

/** Whether two role lists hold the same roles (order and duplicates aside). */
export function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((r) => y.has(r));
}

/**
 * The roles a token for a subject may carry: the subject's roles without `admin` (no token manages
 * users or mints tokens, so a token always ranks below the admin who made it).
 */
export function tokenRolesFor(subjectRoles: readonly string[]): string[] {
  return subjectRoles.filter((r) => r !== 'admin');
}

export interface NewTokenInput {
  readonly subject: string;
  /** The subject's roles, as listed by `GET /api/users` (undefined: no such user or agent). */
  readonly subjectRoles: readonly string[] | undefined;
  readonly roles: readonly string[];
  readonly expiresInDays: string;
  readonly label: string;
}

export type NewTokenField = 'subject' | 'roles' | 'expiresInDays' | 'label';

/**
 * The body of `POST /api/tokens`. Roles are always sent explicitly (a subset of the subject's roles
 * without admin): the server would refuse an admin's token without narrowing, and naming the roles
 * makes the admin's choice visible in the audit trail.
 */
export function checkNewToken(input: NewTokenInput): {
  readonly problems: Problems<NewTokenField>;
  readonly body?: { subject: string; roles: string[]; expiresInDays: number; label?: string };
} {
  const problems: Problems<NewTokenField> = {};
  const subject = input.subject.trim();
  const allowed = tokenRolesFor(input.subjectRoles ?? []);
  const roles = allowed.filter((r) => input.roles.includes(r));
  if (!IDENTITY_ID.test(subject) || input.subjectRoles === undefined) problems.subject = 'subject-missing';
  else if (allowed.length === 0) problems.roles = 'token-roles-none';
  else if (roles.length === 0) problems.roles = 'token-roles-missing';
  const days = /^\d{1,3}$/.test(input.expiresInDays.trim()) ? Number(input.expiresInDays.trim()) : NaN;
  if (!(days >= TOKEN_DAYS.min && days <= TOKEN_DAYS.max)) problems.expiresInDays = 'days-range';
  const label = input.label.trim();
  if (label.length > MAX_TEXT) problems.label = 'label-long';
  if (Object.keys(problems).length > 0) return { problems };
  return {
    problems,
    body: { subject, roles, expiresInDays: days, ...(label === '' ? {} : { label }) },
  };
}

/**
 * The form field a server error names: its `path` is `body.<field>[.<index>]` for schema errors
 * and `<field>` for the directory's own checks (`id`, `roles`, `password`). Undefined when the
 * error belongs to no field of this form (then it is shown for the whole form).
 */
export function fieldOfPath<F extends string>(path: string | undefined, fields: readonly F[]): F | undefined {
  if (path === undefined || path === '') return undefined;
  const parts = path.split('.');
  const name = parts[0] === 'body' ? parts[1] : parts[0];
  return fields.find((f) => f === name);
}

/** Days until `expiresAt` (rounded up), or 0 when it has passed. */
export function daysLeft(expiresAt: number, now: number): number {
  return expiresAt <= now ? 0 : Math.ceil((expiresAt - now) / 86_400_000);
}
