import { roleAllows, type Permission, type Role } from './roles.ts';

/**
 * The HTTP routes the server exposes for governance and the dashboard, each mapped to exactly one
 * permission. The server wires `authorizeEndpoint` in front of every route; a route that is not in
 * this table is denied (deny by default), so a new route cannot ship unprotected.
 */
export const ENDPOINT_PERMISSIONS: Readonly<Record<string, Permission>> = {
  'GET /api/line': 'line.view',
  'GET /api/kpis': 'kpi.view',
  'GET /api/summary/daily': 'report.view',
  'POST /api/chat': 'chat.ask',
  'GET /api/audit/entries': 'audit.read',
  'GET /api/audit/proof/:index': 'audit.read',
  'GET /api/audit/checkpoint': 'audit.read',
  'POST /api/audit/verify': 'audit.verify',
  'POST /api/audit/export': 'audit.export',
  'POST /api/audit/checkpoint': 'audit.checkpoint',
  'GET /api/proposals': 'proposal.view',
  'GET /api/proposals/:id': 'proposal.view',
  'POST /api/proposals': 'proposal.create',
  'POST /api/proposals/:id/acknowledge': 'proposal.acknowledge',
  'POST /api/proposals/:id/approve': 'proposal.approve',
  'POST /api/proposals/:id/reject': 'proposal.reject',
  'POST /api/actions': 'action.execute',
  'POST /api/setpoints/:node': 'setpoint.write-manual',
  'POST /api/quality/reports': 'quality.report',
  // A sick note triggers a shift re-plan: whoever may approve a schedule change may report one.
  'POST /api/crew/absences': 'proposal.approve',
  'GET /api/policy': 'policy.view',
  'GET /api/policy/history': 'policy.view',
  'PUT /api/policy': 'policy.change',
  'PUT /api/plant': 'plant.configure',
  'GET /api/users': 'user.manage',
  'POST /api/users': 'user.manage',
  'PATCH /api/users/:id': 'user.manage',
  'GET /api/tokens': 'token.issue',
  'POST /api/tokens': 'token.issue',
  'DELETE /api/tokens/:id': 'token.issue',
  'POST /api/stop': 'stop.engage',
  'POST /api/resume': 'stop.resume',
};

/** Matches `POST /api/proposals/P-7/approve` against the route table; undefined when unknown. */
export function routeOf(method: string, path: string): string | undefined {
  const parts = path.split('?')[0]!.split('/');
  for (const route of Object.keys(ENDPOINT_PERMISSIONS)) {
    const [m, p] = route.split(' ') as [string, string];
    if (m !== method.toUpperCase()) continue;
    const rp = p.split('/');
    if (rp.length !== parts.length) continue;
    if (rp.every((seg, i) => (seg.startsWith(':') ? (parts[i] ?? '').length > 0 : seg === parts[i])))
      return route;
  }
  return undefined;
}

export function authorizeEndpoint(roles: readonly Role[], method: string, path: string): boolean {
  const route = routeOf(method, path);
  if (route === undefined) return false;
  const perm = ENDPOINT_PERMISSIONS[route]!;
  return roles.some((r) => roleAllows(r, perm));
}
