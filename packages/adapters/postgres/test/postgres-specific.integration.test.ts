import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAetherError, type NewAuditRecord, type NewEvent } from '@aethercore/core';
import { freePort } from '../src/local-server.ts';
import {
  PostgresAuditStore,
  PostgresEventStore,
  PostgresTelemetryStore,
  createPostgresPool,
} from '../src/index.ts';
import { useTestPostgres } from './pg-server.ts';

const server = useTestPostgres();
let url = '';
beforeAll(async () => {
  url = await server.freshDatabase('specific');
});
let n = 0;
const nextSchema = (): string => `x${n++}`;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return isAetherError(e) ? e.code : `not coded: ${String(e)}`;
  }
  return 'resolved';
}

const ev = (i: number): NewEvent => ({
  type: 'StationStarted',
  stream: `station/ST${i % 3}`,
  time: 1_700_000_000_000 + i,
  data: { i },
});
const rec = (i: number): NewAuditRecord => ({
  entry: Uint8Array.of(i, i + 1),
  leafHash: new Uint8Array(32).fill(i),
});
const T0 = 1_699_999_200_000;

/** Runs SQL as the superuser on its own connection (what an operator with psql could do). */
async function sql(text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(text, params);
  } finally {
    await c.end();
  }
}

describe('connection loss and server restart', () => {
  it('reports an unreachable server as postgres.unavailable, on open and on use', async () => {
    const port = await freePort();
    const nowhere = `postgresql://postgres@127.0.0.1:${port}/none`;
    expect(await codeOf(PostgresEventStore.open({ connectionString: nowhere, connectTimeoutMs: 2000 }))).toBe(
      'postgres.unavailable',
    );
    expect(
      await codeOf(PostgresTelemetryStore.open({ connectionString: nowhere, connectTimeoutMs: 2000 })),
    ).toBe('postgres.unavailable');
    expect(await codeOf(PostgresAuditStore.open({ connectionString: nowhere, connectTimeoutMs: 2000 }))).toBe(
      'postgres.unavailable',
    );
  });

  it('survives a server restart: calls during the outage fail with postgres.unavailable, then the same stores work again', async () => {
    const opts = { connectionString: url, connectTimeoutMs: 3000 };
    const events = await PostgresEventStore.open({ ...opts, schema: nextSchema() });
    const telemetry = await PostgresTelemetryStore.open({ ...opts, schema: nextSchema() });
    const audit = await PostgresAuditStore.open({ ...opts, schema: nextSchema() });
    try {
      await events.append([ev(0), ev(1)]);
      await telemetry.write([{ seriesId: 'a', value: 1, quality: 'good', sourceTime: T0 }]);
      await audit.append([rec(0)], 0);

      server.server().stop(); // fast shutdown: every open connection is terminated
      expect(await codeOf(events.append([ev(2)]))).toBe('postgres.unavailable');
      expect(await codeOf(events.read())).toBe('postgres.unavailable');
      expect(
        await codeOf(telemetry.write([{ seriesId: 'a', value: 2, quality: 'good', sourceTime: T0 + 1000 }])),
      ).toBe('postgres.unavailable');
      expect(await codeOf(telemetry.query({ seriesId: 'a', from: 0, to: T0 * 2 }))).toBe(
        'postgres.unavailable',
      );
      expect(await codeOf(audit.append([rec(1)], 1))).toBe('postgres.unavailable');
      server.server().start();

      expect((await events.append([ev(2)])).map((e) => e.seq)).toEqual([3]);
      expect(await events.lastSeq()).toBe(3);
      await telemetry.write([{ seriesId: 'a', value: 3, quality: 'good', sourceTime: T0 + 2000 }]);
      expect((await telemetry.query({ seriesId: 'a', from: 0, to: T0 * 2 })).map((p) => p.value)).toEqual([
        1, 3,
      ]);
      expect(await audit.append([rec(1)], 1)).toBe(1);
      expect(await audit.size()).toBe(2);
    } finally {
      await events.close();
      await telemetry.close();
      await audit.close();
    }
  }, 120_000);
});

describe('schema and migrations', () => {
  it('applies migrations once: concurrent openers of a fresh schema all succeed, reopening changes nothing', async () => {
    const schema = nextSchema();
    const stores = await Promise.all(
      [0, 1, 2].map(() => PostgresEventStore.open({ connectionString: url, schema })),
    );
    await stores[0]!.append([ev(0)]);
    for (const s of stores) await s.close();
    const again = await PostgresEventStore.open({ connectionString: url, schema });
    expect(await again.lastSeq()).toBe(1);
    await again.close();
    const versions = await sql(`SELECT component, version FROM ${schema}.aether_schema`);
    expect(versions.rows).toEqual([{ component: 'events', version: 1 }]);
  });

  it('refuses a schema written by a newer build with postgres.schema-newer', async () => {
    const schema = nextSchema();
    await (await PostgresTelemetryStore.open({ connectionString: url, schema })).close();
    await sql(`UPDATE ${schema}.aether_schema SET version = 99 WHERE component = 'telemetry'`);
    expect(await codeOf(PostgresTelemetryStore.open({ connectionString: url, schema }))).toBe(
      'postgres.schema-newer',
    );
  });

  it('keeps the three stores side by side in one schema', async () => {
    const schema = nextSchema();
    const e = await PostgresEventStore.open({ connectionString: url, schema });
    const t = await PostgresTelemetryStore.open({ connectionString: url, schema });
    const a = await PostgresAuditStore.open({ connectionString: url, schema });
    await e.append([ev(0)]);
    await t.write([{ seriesId: 'a', value: 1, quality: 'good', sourceTime: T0 }]);
    await a.append([rec(0)], 0);
    for (const s of [e, t, a]) await s.close();
    const tables = await sql(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [schema],
    );
    expect(tables.rows.map((r: { table_name: string }) => r.table_name)).toEqual([
      'aether_schema',
      'audit_checkpoints',
      'audit_entries',
      'events',
      'events_head',
      'telemetry_buckets',
      'telemetry_samples',
      'telemetry_series',
    ]);
  });

  it('rejects bad options with postgres.option-invalid before connecting', async () => {
    for (const schema of ['Public', 'a;drop table x', '', '1abc', 'x'.repeat(64)]) {
      expect(await codeOf(PostgresEventStore.open({ connectionString: url, schema }))).toBe(
        'postgres.option-invalid',
      );
    }
    expect(await codeOf(PostgresEventStore.open({}))).toBe('postgres.option-invalid');
    expect(await codeOf(PostgresEventStore.open({ connectionString: url, maxConnections: 0 }))).toBe(
      'postgres.option-invalid',
    );
  });

  it('lets stores share one pool and leaves it open on close', async () => {
    const pool = createPostgresPool(url);
    try {
      const schema = nextSchema();
      const e = await PostgresEventStore.open({ pool, schema });
      const t = await PostgresTelemetryStore.open({ pool, schema });
      await e.append([ev(0)]);
      await e.close();
      await t.write([{ seriesId: 'a', value: 1, quality: 'good', sourceTime: T0 }]);
      expect(await t.seriesIds()).toEqual(['a']);
      await t.close();
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });
});

describe('PostgresEventStore', () => {
  it('keeps seq gap-free and batches contiguous across two store instances appending at once', async () => {
    const schema = nextSchema();
    const a = await PostgresEventStore.open({ connectionString: url, schema });
    const b = await PostgresEventStore.open({ connectionString: url, schema });
    try {
      const batches = Array.from({ length: 12 }, (_, k) =>
        Array.from({ length: 4 }, (_, i) => ev(k * 4 + i)),
      );
      const results = await Promise.all(batches.map((batch, k) => (k % 2 === 0 ? a : b).append(batch)));
      for (const r of results) expect(r.map((e) => e.seq)).toEqual(r.map((_, i) => r[0]!.seq + i));
      expect((await b.read()).map((e) => e.seq)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses U+0000 in type or stream (PostgreSQL text cannot hold it) with events.invalid and its path', async () => {
    const s = await PostgresEventStore.open({ connectionString: url, schema: nextSchema() });
    try {
      let caught: unknown;
      try {
        await s.append([ev(0), { ...ev(1), stream: 'a\u0000b' }]);
      } catch (e) {
        caught = e;
      }
      expect(
        isAetherError(caught) && caught.code === 'events.invalid' && caught.path === 'events[1].stream',
      ).toBe(true);
      // In data it is fine: JSON escapes it.
      await s.append([{ ...ev(2), data: { text: 'a\u0000b' } }]);
      expect((await s.read())[0]?.data).toEqual({ text: 'a\u0000b' });
      // Reads with such a filter match nothing instead of failing.
      expect(await s.read({ stream: 'a\u0000b' })).toEqual([]);
      expect(await s.read({ types: ['x\u0000'] })).toEqual([]);
      expect(await s.read({ types: ['x\u0000', 'StationStarted'] })).toHaveLength(1);
    } finally {
      await s.close();
    }
  });
});

describe('PostgresTelemetryStore', () => {
  it('two instances share the series dictionary and may register the same new series at once', async () => {
    const schema = nextSchema();
    const a = await PostgresTelemetryStore.open({ connectionString: url, schema });
    const b = await PostgresTelemetryStore.open({ connectionString: url, schema });
    try {
      const batch = (v: number, off: number) =>
        ['p', 'q', 'r'].map((id) => ({
          seriesId: id,
          value: v,
          quality: 'good' as const,
          sourceTime: T0 + off,
        }));
      await Promise.all([
        a.write(batch(1, 0)),
        b.write(batch(2, 1000)),
        a.write(batch(3, 2000)),
        b.write(batch(4, 3000)),
      ]);
      expect(await a.seriesIds()).toEqual(['p', 'q', 'r']);
      expect((await b.query({ seriesId: 'q', from: 0, to: T0 * 2 })).map((p) => p.value)).toEqual([
        1, 2, 3, 4,
      ]);
      const ids = await sql(`SELECT count(*)::int AS n FROM ${schema}.telemetry_series`);
      expect(ids.rows[0]).toEqual({ n: 3 });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('loses no sample that a writer commits while retention folds the same series', async () => {
    const schema = nextSchema();
    const s = await PostgresTelemetryStore.open({ connectionString: url, schema });
    const w = await PostgresTelemetryStore.open({ connectionString: url, schema });
    try {
      const minutes = 30;
      await s.write(
        Array.from({ length: minutes * 60 }, (_, i) => ({
          seriesId: 'a',
          value: 1,
          quality: 'good' as const,
          sourceTime: T0 + i * 1000,
        })),
      );
      // Late re-deliveries and new samples into the range being folded, while retention runs.
      const late = Array.from({ length: 40 }, (_, k) =>
        w.write([{ seriesId: 'a', value: 1, quality: 'good' as const, sourceTime: T0 + k * 997 + 500 }]),
      );
      const policy = { rawMaxAgeMs: 60_000, downsampleBucketMs: 60_000, downsampledMaxAgeMs: 24 * 3_600_000 };
      await Promise.all([s.applyRetention(policy, T0 + minutes * 60_000), ...late]);
      await s.applyRetention(policy, T0 + minutes * 60_000);
      const all = await s.query({ seriesId: 'a', from: T0, to: T0 + minutes * 60_000, bucketMs: 3_600_000 });
      expect(all.map((p) => p.count)).toEqual([minutes * 60 + 40]);
      expect(all[0]?.value).toBe(1);
    } finally {
      await s.close();
      await w.close();
    }
  });
});

describe('PostgresAuditStore', () => {
  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused even for the owner', async () => {
    const schema = nextSchema();
    const s = await PostgresAuditStore.open({ connectionString: url, schema });
    await s.append([rec(0), rec(1)], 0);
    await s.putCheckpoint({ treeSize: 2, note: 'n' });
    await s.close();
    for (const stmt of [
      `UPDATE ${schema}.audit_entries SET entry = '\\x00' WHERE idx = 0`,
      `DELETE FROM ${schema}.audit_entries WHERE idx = 1`,
      `TRUNCATE ${schema}.audit_entries`,
      `UPDATE ${schema}.audit_checkpoints SET note = 'forged'`,
      `DELETE FROM ${schema}.audit_checkpoints`,
      `TRUNCATE ${schema}.audit_checkpoints`,
    ]) {
      await expect(sql(stmt), stmt).rejects.toMatchObject({
        code: '42501',
        message: expect.stringMatching(/append-only/) as unknown,
      });
    }
    const again = await PostgresAuditStore.open({ connectionString: url, schema });
    expect(await again.size()).toBe(2);
    expect(await again.checkpoints()).toEqual([{ treeSize: 2, note: 'n' }]);
    await again.close();
  });

  it('single writer: a second store instance that appends at a stale position gets audit.append-conflict', async () => {
    const schema = nextSchema();
    const a = await PostgresAuditStore.open({ connectionString: url, schema });
    const b = await PostgresAuditStore.open({ connectionString: url, schema });
    try {
      await a.append([rec(0)], 0);
      expect(await codeOf(b.append([rec(9)], 0))).toBe('audit.append-conflict');
      expect(await b.append([rec(1)], 1)).toBe(1);
      // Racing instances: exactly one wins each position, the log stays gap-free.
      const race = await Promise.allSettled([
        a.append([rec(2), rec(3)], 2),
        b.append([rec(4)], 2),
        a.append([rec(5)], 2),
        b.append([rec(6)], 2),
      ]);
      expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of race)
        if (r.status === 'rejected')
          expect(isAetherError(r.reason) ? r.reason.code : r.reason).toBe('audit.append-conflict');
      const size = await a.size();
      expect((await b.read(0, size)).map((r) => r.index)).toEqual(Array.from({ length: size }, (_, i) => i));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('takes the log advisory lock: an append waits while another session holds it', async () => {
    const schema = nextSchema();
    const s = await PostgresAuditStore.open({ connectionString: url, schema });
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`aethercore.audit:${schema}`]);
      let settled = false;
      const p = s.append([rec(0)], 0).finally(() => {
        settled = true;
      });
      // The append must be parked on the lock, not done: poll the server's view of it.
      let waiting = 0;
      for (let i = 0; i < 100 && waiting === 0; i++) {
        const r = await holder.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
        );
        waiting = r.rows[0]?.n ?? 0;
        if (waiting === 0) await new Promise((res) => setTimeout(res, 20));
      }
      expect(waiting).toBe(1);
      expect(settled).toBe(false);
      await holder.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [
        `aethercore.audit:${schema}`,
      ]);
      expect(await p).toBe(0);
    } finally {
      await holder.end();
      await s.close();
    }
  });

  it('rejects use after close and malformed checkpoints with coded errors', async () => {
    const s = await PostgresAuditStore.open({ connectionString: url, schema: nextSchema() });
    expect(await codeOf(s.putCheckpoint({ treeSize: -1, note: 'x' }))).toBe('audit.checkpoint-invalid');
    expect(await codeOf(s.putCheckpoint({ treeSize: 1, note: 'a\u0000' }))).toBe('audit.checkpoint-invalid');
    expect(await codeOf(s.putCheckpoint(null as unknown as { treeSize: number; note: string }))).toBe(
      'audit.checkpoint-invalid',
    );
    expect(await codeOf(s.append('nope' as unknown as NewAuditRecord[], 0))).toBe('audit.record-invalid');
    expect(await s.size()).toBe(0);
    await s.close();
    expect(await codeOf(s.size())).toBe('audit.closed');
    expect(await codeOf(s.append([rec(0)], 0))).toBe('audit.closed');
  });
});
