import { Hono } from 'hono';
import { silentLogger, type EventStore, type Logger, type TelemetryStore } from '@aethercore/core';
import { LiveHub } from '../live/live-hub.ts';
import type { LineSource } from '../live/line-source.ts';
import type { RunInfo } from '../api/types.ts';
import { errorHandler, notFoundHandler } from './error-mapper.ts';
import { lineRoutes } from './routes/line-routes.ts';
import { telemetryRoutes } from './routes/telemetry-routes.ts';
import { eventsRoutes } from './routes/events-routes.ts';
import { streamRoutes, type StreamTiming } from './routes/stream-routes.ts';
import { openApiRoutes } from './routes/openapi-routes.ts';
import { dashboardRoutes } from './routes/dashboard-routes.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { stopRoutes } from './routes/stop-routes.ts';
import { proposalRoutes } from './routes/proposal-routes.ts';
import { auditRoutes } from './routes/audit-routes.ts';
import { policyRoutes } from './routes/policy-routes.ts';
import { userRoutes } from './routes/user-routes.ts';
import { tokenRoutes } from './routes/token-routes.ts';
import type { Governance } from '../governance/governance.ts';
import type { ActionProposal } from '@aethercore/governance';
import { planRoutes } from './routes/plan-routes.ts';
import type { PlanResponse } from '../api/types.ts';
import { summaryRoutes } from './routes/summary-routes.ts';
import type { DailySummarySource } from '../live/daily-summary-source.ts';
import { crewRoutes, type CrewControl } from './routes/crew-routes.ts';

export interface AppDeps {
  readonly source: LineSource;
  readonly events: EventStore;
  readonly telemetry: TelemetryStore;
  /** Live fan-out for `/api/stream`; a fresh, quiet hub when omitted. */
  readonly hub?: LiveHub;
  /** The built dashboard (`packages/web/dist`); `/` answers a coded 404 with a hint when absent. */
  readonly staticDir?: string;
  readonly logger?: Logger;
  readonly version?: string;
  readonly stream?: Partial<StreamTiming>;
  /** Scenario, speed and seed of the live run, for `/api/health` and the stream's `hello`. */
  readonly run?: RunInfo;
  /** Sentinel (audit log, identities, inbox, stop gate); without it the governance routes answer 503. */
  readonly governance?: Governance;
  /** Strategos' plan for `/api/plan` (the live mode's runner); an empty answer when absent. */
  readonly plan?: () => PlanResponse;
  /** Analytika's daily summary for `/api/summary/daily` (the live mode); 503 `summary.unavailable` when absent. */
  readonly summary?: DailySummarySource;
  /**
   * Executes a proposal Sentinel routed to `execute` (within limits) — Dexter in the live mode. Without
   * it, such a proposal is reviewed and audited but nothing acts on it.
   */
  readonly execute?: ProposalExecutor;
  /** The running line's crew for `/api/crew` and sick notes; 503 `crew.unavailable` when absent. */
  readonly crew?: CrewControl;
}

/** Runs a reviewed proposal through the actuation gateway; resolves with its outcome, never throws for expected ones. */
export type ProposalExecutor = (proposal: ActionProposal) => Promise<{ readonly status: string }>;

/**
 * The HTTP API as a Hono app, with no socket: tests call `app.request('/api/line')` in-process
 * (Hono's own style); `serve()` in the live mode puts it on a port.
 */
export function createApp(deps: AppDeps): Hono {
  const logger = (deps.logger ?? silentLogger).child('server.http');
  const ctx = {
    source: deps.source,
    events: deps.events,
    telemetry: deps.telemetry,
    hub: deps.hub ?? new LiveHub(),
    logger,
    version: deps.version ?? '0.1.0',
    run: deps.run,
    governance: deps.governance,
    execute: deps.execute,
  };
  const api = new Hono()
    .route('/', lineRoutes(ctx))
    .route('/', telemetryRoutes(ctx))
    .route('/', eventsRoutes(ctx))
    .route('/', streamRoutes(ctx, deps.stream))
    .route('/', authRoutes(ctx))
    .route('/', stopRoutes(ctx))
    .route('/', proposalRoutes(ctx))
    .route('/', auditRoutes(ctx))
    .route('/', planRoutes(deps.plan))
    .route('/', summaryRoutes(deps.summary))
    .route('/', policyRoutes(ctx))
    .route('/', userRoutes(ctx))
    .route('/', tokenRoutes(ctx))
    .route('/', crewRoutes(ctx, deps.crew))
    .route('/', openApiRoutes(ctx.version));

  const app = new Hono();
  app.onError(errorHandler(logger));
  app.notFound(notFoundHandler);
  app.route('/api', api);
  app.route('/', dashboardRoutes(deps.staticDir));
  return app;
}

/** What every route module receives. */
export interface RouteContext {
  readonly source: LineSource;
  readonly events: EventStore;
  readonly telemetry: TelemetryStore;
  readonly hub: LiveHub;
  readonly logger: Logger;
  readonly version: string;
  readonly run: RunInfo | undefined;
  readonly governance: Governance | undefined;
  readonly execute?: ProposalExecutor | undefined;
}
