import { beforeAll, describe } from 'vitest';
import { runAuditStoreContract } from '../../../core/test/contracts/audit-store.contract.ts';
import { runEventStoreContract } from '../../../core/test/contracts/event-store.contract.ts';
import { runTelemetryStoreContract } from '../../../core/test/contracts/telemetry-store.contract.ts';
import { PostgresAuditStore, PostgresEventStore, PostgresTelemetryStore } from '../src/index.ts';
import { useTestPostgres } from './pg-server.ts';

// One server for the file, one database per contract suite, one schema per store the suite asks
// for: every make() gives an empty store, and a durable opener reopens the same schema.
const pg = useTestPostgres();
let n = 0;
const nextSchema = (): string => `s${n++}`;

describe('PostgreSQL EventStore', () => {
  let url = '';
  beforeAll(async () => {
    url = await pg.freshDatabase('events_contract');
  });
  runEventStoreContract(
    'PostgresEventStore',
    () => PostgresEventStore.open({ connectionString: url, schema: nextSchema() }),
    {
      durable: () => {
        const schema = nextSchema();
        return Promise.resolve(() => PostgresEventStore.open({ connectionString: url, schema }));
      },
    },
  );
});

describe('PostgreSQL TelemetryStore', () => {
  let url = '';
  beforeAll(async () => {
    url = await pg.freshDatabase('telemetry_contract');
  });
  runTelemetryStoreContract(
    'PostgresTelemetryStore',
    () => PostgresTelemetryStore.open({ connectionString: url, schema: nextSchema() }),
    {
      durable: () => {
        const schema = nextSchema();
        return Promise.resolve(() => PostgresTelemetryStore.open({ connectionString: url, schema }));
      },
    },
  );
});

describe('PostgreSQL AuditStore', () => {
  let url = '';
  beforeAll(async () => {
    url = await pg.freshDatabase('audit_contract');
  });
  runAuditStoreContract('PostgresAuditStore', () =>
    PostgresAuditStore.open({ connectionString: url, schema: nextSchema() }),
  );
});
