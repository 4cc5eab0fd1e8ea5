import { z } from 'zod';
import { emptyQuery, eventsQuery, streamQuery, telemetryQuery } from './query.ts';
import { STATION_STATES } from '../api/types.ts';

/**
 * The OpenAPI 3.1 document of `/api`. Query parameters are generated from the same zod schemas
 * that validate requests; response bodies are described by hand next to their TypeScript types
 * (`api/types.ts`). A test checks that every route of the app is listed here.
 */
interface RouteDoc {
  readonly path: string;
  readonly summary: string;
  readonly query: z.ZodObject;
  /** A component name for JSON answers, or `sse` for the event stream. */
  readonly response: string;
}

export const ROUTE_DOCS: readonly RouteDoc[] = [
  { path: '/api/health', summary: 'Liveness and component health', query: emptyQuery, response: 'Health' },
  {
    path: '/api/plant',
    summary: 'Plant structure: line, stations in flow order, series, equipment hierarchy',
    query: emptyQuery,
    response: 'Plant',
  },
  {
    path: '/api/line',
    summary: 'Line snapshot: station states, counters, buffer levels',
    query: emptyQuery,
    response: 'Line',
  },
  {
    path: '/api/kpis',
    summary: 'KPIs from the event log, with the baseline comparison when available',
    query: emptyQuery,
    response: 'Kpis',
  },
  {
    path: '/api/telemetry',
    summary: 'One telemetry series, raw or downsampled',
    query: telemetryQuery,
    response: 'Telemetry',
  },
  {
    path: '/api/events',
    summary: 'Page through the append-only event log',
    query: eventsQuery,
    response: 'Events',
  },
  {
    path: '/api/stream',
    summary: 'Server-sent events: hello, snapshot (~1/s), events, readings (batched), kpis',
    query: streamQuery,
    response: 'sse',
  },
  { path: '/api/openapi.json', summary: 'This document', query: emptyQuery, response: 'OpenApi' },
];

const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;
const str = { type: 'string' } as const;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const obj = (properties: Record<string, unknown>, required: readonly string[] = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
});
const kpiValues = obj({
  output: num,
  oee: num,
  availability: num,
  performance: num,
  quality: num,
  energyPerUnitKWh: num,
  qualityRate: num,
  downtimeS: num,
});
const quality = { enum: ['good', 'uncertain', 'bad'] };

const SCHEMAS: Record<string, unknown> = {
  Error: obj({ code: str, message: str, hint: str, path: str }, ['code', 'message']),
  Health: obj(
    {
      status: { enum: ['ok', 'degraded'] },
      version: str,
      simTime: num,
      lastSeq: int,
      components: { type: 'object', additionalProperties: { enum: ['ok', 'down', 'starting'] } },
      run: obj({ scenario: str, speed: num, seed: int }),
    },
    ['status', 'version', 'simTime', 'lastSeq', 'components'],
  ),
  Equipment: obj({
    id: str,
    level: { enum: ['Enterprise', 'Site', 'Area', 'Line', 'WorkCell', 'Equipment'] },
    displayName: str,
    variables: { type: 'array', items: { type: 'object' } },
    children: { type: 'array', items: ref('Equipment') },
  }),
  Plant: obj({
    namespaceUri: str,
    lineId: str,
    lineName: str,
    stations: { type: 'array', items: obj({ id: str, name: str, index: int }) },
    series: {
      type: 'array',
      items: obj(
        {
          seriesId: str,
          equipmentId: str,
          name: str,
          unit: str,
          euRange: obj({ low: num, high: num }),
          description: str,
        },
        ['seriesId', 'equipmentId', 'name', 'unit'],
      ),
    },
    trends: {
      type: 'array',
      items: obj({
        kind: { enum: ['vibration', 'temperature', 'characteristic'] },
        seriesId: str,
        equipmentId: str,
        name: str,
        unit: str,
        limits: obj({ low: num, high: num, nominal: num }, []),
      }),
    },
    root: ref('Equipment'),
  }),
  Line: obj({
    lineId: str,
    lineName: str,
    simTime: num,
    stations: {
      type: 'array',
      items: obj(
        {
          id: str,
          name: str,
          state: { enum: [...STATION_STATES] },
          reason: str,
          partsProduced: int,
          energyKWh: num,
          currentOrder: str,
        },
        ['id', 'name', 'state', 'partsProduced', 'energyKWh'],
      ),
    },
    buffers: { type: 'array', items: obj({ id: str, from: str, to: str, level: int, capacity: int }) },
    counters: { type: 'object', additionalProperties: num },
  }),
  KpiValues: kpiValues,
  Kpis: obj(
    {
      from: num,
      to: num,
      kpis: ref('KpiValues'),
      baseline: ref('KpiValues'),
      deltas: { type: 'object', additionalProperties: num },
    },
    ['from', 'to', 'kpis'],
  ),
  SeriesPoint: obj({ time: num, value: num, min: num, max: num, count: int, quality }),
  Telemetry: obj(
    { series: str, from: num, to: num, bucketMs: int, points: { type: 'array', items: ref('SeriesPoint') } },
    ['series', 'from', 'to', 'points'],
  ),
  StoredEvent: obj({ seq: int, type: str, stream: str, time: num, data: { type: 'object' } }),
  Events: obj({ events: { type: 'array', items: ref('StoredEvent') }, lastSeq: int }),
  OpenApi: { type: 'object' },
};

function parameters(query: z.ZodObject): unknown[] {
  return Object.entries(query.shape).map(([name, schema]) => {
    const s = schema as z.ZodType;
    const json = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    const { $schema: _drop, description, ...rest } = json;
    return {
      name,
      in: 'query',
      required: !s.isOptional(),
      ...(description === undefined ? {} : { description }),
      schema: rest,
    };
  });
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

/** Build the document (cheap; the route caches it). */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const r of ROUTE_DOCS) {
    const ok =
      r.response === 'sse'
        ? {
            description: 'An SSE stream (`text/event-stream`)',
            content: { 'text/event-stream': { schema: str } },
          }
        : { description: 'OK', content: { 'application/json': { schema: ref(r.response) } } };
    paths[r.path] = {
      get: {
        summary: r.summary,
        operationId: `get${r.path.replace(/^\/api/, '').replace(/[^a-zA-Z]+(.)?/g, (_m, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
        parameters: parameters(r.query),
        responses: {
          '200': ok,
          '400': errorResponse('Invalid query (`api.query-invalid`)'),
          ...(r.path === '/api/telemetry'
            ? { '404': errorResponse('Unknown series (`telemetry.series-unknown`)') }
            : {}),
          '500': errorResponse('Internal error (`server.internal`)'),
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'AetherCore API',
      version,
      description:
        'The line, its KPIs, telemetry and event log. Every error is a coded body `{ code, message, hint, path }`.',
    },
    servers: [{ url: '/' }],
    paths,
    components: { schemas: SCHEMAS },
  };
}
