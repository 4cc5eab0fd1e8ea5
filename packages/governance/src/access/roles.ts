/**
 * Roles and the authorization matrix: one table, role × permission, deny by default
 * (IEC 62443-3-3 FR2 "use control"). Agents hold exactly one role, `agent`, which can propose
 * and run gated actions but never approve, change policy, limits or users, or resume after a stop.
 */
export const ROLES = ['operator', 'supervisor', 'engineer', 'production-manager', 'admin', 'agent'] as const;
export type Role = (typeof ROLES)[number];
export const HUMAN_ROLES: readonly Role[] = [
  'operator',
  'supervisor',
  'engineer',
  'production-manager',
  'admin',
];

export const PERMISSIONS = [
  'line.view',
  'kpi.view',
  'report.view',
  'chat.ask',
  'audit.read',
  'audit.verify',
  'audit.export',
  'audit.checkpoint',
  'proposal.view',
  'proposal.create',
  'proposal.acknowledge',
  'proposal.approve',
  'proposal.reject',
  'action.execute',
  'setpoint.write-manual',
  'quality.report',
  'policy.view',
  'policy.change',
  'plant.configure',
  'user.manage',
  'token.issue',
  'stop.engage',
  'stop.resume',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL_VIEW: Permission[] = [
  'line.view',
  'kpi.view',
  'report.view',
  'chat.ask',
  'proposal.view',
  'policy.view',
  'audit.read',
];

/**
 * THE matrix. Stopping is open to every role (stopping never needs two people, nor a senior one);
 * resuming needs an accountable senior human. Agents act only through the gate (`action.execute`).
 */
export const AUTHORIZATION_MATRIX: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  operator: new Set<Permission>([...ALL_VIEW, 'proposal.acknowledge', 'quality.report', 'stop.engage']),
  supervisor: new Set<Permission>([
    ...ALL_VIEW,
    'proposal.acknowledge',
    'proposal.approve',
    'proposal.reject',
    'quality.report',
    'audit.verify',
    'audit.export',
    'stop.engage',
    'stop.resume',
  ]),
  engineer: new Set<Permission>([
    ...ALL_VIEW,
    'proposal.acknowledge',
    'proposal.create',
    'proposal.approve',
    'proposal.reject',
    'setpoint.write-manual',
    'quality.report',
    'policy.change',
    'plant.configure',
    'audit.verify',
    'audit.export',
    'stop.engage',
  ]),
  'production-manager': new Set<Permission>([
    ...ALL_VIEW,
    'proposal.acknowledge',
    'proposal.approve',
    'proposal.reject',
    'policy.change',
    'audit.verify',
    'audit.export',
    'stop.engage',
    'stop.resume',
  ]),
  admin: new Set<Permission>([
    'line.view',
    'kpi.view',
    'report.view',
    'policy.view',
    'audit.read',
    'audit.verify',
    'audit.export',
    'audit.checkpoint',
    'user.manage',
    'token.issue',
    'stop.engage',
    'stop.resume',
  ]),
  agent: new Set<Permission>([
    'line.view',
    'kpi.view',
    'policy.view',
    'proposal.view',
    'proposal.create',
    'action.execute',
    'stop.engage',
  ]),
};

export function isRole(x: unknown): x is Role {
  return typeof x === 'string' && (ROLES as readonly string[]).includes(x);
}

export function isPermission(x: unknown): x is Permission {
  return typeof x === 'string' && (PERMISSIONS as readonly string[]).includes(x);
}

/** Deny by default: unknown roles or permissions are never allowed. */
export function roleAllows(role: unknown, permission: unknown): boolean {
  if (!isRole(role) || !isPermission(permission)) return false;
  return AUTHORIZATION_MATRIX[role].has(permission);
}
