import { Hono } from 'hono';
import { AetherError } from '@aethercore/core';
import type { TelemetryResponse } from '../../api/types.ts';
import type { RouteContext } from '../app.ts';
import { parseQuery, telemetryQuery } from '../query.ts';

/** The default window when `from` is omitted: the last 15 simulated minutes. */
const DEFAULT_WINDOW_MS = 15 * 60_000;

/** `/telemetry?series=…&from=…&to=…&bucket=…`: one series, raw or downsampled. */
export function telemetryRoutes(ctx: RouteContext): Hono {
  return new Hono().get('/telemetry', async (c) => {
    const q = parseQuery(telemetryQuery, c.req.query());
    const known =
      ctx.source.plant().series.some((s) => s.seriesId === q.series) ||
      (await ctx.telemetry.seriesIds()).includes(q.series);
    if (!known) {
      throw new AetherError({
        code: 'telemetry.series-unknown',
        message: `no series '${q.series}'`,
        hint: 'GET /api/plant lists the series ids (`series[].seriesId`).',
        path: 'query.series',
        kind: 'not-found',
      });
    }
    const to = q.to ?? ctx.source.simTime() + 1;
    const from = q.from ?? to - DEFAULT_WINDOW_MS;
    if (from >= to) {
      throw new AetherError({
        code: 'api.query-invalid',
        message: `'from' (${from}) must be before 'to' (${to})`,
        hint: 'Give from < to, as ms since epoch or ISO 8601 date-times.',
        path: 'query.from',
        kind: 'invalid',
      });
    }
    const points = await ctx.telemetry.query({
      seriesId: q.series,
      from,
      to,
      limit: q.limit,
      ...(q.bucket === undefined ? {} : { bucketMs: q.bucket }),
    });
    const body: TelemetryResponse = {
      series: q.series,
      from,
      to,
      ...(q.bucket === undefined ? {} : { bucketMs: q.bucket }),
      points,
    };
    return c.json(body);
  });
}
