import { beforeAll, describe } from 'vitest';
import { runIdentityStoreContract } from '../../../core/test/contracts/identity-store.contract.ts';
import { PostgresIdentityStore } from '../src/index.ts';
import { migrate, openPool } from '../src/connection.ts';
import { PG_IDENTITY_MIGRATIONS } from '../src/postgres-identity-store.ts';
import { useTestPostgres } from './pg-server.ts';

// A real PostgreSQL on loopback (pg-server.ts); one schema per store name of the contract.
const pg = useTestPostgres();

describe('PostgreSQL identity store', () => {
  let url = '';
  beforeAll(async () => {
    url = await pg.freshDatabase('identity_contract');
  });
  runIdentityStoreContract('PostgresIdentityStore', {
    open: (name) => PostgresIdentityStore.open({ connectionString: url, schema: name, maxConnections: 2 }),
    createVersion1: async (name, tokenHash) => {
      // The first schema version, from the shipped migration list, then a row as it was written then.
      const sp = openPool({ connectionString: url, schema: name, maxConnections: 1 }, 'identities-v1');
      try {
        await migrate(sp.pool, name, 'identities', PG_IDENTITY_MIGRATIONS.slice(0, 1));
        await sp.pool.query(
          `INSERT INTO ${name}.identity_meta (key, value) VALUES ('format', 'aethercore-identities/1')`,
        );
        await sp.pool.query(
          `INSERT INTO ${name}.identity_agents (id, ord, display_name) VALUES ('dexter', 0, 'Dexter')`,
        );
        await sp.pool.query(
          `INSERT INTO ${name}.identity_tokens (hash, ord, subject) VALUES ($1, 0, 'dexter')`,
          [tokenHash],
        );
      } finally {
        await sp.pool.end();
      }
    },
  });
});
