import { Hono } from 'hono';
import { AetherError } from '@aethercore/core';
import type { EventQuery, EventStore, StoredEvent } from '@aethercore/core';
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
    const filter = {
      ...(q.types === undefined || q.types.length === 0 ? {} : { types: q.types }),
      ...(q.stream === undefined ? {} : { stream: q.stream }),
    };
    const events =
      q.tail === undefined
        ? await ctx.events.read({ afterSeq: q.after ?? 0, limit: q.limit, ...filter })
        : await readTail(ctx.events, lastSeq, Math.min(q.tail, q.limit), filter);
    const body: EventsResponse = { events, lastSeq };
    return c.json(body);
  });
}

/**
 * The newest `n` events that match the filter, oldest first. The store reads forward only, so we
 * look back in growing windows (×4 each time) until enough match or the log's start is reached:
 * a filter for rare types over a long log costs a few reads, not one read of everything.
 */
async function readTail(
  store: EventStore,
  lastSeq: number,
  n: number,
  filter: Pick<EventQuery, 'types' | 'stream'>,
): Promise<readonly StoredEvent[]> {
  if (filter.types === undefined && filter.stream === undefined)
    return store.read({ afterSeq: Math.max(0, lastSeq - n), limit: n });
  let window = Math.max(n * 4, 1_000);
  for (;;) {
    const after = Math.max(0, lastSeq - window);
    const found = await store.read({ afterSeq: after, ...filter });
    if (found.length >= n || after === 0) return found.slice(-n);
    window *= 4;
  }
}
