import { Hono } from 'hono';
import type { PlanResponse } from '../../api/types.ts';
import { emptyQuery, parseQuery } from '../query.ts';

const NO_PLAN: PlanResponse = {
  plan: null,
  lastReplan: null,
  latency: { count: 0, p50Ms: null, p95Ms: null, maxMs: null },
};

/** `/plan`: Strategos' current plan (Gantt data), the last re-plan's deltas and the event-to-proposal latency. */
export function planRoutes(plan: (() => PlanResponse) | undefined): Hono {
  return new Hono().get('/plan', (c) => {
    parseQuery(emptyQuery, c.req.query());
    return c.json(plan === undefined ? NO_PLAN : plan());
  });
}
