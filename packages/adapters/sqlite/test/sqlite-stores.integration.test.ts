import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { runEventStoreContract } from '../../../core/test/contracts/event-store.contract.ts';
import { runTelemetryStoreContract } from '../../../core/test/contracts/telemetry-store.contract.ts';
import { SqliteEventStore, SqliteTelemetryStore } from '../src/index.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'aether-sqlite-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const nextFile = (): string => path.join(dir, `store-${n++}.db`);

runEventStoreContract('SqliteEventStore', () => Promise.resolve(new SqliteEventStore({ file: nextFile() })), {
  durable: () => {
    const file = nextFile();
    return Promise.resolve(() => Promise.resolve(new SqliteEventStore({ file })));
  },
});

runTelemetryStoreContract(
  'SqliteTelemetryStore',
  () => Promise.resolve(new SqliteTelemetryStore({ file: nextFile() })),
  {
    durable: () => {
      const file = nextFile();
      return Promise.resolve(() => Promise.resolve(new SqliteTelemetryStore({ file })));
    },
  },
);

runTelemetryStoreContract('SqliteTelemetryStore (synchronous NORMAL)', () =>
  Promise.resolve(new SqliteTelemetryStore({ file: nextFile(), synchronous: 'NORMAL' })),
);
