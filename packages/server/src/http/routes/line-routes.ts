import { Hono } from 'hono';
import type { HealthResponse } from '../../api/types.ts';
import type { RouteContext } from '../app.ts';
import { emptyQuery, parseQuery } from '../query.ts';

/** `/health`, `/plant`, `/line`, `/kpis`: the line as the twin and the event log see it. */
export function lineRoutes(ctx: RouteContext): Hono {
  return new Hono()
    .get('/health', async (c) => {
      parseQuery(emptyQuery, c.req.query());
      const components = ctx.source.components();
      const body: HealthResponse = {
        status: Object.values(components).every((s) => s === 'ok') ? 'ok' : 'degraded',
        version: ctx.version,
        simTime: ctx.source.simTime(),
        lastSeq: await ctx.events.lastSeq(),
        components,
        ...(ctx.run === undefined ? {} : { run: ctx.run }),
      };
      return c.json(body);
    })
    .get('/plant', (c) => {
      parseQuery(emptyQuery, c.req.query());
      return c.json(ctx.source.plant());
    })
    .get('/line', (c) => {
      parseQuery(emptyQuery, c.req.query());
      return c.json(ctx.source.line());
    })
    .get('/kpis', async (c) => {
      parseQuery(emptyQuery, c.req.query());
      return c.json(await ctx.source.kpis());
    });
}
