import {
  AetherError,
  assertValidReadings,
  assertValidRetentionPolicy,
  assertValidTelemetryQuery,
  bucketStart,
  mergeAggregates,
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
import {
  MIGRATIONS,
  Q_CODE,
  aggregateOf,
  qualityOf,
  sqlFor,
  storedAggregate,
  type BucketRow,
  type PointRow,
  type Sql,
} from './telemetry-schema.ts';

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

function clampTime(t: number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(Number.MIN_SAFE_INTEGER, t));
}
