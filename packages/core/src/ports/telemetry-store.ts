import type { Quality, Reading } from '../telemetry/reading.ts';
import { AetherError, describeValue } from '../errors/aether-error.ts';

/** One point of a (possibly downsampled) series. Downsampled points carry the bucket's min/max/mean. */
export interface SeriesPoint {
  readonly time: number;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
  readonly quality: Quality;
}

export interface TelemetryQuery {
  readonly seriesId: string;
  /** Inclusive start, ms since epoch. */
  readonly from: number;
  /** Exclusive end, ms since epoch. */
  readonly to: number;
  /** When set, aggregate into buckets of this width (mean/min/max). */
  readonly bucketMs?: number;
  readonly limit?: number;
}

export interface RetentionPolicy {
  /** Raw samples older than this are folded into downsampled buckets, then deleted. */
  readonly rawMaxAgeMs: number;
  /** Width of the downsampled buckets kept after raw retention. */
  readonly downsampleBucketMs: number;
  /** Downsampled buckets older than this are deleted. */
  readonly downsampledMaxAgeMs: number;
}

export interface RetentionReport {
  readonly rawDeleted: number;
  readonly bucketsWritten: number;
  readonly bucketsDeleted: number;
}

export interface TelemetryStore {
  /** Resolves once the readings are durable. */
  write(readings: readonly Reading[]): Promise<void>;
  query(query: TelemetryQuery): Promise<readonly SeriesPoint[]>;
  /** The newest reading of each series (optionally restricted to the given ids). */
  latest(seriesIds?: readonly string[]): Promise<readonly Reading[]>;
  seriesIds(): Promise<readonly string[]>;
  /** Downsample and delete according to the policy, relative to `now` (from the Clock port). */
  applyRetention(policy: RetentionPolicy, now: number): Promise<RetentionReport>;
  close(): Promise<void>;
}

// ── Input validation shared by every TelemetryStore adapter ──────────────────────────────────────
// Telemetry arrives from the field (OPC UA, MQTT, files): stores validate a whole batch before they
// touch storage, so a bad sample rejects the batch with a coded error and nothing is stored partially.

const QUALITIES: ReadonlySet<string> = new Set<Quality>(['good', 'uncertain', 'bad']);

/** Throws `telemetry.reading-invalid` (with the batch index in `path`) for the first bad reading. */
export function assertValidReadings(readings: readonly Reading[]): void {
  if (!Array.isArray(readings)) {
    throw new AetherError({
      code: 'telemetry.reading-invalid',
      message: 'write() expects an array of readings',
      hint: 'pass Reading[]',
    });
  }
  for (let i = 0; i < readings.length; i++) {
    const r: unknown = readings[i];
    const problem = readingProblem(r);
    if (problem !== undefined) {
      throw new AetherError({
        code: 'telemetry.reading-invalid',
        message: `reading ${i} is invalid: ${problem}; the batch was not stored`,
        hint: 'a reading needs a non-empty seriesId, a finite numeric value, quality good|uncertain|bad and an integer sourceTime in ms since epoch',
        path: `readings[${i}]`,
      });
    }
  }
}

function readingProblem(r: unknown): string | undefined {
  if (typeof r !== 'object' || r === null) return 'not an object';
  const { seriesId, value, quality, sourceTime } = r as Record<string, unknown>;
  if (typeof seriesId !== 'string' || seriesId.length === 0 || seriesId.length > 512)
    return 'seriesId must be a string of 1–512 characters';
  if (typeof value !== 'number' || !Number.isFinite(value))
    return `value must be a finite number, got ${describeValue(value)}`;
  if (typeof quality !== 'string' || !QUALITIES.has(quality))
    return `unknown quality ${describeValue(quality)}`;
  if (typeof sourceTime !== 'number' || !Number.isSafeInteger(sourceTime))
    return `sourceTime must be an integer ms timestamp, got ${describeValue(sourceTime)}`;
  return undefined;
}

/** Throws `telemetry.query-invalid` for a query no store can answer (NaN bounds, zero bucket width). */
export function assertValidTelemetryQuery(q: TelemetryQuery): void {
  const bad = (what: string, path: string): never => {
    throw new AetherError({
      code: 'telemetry.query-invalid',
      message: `telemetry query: ${what}`,
      hint: 'from/to are ms since epoch (to exclusive); bucketMs and limit are positive integers',
      path,
    });
  };
  if (typeof q !== 'object' || q === null) bad('expected an object', 'query');
  if (typeof q.seriesId !== 'string' || q.seriesId.length === 0)
    bad('seriesId must be a non-empty string', 'seriesId');
  if (typeof q.from !== 'number' || Number.isNaN(q.from)) bad('from must be a number', 'from');
  if (typeof q.to !== 'number' || Number.isNaN(q.to)) bad('to must be a number', 'to');
  if (q.bucketMs !== undefined && (!Number.isSafeInteger(q.bucketMs) || q.bucketMs <= 0))
    bad('bucketMs must be a positive integer', 'bucketMs');
  if (q.limit !== undefined && (!Number.isSafeInteger(q.limit) || q.limit < 0))
    bad('limit must be a non-negative integer', 'limit');
}

/** Throws `telemetry.retention-invalid` for a policy that would delete data it cannot have meant to. */
export function assertValidRetentionPolicy(p: RetentionPolicy, now: number): void {
  const bad = (what: string, path: string): never => {
    throw new AetherError({
      code: 'telemetry.retention-invalid',
      message: `retention policy: ${what}`,
      hint: 'ages and bucket width are positive integer ms; downsampledMaxAgeMs ≥ rawMaxAgeMs',
      path,
    });
  };
  if (typeof p !== 'object' || p === null) bad('expected an object', 'policy');
  for (const k of ['rawMaxAgeMs', 'downsampleBucketMs', 'downsampledMaxAgeMs'] as const) {
    if (!Number.isSafeInteger(p[k]) || p[k] <= 0) bad(`${k} must be a positive integer`, k);
  }
  if (p.downsampledMaxAgeMs < p.rawMaxAgeMs)
    bad('downsampledMaxAgeMs is shorter than rawMaxAgeMs', 'downsampledMaxAgeMs');
  if (!Number.isSafeInteger(now)) bad('now must be an integer ms timestamp', 'now');
}

/** Start of the bucket of width `w` that contains `t` (floor, also for negative times). */
export function bucketStart(t: number, w: number): number {
  return t - (((t % w) + w) % w);
}

/**
 * A partial aggregate of one bucket. Samples with quality 'bad' are left out of mean/min/max when
 * the bucket holds any usable sample (OPC UA Part 13 treats Bad values as not usable for
 * aggregates) and the bucket is marked uncertain; a bucket with only bad samples is aggregated
 * over them and marked bad. Two partial
 * aggregates of the same bucket merge to the aggregate of the union, which lets retention fold
 * raw samples into buckets in several passes and lets queries mix raw and downsampled rows.
 */
export interface BucketAggregate {
  sum: number;
  min: number;
  max: number;
  count: number;
  quality: Quality;
}

const RANK: Readonly<Record<Quality, number>> = { good: 0, uncertain: 1, bad: 2 };

export function mergeAggregates(a: BucketAggregate, b: BucketAggregate): BucketAggregate {
  const aBad = a.quality === 'bad';
  const bBad = b.quality === 'bad';
  // Dropping bad samples leaves an aggregate that is usable but not fully backed: uncertain.
  if (aBad !== bBad) {
    const usable = aBad ? b : a;
    return { ...usable, quality: usable.quality === 'good' ? 'uncertain' : usable.quality };
  }
  return {
    sum: a.sum + b.sum,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    count: a.count + b.count,
    // Mixed good/uncertain usable samples make an uncertain aggregate (Part 13: "UncertainDataSubNormal").
    quality: RANK[a.quality] >= RANK[b.quality] ? a.quality : b.quality,
  };
}
