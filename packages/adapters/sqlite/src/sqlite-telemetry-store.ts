import {
  AetherError,
  assertValidReadings,
  assertValidRetentionPolicy,
  assertValidTelemetryQuery,
  bucketStart,
  mergeAggregates,
  type BucketAggregate,
  type Quality,
  type Reading,
  type RetentionPolicy,
  type RetentionReport,
  type SeriesPoint,
  type TelemetryQuery,
  type TelemetryStore,
} from '@aethercore/core';
import { setImmediate } from 'node:timers';
import type { Statement } from 'better-sqlite3';
import {
  attempt,
  migrate,
  openDatabase,
  storageError,
  type Db,
  type SqliteOptions,
} from './open-database.ts';

/**
 * Schema: a series dictionary (text id → integer) keeps the sample rows small; samples are keyed by
 * (series_id, time) in a WITHOUT ROWID table, so a series' time range is one contiguous B-tree scan
 * and a re-delivered sample replaces the old one. Downsampled buckets live in their own table.
 */
const MIGRATIONS = [
  `CREATE TABLE telemetry_series (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
   CREATE TABLE telemetry_samples (
     series_id INTEGER NOT NULL, time INTEGER NOT NULL, value REAL NOT NULL, quality INTEGER NOT NULL,
     PRIMARY KEY (series_id, time)
   ) WITHOUT ROWID;
   CREATE TABLE telemetry_buckets (
     series_id INTEGER NOT NULL, time INTEGER NOT NULL, bucket_ms INTEGER NOT NULL,
     sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, count INTEGER NOT NULL, quality INTEGER NOT NULL,
     PRIMARY KEY (series_id, time)
   ) WITHOUT ROWID;`,
];

const Q_CODE: Readonly<Record<Quality, number>> = { good: 0, uncertain: 1, bad: 2 };
const Q_NAME: readonly Quality[] = ['good', 'uncertain', 'bad'];
const qualityOf = (code: number): Quality => Q_NAME[code] ?? 'bad';

interface PointRow {
  time: number;
  sum: number;
  min: number;
  max: number;
  count: number;
  quality: number;
}

/** Per bucket: the aggregate over usable (non-bad) rows and over all rows; see `mergeAggregates`. */
interface BucketRow {
  b: number;
  us: number | null;
  uc: number | null;
  umin: number | null;
  umax: number | null;
  uq: number | null;
  wq: number;
  s: number;
  c: number;
  mn: number;
  mx: number;
}

const ROWS_IN_RANGE = `
  SELECT time, 0 AS kind, sum, min, max, count, quality FROM telemetry_buckets WHERE series_id = :id AND time >= :from AND time < :to
  UNION ALL
  SELECT time, 1 AS kind, value AS sum, value AS min, value AS max, 1 AS count, quality FROM telemetry_samples WHERE series_id = :id AND time >= :from AND time < :to`;

// Floor division also for negative times; the same grouping as `bucketStart` in core.
const BUCKETED = (source: string): string => `
  SELECT time - (((time % :w) + :w) % :w) AS b,
    SUM(CASE WHEN quality < 2 THEN sum END) AS us, SUM(CASE WHEN quality < 2 THEN count END) AS uc,
    MIN(CASE WHEN quality < 2 THEN min END) AS umin, MAX(CASE WHEN quality < 2 THEN max END) AS umax,
    MAX(CASE WHEN quality < 2 THEN quality END) AS uq, MAX(quality) AS wq,
    SUM(sum) AS s, SUM(count) AS c, MIN(min) AS mn, MAX(max) AS mx
  FROM (${source}) GROUP BY b ORDER BY b`;

/**
 * The TelemetryStore on SQLite (WAL). One transaction per `write` batch with a prepared upsert; the
 * batch is validated first, so a bad sample stores nothing. Query, retention and latest() follow the
 * contract in `@aethercore/core` (`MemoryTelemetryStore` is the reference).
 */
export class SqliteTelemetryStore implements TelemetryStore {
  readonly #db: Db;
  readonly #ids = new Map<string, number>();
  readonly #st: {
    insertSeries: Statement<[string], { id: number }>;
    seriesByName: Statement<[string], { id: number }>;
    allSeries: Statement<[], { id: number; name: string }>;
    upsert: Statement<[number, number, number, number]>;
    raw: Statement<Record<string, number>, PointRow & { kind: number }>;
    bucketed: Statement<Record<string, number>, BucketRow>;
    latestRaw: Statement<[number], PointRow>;
    latestBucket: Statement<[number], PointRow>;
    foldGroups: Statement<Record<string, number>, BucketRow>;
    bucketAt: Statement<[number, number], PointRow>;
    putBucket: Statement<[number, number, number, number, number, number, number, number]>;
    deleteRaw: Statement<[number, number]>;
    deleteBuckets: Statement<[number, number]>;
  };
  #pending: { readings: readonly Reading[]; resolve: () => void; reject: (e: Error) => void }[] = [];
  #closed = false;

  constructor(opts: SqliteOptions) {
    this.#db = openDatabase(opts);
    try {
      migrate(this.#db, 'telemetry', MIGRATIONS);
      const db = this.#db;
      this.#st = {
        // Another store instance (a CLI beside the server) may have added the series: then read its id.
        insertSeries: db.prepare(
          'INSERT INTO telemetry_series (name) VALUES (?) ON CONFLICT (name) DO NOTHING RETURNING id',
        ),
        seriesByName: db.prepare('SELECT id FROM telemetry_series WHERE name = ?'),
        allSeries: db.prepare('SELECT id, name FROM telemetry_series'),
        upsert: db.prepare(
          'INSERT INTO telemetry_samples (series_id, time, value, quality) VALUES (?, ?, ?, ?) ON CONFLICT (series_id, time) DO UPDATE SET value = excluded.value, quality = excluded.quality',
        ),
        raw: db.prepare(`SELECT * FROM (${ROWS_IN_RANGE}) ORDER BY time, kind LIMIT :limit`),
        bucketed: db.prepare(`${BUCKETED(ROWS_IN_RANGE)} LIMIT :limit`),
        latestRaw: db.prepare(
          'SELECT time, value AS sum, value AS min, value AS max, 1 AS count, quality FROM telemetry_samples WHERE series_id = ? ORDER BY time DESC LIMIT 1',
        ),
        latestBucket: db.prepare(
          'SELECT time, sum, min, max, count, quality FROM telemetry_buckets WHERE series_id = ? ORDER BY time DESC LIMIT 1',
        ),
        foldGroups: db.prepare(
          BUCKETED(
            'SELECT time, value AS sum, value AS min, value AS max, 1 AS count, quality FROM telemetry_samples WHERE series_id = :id AND time < :before',
          ),
        ),
        bucketAt: db.prepare(
          'SELECT time, sum, min, max, count, quality FROM telemetry_buckets WHERE series_id = ? AND time = ?',
        ),
        putBucket: db.prepare(
          'INSERT OR REPLACE INTO telemetry_buckets (series_id, time, bucket_ms, sum, min, max, count, quality) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        ),
        deleteRaw: db.prepare('DELETE FROM telemetry_samples WHERE series_id = ? AND time < ?'),
        deleteBuckets: db.prepare(
          'DELETE FROM telemetry_buckets WHERE series_id = ? AND time + bucket_ms <= ?',
        ),
      };
      this.#reloadSeries();
    } catch (e) {
      this.#db.close();
      throw e;
    }
  }

  /**
   * Group commit: batches written in the same turn of the event loop share one transaction and one
   * fsync, and each promise resolves after that commit. A batch is validated on its own before it is
   * queued, so a bad batch is rejected alone; a storage failure rejects every batch of the group and
   * stores none of them (each batch stays all-or-nothing).
   */
  write(readings: readonly Reading[]): Promise<void> {
    try {
      this.#open();
      assertValidReadings(readings);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    if (readings.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ readings, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => this.#flush());
    });
  }

  /** Commits every queued batch in one IMMEDIATE transaction (reads call it first: read-your-writes). */
  #flush(): void {
    const group = this.#pending.splice(0);
    if (group.length === 0) return;
    const added: string[] = [];
    const { insertSeries, seriesByName, upsert } = this.#st;
    const run = this.#db.transaction(() => {
      for (const { readings } of group) {
        for (const r of readings) {
          let id = this.#ids.get(r.seriesId);
          if (id === undefined) {
            id = (insertSeries.get(r.seriesId) ?? seriesByName.get(r.seriesId))?.id;
            if (id === undefined) throw new Error(`series ${r.seriesId} could not be registered`);
            this.#ids.set(r.seriesId, id);
            added.push(r.seriesId);
          }
          upsert.run(id, r.sourceTime, r.value, Q_CODE[r.quality]);
        }
      }
    });
    try {
      run.immediate();
    } catch (e) {
      // The transaction rolled back: forget the series ids it would have created.
      for (const name of added) this.#ids.delete(name);
      const err = storageError('telemetry.write-failed', 'writing telemetry failed', e);
      for (const g of group) g.reject(err);
      return;
    }
    for (const g of group) g.resolve();
  }

  query(q: TelemetryQuery): Promise<readonly SeriesPoint[]> {
    return attempt(() => {
      this.#open();
      this.#flush();
      assertValidTelemetryQuery(q);
      const id = this.#idOf(q.seriesId);
      if (id === undefined || q.limit === 0) return [];
      const params = { id, from: clampTime(q.from), to: clampTime(q.to), limit: q.limit ?? -1 };
      if (q.bucketMs === undefined) {
        return this.#st.raw.all(params).map((r) => ({
          time: r.time,
          value: r.sum / r.count,
          min: r.min,
          max: r.max,
          count: r.count,
          quality: qualityOf(r.quality),
        }));
      }
      return this.#st.bucketed.all({ ...params, w: q.bucketMs }).map((row) => {
        const a = aggregateOf(row);
        return {
          time: row.b,
          value: a.sum / a.count,
          min: a.min,
          max: a.max,
          count: a.count,
          quality: a.quality,
        };
      });
    });
  }

  latest(seriesIds?: readonly string[]): Promise<readonly Reading[]> {
    return attempt(() => {
      this.#open();
      this.#flush();
      if (seriesIds === undefined) this.#reloadSeries();
      const ids = seriesIds ?? [...this.#ids.keys()].sort();
      const out: Reading[] = [];
      for (const name of ids) {
        const id = this.#idOf(name);
        if (id === undefined) continue;
        const raw = this.#st.latestRaw.get(id);
        const bucket = this.#st.latestBucket.get(id);
        const row = raw !== undefined && (bucket === undefined || raw.time >= bucket.time) ? raw : bucket;
        if (row !== undefined)
          out.push({
            seriesId: name,
            value: row.sum / row.count,
            quality: qualityOf(row.quality),
            sourceTime: row.time,
          });
      }
      return out;
    });
  }

  seriesIds(): Promise<readonly string[]> {
    return attempt(() => {
      this.#open();
      this.#flush();
      this.#reloadSeries();
      return [...this.#ids.keys()].sort();
    });
  }

  applyRetention(policy: RetentionPolicy, now: number): Promise<RetentionReport> {
    return attempt(() => {
      this.#open();
      this.#flush();
      assertValidRetentionPolicy(policy, now);
      const w = policy.downsampleBucketMs;
      // Fold whole buckets only: a bucket is folded once all of it is older than rawMaxAgeMs.
      const foldBefore = bucketStart(now - policy.rawMaxAgeMs, w);
      const dropBefore = now - policy.downsampledMaxAgeMs;
      const st = this.#st;
      // One transaction per series: each series is folded atomically (its raw rows leave in the same
      // commit that writes their buckets), and writers are never locked out for the whole store.
      const foldSeries = this.#db.transaction((id: number): RetentionReport => {
        let bucketsWritten = 0;
        for (const row of st.foldGroups.all({ id, before: foldBefore, w })) {
          const fresh = aggregateOf(row);
          const old = st.bucketAt.get(id, row.b);
          const a = old === undefined ? fresh : mergeAggregates(storedAggregate(old), fresh);
          st.putBucket.run(id, row.b, w, a.sum, a.min, a.max, a.count, Q_CODE[a.quality]);
          bucketsWritten++;
        }
        const rawDeleted = st.deleteRaw.run(id, foldBefore).changes;
        const bucketsDeleted = st.deleteBuckets.run(id, dropBefore).changes;
        return { rawDeleted, bucketsWritten, bucketsDeleted };
      });
      const total = { rawDeleted: 0, bucketsWritten: 0, bucketsDeleted: 0 };
      this.#reloadSeries();
      for (const id of this.#ids.values()) {
        let r: RetentionReport;
        try {
          r = foldSeries.immediate(id);
        } catch (e) {
          throw storageError('telemetry.retention-failed', 'applying the retention policy failed', e);
        }
        total.rawDeleted += r.rawDeleted;
        total.bucketsWritten += r.bucketsWritten;
        total.bucketsDeleted += r.bucketsDeleted;
      }
      return total;
    });
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#flush();
      this.#closed = true;
      this.#db.close();
    }
    return Promise.resolve();
  }

  /** The series dictionary is shared by every instance on the file: pick up ids others added. */
  #reloadSeries(): void {
    for (const row of this.#st.allSeries.all()) this.#ids.set(row.name, row.id);
  }

  #idOf(name: string): number | undefined {
    let id = this.#ids.get(name);
    if (id === undefined) {
      id = this.#st.seriesByName.get(name)?.id;
      if (id !== undefined) this.#ids.set(name, id);
    }
    return id;
  }

  #open(): void {
    if (this.#closed) {
      throw new AetherError({
        code: 'telemetry.closed',
        message: 'the telemetry store is closed',
        hint: 'open a new store',
        kind: 'unavailable',
        category: 'system',
      });
    }
  }
}

/** The bucket's aggregate: over usable rows when there are any (uncertain if bad ones were dropped), else over all. */
function aggregateOf(row: BucketRow): BucketAggregate {
  if (row.uc !== null && row.uc > 0 && row.us !== null && row.umin !== null && row.umax !== null) {
    const quality: Quality = row.uq === 0 && row.wq < 2 ? 'good' : 'uncertain';
    return { sum: row.us, min: row.umin, max: row.umax, count: row.uc, quality };
  }
  return { sum: row.s, min: row.mn, max: row.mx, count: row.c, quality: 'bad' };
}

function storedAggregate(r: PointRow): BucketAggregate {
  return { sum: r.sum, min: r.min, max: r.max, count: r.count, quality: qualityOf(r.quality) };
}

/** ±Infinity bounds (open ranges) become the extreme safe integers SQLite compares as integers. */
function clampTime(t: number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(Number.MIN_SAFE_INTEGER, t));
}
