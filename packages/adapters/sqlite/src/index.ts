export {};
export * from './audit-store.ts';
export * from './audit-ed25519.ts';
export * from './audit-scrypt-password-hasher.ts';
export { SqliteEventStore } from './sqlite-event-store.ts';
export { SqliteTelemetryStore } from './sqlite-telemetry-store.ts';
export type { SqliteOptions, SynchronousMode } from './open-database.ts';
export { SqliteIdentityStore, type StoredIdentitySnapshot, type StoredSession } from './identity-store.ts';
