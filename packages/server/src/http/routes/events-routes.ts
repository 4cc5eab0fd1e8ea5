import { Hono } from 'hono';
import { AetherError } from '@aethercore/core';
import type { EventsResponse } from '../../api/types.ts';
import type { RouteContext } from '../app.ts';
import { eventsQuery, parseQuery } from '../query.ts';

/** `/events?after=…&limit=…&types=…`: page through the append-only event log by seq. */
export function eventsRoutes(ctx: RouteContext): Hono {
  return new Hono().get('/events', async (c) => {
    const q = parseQuery(eventsQuery, c.req.query());
    if (q.after !== undefined && q.tail !== undefined) {
      throw new AetherError({
        code: 'api.query-invalid',
        message: "give either 'after' or 'tail', not both",
        hint: "'after' pages forward from a seq; 'tail' reads the newest N events.",
        path: 'query.tail',
        kind: 'invalid',
      });
    }
    const lastSeq = await ctx.events.lastSeq();
    const after = q.tail !== undefined ? Math.max(0, lastSeq - q.tail) : (q.after ?? 0);
    const events = await ctx.events.read({
      afterSeq: after,
      limit: q.limit,
      ...(q.types === undefined || q.types.length === 0 ? {} : { types: q.types }),
      ...(q.stream === undefined ? {} : { stream: q.stream }),
    });
    const body: EventsResponse = { events, lastSeq };
    return c.json(body);
  });
}
