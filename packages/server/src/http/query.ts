import { z } from 'zod';
import { AetherError } from '@aethercore/core';

/**
 * Query-string schemas of the API, in zod: they validate requests and feed the OpenAPI document
 * (`z.toJSONSchema`), so the two cannot drift apart.
 */

/** A time as ms since epoch or as an ISO 8601 date-time (`2026-03-12T09:30:00Z`). */
const time = z
  .string()
  .trim()
  .min(1)
  .transform((s, ctx) => {
    const ms = /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : Date.parse(s);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: 'custom', message: 'expected ms since epoch or an ISO 8601 date-time' });
      return z.NEVER;
    }
    return ms;
  })
  .meta({
    description: 'ms since epoch or an ISO 8601 date-time',
    examples: ['1767259800000', '2026-01-01T09:30:00Z'],
  });

const intParam = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const telemetryQuery = z.strictObject({
  series: z
    .string()
    .min(1)
    .max(200)
    .meta({ description: 'Series id, `${equipmentId}/${variable}` (see GET /api/plant)' }),
  from: time.optional().meta({ description: 'Inclusive start (default: `to` − 15 simulated minutes)' }),
  to: time
    .optional()
    .meta({ description: "Exclusive end (default: the line's current simulated time + 1 ms)" }),
  bucket: intParam(1, 86_400_000)
    .optional()
    .meta({ description: 'Aggregate into buckets of this many ms (mean/min/max)' }),
  limit: intParam(1, 10_000).default(2_000).meta({ description: 'At most this many points' }),
});
export type TelemetryQueryParams = z.infer<typeof telemetryQuery>;

export const eventsQuery = z.strictObject({
  after: intParam(0, Number.MAX_SAFE_INTEGER)
    .optional()
    .meta({ description: 'Only events with seq > after' }),
  tail: intParam(1, 1_000)
    .optional()
    .meta({ description: 'The newest N events that match the filters (instead of `after`)' }),
  limit: intParam(1, 1_000).default(100),
  types: z
    .string()
    .max(2_000)
    .transform((s) =>
      s
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t.length > 0),
    )
    .optional()
    .meta({ description: 'Comma-separated event types, e.g. `StationFailed,StationRepaired`' }),
  stream: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Only events of this stream, e.g. `station/ST03`' }),
});
export type EventsQueryParams = z.infer<typeof eventsQuery>;

export const emptyQuery = z.strictObject({});

export const streamQuery = z.strictObject({
  series: z
    .string()
    .max(4_000)
    .transform((s) =>
      s
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t.length > 0),
    )
    .optional()
    .meta({ description: 'Comma-separated series ids: only these readings are streamed (default: all)' }),
});

/** Parse a query with a schema; every problem becomes `api.query-invalid` (400) naming the parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, query: Record<string, string>): z.infer<S> {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = issue?.path.join('.') || (issue?.code === 'unrecognized_keys' ? issue.keys.join(',') : '');
  throw new AetherError({
    code: 'api.query-invalid',
    message: `query parameter ${name === '' ? '' : `'${name}' `}is invalid: ${issue?.message ?? 'invalid'}`,
    hint: 'See GET /api/openapi.json for the parameters of each route.',
    path: name === '' ? 'query' : `query.${name}`,
    kind: 'invalid',
  });
}
