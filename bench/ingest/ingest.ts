// B8 ingest core: durable samples/s into a telemetry store (SQLite, or PostgreSQL with --store), and
// chart-query latency. Kept apart from main.ts so the smoke test can call it on tiny data.
import { createRandom, type Reading, type TelemetryStore } from '@aethercore/core';
import { SqliteTelemetryStore, type SynchronousMode } from '@aethercore/adapter-sqlite';
import { PostgresTelemetryStore } from '@aethercore/adapter-postgres';
import { quantile } from '../lib/stats.ts';
import Database from 'better-sqlite3';

/**
 * Where the samples go. SQLite: a fresh file. PostgreSQL: a fresh schema in a running server; the
 * synchronous mode maps to `synchronous_commit` (FULL → on: the WAL is flushed before the commit is
 * acknowledged; NORMAL → off: a crash may lose the last commits, never corrupts), as SQLite's does.
 */
export type IngestTarget =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema: string };

export interface IngestOptions {
  /** SQLite file (when `target` is not given). */
  readonly file: string;
  readonly target?: IngestTarget;
  readonly samples: number;
  readonly batch: number;
  readonly series: number;
  readonly synchronous: SynchronousMode;
  /** Writes in flight at once (1 = wait for each commit before the next write; more = group commit). */
  readonly inflight: number;
  readonly seed: number;
  /** Chart queries to time after ingest (1-hour window, `bucketMs` buckets, one series each). */
  readonly queries: number;
  readonly bucketMs: number;
  readonly onProgress?: (done: number) => void;
}

export interface IngestResult {
  readonly store: IngestTarget['kind'];
  readonly synchronous: SynchronousMode;
  readonly inflight: number;
  readonly samples: number;
  readonly batches: number;
  readonly seconds: number;
  readonly samplesPerS: number;
  readonly batchMsP50: number;
  readonly batchMsP99: number;
  readonly queryMsP50: number;
  readonly queryMsP99: number;
  readonly pointsPerChart: number;
  /** Samples the store returns for the whole time range, summed over series: must equal `samples`. */
  readonly readBack: number;
  /** One retention pass folding the older half of the data into 1-minute buckets. */
  readonly retentionMs: number;
  readonly rawFolded: number;
}

export const T0 = 1_699_999_200_000; // 2023-11-14T22:00Z, hour-aligned

/**
 * `series` sensors at 1 Hz, written in batches of `batch` readings (all sensors of a second, then the
 * next second), as an OPC UA subscription delivers them. Each `write` resolves after the commit; with
 * `inflight` > 1 the producer does not wait for one commit before sending the next batch, and the
 * store's group commit puts the waiting batches into one transaction (one fsync).
 */
export function makeBatches(o: Pick<IngestOptions, 'samples' | 'batch' | 'series' | 'seed'>): Reading[][] {
  const rnd = createRandom(o.seed);
  const level = Array.from({ length: o.series }, () => 20 + rnd.next() * 60);
  const batches: Reading[][] = [];
  let cur: Reading[] = [];
  for (let i = 0; i < o.samples; i++) {
    const s = i % o.series;
    const sec = Math.floor(i / o.series);
    const v = (level[s] ?? 0) + rnd.normal() * 0.5;
    level[s] = v;
    cur.push({
      seriesId: `wh4/L1/S${String(s).padStart(3, '0')}/temperatureC`,
      value: v,
      quality: rnd.next() < 0.001 ? 'bad' : 'good',
      sourceTime: T0 + sec * 1000,
    });
    if (cur.length === o.batch) {
      batches.push(cur);
      cur = [];
    }
  }
  if (cur.length > 0) batches.push(cur);
  return batches;
}

export async function runIngest(o: IngestOptions): Promise<IngestResult> {
  const batches = makeBatches(o);
  const target = o.target ?? { kind: 'sqlite', file: o.file };
  const store: TelemetryStore =
    target.kind === 'sqlite'
      ? new SqliteTelemetryStore({ file: target.file, synchronous: o.synchronous })
      : await PostgresTelemetryStore.open({
          connectionString: withSynchronousCommit(target.connectionString, o.synchronous),
          schema: target.schema,
          // One connection per write in flight: concurrent commits share the server's WAL flushes.
          maxConnections: Math.max(2, o.inflight),
        });
  try {
    const batchMs: number[] = [];
    const start = performance.now();
    let done = 0;
    const inflight = new Set<Promise<void>>();
    for (const b of batches) {
      const t = performance.now();
      const p: Promise<void> = store.write(b).then(() => {
        batchMs.push(performance.now() - t);
        done += b.length;
        o.onProgress?.(done);
        inflight.delete(p);
      });
      inflight.add(p);
      if (inflight.size >= o.inflight) await Promise.race(inflight);
    }
    await Promise.all(inflight);
    const seconds = (performance.now() - start) / 1000;

    const ids = await store.seriesIds();
    const spanMs = Math.ceil(o.samples / o.series) * 1000;
    let readBack = 0;
    for (const id of ids) {
      readBack += (await store.query({ seriesId: id, from: T0, to: T0 + spanMs })).length;
    }

    // A dashboard chart: one series, one hour, `bucketMs` buckets, at a random hour of the data.
    const rnd = createRandom(o.seed + 1);
    const hours = Math.max(1, Math.floor(spanMs / 3_600_000));
    const queryMs: number[] = [];
    let points = 0;
    for (let q = 0; q < o.queries; q++) {
      const id = ids[rnd.int(0, ids.length - 1)] ?? '';
      const from = T0 + rnd.int(0, hours - 1) * 3_600_000;
      const t = performance.now();
      const pts = await store.query({ seriesId: id, from, to: from + 3_600_000, bucketMs: o.bucketMs });
      queryMs.push(performance.now() - t);
      points = Math.max(points, pts.length);
    }
    // Retention: the older half of the span becomes 1-minute buckets.
    const tr = performance.now();
    const report = await store.applyRetention(
      {
        rawMaxAgeMs: Math.max(60_000, Math.floor(spanMs / 2)),
        downsampleBucketMs: 60_000,
        downsampledMaxAgeMs: 365 * 86_400_000,
      },
      T0 + spanMs,
    );
    const retentionMs = performance.now() - tr;
    return {
      store: target.kind,
      retentionMs,
      rawFolded: report.rawDeleted,
      synchronous: o.synchronous,
      inflight: o.inflight,
      samples: o.samples,
      batches: batches.length,
      seconds,
      samplesPerS: o.samples / seconds,
      batchMsP50: quantile(batchMs, 0.5),
      batchMsP99: quantile(batchMs, 0.99),
      queryMsP50: quantile(queryMs, 0.5),
      queryMsP99: quantile(queryMs, 0.99),
      pointsPerChart: points,
      readBack,
    };
  } finally {
    await store.close();
  }
}

/** Sets `synchronous_commit` for every connection of the store through the libpq `options` parameter. */
export function withSynchronousCommit(connectionString: string, mode: SynchronousMode): string {
  const url = new URL(connectionString);
  url.searchParams.set('options', `-c synchronous_commit=${mode === 'FULL' ? 'on' : 'off'}`);
  return url.toString();
}

/**
 * The floor to compare with: a bare better-sqlite3 loop with the store's table and upsert, one
 * transaction per batch, no validation, no series dictionary, no promises. What the store adds is the
 * difference between the two in the same run.
 */
export function runBareSqlite(
  o: Pick<IngestOptions, 'file' | 'samples' | 'batch' | 'series' | 'seed' | 'synchronous'>,
): number {
  const batches = makeBatches(o);
  const db = new Database(o.file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${o.synchronous}`);
    db.pragma('cache_size = -32768');
    db.exec(
      'CREATE TABLE s (series_id INTEGER NOT NULL, time INTEGER NOT NULL, value REAL NOT NULL, quality INTEGER NOT NULL, PRIMARY KEY (series_id, time)) WITHOUT ROWID',
    );
    const st = db.prepare(
      'INSERT INTO s VALUES (?, ?, ?, ?) ON CONFLICT (series_id, time) DO UPDATE SET value = excluded.value, quality = excluded.quality',
    );
    const ids = new Map<string, number>();
    const q = { good: 0, uncertain: 1, bad: 2 } as const;
    const start = performance.now();
    for (const b of batches) {
      db.transaction(() => {
        for (const r of b) {
          let id = ids.get(r.seriesId);
          if (id === undefined) {
            id = ids.size;
            ids.set(r.seriesId, id);
          }
          st.run(id, r.sourceTime, r.value, q[r.quality]);
        }
      }).immediate();
    }
    return o.samples / ((performance.now() - start) / 1000);
  } finally {
    db.close();
  }
}
