import { Hono } from 'hono';
import { z } from 'zod';
import { AetherError } from '@aethercore/core';
import type { DailySummarySource } from '../../live/daily-summary-source.ts';
import { parseQuery } from '../query.ts';

export const dailySummaryQuery = z.strictObject({
  lang: z.enum(['de', 'en']).default('de').meta({ description: 'Language of the Markdown report (de | en)' }),
  against: z.enum(['undisturbed', 'without-actions']).default('undisturbed').meta({
    description:
      "Reference day: the undisturbed baseline day (what the disruptions cost) or the same day without the agents' commands (what the actions gained)",
  }),
});

/**
 * `/summary/daily`: Analytika's daily summary of the running day. Public like the other line views
 * (`/api/kpis`, `/api/plan`): it shows figures, never acts.
 */
export function summaryRoutes(source: DailySummarySource | undefined): Hono {
  return new Hono().get('/summary/daily', async (c) => {
    const q = parseQuery(dailySummaryQuery, c.req.query());
    if (source === undefined) {
      throw new AetherError({
        code: 'summary.unavailable',
        message: 'This server has no live run to summarise.',
        hint: 'Start the live mode (`aethercore start`), or use `aethercore report daily` for a twin day.',
        kind: 'unavailable',
      });
    }
    return c.json(await source(q));
  });
}
