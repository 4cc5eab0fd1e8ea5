import { AetherError, zod as z, type Clock } from '@aethercore/core';
import type { AuditLog } from '../audit/audit-log.ts';
import { toHex, utf8 } from '../crypto/bytes.ts';
import { sha256 } from '../crypto/sha256.ts';
import {
  actorId,
  can,
  forbidden,
  type AgentPrincipal,
  type HumanPrincipal,
  type Principal,
} from './principal.ts';
import { HUMAN_ROLES, type Role } from './roles.ts';

/** scrypt needs node:crypto, so hashing is a port; `ScryptPasswordHasher` in adapter-sqlite implements it. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, encoded: string): Promise<boolean>;
}

interface UserRecord {
  principal: HumanPrincipal;
  passwordHash: string;
}

const MIN_PASSWORD = 12;
const ID = /^[a-z0-9][a-z0-9._-]{1,63}$/;

const snapshotSchema = z
  .object({
    format: z.literal('aethercore-identities/1'),
    users: z.array(
      z
        .object({
          id: z.string().regex(ID),
          displayName: z.string().max(200),
          roles: z
            .array(z.enum(HUMAN_ROLES as unknown as [Exclude<Role, 'agent'>, ...Exclude<Role, 'agent'>[]]))
            .min(1),
          passwordHash: z.string().min(1),
        })
        .strict(),
    ),
    agents: z.array(z.object({ id: z.string().regex(ID), displayName: z.string().max(200) }).strict()),
    tokens: z.array(z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/), subject: z.string() }).strict()),
  })
  .strict();

/** What the composition root persists: password and token *hashes* only, never secrets. */
export type IdentitySnapshot = z.infer<typeof snapshotSchema>;

/** API tokens are 256-bit random strings, so one SHA-256 is enough; only the hash is kept. */
export function hashApiToken(token: string): string {
  return toHex(sha256(utf8(token)));
}

/**
 * Users (password, scrypt-hashed), agent identities (no password, role `agent` only) and API tokens
 * (only their hash is stored). Every change is audited when a log is given.
 */
export class IdentityDirectory {
  readonly #users = new Map<string, UserRecord>();
  readonly #agents = new Map<string, AgentPrincipal>();
  readonly #tokens = new Map<string, string>();
  readonly #hasher: PasswordHasher;
  readonly #clock: Clock;
  readonly #audit: AuditLog | undefined;
  #dummyHash: string | undefined;

  constructor(options: { hasher: PasswordHasher; clock: Clock; audit?: AuditLog }) {
    this.#hasher = options.hasher;
    this.#clock = options.clock;
    this.#audit = options.audit;
  }

  async #log(
    actor: Principal | 'bootstrap',
    action: string,
    subject: string,
    outcome: string,
    reason?: string,
  ): Promise<void> {
    await this.#audit?.append({
      actor: actor === 'bootstrap' ? 'system:bootstrap' : actorId(actor),
      actorKind: actor === 'bootstrap' ? 'system' : actor.kind,
      action,
      subject,
      time: this.#clock.now(),
      outcome,
      ...(reason === undefined ? {} : { reason }),
    });
  }

  /** Adds a human user. `by` must hold `user.manage`; `'bootstrap'` is accepted only while there are no users. */
  async addUser(
    by: HumanPrincipal | 'bootstrap',
    user: { id: string; displayName: string; roles: readonly Role[]; password: string },
  ): Promise<HumanPrincipal> {
    if (by === 'bootstrap' ? this.#users.size > 0 : !can(by, 'user.manage')) {
      await this.#log(by, 'user.add', user.id, 'denied');
      throw by === 'bootstrap'
        ? new AetherError({
            code: 'access.bootstrap-closed',
            message: 'Bootstrap is only possible while no user exists.',
            hint: 'Sign in as an admin.',
            kind: 'forbidden',
          })
        : forbidden(by, 'user.manage', 'manage users');
    }
    if (!ID.test(user.id) || this.#users.has(user.id) || this.#agents.has(user.id)) {
      throw new AetherError({
        code: 'access.user-id-invalid',
        message: `User id '${user.id}' is invalid or taken.`,
        hint: 'Use 2–64 lower-case letters, digits, . _ -',
        path: 'id',
      });
    }
    const roles = this.#humanRoles(user.roles);
    if (user.password.length < MIN_PASSWORD) {
      throw new AetherError({
        code: 'access.password-weak',
        message: `Passwords need at least ${MIN_PASSWORD} characters.`,
        hint: 'Use a passphrase.',
        path: 'password',
      });
    }
    const principal: HumanPrincipal = { kind: 'user', id: user.id, displayName: user.displayName, roles };
    this.#users.set(user.id, { principal, passwordHash: await this.#hasher.hash(user.password) });
    await this.#log(by, 'user.add', user.id, 'done', `roles ${roles.join(',')}`);
    return principal;
  }

  /** Registers an agent identity; it gets the `agent` role and nothing else, ever. */
  async addAgent(by: HumanPrincipal, agent: { id: string; displayName: string }): Promise<AgentPrincipal> {
    if (!can(by, 'user.manage')) throw forbidden(by, 'user.manage', 'register agents');
    if (!ID.test(agent.id) || this.#users.has(agent.id) || this.#agents.has(agent.id)) {
      throw new AetherError({
        code: 'access.user-id-invalid',
        message: `Agent id '${agent.id}' is invalid or taken.`,
        hint: 'Use 2–64 lower-case letters, digits, . _ -',
        path: 'id',
      });
    }
    const principal: AgentPrincipal = {
      kind: 'agent',
      id: agent.id,
      displayName: agent.displayName,
      roles: ['agent'],
    };
    this.#agents.set(agent.id, principal);
    await this.#log(by, 'agent.add', agent.id, 'done');
    return principal;
  }

  /** Replaces a user's roles. Agents cannot be given roles, and `agent` cannot be given to a human. */
  async setRoles(by: HumanPrincipal, id: string, roles: readonly Role[]): Promise<HumanPrincipal> {
    if (!can(by, 'user.manage')) {
      await this.#log(by, 'user.roles', id, 'denied');
      throw forbidden(by, 'user.manage', 'change roles');
    }
    if (this.#agents.has(id)) {
      await this.#log(by, 'user.roles', id, 'denied', 'agents hold only the agent role');
      throw new AetherError({
        code: 'access.agent-role-fixed',
        message: `'${id}' is an agent; agents hold only the agent role.`,
        hint: 'Agents propose; give decisions to humans.',
        kind: 'forbidden',
      });
    }
    const rec = this.#users.get(id);
    if (rec === undefined)
      throw new AetherError({
        code: 'access.user-unknown',
        message: `No user '${id}'.`,
        hint: 'Check the id.',
        kind: 'not-found',
      });
    rec.principal = { ...rec.principal, roles: this.#humanRoles(roles) };
    await this.#log(by, 'user.roles', id, 'done', `roles ${rec.principal.roles.join(',')}`);
    return rec.principal;
  }

  #humanRoles(roles: readonly Role[]): Exclude<Role, 'agent'>[] {
    const bad = roles.find((r) => !HUMAN_ROLES.includes(r));
    if (bad !== undefined || roles.length === 0) {
      throw new AetherError({
        code: 'access.role-invalid',
        message:
          bad === undefined ? 'A user needs at least one role.' : `'${bad}' is not a role a human can hold.`,
        hint: `Human roles: ${HUMAN_ROLES.join(', ')}.`,
        path: 'roles',
      });
    }
    return [...new Set(roles)] as Exclude<Role, 'agent'>[];
  }

  /** The user for a correct password; undefined otherwise (same work for unknown users, against timing probes). */
  async authenticatePassword(id: string, password: string): Promise<HumanPrincipal | undefined> {
    const rec = this.#users.get(id);
    if (rec === undefined) {
      this.#dummyHash ??= await this.#hasher.hash('not-a-real-password-0000');
      await this.#hasher.verify(password, this.#dummyHash);
      return undefined;
    }
    return (await this.#hasher.verify(password, rec.passwordHash)) ? rec.principal : undefined;
  }

  /** Binds an API token (generated by the composition root, e.g. `randomApiToken()`) to a user or agent. */
  async issueToken(by: HumanPrincipal, subjectId: string, token: string): Promise<void> {
    if (!can(by, 'token.issue')) throw forbidden(by, 'token.issue', 'issue API tokens');
    if (!this.#users.has(subjectId) && !this.#agents.has(subjectId)) {
      throw new AetherError({
        code: 'access.user-unknown',
        message: `No user or agent '${subjectId}'.`,
        hint: 'Check the id.',
        kind: 'not-found',
      });
    }
    if (token.length < 32)
      throw new AetherError({
        code: 'access.token-weak',
        message: 'API tokens need at least 32 characters of randomness.',
        hint: 'Use randomApiToken().',
      });
    this.#tokens.set(hashApiToken(token), subjectId);
    await this.#log(by, 'token.issue', subjectId, 'done');
  }

  async revokeToken(by: HumanPrincipal, token: string): Promise<boolean> {
    if (!can(by, 'token.issue')) throw forbidden(by, 'token.issue', 'revoke API tokens');
    const had = this.#tokens.delete(hashApiToken(token));
    await this.#log(by, 'token.revoke', '-', had ? 'done' : 'not-found');
    return had;
  }

  authenticateToken(token: string): Principal | undefined {
    const id = this.#tokens.get(hashApiToken(token));
    if (id === undefined) return undefined;
    return this.#users.get(id)?.principal ?? this.#agents.get(id);
  }

  /** Stored token hashes (for persistence and for the "no plaintext tokens" test). */
  tokenHashes(): readonly string[] {
    return [...this.#tokens.keys()];
  }

  get(id: string): Principal | undefined {
    return this.#users.get(id)?.principal ?? this.#agents.get(id);
  }

  list(): readonly Principal[] {
    return [...[...this.#users.values()].map((u) => u.principal), ...this.#agents.values()];
  }

  snapshot(): IdentitySnapshot {
    return {
      format: 'aethercore-identities/1',
      users: [...this.#users.values()].map((u) => ({
        id: u.principal.id,
        displayName: u.principal.displayName,
        roles: [...u.principal.roles],
        passwordHash: u.passwordHash,
      })),
      agents: [...this.#agents.values()].map((a) => ({ id: a.id, displayName: a.displayName })),
      tokens: [...this.#tokens.entries()].map(([hash, subject]) => ({ hash, subject })),
    };
  }

  /** Restores a snapshot (validated; coded error `access.snapshot-invalid` with a path). */
  static fromSnapshot(
    value: unknown,
    options: { hasher: PasswordHasher; clock: Clock; audit?: AuditLog },
  ): IdentityDirectory {
    const r = snapshotSchema.safeParse(value);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new AetherError({
        code: 'access.snapshot-invalid',
        message: `Identity snapshot is invalid: ${issue?.message ?? 'unknown problem'}.`,
        hint: 'Restore a file written by IdentityDirectory.snapshot().',
        path: issue?.path.map(String).join('.') ?? '',
        category: 'system',
      });
    }
    const dir = new IdentityDirectory(options);
    for (const u of r.data.users) {
      dir.#users.set(u.id, {
        principal: { kind: 'user', id: u.id, displayName: u.displayName, roles: u.roles },
        passwordHash: u.passwordHash,
      });
    }
    for (const a of r.data.agents)
      dir.#agents.set(a.id, { kind: 'agent', id: a.id, displayName: a.displayName, roles: ['agent'] });
    for (const t of r.data.tokens)
      if (dir.#users.has(t.subject) || dir.#agents.has(t.subject)) dir.#tokens.set(t.hash, t.subject);
    return dir;
  }
}
