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
import type pg from 'pg';
import {
  inTransaction,
  openStore,
  storageError,
  type PostgresOptions,
  type StorePool,
} from './connection.ts';
import { assertNoNul } from './text.ts';

/**
 * Schema, the same shape as the SQLite store's: a series dictionary (text id → integer) keeps sample
 * rows small; samples are keyed by (series_id, time), so a chart query is one index range scan and a
 * re-delivered sample is an upsert. Time is in the primary key of both data tables, so they can be
 * turned into `PARTITION BY RANGE (time)` tables (PostgreSQL requires the partition key in every
 * unique constraint) without changing a query; retention then can drop whole old partitions.
 */
const MIGRATIONS = [
  `CREATE TABLE {schema}.telemetry_series (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE);
   CREATE TABLE {schema}.telemetry_samples (
     series_id integer NOT NULL, time bigint NOT NULL, value double precision NOT NULL, quality smallint NOT NULL,
     PRIMARY KEY (series_id, time)
   );
   CREATE TABLE {schema}.telemetry_buckets (
     series_id integer NOT NULL, time bigint NOT NULL, bucket_ms bigint NOT NULL,
     sum double precision NOT NULL, min double precision NOT NULL, max double precision NOT NULL,
     count bigint NOT NULL, quality smallint NOT NULL,
     PRIMARY KEY (series_id, time)
   );`,
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

// Floor division also for negative times: the same grouping as `bucketStart` in core and the SQLite SQL.
const BUCKETED = (source: string, w: string): string => `
  SELECT time - (((time % ${w}) + ${w}) % ${w}) AS b,
    sum(sum) FILTER (WHERE quality < 2) AS us, sum(count) FILTER (WHERE quality < 2)::bigint AS uc,
    min(min) FILTER (WHERE quality < 2) AS umin, max(max) FILTER (WHERE quality < 2) AS umax,
    max(quality) FILTER (WHERE quality < 2) AS uq, max(quality) AS wq,
    sum(sum) AS s, sum(count)::bigint AS c, min(min) AS mn, max(max) AS mx
  FROM (${source}) AS src GROUP BY b ORDER BY b`;

interface Sql {
  upsert: string;
  addSeries: string;
  seriesByName: string;
  allSeries: string;
  raw: string;
  bucketed: string;
  latest: string;
  foldGroups: string;
  bucketsAt: string;
  putBuckets: string;
  deleteRaw: string;
  deleteBuckets: string;
}

function sqlFor(schema: string): Sql {
  const series = `${schema}.telemetry_series`;
  const samples = `${schema}.telemetry_samples`;
  const buckets = `${schema}.telemetry_buckets`;
  const rowsInRange = `
    SELECT time, 0 AS kind, sum, min, max, count, quality FROM ${buckets} WHERE series_id = $1 AND time >= $2 AND time < $3
    UNION ALL
    SELECT time, 1 AS kind, value, value, value, 1::bigint, quality FROM ${samples} WHERE series_id = $1 AND time >= $2 AND time < $3`;
  return {
    // One statement per batch: atomic on its own, so the hot path is one round trip.
    upsert: `INSERT INTO ${samples} (series_id, time, value, quality)
             SELECT * FROM unnest($1::int[], $2::bigint[], $3::float8[], $4::int2[])
             ON CONFLICT (series_id, time) DO UPDATE SET value = excluded.value, quality = excluded.quality`,
    addSeries: `INSERT INTO ${series} (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING`,
    seriesByName: `SELECT id, name FROM ${series} WHERE name = ANY($1::text[])`,
    allSeries: `SELECT id, name FROM ${series}`,
    raw: `SELECT * FROM (${rowsInRange}) AS r ORDER BY time, kind LIMIT $4`,
    bucketed: `${BUCKETED(rowsInRange, '$5::bigint')} LIMIT $4`,
    // The newest raw sample and the newest bucket of each series; the caller picks the later one.
    latest: `SELECT s.name, r.time AS rtime, r.value AS rvalue, r.quality AS rquality,
                    b.time AS btime, b.sum / b.count AS bvalue, b.quality AS bquality
             FROM ${series} s
             LEFT JOIN LATERAL (SELECT time, value, quality FROM ${samples} WHERE series_id = s.id ORDER BY time DESC LIMIT 1) r ON true
             LEFT JOIN LATERAL (SELECT time, sum, count, quality FROM ${buckets} WHERE series_id = s.id ORDER BY time DESC LIMIT 1) b ON true
             WHERE $1::text[] IS NULL OR s.name = ANY($1::text[])`,
    foldGroups: BUCKETED(
      `SELECT time, value AS sum, value AS min, value AS max, 1::bigint AS count, quality FROM ${samples} WHERE series_id = $1 AND time < $2`,
      '$3::bigint',
    ),
    bucketsAt: `SELECT time, sum, min, max, count, quality FROM ${buckets} WHERE series_id = $1 AND time = ANY($2::bigint[])`,
    putBuckets: `INSERT INTO ${buckets} (series_id, time, bucket_ms, sum, min, max, count, quality)
                 SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::float8[], $5::float8[], $6::float8[], $7::bigint[], $8::int2[])
                 ON CONFLICT (series_id, time) DO UPDATE SET bucket_ms = excluded.bucket_ms, sum = excluded.sum, min = excluded.min,
                   max = excluded.max, count = excluded.count, quality = excluded.quality`,
    deleteRaw: `DELETE FROM ${samples} WHERE series_id = $1 AND time < $2`,
    deleteBuckets: `DELETE FROM ${buckets} WHERE series_id = $1 AND time + bucket_ms <= $2`,
  };
}

/**
 * The TelemetryStore on PostgreSQL. A batch is validated first, then written with one upsert
 * statement (atomic: all or nothing); concurrent batches commit on their own connections and the
 * server groups their WAL flushes. Query, retention and latest() follow the contract in
 * `@aethercore/core` (`MemoryTelemetryStore` is the reference). Open with `await PostgresTelemetryStore.open(…)`.
 */
export class PostgresTelemetryStore implements TelemetryStore {
  readonly #sp: StorePool;
  readonly #sql: Sql;
  readonly #ids = new Map<string, number>();
  #closed = false;

  private constructor(sp: StorePool) {
    this.#sp = sp;
    this.#sql = sqlFor(sp.schema);
  }

  /** Connects, applies the schema migrations (idempotent) and returns the store. */
  static async open(opts: PostgresOptions): Promise<PostgresTelemetryStore> {
    const store = new PostgresTelemetryStore(await openStore(opts, 'telemetry', MIGRATIONS));
    try {
      await store.#reloadSeries();
    } catch (e) {
      await store.close();
      throw storageError('postgres.open-failed', 'reading the series dictionary failed', e);
    }
    return store;
  }

  async write(readings: readonly Reading[]): Promise<void> {
    this.#open();
    assertValidReadings(readings);
    if (readings.length === 0) return;
    readings.forEach((r, i) => assertNoNul(r.seriesId, 'telemetry.reading-invalid', `readings[${i}]`));
    const missing = [...new Set(readings.filter((r) => !this.#ids.has(r.seriesId)).map((r) => r.seriesId))];
    try {
      if (missing.length === 0) {
        await this.#sp.pool.query({
          name: `${this.#sp.schema}.upsert`,
          text: this.#sql.upsert,
          values: this.#columns(readings, this.#ids),
        });
        return;
      }
      // New series: register them in the same transaction as the samples, so a failed batch leaves
      // no empty series behind. ON CONFLICT DO NOTHING + a fresh SELECT also picks up ids another
      // store instance added concurrently (READ COMMITTED sees its commit once it is done).
      const added = await inTransaction(this.#sp.pool, async (c) => {
        await c.query(this.#sql.addSeries, [missing]);
        const ids = new Map(this.#ids);
        for (const row of (await c.query<{ id: number; name: string }>(this.#sql.seriesByName, [missing]))
          .rows)
          ids.set(row.name, row.id);
        await c.query(this.#sql.upsert, this.#columns(readings, ids));
        return ids;
      });
      for (const name of missing) {
        const id = added.get(name);
        if (id !== undefined) this.#ids.set(name, id);
      }
    } catch (e) {
      throw storageError('telemetry.write-failed', 'writing telemetry failed', e);
    }
  }

  /**
   * The batch as four column arrays for `unnest`, one row per (series, time): a later reading of the
   * same sample wins, as it would row by row (ON CONFLICT cannot touch one row twice in a statement).
   * Rows go in key order, so concurrent batches lock the same keys in the same order (no deadlocks).
   */
  #columns(
    readings: readonly Reading[],
    ids: ReadonlyMap<string, number>,
  ): [number[], number[], number[], number[]] {
    const rows: { id: number; time: number; value: number; q: number; i: number }[] = [];
    readings.forEach((r, i) => {
      const id = ids.get(r.seriesId);
      if (id === undefined) throw new Error(`series ${r.seriesId} has no id`);
      // −0 is stored as 0, as every SQL store does (the contract's model says so).
      rows.push({ id, time: r.sourceTime, value: r.value === 0 ? 0 : r.value, q: Q_CODE[r.quality], i });
    });
    rows.sort((a, b) => a.id - b.id || a.time - b.time || a.i - b.i);
    const out: [number[], number[], number[], number[]] = [[], [], [], []];
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k]!;
      const next = rows[k + 1];
      if (next !== undefined && next.id === row.id && next.time === row.time) continue;
      out[0].push(row.id);
      out[1].push(row.time);
      out[2].push(row.value);
      out[3].push(row.q);
    }
    return out;
  }

  async query(q: TelemetryQuery): Promise<readonly SeriesPoint[]> {
    this.#open();
    assertValidTelemetryQuery(q);
    try {
      const id = await this.#idOf(q.seriesId);
      if (id === undefined || q.limit === 0) return [];
      // The hot statements are named: prepared once per connection, not parsed and planned per call.
      // Integer times: t ≥ from ⇔ t ≥ ⌈from⌉ and t < to ⇔ t < ⌈to⌉; ±Infinity become the extreme safe integers.
      const params: unknown[] = [
        id,
        clampTime(Math.ceil(q.from)),
        clampTime(Math.ceil(q.to)),
        q.limit ?? null,
      ];
      if (q.bucketMs === undefined) {
        const r = await this.#sp.pool.query<PointRow>({
          name: `${this.#sp.schema}.raw`,
          text: this.#sql.raw,
          values: params,
        });
        return r.rows.map((row) => ({
          time: row.time,
          value: row.sum / row.count,
          min: row.min,
          max: row.max,
          count: row.count,
          quality: qualityOf(row.quality),
        }));
      }
      const r = await this.#sp.pool.query<BucketRow>({
        name: `${this.#sp.schema}.bucketed`,
        text: this.#sql.bucketed,
        values: [...params, q.bucketMs],
      });
      return r.rows.map((row) => {
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
    } catch (e) {
      throw storageError('telemetry.query-failed', 'querying telemetry failed', e);
    }
  }

  async latest(seriesIds?: readonly string[]): Promise<readonly Reading[]> {
    this.#open();
    if (seriesIds !== undefined && seriesIds.length === 0) return [];
    interface LatestRow {
      name: string;
      rtime: number | null;
      rvalue: number | null;
      rquality: number | null;
      btime: number | null;
      bvalue: number | null;
      bquality: number | null;
    }
    let rows: LatestRow[];
    try {
      const names =
        seriesIds === undefined
          ? null
          : seriesIds.filter((s) => typeof s === 'string' && !s.includes('\u0000'));
      rows = (await this.#sp.pool.query<LatestRow>(this.#sql.latest, [names])).rows;
    } catch (e) {
      throw storageError('telemetry.query-failed', 'reading the latest values failed', e);
    }
    const byName = new Map<string, Reading>();
    for (const row of rows) {
      const useRaw = row.rtime !== null && (row.btime === null || row.rtime >= row.btime);
      if (useRaw)
        byName.set(row.name, {
          seriesId: row.name,
          value: row.rvalue ?? 0,
          quality: qualityOf(row.rquality ?? 2),
          sourceTime: row.rtime ?? 0,
        });
      else if (row.btime !== null)
        byName.set(row.name, {
          seriesId: row.name,
          value: row.bvalue ?? 0,
          quality: qualityOf(row.bquality ?? 2),
          sourceTime: row.btime,
        });
    }
    const order = seriesIds ?? [...byName.keys()].sort();
    return order.flatMap((name) => {
      const r = byName.get(name);
      return r === undefined ? [] : [r];
    });
  }

  async seriesIds(): Promise<readonly string[]> {
    this.#open();
    try {
      await this.#reloadSeries();
    } catch (e) {
      throw storageError('telemetry.query-failed', 'reading the series ids failed', e);
    }
    return [...this.#ids.keys()].sort();
  }

  async applyRetention(policy: RetentionPolicy, now: number): Promise<RetentionReport> {
    this.#open();
    assertValidRetentionPolicy(policy, now);
    const w = policy.downsampleBucketMs;
    // Fold whole buckets only: a bucket is folded once all of it is older than rawMaxAgeMs.
    const foldBefore = bucketStart(now - policy.rawMaxAgeMs, w);
    const dropBefore = now - policy.downsampledMaxAgeMs;
    const total = { rawDeleted: 0, bucketsWritten: 0, bucketsDeleted: 0 };
    try {
      await this.#reloadSeries();
      // One REPEATABLE READ transaction per series: the fold and the DELETE see the same snapshot, so a
      // sample a writer commits meanwhile is neither folded nor deleted (it stays raw until the next run),
      // and a concurrent update of a folded sample aborts the fold (40001), which is then run again.
      for (const id of this.#ids.values()) {
        const r = await inTransaction(
          this.#sp.pool,
          (c) => this.#foldSeries(c, id, w, foldBefore, dropBefore),
          'REPEATABLE READ',
        );
        total.rawDeleted += r.rawDeleted;
        total.bucketsWritten += r.bucketsWritten;
        total.bucketsDeleted += r.bucketsDeleted;
      }
    } catch (e) {
      throw storageError('telemetry.retention-failed', 'applying the retention policy failed', e);
    }
    return total;
  }

  async #foldSeries(
    c: pg.PoolClient,
    id: number,
    w: number,
    foldBefore: number,
    dropBefore: number,
  ): Promise<RetentionReport> {
    const groups = (await c.query<BucketRow>(this.#sql.foldGroups, [id, foldBefore, w])).rows;
    let bucketsWritten = 0;
    if (groups.length > 0) {
      const old = new Map<number, PointRow>();
      for (const row of (await c.query<PointRow>(this.#sql.bucketsAt, [id, groups.map((g) => g.b)])).rows)
        old.set(row.time, row);
      const cols: [number[], number[], number[], number[], number[], number[], number[]] = [
        [],
        [],
        [],
        [],
        [],
        [],
        [],
      ];
      for (const g of groups) {
        const fresh = aggregateOf(g);
        const before = old.get(g.b);
        // mergeAggregates (core) is the one definition of how partial buckets combine.
        const a = before === undefined ? fresh : mergeAggregates(storedAggregate(before), fresh);
        cols[0].push(g.b);
        cols[1].push(w);
        cols[2].push(a.sum);
        cols[3].push(a.min);
        cols[4].push(a.max);
        cols[5].push(a.count);
        cols[6].push(Q_CODE[a.quality]);
      }
      await c.query(this.#sql.putBuckets, [id, ...cols]);
      bucketsWritten = groups.length;
    }
    const rawDeleted = (await c.query(this.#sql.deleteRaw, [id, foldBefore])).rowCount ?? 0;
    const bucketsDeleted = (await c.query(this.#sql.deleteBuckets, [id, dropBefore])).rowCount ?? 0;
    return { rawDeleted, bucketsWritten, bucketsDeleted };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#sp.owned) await this.#sp.pool.end();
  }

  /** The series dictionary is shared by every instance on the schema: pick up ids others added. */
  async #reloadSeries(): Promise<void> {
    const r = await this.#sp.pool.query<{ id: number; name: string }>(this.#sql.allSeries);
    for (const row of r.rows) this.#ids.set(row.name, row.id);
  }

  async #idOf(name: string): Promise<number | undefined> {
    let id = this.#ids.get(name);
    if (id === undefined && !name.includes('\u0000')) {
      id = (await this.#sp.pool.query<{ id: number; name: string }>(this.#sql.seriesByName, [[name]])).rows[0]
        ?.id;
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

function clampTime(t: number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(Number.MIN_SAFE_INTEGER, t));
}
