import { AetherError } from '@aethercore/core';
import { roleAllows, type Permission, type Role } from './roles.ts';

/**
 * Who is acting. Humans and agents are different types, so an API that takes a `HumanPrincipal`
 * (changing policy, approving, resuming after a stop) cannot be handed an agent by construction;
 * the runtime checks below hold the same line for callers that bypass the types (JSON, casts).
 */
export interface HumanPrincipal {
  readonly kind: 'user';
  readonly id: string;
  readonly displayName: string;
  readonly roles: readonly Exclude<Role, 'agent'>[];
}

export interface AgentPrincipal {
  readonly kind: 'agent';
  readonly id: string;
  readonly displayName: string;
  readonly roles: readonly ['agent'];
}

export type Principal = HumanPrincipal | AgentPrincipal;

/** The audit `actor` string of a principal: `u:anna`, `agent:strategos`. */
export function actorId(p: Principal): string {
  return p.kind === 'user' ? `u:${p.id}` : `agent:${p.id}`;
}

export function can(p: Principal, permission: Permission): boolean {
  if (p.kind === 'agent' && (p.roles.length !== 1 || p.roles[0] !== 'agent')) return false;
  if (p.kind === 'user' && p.roles.some((r) => (r as Role) === 'agent')) return false;
  return p.roles.some((r) => roleAllows(r, permission));
}

/** True for a well-formed human principal (runtime guard for values from outside the type system). */
export function isHuman(p: Principal | undefined): p is HumanPrincipal {
  return p !== undefined && p.kind === 'user' && !p.roles.some((r) => (r as Role) === 'agent');
}

export function forbidden(p: Principal, permission: Permission, what: string): AetherError {
  return new AetherError({
    code: 'access.forbidden',
    message: `${actorId(p)} may not ${what} (needs '${permission}').`,
    hint:
      p.kind === 'agent'
        ? 'Agents propose; humans with the right role decide.'
        : 'Ask an administrator for a role that grants it.',
    kind: 'forbidden',
    details: { actor: actorId(p), permission },
  });
}
