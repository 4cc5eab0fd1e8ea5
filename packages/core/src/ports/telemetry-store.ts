import type { Quality, Reading } from '../telemetry/reading.ts';

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
