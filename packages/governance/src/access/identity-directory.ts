import { AetherError, type Clock } from '@aethercore/core';
import type { AuditLog } from '../audit/audit-log.ts';
import {
  actorId,
  can,
  forbidden,
  isHuman,
  type AgentPrincipal,
  type HumanPrincipal,
  type Principal,
} from './principal.ts';
import { HUMAN_ROLES, type Role } from './roles.ts';
import {
  apiTokenId,
  apiTokenIdOfHash,
  checkTokenExpiry,
  checkTokenSecret,
  hashApiToken,
  tokenInfoOf,
  TOKEN_USE_WRITE_MS,
  tokenRoleProblem,
  type IssueTokenOptions,
  type TokenInfo,
} from './api-tokens.ts';
import {
  IDENTITY_ID,
  parseIdentitySnapshot,
  type IdentitySnapshot,
  type TokenSnapshot,
} from './identity-snapshot.ts';

export { type IdentitySnapshot } from './identity-snapshot.ts';
export { hashApiToken, apiTokenId, type TokenInfo, type IssueTokenOptions } from './api-tokens.ts';

/** scrypt needs node:crypto, so hashing is a port; `ScryptPasswordHasher` in adapter-sqlite implements it. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, encoded: string): Promise<boolean>;
}

interface UserRecord {
  principal: HumanPrincipal;
  passwordHash: string;
  disabled: boolean;
}

export interface IdentityDirectoryOptions {
  readonly hasher: PasswordHasher;
  readonly clock: Clock;
  readonly audit?: AuditLog;
  /**
   * Durable storage: called with the whole snapshot after every change (users, roles, tokens are
   * few). If it throws, the change is undone in memory, a `failed` entry follows its audit entry,
   * and the caller gets `access.store-failed`.
   */
  readonly persist?: (snapshot: IdentitySnapshot) => void | Promise<void>;
  /**
   * Durable record of a token's last use (`SqliteIdentityStore.touchToken`): called when a token
   * authenticates, at most once per `TOKEN_USE_WRITE_MS` per token. Not audited (a use is no change)
   * and best effort: a failed write is retried at the next use and never refuses the request.
   */
  readonly recordTokenUse?: (hash: string, lastUsedAt: number) => void | Promise<void>;
}

const MIN_PASSWORD = 12;

/** Ids come from JSON: never trust them to be strings when quoting them. */
const shown = (id: unknown): string => (typeof id === 'string' ? id.slice(0, 80) : '(not a string)');

const idError = (what: string, id: string): AetherError =>
  new AetherError({
    code: 'access.user-id-invalid',
    message: `${what} id '${shown(id)}' is invalid or taken.`,
    hint: 'Use 2–64 lower-case letters, digits, . _ -',
    path: 'id',
  });

const unknownUser = (id: string): AetherError =>
  new AetherError({
    code: 'access.user-unknown',
    message: `No user or agent '${shown(id)}'.`,
    hint: 'GET /api/users lists them.',
    kind: 'not-found',
  });

/**
 * Users (password, scrypt-hashed; may be disabled), agent identities (no password, role `agent`
 * only) and API tokens (only their hash is stored; optional expiry and narrowed roles). Every
 * change is audited when a log is given — the audit entry is written before the change takes effect.
 */
export class IdentityDirectory {
  readonly #users = new Map<string, UserRecord>();
  readonly #agents = new Map<string, AgentPrincipal>();
  readonly #tokens = new Map<string, TokenSnapshot>();
  readonly #hasher: PasswordHasher;
  readonly #clock: Clock;
  readonly #audit: AuditLog | undefined;
  readonly #persist: IdentityDirectoryOptions['persist'];
  readonly #recordTokenUse: IdentityDirectoryOptions['recordTokenUse'];
  /** Token hash → when its last use was last handed to `recordTokenUse` (the write throttle). */
  readonly #useWritten = new Map<string, number>();
  #dummyHash: string | undefined;

  constructor(options: IdentityDirectoryOptions) {
    this.#hasher = options.hasher;
    this.#clock = options.clock;
    this.#audit = options.audit;
    this.#persist = options.persist;
    this.#recordTokenUse = options.recordTokenUse;
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
      subject: typeof subject === 'string' ? subject.slice(0, 200) : shown(subject),
      time: this.#clock.now(),
      outcome,
      ...(typeof reason === 'string' ? { reason: reason.slice(0, 500) } : {}),
    });
  }

  /** Audit, apply, persist; a failed persist undoes the change and is audited as `failed`. */
  async #change(
    by: Principal | 'bootstrap',
    action: string,
    subject: string,
    reason: string | undefined,
    apply: () => () => void,
  ): Promise<void> {
    await this.#log(by, action, subject, 'done', reason);
    const undo = apply();
    if (this.#persist === undefined) return;
    try {
      await this.#persist(this.snapshot());
    } catch (e) {
      undo();
      await this.#log(by, action, subject, 'failed', 'identity store write failed; change undone').catch(
        () => undefined,
      );
      throw new AetherError({
        code: 'access.store-failed',
        message: `The identity store could not save the change (${(e as Error).message ?? 'unknown'}).`,
        hint: 'Check the data directory (disk space, permissions); nothing was changed.',
        category: 'system',
        kind: 'unavailable',
        cause: e,
      });
    }
  }

  async #require(by: Principal, action: string, subject: string): Promise<void> {
    if (isHuman(by) && can(by, 'user.manage')) return;
    await this.#log(by, action, subject, 'denied', 'actor lacks user.manage');
    throw forbidden(by, 'user.manage', 'manage users');
  }

  /** Adds a human user. `by` must hold `user.manage`; `'bootstrap'` is accepted only while there are no users. */
  async addUser(
    by: HumanPrincipal | 'bootstrap',
    user: { id: string; displayName: string; roles: readonly Role[]; password: string },
  ): Promise<HumanPrincipal> {
    if (by === 'bootstrap' && this.#users.size > 0) {
      await this.#log(by, 'user.add', user.id, 'denied');
      throw new AetherError({
        code: 'access.bootstrap-closed',
        message: 'Bootstrap is only possible while no user exists.',
        hint: 'Sign in as an admin.',
        kind: 'forbidden',
      });
    }
    if (by !== 'bootstrap') await this.#require(by, 'user.add', user.id);
    if (!IDENTITY_ID.test(user.id) || this.#users.has(user.id) || this.#agents.has(user.id))
      throw idError('User', user.id);
    const roles = this.#humanRoles(user.roles);
    this.#checkPassword(user.password);
    const principal: HumanPrincipal = { kind: 'user', id: user.id, displayName: user.displayName, roles };
    const passwordHash = await this.#hasher.hash(user.password);
    await this.#change(by, 'user.add', user.id, `roles ${roles.join(',')}`, () => {
      this.#users.set(user.id, { principal, passwordHash, disabled: false });
      return () => this.#users.delete(user.id);
    });
    return principal;
  }

  /** Registers an agent identity; it gets the `agent` role and nothing else, ever. */
  async addAgent(by: HumanPrincipal, agent: { id: string; displayName: string }): Promise<AgentPrincipal> {
    await this.#require(by, 'agent.add', agent.id);
    if (!IDENTITY_ID.test(agent.id) || this.#users.has(agent.id) || this.#agents.has(agent.id))
      throw idError('Agent', agent.id);
    const principal: AgentPrincipal = {
      kind: 'agent',
      id: agent.id,
      displayName: agent.displayName,
      roles: ['agent'],
    };
    await this.#change(by, 'agent.add', agent.id, undefined, () => {
      this.#agents.set(agent.id, principal);
      return () => this.#agents.delete(agent.id);
    });
    return principal;
  }

  /** Replaces a user's roles. Agents cannot be given roles, and `agent` cannot be given to a human. */
  async setRoles(by: HumanPrincipal, id: string, roles: readonly Role[]): Promise<HumanPrincipal> {
    await this.#require(by, 'user.roles', id);
    if (this.#agents.has(id)) {
      await this.#log(by, 'user.roles', id, 'denied', 'agents hold only the agent role');
      throw new AetherError({
        code: 'access.agent-role-fixed',
        message: `'${id}' is an agent; agents hold only the agent role.`,
        hint: 'Agents propose; give decisions to humans.',
        kind: 'forbidden',
      });
    }
    const rec = this.#userOrThrow(id);
    const next = this.#humanRoles(roles);
    await this.#guardSelf(by, rec, 'user.roles');
    const before = rec.principal;
    await this.#change(by, 'user.roles', id, `roles ${next.join(',')}`, () => {
      rec.principal = { ...before, roles: next };
      return () => (rec.principal = before);
    });
    return rec.principal;
  }

  /** Disables (no sign-in, tokens refused) or re-enables a user. */
  async setDisabled(by: HumanPrincipal, id: string, disabled: boolean): Promise<HumanPrincipal> {
    await this.#require(by, disabled ? 'user.disable' : 'user.enable', id);
    const rec = this.#userOrThrow(id);
    if (disabled) await this.#guardSelf(by, rec, 'user.disable');
    const before = rec.disabled;
    await this.#change(by, disabled ? 'user.disable' : 'user.enable', id, undefined, () => {
      rec.disabled = disabled;
      return () => (rec.disabled = before);
    });
    return rec.principal;
  }

  /** Sets a new password (an administrator's reset). */
  async setPassword(by: HumanPrincipal, id: string, password: string): Promise<void> {
    await this.#require(by, 'user.password', id);
    const rec = this.#userOrThrow(id);
    this.#checkPassword(password);
    const hash = await this.#hasher.hash(password);
    const before = rec.passwordHash;
    await this.#change(by, 'user.password', id, undefined, () => {
      rec.passwordHash = hash;
      return () => (rec.passwordHash = before);
    });
  }

  /**
   * Separation of duties: nobody changes their own roles or disables themselves, so an admin cannot
   * grant themselves `policy.change`, and the administrators cannot all lock themselves out (the last
   * enabled admin could only be removed by themselves).
   */
  async #guardSelf(by: HumanPrincipal, rec: UserRecord, action: string): Promise<void> {
    if (rec.principal.id !== by.id) return;
    const message = 'Nobody may change their own roles or disable themselves.';
    await this.#log(by, action, rec.principal.id, 'denied', message);
    throw new AetherError({
      code: 'access.self-change',
      message,
      hint: 'Ask another administrator.',
      kind: 'forbidden',
    });
  }

  #userOrThrow(id: string): UserRecord {
    const rec = this.#users.get(id);
    if (rec === undefined) throw unknownUser(id);
    return rec;
  }

  #checkPassword(password: string): void {
    if (typeof password !== 'string' || password.length < MIN_PASSWORD) {
      throw new AetherError({
        code: 'access.password-weak',
        message: `Passwords need at least ${MIN_PASSWORD} characters.`,
        hint: 'Use a passphrase.',
        path: 'password',
      });
    }
  }

  #humanRoles(roles: readonly Role[]): Exclude<Role, 'agent'>[] {
    const list: readonly Role[] = Array.isArray(roles) ? roles : [];
    const bad = list.find((r) => !HUMAN_ROLES.includes(r));
    if (bad !== undefined || list.length === 0) {
      throw new AetherError({
        code: 'access.role-invalid',
        message:
          bad === undefined
            ? 'A user needs at least one role.'
            : `'${String(bad).slice(0, 40)}' is not a role a human can hold.`,
        hint: `Human roles: ${HUMAN_ROLES.join(', ')}.`,
        path: 'roles',
      });
    }
    return [...new Set(list)] as Exclude<Role, 'agent'>[];
  }

  /** The user for a correct password; undefined otherwise (same work for unknown and disabled users, against timing probes). */
  async authenticatePassword(id: string, password: string): Promise<HumanPrincipal | undefined> {
    const rec = this.#users.get(id);
    if (rec === undefined) {
      this.#dummyHash ??= await this.#hasher.hash('not-a-real-password-0000');
      await this.#hasher.verify(password, this.#dummyHash);
      return undefined;
    }
    const ok = await this.#hasher.verify(password, rec.passwordHash);
    return ok && !rec.disabled ? rec.principal : undefined;
  }

  /**
   * Binds an API token (generated by the composition root, e.g. `randomApiToken()`) to a user or
   * agent. The token carries at most its subject's roles (`roles` narrows them) and never `admin`:
   * no token can manage users or mint tokens, so it always ranks below the administrator who made it.
   */
  async issueToken(
    by: HumanPrincipal,
    subjectId: string,
    token: string,
    options: IssueTokenOptions = {},
  ): Promise<TokenInfo> {
    if (!isHuman(by) || !can(by, 'token.issue')) {
      await this.#log(by, 'token.issue', subjectId, 'denied', 'actor lacks token.issue');
      throw forbidden(by, 'token.issue', 'issue API tokens');
    }
    const subject = this.get(subjectId);
    if (subject === undefined) throw unknownUser(subjectId);
    checkTokenSecret(token);
    const roles = options.roles === undefined ? [...subject.roles] : [...new Set(options.roles)];
    const problem = tokenRoleProblem(roles, subject.roles, subjectId);
    if (problem !== undefined) {
      await this.#log(by, 'token.issue', subjectId, 'denied', problem);
      throw new AetherError({
        code: 'access.token-role-invalid',
        message: problem,
        hint: `Roles of ${subjectId}: ${subject.roles.join(', ')} (admin excluded).`,
        path: 'roles',
        kind: 'forbidden',
      });
    }
    const now = this.#clock.now();
    checkTokenExpiry(options.expiresAt, now);
    const hash = hashApiToken(token);
    const rec: TokenSnapshot = {
      hash,
      subject: subjectId,
      id: apiTokenId(token),
      ...(options.roles === undefined ? {} : { roles }),
      ...(options.label === undefined ? {} : { label: options.label.slice(0, 200) }),
      createdBy: actorId(by),
      createdAt: now,
      ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt }),
    };
    const why = `${rec.id} roles ${roles.join(',')}${options.expiresAt === undefined ? '' : ` until ${options.expiresAt}`}`;
    await this.#change(by, 'token.issue', subjectId, why, () => {
      this.#tokens.set(hash, rec);
      return () => this.#tokens.delete(hash);
    });
    return tokenInfoOf(rec);
  }

  async revokeToken(by: HumanPrincipal, token: string): Promise<boolean> {
    const rec = this.#tokens.get(hashApiToken(token));
    return this.#revoke(by, rec, rec?.id ?? '-');
  }

  /** Revokes by public id (the administration API never sees the secret again). */
  async revokeTokenById(by: HumanPrincipal, id: string): Promise<boolean> {
    const rec = [...this.#tokens.values()].find((t) => (t.id ?? apiTokenIdOfHash(t.hash)) === id);
    return this.#revoke(by, rec, id);
  }

  async #revoke(by: HumanPrincipal, rec: TokenSnapshot | undefined, id: string): Promise<boolean> {
    if (!isHuman(by) || !can(by, 'token.issue')) {
      await this.#log(by, 'token.revoke', id, 'denied', 'actor lacks token.issue');
      throw forbidden(by, 'token.issue', 'revoke API tokens');
    }
    if (rec === undefined) {
      await this.#log(by, 'token.revoke', id, 'not-found');
      return false;
    }
    const current = this.#tokens.get(rec.hash) ?? rec;
    await this.#change(by, 'token.revoke', id, `subject ${rec.subject}`, () => {
      this.#tokens.delete(rec.hash);
      this.#useWritten.delete(rec.hash);
      return () => this.#tokens.set(rec.hash, current);
    });
    return true;
  }

  /** The principal a token stands for (roles narrowed to the token's); undefined when unknown, expired or disabled. */
  authenticateToken(token: string): Principal | undefined {
    const rec = this.#tokens.get(hashApiToken(token));
    if (rec === undefined) return undefined;
    if (rec.expiresAt !== undefined && rec.expiresAt <= this.#clock.now()) return undefined;
    const p = this.active(rec.subject);
    if (p === undefined) return undefined;
    let principal: Principal | undefined = p;
    if (rec.roles !== undefined && p.kind === 'user') {
      const roles = p.roles.filter((r) => rec.roles!.includes(r));
      principal = roles.length === 0 ? undefined : { ...p, roles };
    }
    if (principal !== undefined) this.#noteUse(rec);
    return principal;
  }

  /**
   * Marks a token used now: in memory at every use (what `tokens()` shows), durably at most once per
   * TOKEN_USE_WRITE_MS per token, so a busy automation client costs one write a minute, not one per request.
   */
  #noteUse(rec: TokenSnapshot): void {
    const now = this.#clock.now();
    const last = this.#useWritten.get(rec.hash);
    if (rec.lastUsedAt === undefined || rec.lastUsedAt < now)
      this.#tokens.set(rec.hash, { ...rec, lastUsedAt: now });
    const write = this.#recordTokenUse;
    if (write === undefined || (last !== undefined && now - last < TOKEN_USE_WRITE_MS)) return;
    this.#useWritten.set(rec.hash, now);
    const retry = (): void => {
      // Forget the mark so the next use tries again; the in-memory time stays.
      if (this.#useWritten.get(rec.hash) === now) this.#useWritten.delete(rec.hash);
    };
    try {
      const done = write(rec.hash, now);
      if (done instanceof Promise) done.catch(retry);
    } catch {
      retry();
    }
  }

  /** Stored token hashes (for persistence and for the "no plaintext tokens" test). */
  tokenHashes(): readonly string[] {
    return [...this.#tokens.keys()];
  }

  tokens(): readonly TokenInfo[] {
    return [...this.#tokens.values()].map(tokenInfoOf);
  }

  get(id: string): Principal | undefined {
    return this.#users.get(id)?.principal ?? this.#agents.get(id);
  }

  /** Like `get`, but undefined for a disabled user (what sessions and tokens resolve through). */
  active(id: string): Principal | undefined {
    const u = this.#users.get(id);
    if (u !== undefined) return u.disabled ? undefined : u.principal;
    return this.#agents.get(id);
  }

  isDisabled(id: string): boolean {
    return this.#users.get(id)?.disabled === true;
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
        ...(u.disabled ? { disabled: true } : {}),
      })),
      agents: [...this.#agents.values()].map((a) => ({ id: a.id, displayName: a.displayName })),
      tokens: [...this.#tokens.values()].map((t) => ({ ...t })),
    };
  }

  /** Restores a snapshot (validated; coded error `access.snapshot-invalid` with a path). */
  static fromSnapshot(value: unknown, options: IdentityDirectoryOptions): IdentityDirectory {
    const snap = parseIdentitySnapshot(value);
    const dir = new IdentityDirectory(options);
    for (const u of snap.users) {
      dir.#users.set(u.id, {
        principal: { kind: 'user', id: u.id, displayName: u.displayName, roles: u.roles },
        passwordHash: u.passwordHash,
        disabled: u.disabled === true,
      });
    }
    for (const a of snap.agents)
      dir.#agents.set(a.id, { kind: 'agent', id: a.id, displayName: a.displayName, roles: ['agent'] });
    for (const t of snap.tokens)
      if (dir.#users.has(t.subject) || dir.#agents.has(t.subject)) {
        dir.#tokens.set(t.hash, t);
        // The stored time was written: the throttle counts from it.
        if (t.lastUsedAt !== undefined) dir.#useWritten.set(t.hash, t.lastUsedAt);
      }
    return dir;
  }
}
