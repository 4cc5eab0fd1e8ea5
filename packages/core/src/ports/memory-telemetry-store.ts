import { AetherError } from '../errors/aether-error.ts';
import type { Quality, Reading } from '../telemetry/reading.ts';
import {
  assertValidReadings,
  assertValidRetentionPolicy,
  assertValidTelemetryQuery,
  bucketStart,
  mergeAggregates,
  type BucketAggregate,
  type RetentionPolicy,
  type RetentionReport,
  type SeriesPoint,
  type TelemetryQuery,
  type TelemetryStore,
} from './telemetry-store.ts';

interface RawSample {
  readonly time: number;
  readonly value: number;
  readonly quality: Quality;
}

interface StoredBucket {
  readonly time: number;
  readonly bucketMs: number;
  readonly agg: BucketAggregate;
}

interface Series {
  readonly raw: RawSample[];
  readonly buckets: StoredBucket[];
}

/**
 * The reference TelemetryStore: in memory, pure, and the yardstick the contract suite holds the SQLite
 * (and later PostgreSQL) stores to. Semantics every adapter shares:
 * - at most one raw sample per (series, sourceTime): writing the same time again replaces it, so
 *   re-delivery after a reconnect is idempotent;
 * - a batch is validated as a whole before anything is stored;
 * - queries return raw samples and downsampled buckets in [from, to), ordered by time (a bucket
 *   before a raw sample at the same time); with `bucketMs` they aggregate per bucket as
 *   `mergeAggregates` defines (bad samples excluded when the bucket has usable ones).
 */
export class MemoryTelemetryStore implements TelemetryStore {
  readonly #series = new Map<string, Series>();
  #closed = false;

  write(readings: readonly Reading[]): Promise<void> {
    return attempt(() => {
      this.#open();
      assertValidReadings(readings);
      for (const r of readings) {
        const s = this.#seriesOf(r.seriesId);
        // −0 is stored as 0, as SQL databases do.
        upsertSorted(s.raw, { time: r.sourceTime, value: r.value === 0 ? 0 : r.value, quality: r.quality });
      }
    });
  }

  query(q: TelemetryQuery): Promise<readonly SeriesPoint[]> {
    return attempt(() => {
      this.#open();
      assertValidTelemetryQuery(q);
      const s = this.#series.get(q.seriesId);
      if (s === undefined || q.limit === 0) return [];
      const rows = collectRows(s, q.from, q.to);
      const limit = q.limit ?? Number.POSITIVE_INFINITY;
      if (q.bucketMs === undefined)
        return rows.slice(0, Math.min(rows.length, limit)).map((r) => toPoint(r.time, r.agg));
      const out: SeriesPoint[] = [];
      let cur: { time: number; agg: BucketAggregate } | undefined;
      for (const r of rows) {
        const b = bucketStart(r.time, q.bucketMs);
        if (cur !== undefined && cur.time === b) {
          cur.agg = mergeAggregates(cur.agg, r.agg);
          continue;
        }
        if (cur !== undefined) out.push(toPoint(cur.time, cur.agg));
        if (out.length >= limit) return out;
        cur = { time: b, agg: r.agg };
      }
      if (cur !== undefined && out.length < limit) out.push(toPoint(cur.time, cur.agg));
      return out;
    });
  }

  latest(seriesIds?: readonly string[]): Promise<readonly Reading[]> {
    return attempt(() => {
      this.#open();
      const ids = seriesIds ?? [...this.#series.keys()].sort();
      const out: Reading[] = [];
      for (const id of ids) {
        const s = this.#series.get(id);
        if (s === undefined) continue;
        const raw = s.raw.at(-1);
        const bucket = s.buckets.at(-1);
        if (raw !== undefined && (bucket === undefined || raw.time >= bucket.time)) {
          out.push({ seriesId: id, value: raw.value, quality: raw.quality, sourceTime: raw.time });
        } else if (bucket !== undefined) {
          out.push({
            seriesId: id,
            value: bucket.agg.sum / bucket.agg.count,
            quality: bucket.agg.quality,
            sourceTime: bucket.time,
          });
        }
      }
      return out;
    });
  }

  seriesIds(): Promise<readonly string[]> {
    return attempt(() => {
      this.#open();
      return [...this.#series.keys()].sort();
    });
  }

  applyRetention(policy: RetentionPolicy, now: number): Promise<RetentionReport> {
    return attempt(() => {
      this.#open();
      assertValidRetentionPolicy(policy, now);
      const w = policy.downsampleBucketMs;
      // Fold whole buckets only: a bucket is folded once all of it is older than rawMaxAgeMs.
      const foldBefore = bucketStart(now - policy.rawMaxAgeMs, w);
      const dropBefore = now - policy.downsampledMaxAgeMs;
      let rawDeleted = 0;
      let bucketsWritten = 0;
      let bucketsDeleted = 0;
      for (const s of this.#series.values()) {
        let n = 0;
        while (n < s.raw.length && (s.raw[n]?.time ?? Infinity) < foldBefore) n++;
        const folded = s.raw.splice(0, n);
        rawDeleted += folded.length;
        let cur: StoredBucket | undefined;
        const flush = (): void => {
          if (cur === undefined) return;
          const at = findIndex(s.buckets, cur.time);
          const old = s.buckets[at];
          if (old !== undefined && old.time === cur.time) {
            s.buckets[at] = {
              time: cur.time,
              bucketMs: cur.bucketMs,
              agg: mergeAggregates(old.agg, cur.agg),
            };
          } else {
            s.buckets.splice(at, 0, cur);
          }
          bucketsWritten++;
        };
        for (const r of folded) {
          const b = bucketStart(r.time, w);
          const agg = rawAggregate(r);
          if (cur !== undefined && cur.time === b) {
            cur = { time: b, bucketMs: w, agg: mergeAggregates(cur.agg, agg) };
          } else {
            flush();
            cur = { time: b, bucketMs: w, agg };
          }
        }
        flush();
        const before = s.buckets.length;
        const keep = s.buckets.filter((b) => b.time + b.bucketMs > dropBefore);
        s.buckets.splice(0, s.buckets.length, ...keep);
        bucketsDeleted += before - keep.length;
      }
      return { rawDeleted, bucketsWritten, bucketsDeleted };
    });
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
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

  #seriesOf(id: string): Series {
    let s = this.#series.get(id);
    if (s === undefined) {
      s = { raw: [], buckets: [] };
      this.#series.set(id, s);
    }
    return s;
  }
}

/** Run synchronous store work and report its outcome as a promise (errors become rejections). */
function attempt<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

function rawAggregate(r: RawSample): BucketAggregate {
  return { sum: r.value, min: r.value, max: r.value, count: 1, quality: r.quality };
}

function toPoint(time: number, a: BucketAggregate): SeriesPoint {
  return { time, value: a.sum / a.count, min: a.min, max: a.max, count: a.count, quality: a.quality };
}

/** Raw samples and stored buckets in [from, to), by time; a bucket sorts before a raw sample at the same time. */
function collectRows(s: Series, from: number, to: number): { time: number; agg: BucketAggregate }[] {
  const out: { time: number; agg: BucketAggregate }[] = [];
  let i = findIndex(s.buckets, from);
  let j = findIndex(s.raw, from);
  for (;;) {
    const b = s.buckets[i];
    const r = s.raw[j];
    const bt = b !== undefined && b.time < to ? b.time : Infinity;
    const rt = r !== undefined && r.time < to ? r.time : Infinity;
    if (bt === Infinity && rt === Infinity) return out;
    if (b !== undefined && bt <= rt) {
      out.push({ time: b.time, agg: b.agg });
      i++;
    } else if (r !== undefined) {
      out.push({ time: r.time, agg: rawAggregate(r) });
      j++;
    }
  }
}

/** First index whose time is ≥ t (binary search over a time-sorted array). */
function findIndex(arr: readonly { readonly time: number }[], t: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid]?.time ?? Infinity) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upsertSorted(arr: RawSample[], x: RawSample): void {
  const last = arr.at(-1);
  if (last === undefined || last.time < x.time) {
    arr.push(x);
    return;
  }
  const at = findIndex(arr, x.time);
  if (arr[at]?.time === x.time) arr[at] = x;
  else arr.splice(at, 0, x);
}
