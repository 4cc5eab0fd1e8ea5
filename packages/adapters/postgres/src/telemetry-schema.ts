import type { BucketAggregate, Quality } from '@aethercore/core';

// Tables and SQL of the PostgreSQL telemetry store, and the row → aggregate mapping (one concept: its schema).

/**
 * Schema, the same shape as the SQLite store's: a series dictionary (text id → integer) keeps sample
 * rows small; samples are keyed by (series_id, time), so a chart query is one index range scan and a
 * re-delivered sample is an upsert. Time is in the primary key of both data tables, so they can be
 * turned into `PARTITION BY RANGE (time)` tables (PostgreSQL requires the partition key in every
 * unique constraint) without changing a query; retention then can drop whole old partitions.
 */
export const MIGRATIONS = [
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

export const Q_CODE: Readonly<Record<Quality, number>> = { good: 0, uncertain: 1, bad: 2 };
const Q_NAME: readonly Quality[] = ['good', 'uncertain', 'bad'];
export const qualityOf = (code: number): Quality => Q_NAME[code] ?? 'bad';

export interface PointRow {
  time: number;
  sum: number;
  min: number;
  max: number;
  count: number;
  quality: number;
}

/** Per bucket: the aggregate over usable (non-bad) rows and over all rows; see `mergeAggregates`. */
export interface BucketRow {
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

export interface Sql {
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

export function sqlFor(schema: string): Sql {
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

/** The bucket's aggregate: over usable rows when there are any (uncertain if bad ones were dropped), else over all. */
export function aggregateOf(row: BucketRow): BucketAggregate {
  if (row.uc !== null && row.uc > 0 && row.us !== null && row.umin !== null && row.umax !== null) {
    const quality: Quality = row.uq === 0 && row.wq < 2 ? 'good' : 'uncertain';
    return { sum: row.us, min: row.umin, max: row.umax, count: row.uc, quality };
  }
  return { sum: row.s, min: row.mn, max: row.mx, count: row.c, quality: 'bad' };
}

export function storedAggregate(r: PointRow): BucketAggregate {
  return { sum: r.sum, min: r.min, max: r.max, count: r.count, quality: qualityOf(r.quality) };
}
