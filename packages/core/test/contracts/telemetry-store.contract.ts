/**
 * The TelemetryStore contract: memory (reference), SQLite and later PostgreSQL run it unchanged.
 * The expected aggregates are computed here by a naive model, independent of any store.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  isAetherError,
  type Quality,
  type Reading,
  type SeriesPoint,
  type TelemetryStore,
} from '../../src/index.ts';

export interface TelemetryStoreContractOptions {
  /** For durable stores: a fresh storage location and an opener that can be called more than once. */
  readonly durable?: () => Promise<() => Promise<TelemetryStore>>;
}

// 2023-11-14T22:00:00Z: aligned to the hour, so epoch-aligned buckets start at T0.
const T0 = 1_699_999_200_000;
const r = (seriesId: string, sec: number, value: number, quality: Quality = 'good'): Reading => ({
  seriesId,
  value,
  quality,
  sourceTime: T0 + sec * 1000,
});

async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected a rejection with code ${code}`).toBeDefined();
  expect(isAetherError(caught) ? caught.code : String(caught)).toBe(code);
}

/** Naive bucket model: bad samples are left out when the bucket has usable ones (then it is uncertain). */
function modelBuckets(readings: readonly Reading[], from: number, to: number, w: number): SeriesPoint[] {
  const byTime = new Map<number, Reading>();
  for (const x of readings) byTime.set(x.sourceTime, x); // last write wins per timestamp
  const groups = new Map<number, Reading[]>();
  for (const x of byTime.values()) {
    if (x.sourceTime < from || x.sourceTime >= to) continue;
    const b = Math.floor(x.sourceTime / w) * w;
    groups.set(b, [...(groups.get(b) ?? []), x]);
  }
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([time, xs]) => {
      const usable = xs.filter((x) => x.quality !== 'bad');
      const used = usable.length > 0 ? usable : xs;
      const values = used.map((x) => (x.value === 0 ? 0 : x.value)); // stores keep −0 as 0
      const quality: Quality =
        usable.length === 0
          ? 'bad'
          : usable.length < xs.length || usable.some((x) => x.quality === 'uncertain')
            ? 'uncertain'
            : 'good';
      return {
        time,
        value: values.reduce((s, v) => s + v, 0) / values.length,
        min: Math.min(...values),
        max: Math.max(...values),
        count: values.length,
        quality,
      };
    });
}

function expectPointsClose(actual: readonly SeriesPoint[], expected: readonly SeriesPoint[]): void {
  expect(actual.map((p) => ({ ...p, value: 0 }))).toEqual(expected.map((p) => ({ ...p, value: 0 })));
  actual.forEach((p, i) => expect(p.value).toBeCloseTo(expected[i]!.value, 6));
}

export function runTelemetryStoreContract(
  name: string,
  make: () => Promise<TelemetryStore>,
  options: TelemetryStoreContractOptions = {},
): void {
  describe(`TelemetryStore contract: ${name}`, () => {
    const open: TelemetryStore[] = [];
    const fresh = async (): Promise<TelemetryStore> => {
      const s = await make();
      open.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
    });

    it('starts empty', async () => {
      const s = await fresh();
      expect(await s.seriesIds()).toEqual([]);
      expect(await s.latest()).toEqual([]);
      expect(await s.query({ seriesId: 'ST01/temperatureC', from: 0, to: T0 * 2 })).toEqual([]);
    });

    it('returns raw samples in [from, to) ordered by time, whatever the write order', async () => {
      const s = await fresh();
      await s.write([r('a', 5, 5), r('a', 1, 1), r('b', 2, 20), r('a', 3, 3)]);
      await s.write([r('a', 2, 2), r('a', 4, 4, 'uncertain')]);
      const pts = await s.query({ seriesId: 'a', from: T0 + 2000, to: T0 + 5000 });
      expect(pts).toEqual([
        { time: T0 + 2000, value: 2, min: 2, max: 2, count: 1, quality: 'good' },
        { time: T0 + 3000, value: 3, min: 3, max: 3, count: 1, quality: 'good' },
        { time: T0 + 4000, value: 4, min: 4, max: 4, count: 1, quality: 'uncertain' },
      ]);
      expect((await s.query({ seriesId: 'a', from: 0, to: T0 * 2, limit: 2 })).map((p) => p.value)).toEqual([
        1, 2,
      ]);
      expect(await s.query({ seriesId: 'a', from: 0, to: T0 * 2, limit: 0 })).toEqual([]);
      expect(await s.query({ seriesId: 'nope', from: 0, to: T0 * 2 })).toEqual([]);
      expect(await s.seriesIds()).toEqual(['a', 'b']);
    });

    it('keeps one sample per (series, time): writing the same time again replaces it', async () => {
      const s = await fresh();
      await s.write([r('a', 1, 1), r('a', 2, 2)]);
      await s.write([r('a', 1, 10, 'bad')]);
      await s.write([r('a', 2, 20), r('a', 2, 21)]);
      const pts = await s.query({ seriesId: 'a', from: 0, to: T0 * 2 });
      expect(pts.map((p) => [p.value, p.quality])).toEqual([
        [10, 'bad'],
        [21, 'good'],
      ]);
    });

    it('latest() gives the newest sample by source time per series, optionally for some ids', async () => {
      const s = await fresh();
      await s.write([r('b', 9, 90), r('a', 5, 50), r('a', 7, 70, 'bad'), r('a', 6, 60), r('c', 1, 1)]);
      expect(await s.latest()).toEqual([r('a', 7, 70, 'bad'), r('b', 9, 90), r('c', 1, 1)]);
      expect(await s.latest(['c', 'unknown', 'a'])).toEqual([r('c', 1, 1), r('a', 7, 70, 'bad')]);
      expect(await s.latest([])).toEqual([]);
    });

    it('aggregates into buckets: mean/min/max/count, bad samples excluded when usable ones exist', async () => {
      const s = await fresh();
      const data = [
        r('a', 0, 1),
        r('a', 1, 3),
        r('a', 2, 8), // bucket 0: good
        r('a', 10, 2),
        r('a', 11, 100, 'bad'),
        r('a', 12, 4), // bucket 10: bad excluded → uncertain
        r('a', 20, 7, 'bad'),
        r('a', 21, 9, 'bad'), // bucket 20: only bad → bad
        r('a', 30, 5, 'uncertain'),
        r('a', 31, 6), // bucket 30: uncertain
      ];
      await s.write(data);
      const pts = await s.query({ seriesId: 'a', from: T0, to: T0 + 40_000, bucketMs: 10_000 });
      expect(pts).toEqual([
        { time: T0, value: 4, min: 1, max: 8, count: 3, quality: 'good' },
        { time: T0 + 10_000, value: 3, min: 2, max: 4, count: 2, quality: 'uncertain' },
        { time: T0 + 20_000, value: 8, min: 7, max: 9, count: 2, quality: 'bad' },
        { time: T0 + 30_000, value: 5.5, min: 5, max: 6, count: 2, quality: 'uncertain' },
      ]);
      expect(await s.query({ seriesId: 'a', from: T0, to: T0 + 40_000, bucketMs: 10_000, limit: 2 })).toEqual(
        pts.slice(0, 2),
      );
    });

    it('rejects bad readings with telemetry.reading-invalid, stores nothing of the batch, stays usable', async () => {
      const s = await fresh();
      await s.write([r('a', 0, 1)]);
      const bads: unknown[] = [
        { ...r('a', 1, 0), value: Number.NaN },
        { ...r('a', 1, 0), value: Number.POSITIVE_INFINITY },
        { ...r('a', 1, 0), value: Number.NEGATIVE_INFINITY },
        { ...r('a', 1, 0), value: '42' },
        { ...r('a', 1, 0), value: null },
        { ...r('a', 1, 0), quality: 'ok' },
        { ...r('a', 1, 0), quality: undefined },
        { ...r('a', 1, 0), sourceTime: Number.NaN },
        { ...r('a', 1, 0), sourceTime: Number.POSITIVE_INFINITY },
        { ...r('a', 1, 0), sourceTime: 1.5 },
        { ...r('a', 1, 0), sourceTime: '2024-01-01' },
        { ...r('a', 1, 0), seriesId: '' },
        { ...r('a', 1, 0), seriesId: 7 },
        null,
        42,
      ];
      for (const bad of bads) {
        await expectCode(
          s.write([r('a', 2, 2), r('new', 2, 2), bad as Reading, r('a', 3, 3)]),
          'telemetry.reading-invalid',
        );
      }
      await expectCode(s.write({ length: 1 } as unknown as Reading[]), 'telemetry.reading-invalid');
      expect(await s.seriesIds()).toEqual(['a']);
      expect((await s.query({ seriesId: 'a', from: 0, to: T0 * 2 })).map((p) => p.value)).toEqual([1]);
      await s.write([r('a', 4, 4)]);
      expect((await s.latest())[0]?.value).toBe(4);
    });

    it('fuzz: a batch with any malformed field is rejected whole, a clean batch is stored whole (property)', async () => {
      const valid = fc.record({
        seriesId: fc.constantFrom('a', 'b', 'ST03/temperatureC'),
        value: fc.double({ noNaN: true, noDefaultInfinity: true }),
        quality: fc.constantFrom<Quality>('good', 'uncertain', 'bad'),
        sourceTime: fc.integer({ min: T0, max: T0 + 1_000_000 }),
      });
      const junk = fc.oneof(
        fc.constant(Number.NaN),
        fc.constant(Number.POSITIVE_INFINITY),
        fc.constant(-Infinity),
        fc.string(),
        fc.constant(null),
        fc.constant(undefined),
        fc.object(),
        fc.double({ min: 0.1, max: 0.9 }),
        fc.constant(''),
      );
      const maybeBroken = fc
        .tuple(
          valid,
          fc.option(fc.tuple(fc.constantFrom('seriesId', 'value', 'quality', 'sourceTime'), junk), {
            freq: 4,
          }),
        )
        .map(([r, broken]) => (broken === null ? r : { ...r, [broken[0]]: broken[1] }));
      const isValid = (x: Reading): boolean =>
        typeof x.seriesId === 'string' &&
        x.seriesId.length > 0 &&
        typeof x.value === 'number' &&
        Number.isFinite(x.value) &&
        ['good', 'uncertain', 'bad'].includes(x.quality) &&
        Number.isSafeInteger(x.sourceTime);
      const s = await fresh();
      let stored = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(maybeBroken, { minLength: 1, maxLength: 20 }), async (batch) => {
          const ok = batch.every(isValid);
          let code: string | undefined;
          try {
            await s.write(batch);
          } catch (e) {
            code = isAetherError(e) ? e.code : String(e);
          }
          if (ok) {
            expect(code).toBeUndefined();
            stored = 0;
            for (const id of await s.seriesIds())
              stored += (await s.query({ seriesId: id, from: 0, to: T0 * 2 })).length;
          } else {
            expect(code).toBe('telemetry.reading-invalid');
            let now = 0;
            for (const id of await s.seriesIds())
              now += (await s.query({ seriesId: id, from: 0, to: T0 * 2 })).length;
            expect(now).toBe(stored);
          }
        }),
        { numRuns: 150 },
      );
    });

    it('rejects malformed queries and retention policies with coded errors', async () => {
      const s = await fresh();
      await expectCode(s.query({ seriesId: 'a', from: Number.NaN, to: 1 }), 'telemetry.query-invalid');
      await expectCode(s.query({ seriesId: 'a', from: 0, to: 1, bucketMs: 0 }), 'telemetry.query-invalid');
      await expectCode(s.query({ seriesId: 'a', from: 0, to: 1, limit: -1 }), 'telemetry.query-invalid');
      await expectCode(s.query({ seriesId: '', from: 0, to: 1 }), 'telemetry.query-invalid');
      const ok = { rawMaxAgeMs: 1000, downsampleBucketMs: 100, downsampledMaxAgeMs: 10_000 };
      await expectCode(s.applyRetention({ ...ok, rawMaxAgeMs: -1 }, T0), 'telemetry.retention-invalid');
      await expectCode(
        s.applyRetention({ ...ok, downsampleBucketMs: Number.NaN }, T0),
        'telemetry.retention-invalid',
      );
      await expectCode(
        s.applyRetention({ ...ok, downsampledMaxAgeMs: 10 }, T0),
        'telemetry.retention-invalid',
      );
      await expectCode(s.applyRetention(ok, Number.NaN), 'telemetry.retention-invalid');
    });

    it('retention folds old raw samples into buckets, deletes them, and later deletes old buckets', async () => {
      const s = await fresh();
      // 1 Hz for 10 minutes on two series.
      const data = Array.from({ length: 600 }, (_, i) => [r('a', i, i % 7), r('b', i, -i)]).flat();
      await s.write(data);
      const policy = {
        rawMaxAgeMs: 5 * 60_000,
        downsampleBucketMs: 60_000,
        downsampledMaxAgeMs: 20 * 60_000,
      };
      const now = T0 + 10 * 60_000;
      const before = await s.query({ seriesId: 'a', from: T0, to: now, bucketMs: 60_000 });
      const report = await s.applyRetention(policy, now);
      // Raw older than now − 5 min = T0 + 5 min is folded: minutes 0–4, 300 samples per series.
      expect(report).toEqual({ rawDeleted: 600, bucketsWritten: 10, bucketsDeleted: 0 });
      const raw = await s.query({ seriesId: 'a', from: T0, to: now });
      expect(raw.slice(0, 5).map((p) => [p.time, p.count])).toEqual(
        [0, 1, 2, 3, 4].map((m) => [T0 + m * 60_000, 60]),
      );
      expect(raw.length).toBe(5 + 300);
      expectPointsClose(await s.query({ seriesId: 'a', from: T0, to: now, bucketMs: 60_000 }), before);
      expect(await s.applyRetention(policy, now)).toEqual({
        rawDeleted: 0,
        bucketsWritten: 0,
        bucketsDeleted: 0,
      });
      // At T0 + 25 min: buckets that ended 20 min ago (minutes 0–4) go; raw minutes 5–9 are folded.
      const later = await s.applyRetention(policy, now + 15 * 60_000);
      expect(later.rawDeleted).toBe(600);
      expect(later.bucketsDeleted).toBe(2 * 5);
      expect((await s.query({ seriesId: 'b', from: 0, to: now * 2 })).map((p) => p.time)).toEqual(
        [5, 6, 7, 8, 9].map((m) => T0 + m * 60_000),
      );
      // A series whose raw data has all been folded still has a latest value: its newest bucket's mean.
      const latestB = (await s.latest(['b']))[0];
      expect(latestB?.sourceTime).toBe(T0 + 9 * 60_000);
      expect(latestB?.value).toBeCloseTo(-(540 + 599) / 2, 6);
      expect(await s.seriesIds()).toEqual(['a', 'b']);
    });

    it('late raw samples for an already folded bucket merge with it', async () => {
      const s = await fresh();
      await s.write([r('a', 0, 10), r('a', 1, 20)]);
      const policy = { rawMaxAgeMs: 60_000, downsampleBucketMs: 10_000, downsampledMaxAgeMs: 3_600_000 };
      await s.applyRetention(policy, T0 + 120_000);
      await s.write([r('a', 2, 60), r('a', 3, 0, 'bad')]);
      expect(await s.query({ seriesId: 'a', from: T0, to: T0 + 10_000, bucketMs: 10_000 })).toEqual([
        { time: T0, value: 30, min: 10, max: 60, count: 3, quality: 'uncertain' },
      ]);
      const again = await s.applyRetention(policy, T0 + 120_000);
      expect(again).toEqual({ rawDeleted: 2, bucketsWritten: 1, bucketsDeleted: 0 });
      expect(await s.query({ seriesId: 'a', from: T0, to: T0 + 10_000 })).toEqual([
        { time: T0, value: 30, min: 10, max: 60, count: 3, quality: 'uncertain' },
      ]);
    });

    it('bucketed queries match a naive model, before and after retention (property)', async () => {
      const reading = fc.record({
        seriesId: fc.constantFrom('x', 'y'),
        value: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
        quality: fc.constantFrom<Quality>('good', 'good', 'uncertain', 'bad'),
        sourceTime: fc.integer({ min: T0, max: T0 + 600_000 }),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.array(reading, { maxLength: 120 }),
          fc.constantFrom(1000, 6000, 60_000),
          fc.integer({ min: 0, max: 700_000 }),
          async (rs, w, age) => {
            const s = await make();
            try {
              for (let i = 0; i < rs.length; i += 40) await s.write(rs.slice(i, i + 40));
              const from = T0;
              const to = T0 + 600_001;
              const expected = modelBuckets(
                rs.filter((x) => x.seriesId === 'x'),
                from,
                to,
                60_000,
              );
              expectPointsClose(await s.query({ seriesId: 'x', from, to, bucketMs: 60_000 }), expected);
              // Folding with a bucket width that divides the query's keeps the query's answer.
              await s.applyRetention(
                { rawMaxAgeMs: 700_001 - age, downsampleBucketMs: w, downsampledMaxAgeMs: 10 * 3_600_000 },
                T0 + 700_000,
              );
              expectPointsClose(await s.query({ seriesId: 'x', from, to, bucketMs: 60_000 }), expected);
            } finally {
              await s.close();
            }
          },
        ),
        { numRuns: 30 },
      );
    });

    it('writes a large batch (50,000 samples) and reads it back', async () => {
      const s = await fresh();
      const big = Array.from({ length: 50_000 }, (_, i) => r(`s${i % 50}`, Math.floor(i / 50), i));
      await s.write(big);
      expect((await s.seriesIds()).length).toBe(50);
      const pts = await s.query({ seriesId: 's7', from: 0, to: T0 * 2 });
      expect(pts.length).toBe(1000);
      expect(pts.at(-1)?.value).toBe(49_957);
      const hour = await s.query({ seriesId: 's7', from: T0, to: T0 + 3_600_000, bucketMs: 60_000 });
      expect(hour.map((p) => p.count)).toEqual([...Array.from({ length: 16 }, () => 60), 40]);
    });

    it('rejects use after close with a coded error', async () => {
      const s = await make();
      await s.close();
      await expectCode(s.write([r('a', 0, 0)]), 'telemetry.closed');
      await expectCode(s.query({ seriesId: 'a', from: 0, to: 1 }), 'telemetry.closed');
      await expectCode(s.latest(), 'telemetry.closed');
    });

    const durable = options.durable;
    it.runIf(durable !== undefined)('keeps samples, buckets and series across close and reopen', async () => {
      const openAgain = await durable!();
      const first = await openAgain();
      await first.write([r('a', 0, 1), r('a', 100, 2), r('b', 1, 3)]);
      await first.applyRetention(
        { rawMaxAgeMs: 60_000, downsampleBucketMs: 60_000, downsampledMaxAgeMs: 3_600_000 },
        T0 + 150_000,
      );
      await first.close();
      const second = await openAgain();
      try {
        expect(await second.seriesIds()).toEqual(['a', 'b']);
        expect(await second.query({ seriesId: 'a', from: 0, to: T0 * 2 })).toEqual([
          { time: T0, value: 1, min: 1, max: 1, count: 1, quality: 'good' },
          { time: T0 + 100_000, value: 2, min: 2, max: 2, count: 1, quality: 'good' },
        ]);
        await second.write([r('c', 5, 5)]);
        expect((await second.latest()).map((x) => x.seriesId)).toEqual(['a', 'b', 'c']);
      } finally {
        await second.close();
      }
    });
  });
}
