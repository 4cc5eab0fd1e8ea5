// The public surface of @aethercore/server: the app factory, the live mode, config and the
// API's response types (the dashboard imports only those, with `import type`).
export { createApp, type AppDeps } from './http/app.ts';
export { toHttpError, STATUS_BY_KIND } from './http/error-mapper.ts';
export { openApiDocument, openApiPath, ROUTE_DOCS } from './http/openapi.ts';
export { LiveHub, type HubMessage } from './live/live-hub.ts';
export type { LineSource } from './live/line-source.ts';
export { loadConfig, CONFIG_ENV, type ServerConfig } from './config.ts';
export { createJsonLogger, type JsonLoggerOptions } from './json-logger.ts';
export { STATION_STATES } from './api/types.ts';
export type {
  BufferView,
  ErrorResponse,
  EventsResponse,
  HealthResponse,
  KpiValues,
  KpisResponse,
  LineResponse,
  PlantResponse,
  SeriesInfo,
  StationInfo,
  StationState,
  StationView,
  StreamEventName,
  StreamMessages,
  TelemetryResponse,
  TrendSpec,
  RunInfo,
  EquipmentNodeSpec,
  Quality,
  Reading,
  SeriesPoint,
  StoredEvent,
} from './api/types.ts';
export { ensureDashboardBuilt, dashboardIsStale, WEB_DIR, DIST_DIR } from './dashboard-build.ts';
export { startLive, type LiveHandle, type LiveStats, type StartLiveOptions } from './live/start-live.ts';
export type { DailySummaryResponse } from './live/daily-summary-source.ts';
export {
  PlanJobRunner,
  scanCommands,
  twinRecipe,
  type PlanJobRequest,
  type PlanJobResult,
  type TwinRecipe,
} from './live/strategos-plan-job.ts';
export { StrategosWorkerClient, type StrategosWorkerOptions } from './live/strategos-worker-client.ts';
export {
  EvidenceRefreshWorker,
  type EvidenceRefreshWorkerOptions,
  type RefreshOutcome,
} from './live/evidence-refresh-worker-client.ts';
export { liveEvidenceRefresher, workerEvidenceRefresher } from './live/dexter-live.ts';
export type { EvidenceRefresher, EvidenceRefreshResult } from './live/dexter-gateway.ts';
export type { StrategosPlanResponse } from './live/strategos-runner.ts';
export {
  createGovernance,
  AUDIT_ORIGIN,
  type Governance,
  type GovernanceOptions,
} from './governance/governance.ts';
export { openLiveGovernance, type LiveGovernance } from './governance/open-live-governance.ts';
export { SessionTokens } from './governance/session-tokens.ts';
export { DEMO_USERS, AGENT_NAMES, seedDemoIdentities } from './governance/demo-identities.ts';
export type {
  AuditCheckpointResponse,
  AuditEntriesResponse,
  AuditProofResponse,
  AuthLoginResponse,
  PrincipalView,
  ProposalView,
  ProposalsResponse,
  StopResponse,
  VerdictView,
} from './api/types.ts';
export type { PolicyResponse, PolicyHistoryResponse } from './http/routes/policy-routes.ts';
export type { UserView, UsersResponse } from './http/routes/user-routes.ts';
export type { TokenCreatedResponse, TokensResponse } from './http/routes/token-routes.ts';
export {
  CREW_ROUTE_CODES,
  USER_TOKEN_ROUTE_CODES,
  type CrewRouteCode,
  type UserTokenRouteCode,
} from './http/routes/identity-route-codes.ts';
export type { SessionStore, SessionRecord } from './governance/session-tokens.ts';
export type { PlanResponse, PlanOperationView, PlanOrderView } from './api/types.ts';
export type { CrewResponse, CrewWorkerView, CrewAbsenceResponse } from './api/crew-types.ts';
