// `npm run bench -- ingest`: B8, durable samples/s into the embedded (SQLite) telemetry store with
// 1,000-sample batches, and the latency of a 1-hour bucketed chart query. See docs/adapters.md.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { progress, table } from '@aethercore/cli';
import type { SynchronousMode } from '@aethercore/adapter-sqlite';
import { startLocalPostgres, type LocalPostgres } from '@aethercore/adapter-postgres';
import pg from 'pg';
import { machineInfo } from '../lib/machine.ts';
import { DEFAULT_DATA_DIR, writeResult } from '../lib/results.ts';
import { runCrashCampaign } from './crash.ts';
import { runBareSqlite, runIngest, type IngestResult } from './ingest.ts';
import { runOpcUaPath, type OpcUaPathResult } from './opcua-path.ts';
import { intOption } from '../lib/options.ts';

const HELP = `usage: npm run bench -- ingest [options]

Writes synthetic 1 Hz sensor readings into a fresh SQLite telemetry store file, one transaction per
batch (a write resolves after its commit), then times 1-hour chart queries with bucketing.

  --samples <n>    samples per run (default 1000000)
  --batch <n>      readings per write (default 1000)
  --series <n>     sensors (default 100)
  --store <s>      sqlite, postgres or both (default sqlite). postgres starts a throwaway PostgreSQL
                   from the Debian binaries on loopback (fsync on) and writes into a fresh schema per
                   run; with both, the stores alternate in every round (side by side). For PostgreSQL,
                   FULL = synchronous_commit on, NORMAL = synchronous_commit off
  --sync <mode>    FULL, NORMAL or both (default both, measured side by side)
  --inflight <list> writes in flight per configuration, comma-separated (default 1,8)
  --rounds <n>     alternate the modes this many times; medians are reported (default 3)
  --queries <n>    chart queries per run (default 200)
  --bucket-ms <n>  chart bucket width (default 10000: 360 points per hour)
  --opcua-seconds <n>   then the OPC UA path for n seconds (default 10; 0 skips): server → subscription
                   → SQLite, sample-to-durable latency and server start time
  --opcua-stations <n>  stations of 5 variables each on that server (default 20: 100 series)
  --opcua-sampling-ms <n>  sampling and publishing interval (default 100)
  --no-baseline    skip the bare better-sqlite3 loop run beside the store in every round
  --crash <kills>  instead: the kill -9 campaign (RELIABILITY): a child ingests --samples with
                   --batch and 8 writes in flight, is killed <kills> times at random, and the
                   store is checked for lost acknowledged samples, half batches, duplicates, order
  --dir <dir>      where the database files go (default: a temp dir, removed afterwards)
  --data <dir>     unused (synthetic data); accepted for uniformity (default ${DEFAULT_DATA_DIR})
  --out <file>     JSON result file (default bench/results/ingest.json)
  --seed <n>       data seed (default 1)
  --help`;

const GOAL_SAMPLES_PER_S = 200_000;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      samples: { type: 'string', default: '1000000' },
      batch: { type: 'string', default: '1000' },
      series: { type: 'string', default: '100' },
      sync: { type: 'string', default: 'both' },
      store: { type: 'string', default: 'sqlite' },
      rounds: { type: 'string', default: '3' },
      inflight: { type: 'string', default: '1,8' },
      queries: { type: 'string', default: '200' },
      'bucket-ms': { type: 'string', default: '10000' },
      dir: { type: 'string' },
      data: { type: 'string', default: DEFAULT_DATA_DIR },
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
      crash: { type: 'string' },
      'no-baseline': { type: 'boolean', default: false },
      'opcua-seconds': { type: 'string', default: '10' },
      'opcua-stations': { type: 'string', default: '20' },
      'opcua-sampling-ms': { type: 'string', default: '100' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const samples = intOption('samples', values.samples, 1);
  const batch = intOption('batch', values.batch, 1);
  const series = intOption('series', values.series, 1);
  const rounds = intOption('rounds', values.rounds, 1);
  const queries = intOption('queries', values.queries, 1);
  const bucketMs = intOption('bucket-ms', values['bucket-ms'], 1);
  const seed = intOption('seed', values.seed, 0);
  const modes: SynchronousMode[] =
    values.sync === 'both'
      ? ['FULL', 'NORMAL']
      : values.sync === 'FULL' || values.sync === 'NORMAL'
        ? [values.sync]
        : [];
  if (modes.length === 0) {
    console.error(`error bench.option-invalid: --sync must be FULL, NORMAL or both, got '${values.sync}'`);
    process.exit(2);
  }

  const stores: ('sqlite' | 'postgres')[] =
    values.store === 'both'
      ? ['sqlite', 'postgres']
      : values.store === 'sqlite' || values.store === 'postgres'
        ? [values.store]
        : [];
  if (stores.length === 0) {
    console.error(
      `error bench.option-invalid: --store must be sqlite, postgres or both, got '${values.store}'`,
    );
    process.exit(2);
  }

  if (values.crash !== undefined) {
    await crashCampaign(
      intOption('crash', values.crash, 1),
      samples,
      batch,
      series,
      seed,
      values.dir,
      values.out,
    );
    return;
  }
  const inflights = values.inflight.split(',').map((v) => intOption('inflight', v.trim(), 1));
  const configs = modes.flatMap((mode) => inflights.map((inflight) => ({ mode, inflight })));

  const opcuaSeconds = intOption('opcua-seconds', values['opcua-seconds'], 0);
  const opcuaStations = intOption('opcua-stations', values['opcua-stations'], 1);
  const opcuaSamplingMs = intOption('opcua-sampling-ms', values['opcua-sampling-ms'], 1);
  const dir = values.dir ?? mkdtempSync(path.join(os.tmpdir(), 'aether-ingest-'));
  const runs: IngestResult[] = [];
  let opcua: OpcUaPathResult | undefined;
  const bare: { synchronous: SynchronousMode; samplesPerS: number }[] = [];
  let postgres: LocalPostgres | undefined;
  let postgresUrl = '';
  try {
    if (stores.includes('postgres')) {
      postgres = await startLocalPostgres({ fsync: true });
      const admin = new pg.Client({ connectionString: postgres.connectionString });
      await admin.connect();
      await admin.query('CREATE DATABASE ingest');
      await admin.end();
      postgresUrl = postgres.urlFor('ingest');
      console.error(`PostgreSQL ${postgres.version} on 127.0.0.1:${postgres.port} (fsync on)`);
    }
    for (let round = 0; round < rounds; round++) {
      for (const store of stores)
        for (const { mode, inflight } of configs) {
          const file = path.join(dir, `ingest-${mode}-${inflight}-${round}.db`);
          const schema = `ingest_${mode.toLowerCase()}_${inflight}_${round}`;
          const bar = progress(
            `ingest ${store} ${mode} inflight ${inflight} round ${round + 1}/${rounds}`,
            samples,
          );
          const r = await runIngest({
            file,
            target:
              store === 'sqlite'
                ? { kind: 'sqlite', file }
                : { kind: 'postgres', connectionString: postgresUrl, schema },
            samples,
            batch,
            series,
            synchronous: mode,
            inflight,
            seed,
            queries,
            bucketMs,
            onProgress: (d) => bar.tick(d),
          });
          bar.done(`${Math.round(r.samplesPerS)} samples/s`);
          if (r.readBack !== samples) throw new Error(`read back ${r.readBack} samples, wrote ${samples}`);
          runs.push(r);
          for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
          if (store === 'postgres') await dropSchema(postgresUrl, schema);
        }
      if (!values['no-baseline'] && stores.includes('sqlite')) {
        for (const mode of modes) {
          const file = path.join(dir, `bare-${mode}-${round}.db`);
          bare.push({
            synchronous: mode,
            samplesPerS: runBareSqlite({ file, samples, batch, series, seed, synchronous: mode }),
          });
          console.error(
            `bare better-sqlite3 ${mode} round ${round + 1}/${rounds}: ${Math.round(bare.at(-1)?.samplesPerS ?? 0)} samples/s`,
          );
          for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
        }
      }
    }
    if (opcuaSeconds > 0) {
      console.error(
        `OPC UA path: ${opcuaStations * 5} series at ${opcuaSamplingMs} ms for ${opcuaSeconds} s …`,
      );
      opcua = await runOpcUaPath({
        file: path.join(dir, 'opcua.db'),
        pkiDir: path.join(dir, 'pki'),
        stations: opcuaStations,
        seconds: opcuaSeconds,
        samplingMs: opcuaSamplingMs,
      });
    }
  } finally {
    postgres?.drop();
    if (values.dir === undefined) rmSync(dir, { recursive: true, force: true });
  }

  const med = (xs: number[]): number =>
    [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;
  const summary = stores.flatMap((store) =>
    configs.map(({ mode, inflight }) => {
      const rs = runs.filter((r) => r.store === store && r.synchronous === mode && r.inflight === inflight);
      return {
        store,
        synchronous: mode,
        inflight,
        samplesPerS: med(rs.map((r) => r.samplesPerS)),
        batchMsP50: med(rs.map((r) => r.batchMsP50)),
        batchMsP99: med(rs.map((r) => r.batchMsP99)),
        queryMsP50: med(rs.map((r) => r.queryMsP50)),
        queryMsP99: med(rs.map((r) => r.queryMsP99)),
        pointsPerChart: rs[0]?.pointsPerChart ?? 0,
        retentionMs: med(rs.map((r) => r.retentionMs)),
        rawFolded: rs[0]?.rawFolded ?? 0,
        meetsGoal: med(rs.map((r) => r.samplesPerS)) >= GOAL_SAMPLES_PER_S,
      };
    }),
  );
  const m = machineInfo();
  // The machines are shared: the load average says how much of the CPU this run really had.
  const load = os.loadavg().map((l) => Number(l.toFixed(1)));
  console.log(
    `\nB8 ingest: ${samples} samples, batches of ${batch}, ${series} series at 1 Hz, ${rounds} round(s), median per mode; ${m.cores} cores, load average ${load.join(' ')}`,
  );
  console.log(
    table(
      [
        'store',
        'synchronous',
        'in flight',
        'samples/s',
        'batch p50 ms',
        'batch p99 ms',
        'chart p50 ms',
        'chart p99 ms',
        'points',
        'retention ms',
        'folded',
        `≥ ${GOAL_SAMPLES_PER_S / 1000}k/s`,
      ],
      summary.map((s) => [
        s.store,
        s.synchronous,
        s.inflight,
        Math.round(s.samplesPerS),
        s.batchMsP50,
        s.batchMsP99,
        s.queryMsP50,
        s.queryMsP99,
        s.pointsPerChart,
        s.retentionMs,
        s.rawFolded,
        s.meetsGoal ? 'yes' : 'no',
      ]),
    ),
  );
  const bareSummary = modes
    .map((mode) => ({
      synchronous: mode,
      samplesPerS: med(bare.filter((b) => b.synchronous === mode).map((b) => b.samplesPerS)),
    }))
    .filter((b) => Number.isFinite(b.samplesPerS));
  for (const b of bareSummary) {
    const store = summary.find(
      (x) => x.store === 'sqlite' && x.synchronous === b.synchronous && x.inflight === 1,
    );
    const ratio =
      store === undefined ? '' : `; store / bare = ${(store.samplesPerS / b.samplesPerS).toFixed(2)}`;
    console.log(
      `bare better-sqlite3 loop, ${b.synchronous}, one transaction per batch: ${Math.round(b.samplesPerS)} samples/s${ratio}`,
    );
  }
  for (const store of stores) {
    const own = summary.filter((s) => s.store === store);
    const base = own[0];
    if (base === undefined) continue;
    for (const s of own.slice(1))
      console.log(
        `${store} ${s.synchronous}/${s.inflight} vs ${base.synchronous}/${base.inflight}: ${(s.samplesPerS / base.samplesPerS).toFixed(2)}× throughput`,
      );
  }
  if (stores.length === 2) {
    // Side by side: the same configuration on both stores in the same rounds.
    for (const p of summary.filter((s) => s.store === 'postgres')) {
      const q = summary.find(
        (s) => s.store === 'sqlite' && s.synchronous === p.synchronous && s.inflight === p.inflight,
      );
      if (q !== undefined)
        console.log(
          `postgres / sqlite, ${p.synchronous}/${p.inflight}: ${(p.samplesPerS / q.samplesPerS).toFixed(2)}× samples/s, chart p50 ${(p.queryMsP50 / q.queryMsP50).toFixed(2)}×`,
        );
    }
  }
  if (opcua !== undefined) {
    console.log(
      `\nOPC UA → subscription → SQLite (FULL): ${opcua.series} series sampled every ${opcuaSamplingMs} ms for ${opcuaSeconds} s`,
    );
    console.log(
      table(
        [
          'server start ms',
          'subscribe ms',
          'samples/s',
          'expected/s',
          'readings/batch',
          'sample→durable p50 ms',
          'p99 ms',
        ],
        [
          [
            opcua.serverStartMs,
            opcua.subscribeMs,
            opcua.samplesPerS,
            opcua.expectedPerS,
            opcua.meanBatch,
            opcua.latencyMsP50,
            opcua.latencyMsP99,
          ],
        ],
      ),
    );
  }
  const file = writeResult(
    'ingest',
    {
      samples,
      batch,
      series,
      rounds,
      stores,
      postgresVersion: postgres?.version,
      inflight: inflights,
      bucketMs,
      goalSamplesPerS: GOAL_SAMPLES_PER_S,
      loadAverage: load,
      summary,
      runs,
      bare: bareSummary,
      bareRuns: bare,
      opcua,
    },
    values.out,
  );
  console.log(`wrote ${file}`);
}

/** Frees the disk of a finished PostgreSQL run (its data is not needed after the measurements). */
async function dropSchema(url: string, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA ${schema} CASCADE`);
  } finally {
    await c.end();
  }
}

async function crashCampaign(
  kills: number,
  samples: number,
  batch: number,
  series: number,
  seed: number,
  dirOpt: string | undefined,
  out: string | undefined,
): Promise<void> {
  const dir = dirOpt ?? mkdtempSync(path.join(os.tmpdir(), 'aether-crash-'));
  try {
    const bar = progress('kill -9 campaign', kills);
    const r = await runCrashCampaign({
      file: path.join(dir, 'crash.db'),
      kills,
      total: samples,
      batch,
      series,
      inflight: 8,
      seed,
      onRound: (round, acked) => bar.tick(round + 1, `${acked * batch} acked`),
    });
    bar.done();
    const m = machineInfo();
    console.log(
      `\nkill -9 campaign: ${samples} samples, batches of ${batch}, ${series} series, synchronous FULL, 8 writes in flight; ${m.cores} cores`,
    );
    console.log(
      table(
        [
          'kills',
          'acked samples',
          'stored',
          'lost acked',
          'half batches',
          'duplicates',
          'order violations',
          'finished',
        ],
        [
          [
            r.kills,
            r.ackedSamples,
            r.storedSamples,
            r.lostAcknowledged,
            r.partialBatches,
            r.duplicates,
            r.orderViolations,
            r.finished ? 'yes' : 'no',
          ],
        ],
      ),
    );
    const pass =
      r.lostAcknowledged === 0 &&
      r.partialBatches === 0 &&
      r.duplicates === 0 &&
      r.orderViolations === 0 &&
      r.finished;
    console.log(pass ? 'PASS: 0 acknowledged samples lost' : 'FAIL');
    const file = writeResult('ingest-crash', { samples, batch, series, inflight: 8, ...r, pass }, out);
    console.log(`wrote ${file}`);
  } finally {
    if (dirOpt === undefined) rmSync(dir, { recursive: true, force: true });
  }
}
