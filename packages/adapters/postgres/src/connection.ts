import { AetherError, silentLogger, type Logger } from '@aethercore/core';
import pg from 'pg';

/**
 * How a PostgreSQL store connects. Each store lives in one PostgreSQL schema (default `aethercore`),
 * so several plants or test runs can share a database without seeing each other's tables.
 */
export interface PostgresOptions {
  /** `postgresql://user:password@host:5432/database` (libpq URI; `?host=/run/postgresql` for a socket). */
  readonly connectionString?: string;
  /** A pool to share between stores; the store then does not end it on close. */
  readonly pool?: pg.Pool;
  /** Schema holding the store's tables: lower-case letters, digits, `_`; default `aethercore`. */
  readonly schema?: string;
  /** Connections of the store's own pool (default 4). */
  readonly maxConnections?: number;
  /** How long to wait for a connection before `postgres.unavailable` (default 5000 ms). */
  readonly connectTimeoutMs?: number;
  readonly logger?: Logger;
}

// int8 (bigint, count(*), sequence values) arrives as a JS number: every value the stores keep in
// bigint columns is a safe integer (seq, ms timestamps, counts).
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema name as a safe identifier (it is interpolated into DDL, so only a strict shape passes). */
export function schemaOf(opts: PostgresOptions): string {
  const schema = opts.schema ?? 'aethercore';
  if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema)) {
    throw new AetherError({
      code: 'postgres.option-invalid',
      message: `schema must match ${SCHEMA_NAME.source}, got ${JSON.stringify(String(schema))}`,
      hint: 'use a lower-case SQL identifier such as aethercore or plant_wh4',
      path: 'schema',
    });
  }
  return schema;
}

/** The pool a store uses, and whether the store owns it (then close() ends it). */
export interface StorePool {
  readonly pool: pg.Pool;
  readonly owned: boolean;
  readonly schema: string;
  readonly logger: Logger;
}

export function openPool(opts: PostgresOptions, component: string): StorePool {
  if (typeof opts !== 'object' || opts === null) {
    throw new AetherError({
      code: 'postgres.option-invalid',
      message: 'expected an options object',
      hint: 'pass { connectionString: "postgresql://…" }',
    });
  }
  const schema = schemaOf(opts);
  const logger = (opts.logger ?? silentLogger).child(component);
  if (opts.pool !== undefined) return { pool: opts.pool, owned: false, schema, logger };
  if (typeof opts.connectionString !== 'string' || opts.connectionString.length === 0) {
    throw new AetherError({
      code: 'postgres.option-invalid',
      message: 'connectionString is missing',
      hint: 'pass { connectionString: "postgresql://user@127.0.0.1:5432/aethercore" } or a shared pool',
      path: 'connectionString',
    });
  }
  const max = opts.maxConnections ?? 4;
  const timeout = opts.connectTimeoutMs ?? 5000;
  for (const [name, v] of [
    ['maxConnections', max],
    ['connectTimeoutMs', timeout],
  ] as const) {
    if (!Number.isSafeInteger(v) || v <= 0) {
      throw new AetherError({
        code: 'postgres.option-invalid',
        message: `${name} must be a positive integer`,
        hint: 'for example maxConnections: 4, connectTimeoutMs: 5000',
        path: name,
      });
    }
  }
  const pool = new pg.Pool(poolConfig(opts.connectionString, max, timeout));
  watchPool(pool, logger);
  return { pool, owned: true, schema, logger };
}

function poolConfig(connectionString: string, max: number, connectTimeoutMs: number): pg.PoolConfig {
  return {
    connectionString,
    max,
    connectionTimeoutMillis: connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    // TCP keepalive notices a peer that vanished without closing the connection (a cut network).
    keepAlive: true,
    types,
  };
}

/** A pool for several stores to share (`{ pool }` in their options), with the stores' type parsing and error handling. */
export function createPostgresPool(
  connectionString: string,
  opts: { maxConnections?: number; connectTimeoutMs?: number; logger?: Logger } = {},
): pg.Pool {
  const pool = new pg.Pool(
    poolConfig(connectionString, opts.maxConnections ?? 8, opts.connectTimeoutMs ?? 5000),
  );
  watchPool(pool, (opts.logger ?? silentLogger).child('postgres'));
  return pool;
}

/**
 * A server restart or a dropped network kills idle connections: pg reports that as an 'error' event
 * on the pool (or on a checked-out client), which would end the process if nobody listened. The pool
 * drops the dead connection itself; the next query opens a new one, so logging is all that is left.
 */
function watchPool(pool: pg.Pool, logger: Logger): void {
  const onError = (e: Error): void =>
    logger.log('warn', `PostgreSQL connection lost: ${e.message}`, { code: 'postgres.connection-lost' });
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
}

// SQLSTATE classes that mean "the server is not there (now)": 08 connection exception,
// 57P01–57P03 shutdown / cannot connect now, 53300 too many connections (PostgreSQL Appendix A).
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
  'ENOENT',
]);

export function isUnavailable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (code.startsWith('08') || UNAVAILABLE_STATES.has(code) || UNAVAILABLE_ERRNO.has(code))
  )
    return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated unexpectedly/i.test(
    e.message,
  );
}

/**
 * A driver or server failure as a coded error. Outages become `postgres.unavailable` (the pool
 * reconnects by itself once the server is back); anything else gets the caller's code.
 */
export function storageError(code: string, what: string, e: unknown): AetherError {
  if (e instanceof AetherError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  if (isUnavailable(e)) {
    return new AetherError({
      code: 'postgres.unavailable',
      message: `${what}: PostgreSQL is not reachable (${detail})`,
      hint: 'check that the server runs and accepts connections (pg_isready, the connection string, max_connections); the store reconnects by itself once it is back, and nothing of this call was stored',
      category: 'third-party',
      kind: 'unavailable',
      cause: e,
    });
  }
  const state = (e as { code?: unknown } | null)?.code;
  return new AetherError({
    code,
    message: `${what}: ${detail}${typeof state === 'string' ? ` (SQLSTATE ${state})` : ''}`,
    hint: 'see the PostgreSQL server log; nothing of this call was stored',
    category: 'system',
    kind: 'internal',
    cause: e,
  });
}

/** SQLSTATE 40001/40P01: the transaction lost a serialization race or a deadlock and may simply be run again. */
export function isRetryable(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}

/** Runs `work` in one transaction on one pooled connection; a connection that failed is discarded, not reused. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (c: pg.PoolClient) => Promise<T>,
  isolation: 'READ COMMITTED' | 'REPEATABLE READ' = 'READ COMMITTED',
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const out = await work(client);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      if (broken === undefined && isRetryable(e) && attempt < 5) continue;
      throw e;
    } finally {
      client.release(broken);
    }
  }
}

/**
 * Brings one component's tables in `schema` to `migrations.length` (migration i takes version i to
 * i + 1) in one transaction. An advisory lock serialises concurrent openers, so two processes opening
 * a fresh database at once do not both create the tables. A schema written by a newer build is refused.
 */
export async function migrate(
  pool: pg.Pool,
  schema: string,
  component: string,
  migrations: readonly string[],
): Promise<void> {
  await inTransaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`aethercore.migrate:${schema}`]);
    // Create the schema only when it is missing: a DBA may pre-create it for a role without CREATE on the database.
    const exists = await c.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (exists.rowCount === 0) await c.query(`CREATE SCHEMA ${schema}`);
    await c.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.aether_schema (component text PRIMARY KEY, version integer NOT NULL)`,
    );
    const row = await c.query<{ version: number }>(
      `SELECT version FROM ${schema}.aether_schema WHERE component = $1`,
      [component],
    );
    const current = row.rows[0]?.version ?? 0;
    if (current > migrations.length) {
      throw new AetherError({
        code: 'postgres.schema-newer',
        message: `${schema}: ${component} tables are at schema version ${current}, this build knows ${migrations.length}`,
        hint: 'use the AetherCore version that wrote the database, or upgrade',
        category: 'system',
        kind: 'conflict',
      });
    }
    if (current === migrations.length) return;
    for (let v = current; v < migrations.length; v++)
      await c.query((migrations[v] ?? '').replaceAll('{schema}', schema));
    await c.query(
      `INSERT INTO ${schema}.aether_schema (component, version) VALUES ($1, $2) ON CONFLICT (component) DO UPDATE SET version = excluded.version`,
      [component, migrations.length],
    );
  });
}

/** Opens the pool and applies the migrations; on failure the pool is ended (when owned) and a coded error thrown. */
export async function openStore(
  opts: PostgresOptions,
  component: string,
  migrations: readonly string[],
): Promise<StorePool> {
  const sp = openPool(opts, component);
  try {
    await migrate(sp.pool, sp.schema, component, migrations);
    return sp;
  } catch (e) {
    if (sp.owned) await sp.pool.end().catch(() => undefined);
    throw storageError(
      'postgres.open-failed',
      `opening the ${component} store in schema ${sp.schema} failed`,
      e,
    );
  }
}
