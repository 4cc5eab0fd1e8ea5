import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startLocalPostgres } from '@aethercore/adapter-postgres';
import { runCrashCampaign } from './crash.ts';
import { makeBatches, runBareSqlite, runIngest, T0 } from './ingest.ts';
import { runOpcUaPath } from './opcua-path.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'aether-ingest-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench ingest (smoke, tiny data)', () => {
  it('cuts the readings into batches of the requested size, second by second', () => {
    const batches = makeBatches({ samples: 2500, batch: 1000, series: 10, seed: 3 });
    expect(batches.map((b) => b.length)).toEqual([1000, 1000, 500]);
    expect(batches[0]?.[10]?.sourceTime).toBe(T0 + 1000);
    expect(new Set(batches.flat().map((r) => r.seriesId)).size).toBe(10);
  });

  it('runs the bare better-sqlite3 baseline on the same data', () => {
    const perS = runBareSqlite({
      file: path.join(dir, 'bare.db'),
      samples: 5000,
      batch: 1000,
      series: 10,
      seed: 1,
      synchronous: 'NORMAL',
    });
    expect(perS).toBeGreaterThan(0);
    expect(Number.isFinite(perS)).toBe(true);
  });

  for (const inflight of [1, 4]) {
    it(`writes every sample durably and answers chart queries (inflight ${inflight})`, async () => {
      const r = await runIngest({
        file: path.join(dir, `smoke-${inflight}.db`),
        samples: 5000,
        batch: 1000,
        series: 10,
        synchronous: 'FULL',
        inflight,
        seed: 1,
        queries: 5,
        bucketMs: 10_000,
      });
      expect(r.readBack).toBe(5000);
      expect(r.batches).toBe(5);
      // 500 s of 1 Hz data in the chart's hour, 10 s buckets.
      expect(r.pointsPerChart).toBe(50);
      expect(r.samplesPerS).toBeGreaterThan(0);
      expect(Number.isFinite(r.queryMsP99)).toBe(true);
      // 500 s of data, raw kept for 250 s: whole minutes before T0 + 240 s are folded (10 series × 240 s).
      expect(r.rawFolded).toBe(2400);
    });
  }
});

describe('bench ingest --store postgres (smoke, tiny data)', () => {
  it('writes every sample into a throwaway PostgreSQL and answers chart queries like SQLite', async () => {
    const server = await startLocalPostgres({ fsync: false });
    try {
      const admin = new pg.Client({ connectionString: server.connectionString });
      await admin.connect();
      await admin.query('CREATE DATABASE ingest_smoke');
      await admin.end();
      const common = {
        samples: 5000,
        batch: 1000,
        series: 10,
        synchronous: 'FULL' as const,
        inflight: 4,
        seed: 1,
        queries: 5,
        bucketMs: 10_000,
      };
      const r = await runIngest({
        ...common,
        file: '',
        target: { kind: 'postgres', connectionString: server.urlFor('ingest_smoke'), schema: 'smoke' },
      });
      const q = await runIngest({ ...common, file: path.join(dir, 'side-by-side.db') });
      expect(r.store).toBe('postgres');
      expect(r.readBack).toBe(5000);
      expect(r.pointsPerChart).toBe(q.pointsPerChart);
      expect(r.rawFolded).toBe(q.rawFolded);
      expect(r.samplesPerS).toBeGreaterThan(0);
    } finally {
      server.drop();
    }
  }, 120_000);
});

describe('bench ingest crash campaign (smoke: 3 kills, tiny data)', () => {
  it('loses no acknowledged sample, stores no half batch, keeps order', async () => {
    const r = await runCrashCampaign({
      file: path.join(dir, 'crash.db'),
      kills: 3,
      total: 60_000,
      batch: 500,
      series: 7,
      inflight: 4,
      seed: 5,
    });
    expect(r.finished).toBe(true);
    expect(r.kills).toBe(3);
    expect(r.storedSamples).toBe(60_000);
    expect(r.ackedSamples).toBeGreaterThan(0);
    expect(r.lostAcknowledged).toBe(0);
    expect(r.partialBatches).toBe(0);
    expect(r.duplicates).toBe(0);
    expect(r.orderViolations).toBe(0);
  }, 120_000);
});

describe('bench ingest OPC UA path (smoke: 2 stations, 2 s)', () => {
  it('delivers subscribed samples into the store and measures their latency', async () => {
    const r = await runOpcUaPath({
      file: path.join(dir, 'opcua.db'),
      pkiDir: path.join(dir, 'pki'),
      stations: 2,
      seconds: 2,
      samplingMs: 100,
    });
    expect(r.series).toBe(10);
    expect(r.stored).toBeGreaterThan(0);
    // Sampling can only be slower than asked, never faster.
    expect(r.samplesPerS).toBeLessThanOrEqual(r.expectedPerS * 1.2);
    expect(r.latencyMsP50).toBeGreaterThanOrEqual(0);
    expect(r.serverStartMs).toBeGreaterThan(0);
  }, 120_000);
});
