/**
 * One throwaway PostgreSQL server per test file, started from the Debian binaries on loopback
 * (`startLocalPostgres`: initdb into a temp dir, pg_ctl on a free port, `-k <tempdir>`,
 * listen_addresses=127.0.0.1; as the `postgres` user when run as root) and dropped after the file.
 * Without PostgreSQL installed the tests FAIL with the apt-get line: CI installs it, nothing is skipped.
 */
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startLocalPostgres, type LocalPostgres } from '../src/index.ts';

export interface TestPostgres {
  /** The running server (started in beforeAll). */
  server(): LocalPostgres;
  /** Creates a fresh database and returns its connection string. */
  freshDatabase(name: string): Promise<string>;
}

export function useTestPostgres(options: { fsync?: boolean } = {}): TestPostgres {
  let server: LocalPostgres | undefined;
  let startError: unknown;
  beforeAll(async () => {
    try {
      // Tests check behaviour, not power-loss durability: fsync off keeps the many tiny commits cheap.
      server = await startLocalPostgres({ fsync: options.fsync ?? false });
    } catch (e) {
      startError = e;
      throw new Error(
        `PostgreSQL integration tests need the PostgreSQL 15 server binaries: apt-get install postgresql (${e instanceof Error ? e.message : String(e)})`,
        { cause: e },
      );
    }
  }, 120_000);
  afterAll(() => server?.drop());
  const get = (): LocalPostgres => {
    if (server === undefined)
      throw new Error(`no PostgreSQL server: apt-get install postgresql (${String(startError)})`);
    return server;
  };
  return {
    server: get,
    freshDatabase: async (name) => {
      const admin = new pg.Client({ connectionString: get().connectionString });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return get().urlFor(name);
    },
  };
}
