// Child process of the crash campaign (crash.ts): writes deterministic batches into the SQLite
// telemetry store, resuming after what is already stored, and prints `ack <batch>` after each write
// resolves. The parent kills it with SIGKILL at a random moment.
import { SqliteTelemetryStore } from '@aethercore/adapter-sqlite';
import { batchReadings } from './crash-data.ts';

const [file, totalArg, batchArg, seriesArg, inflightArg] = process.argv.slice(2);
const total = Number(totalArg);
const batch = Number(batchArg);
const series = Number(seriesArg);
const inflight = Number(inflightArg);

const store = new SqliteTelemetryStore({ file: file ?? '', synchronous: 'FULL' });
let stored = 0;
for (const id of await store.seriesIds())
  stored += (await store.query({ seriesId: id, from: 0, to: Number.MAX_SAFE_INTEGER })).length;
const first = Math.floor(stored / batch);
process.stdout.write(`resume ${first}\n`);
const pending = new Set<Promise<void>>();
for (let k = first; k * batch < total; k++) {
  const p: Promise<void> = store.write(batchReadings(k, batch, series)).then(() => {
    process.stdout.write(`ack ${k}\n`);
    pending.delete(p);
  });
  pending.add(p);
  if (pending.size >= inflight) await Promise.race(pending);
}
await Promise.all(pending);
await store.close();
process.stdout.write('done\n');
