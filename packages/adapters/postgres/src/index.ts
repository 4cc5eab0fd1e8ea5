export { PostgresEventStore } from './postgres-event-store.ts';
export { PostgresTelemetryStore } from './postgres-telemetry-store.ts';
export { PostgresAuditStore } from './postgres-audit-store.ts';
export { PostgresIdentityStore, type PgIdentitySnapshot, type PgSession } from './postgres-identity-store.ts';
export { createPostgresPool, type PostgresOptions } from './connection.ts';
export {
  findPostgresBin,
  startLocalPostgres,
  type LocalPostgres,
  type LocalPostgresOptions,
} from './local-server.ts';
