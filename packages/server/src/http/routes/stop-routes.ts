import { Hono } from 'hono';
import { authorizeEndpoint, isHuman, type HumanPrincipal, type StopState } from '@aethercore/governance';
import type { StopResponse } from '../../api/types.ts';
import type { RouteContext } from '../app.ts';
import { authenticate, authorize, parseBody, reasonBody, requireGovernance } from '../governance-auth.ts';

export function stopView(s: StopState): StopResponse {
  return {
    engaged: s.engaged,
    epoch: s.epoch,
    ...(s.by === undefined ? {} : { by: s.by }),
    ...(s.at === undefined ? {} : { at: s.at }),
    ...(s.reason === undefined ? {} : { reason: s.reason }),
  };
}

/**
 * The stop-all switch (EU AI Act Art. 14). `POST /stop`: any authenticated principal may stop, one
 * person is enough, effective before the audit write. `POST /resume`: supervisor, production
 * manager or admin only. `GET /stop`: the state, public like the other read routes. Every change
 * is pushed to the dashboards over SSE (`stop` message).
 */
export function stopRoutes(ctx: RouteContext): Hono {
  return new Hono()
    .get('/stop', (c) => c.json(stopView(requireGovernance(ctx.governance).sentinel.gate.state)))
    .post('/stop', async (c) => {
      const gov = requireGovernance(ctx.governance);
      const principal = await authorize(gov, c);
      const { reason } = await parseBody(reasonBody, c);
      const { audited } = await gov.sentinel.gate.engage(principal, reason);
      const state = stopView(gov.sentinel.gate.state);
      ctx.hub.publish({ kind: 'stop', state });
      return c.json({ ...state, audited });
    })
    .post('/resume', async (c) => {
      const gov = requireGovernance(ctx.governance);
      const principal = authenticate(gov, c);
      const { reason } = await parseBody(reasonBody, c);
      // A principal the matrix does not allow to resume is handed to the gate anyway: the gate
      // refuses it (agents by type and at runtime, humans without `stop.resume`) and audits the
      // attempt as `stop.resume` / `denied` before throwing access.forbidden (403).
      if (!isHuman(principal) || !authorizeEndpoint(principal.roles, c.req.method, c.req.path)) {
        await gov.sentinel.gate.resume(principal as unknown as HumanPrincipal, reason);
        await authorize(gov, c); // unreachable unless the gate and the matrix disagree: deny anyway
      }
      await gov.sentinel.gate.resume(principal as HumanPrincipal, reason);
      const state = stopView(gov.sentinel.gate.state);
      ctx.hub.publish({ kind: 'stop', state });
      return c.json(state);
    });
}
