import { z } from 'zod';
import { emptyQuery, eventsQuery, streamQuery, telemetryQuery } from './query.ts';
import { STATION_STATES } from '../api/types.ts';
import { proposalsQuery } from './routes/proposal-routes.ts';
import { auditQuery } from './routes/audit-routes.ts';
import { dailySummaryQuery } from './routes/summary-routes.ts';
import { ADMIN_ROUTE_DOCS, ADMIN_SCHEMAS } from './routes/admin-route-docs.ts';
import { CREW_ROUTE_DOCS, CREW_SCHEMAS } from './routes/crew-route-docs.ts';

/**
 * The OpenAPI 3.1 document of `/api`. Query parameters are generated from the same zod schemas
 * that validate requests; response bodies are described by hand next to their TypeScript types
 * (`api/types.ts`). A test checks that every route of the app is listed here.
 */
export interface RouteDoc {
  /** Hono style (`/api/audit/proof/:index`); the document writes OpenAPI templates (`{index}`). */
  readonly path: string;
  /** Default `get`. */
  readonly method?: 'get' | 'post' | 'put' | 'patch' | 'delete';
  readonly summary: string;
  readonly query: z.ZodObject;
  /** A component name for JSON answers, or `sse` for the event stream. */
  readonly response: string;
  /** JSON request body schema (component name). */
  readonly body?: string;
  /** Needs a bearer token; the value is the permission of the authorization matrix (or `authenticated`). */
  readonly auth?: string;
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
  {
    path: '/api/auth/login',
    method: 'post',
    summary: 'Sign in with user id and password (scrypt-verified); returns a bearer token',
    query: emptyQuery,
    body: 'LoginRequest',
    response: 'AuthLogin',
  },
  {
    path: '/api/auth/me',
    summary: 'The principal behind the bearer token',
    query: emptyQuery,
    response: 'Principal',
    auth: 'authenticated',
  },
  {
    path: '/api/stop',
    summary: 'State of the stop-all switch (public)',
    query: emptyQuery,
    response: 'Stop',
  },
  {
    path: '/api/stop',
    method: 'post',
    summary: 'Engage the stop-all switch: no action starts until a resume (any authenticated principal)',
    query: emptyQuery,
    body: 'Reason',
    response: 'Stop',
    auth: 'stop.engage',
  },
  {
    path: '/api/resume',
    method: 'post',
    summary: 'Resume after a stop (supervisor, production manager, admin; never an agent)',
    query: emptyQuery,
    body: 'Reason',
    response: 'Stop',
    auth: 'stop.resume',
  },
  {
    path: '/api/proposals',
    summary: 'The approval inbox: proposals with verdict, evidence, expected KPI deltas, explanation',
    query: proposalsQuery,
    response: 'Proposals',
    auth: 'proposal.view',
  },
  {
    path: '/api/proposals',
    method: 'post',
    summary: 'Submit an action proposal: verified (audited) and routed to execute, inbox or rejected',
    query: emptyQuery,
    body: 'ActionProposal',
    response: 'Review',
    auth: 'proposal.create',
  },
  {
    path: '/api/proposals/:id',
    summary: 'One proposal of the inbox',
    query: emptyQuery,
    response: 'Proposal',
    auth: 'proposal.view',
  },
  {
    path: '/api/proposals/:id/acknowledge',
    method: 'post',
    summary: 'Acknowledge a pending proposal (stops its escalation)',
    query: emptyQuery,
    response: 'Decision',
    auth: 'proposal.acknowledge',
  },
  {
    path: '/api/proposals/:id/approve',
    method: 'post',
    summary: 'Approve with a reason (two-person rule, requester cannot approve, expiry)',
    query: emptyQuery,
    body: 'Reason',
    response: 'Decision',
    auth: 'proposal.approve',
  },
  {
    path: '/api/proposals/:id/reject',
    method: 'post',
    summary: 'Reject with a reason',
    query: emptyQuery,
    body: 'Reason',
    response: 'Decision',
    auth: 'proposal.reject',
  },
  {
    path: '/api/audit',
    summary: 'Audit entries (short form of /api/audit/entries)',
    query: auditQuery,
    response: 'AuditEntries',
    auth: 'audit.read',
  },
  {
    path: '/api/audit/entries',
    summary: 'Audit entries: index > after (oldest first), or the newest `limit`',
    query: auditQuery,
    response: 'AuditEntries',
    auth: 'audit.read',
  },
  {
    path: '/api/audit/checkpoint',
    summary: 'The latest signed checkpoint (C2SP signed note), verified against the log key and the tree',
    query: emptyQuery,
    response: 'AuditCheckpoint',
    auth: 'audit.read',
  },
  {
    path: '/api/audit/proof/:index',
    summary: 'RFC 9162 inclusion proof of one entry against the latest signed checkpoint',
    query: emptyQuery,
    response: 'AuditProof',
    auth: 'audit.read',
  },
  {
    path: '/api/plan',
    summary: "Strategos' current plan (lot operations per station), the last re-plan's deltas and latency",
    query: emptyQuery,
    response: 'Plan',
  },
  {
    path: '/api/summary/daily',
    summary:
      "Analytika's daily summary: the running day against a reference day (ISO 22400 KPIs, deltas), notable events, two proposals for tomorrow measured in twin forks; Markdown report in German or English",
    query: dailySummaryQuery,
    response: 'DailySummary',
  },
  ...ADMIN_ROUTE_DOCS,
  ...CREW_ROUTE_DOCS,
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
  firstPassYield: num,
  downtimeS: num,
});
const quality = { enum: ['good', 'uncertain', 'bad'] };

const SCHEMAS: Record<string, unknown> = {
  Error: obj({ code: str, message: str, hint: str, path: str }, ['code', 'message']),
  ...ADMIN_SCHEMAS,
  ...CREW_SCHEMAS,
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
  LoginRequest: obj({ user: str, password: str }),
  Reason: obj({ reason: { type: 'string', minLength: 3, maxLength: 500 } }),
  Principal: obj({
    kind: { enum: ['user', 'agent'] },
    id: str,
    displayName: str,
    roles: { type: 'array', items: str },
  }),
  AuthLogin: obj({ token: str, expiresAt: num, principal: ref('Principal') }),
  Stop: obj(
    { engaged: { type: 'boolean' }, epoch: int, by: str, at: num, reason: str, audited: { type: 'boolean' } },
    ['engaged', 'epoch'],
  ),
  ActionProposal: {
    type: 'object',
    description:
      'See actionProposalSchema in @aethercore/governance (validated by the independent verifier).',
    required: ['id', 'proposer', 'tool', 'effect', 'change', 'createdAt'],
  },
  Verdict: obj({
    pass: { type: 'boolean' },
    grade: str,
    approvalsRequired: int,
    policyVersion: int,
    reasons: { type: 'array', items: obj({ check: str, code: str, message: str }) },
    checks: { type: 'array', items: obj({ name: str, ok: { type: 'boolean' } }) },
  }),
  Proposal: obj(
    {
      id: str,
      status: { enum: ['pending', 'approved', 'rejected', 'expired'] },
      grade: str,
      requiredApprovals: int,
      requester: str,
      submittedAt: num,
      expiresAt: num,
      escalationLevel: int,
      notifyRole: str,
      approvals: { type: 'array', items: obj({ by: str, at: num, reason: str }) },
      acknowledgements: { type: 'array', items: obj({ by: str, at: num }) },
      rejection: obj({ by: str, at: num, reason: str }),
      closedAt: num,
      proposal: ref('ActionProposal'),
      verdict: ref('Verdict'),
    },
    [
      'id',
      'status',
      'grade',
      'requiredApprovals',
      'requester',
      'submittedAt',
      'expiresAt',
      'proposal',
      'verdict',
    ],
  ),
  Proposals: obj({ proposals: { type: 'array', items: ref('Proposal') }, now: num }),
  Review: obj(
    {
      route: { enum: ['execute', 'inbox', 'rejected'] },
      verdict: ref('Verdict'),
      item: ref('Proposal'),
      // Route `execute` in the live mode: Dexter's outcome (verified, unverified, plant-rejected, timeout, refused).
      execution: obj({ status: str }, ['status']),
    },
    ['route', 'verdict'],
  ),
  Decision: obj({ events: { type: 'array', items: { type: 'object' } }, item: ref('Proposal') }, ['events']),
  AuditEntries: obj({
    size: int,
    entries: {
      type: 'array',
      items: obj({ index: int, entry: { type: 'object' }, undecodable: { type: 'boolean' } }, ['index']),
    },
  }),
  AuditCheckpoint: obj(
    {
      size: int,
      checkpoint: obj({ note: str, treeSize: int, rootHash: str }),
      logKey: str,
      verified: { type: 'boolean' },
      problem: str,
    },
    ['size', 'verified'],
  ),
  AuditProof: obj(
    {
      index: int,
      treeSize: int,
      leafHash: str,
      proof: { type: 'array', items: str },
      rootHash: str,
      verified: { type: 'boolean' },
      entry: { type: 'object' },
      checkpoint: str,
    },
    ['index', 'treeSize', 'leafHash', 'proof', 'rootHash', 'verified'],
  ),
  DailySummary: obj({
    lang: { enum: ['de', 'en'] },
    against: { enum: ['undisturbed', 'without-actions'] },
    asOf: num,
    summary: {
      type: 'object',
      description:
        'plant, date, window, scenario, reference (kind, scenario), kpis and referenceKpis (goodParts, producedParts, scrappedParts, qualityRate, availability, performance, oee, downtimeMin, energyKWh, energyPerGoodPartKWh, failures, mtbfH, mttrMin, ordersCompleted, lateOrders, tardinessMin), comparisons (kpi, day, reference, delta, relative, ratio, verdict), notable (time, category, type, subject, text {de,en}), proposals (id, kind, text, commands, figures, deltas, rank, energySaving, lateOrdersAvoided, tardinessAvoidedMin), tomorrow (fromMs, toMs, reference, candidates, qualifying)',
    },
    markdown: str,
    proposals: obj({ status: { enum: ['computing', 'ready'] }, measuredAt: { type: ['number', 'null'] } }),
  }),
  Plan: obj({
    plan: {
      type: ['object', 'null'],
      description:
        'builtAt, reason, stations, orders, operations (order, lot, quantity, station, start, end, wip), kpis, valid, lotSize',
    },
    lastReplan: {
      type: ['object', 'null'],
      description:
        'time, triggers, outcome, events, planner (delta, stability), sequence, priorities, simulated (kpis, deltas), proposalId, route, latencyMs',
    },
    latency: obj({
      count: int,
      p50Ms: { type: ['number', 'null'] },
      p95Ms: { type: ['number', 'null'] },
      maxMs: { type: ['number', 'null'] },
    }),
  }),
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

/** `/api/proposals/:id` → `/api/proposals/{id}` (OpenAPI path templating). */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([a-zA-Z]+)/g, '{$1}');
}

/** Build the document (cheap; the route caches it). */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTE_DOCS) {
    const method = r.method ?? 'get';
    const path = openApiPath(r.path);
    const ok =
      r.response === 'sse'
        ? {
            description: 'An SSE stream (`text/event-stream`)',
            content: { 'text/event-stream': { schema: str } },
          }
        : { description: 'OK', content: { 'application/json': { schema: ref(r.response) } } };
    const pathParams = [...r.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: str,
    }));
    (paths[path] ??= {})[method] = {
      summary: r.summary,
      operationId: `${method}${r.path.replace(/^\/api/, '').replace(/[^a-zA-Z]+(.)?/g, (_m, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
      parameters: [...pathParams, ...parameters(r.query)],
      ...(r.body === undefined
        ? {}
        : {
            requestBody: {
              required: true,
              content: {
                'application/json': { schema: ref(r.body) },
                // PUT /api/policy also takes the policy file itself (reason in x-aethercore-reason).
                ...(r.body === 'PolicyChange' ? { 'application/yaml': { schema: str } } : {}),
              },
            },
          }),
      ...(r.auth === undefined ? {} : { security: [{ bearer: [] }], 'x-aethercore-permission': r.auth }),
      responses: {
        '200': ok,
        '400': errorResponse('Invalid query or body (`api.query-invalid`, `api.body-invalid`)'),
        ...(r.auth === undefined
          ? {}
          : {
              '401': errorResponse(
                'No, unknown or expired token (`auth.token-missing`, `auth.token-invalid`)',
              ),
              '403': errorResponse(
                'The authorization matrix denies this route to the caller (`access.forbidden`)',
              ),
            }),
        ...(r.path === '/api/auth/login'
          ? { '401': errorResponse('Unknown user or wrong password (`auth.login-failed`)') }
          : {}),
        ...(r.path === '/api/telemetry'
          ? { '404': errorResponse('Unknown series (`telemetry.series-unknown`)') }
          : {}),
        ...(r.path.includes('/proposals/')
          ? {
              '404': errorResponse('Unknown proposal'),
              '409': errorResponse('Refused by the inbox (`approval.<code>`)'),
            }
          : {}),
        '500': errorResponse('Internal error (`server.internal`)'),
        ...(r.path.startsWith('/api/auth') || r.auth !== undefined || r.path === '/api/stop'
          ? { '503': errorResponse('Server runs without Sentinel (`governance.unavailable`)') }
          : {}),
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
    components: {
      schemas: SCHEMAS,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'POST /api/auth/login' } },
    },
  };
}
