import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAetherError, type Reading } from '@aethercore/core';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteEventStore, SqliteTelemetryStore } from '../src/index.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'aether-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const r = (seriesId: string, t: number, value: number): Reading => ({
  seriesId,
  value,
  quality: 'good',
  sourceTime: t,
});

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isAetherError(e) ? e.code : String(e);
  }
}

describe('SQLite stores: behaviour beyond the contract', () => {
  it('opens WAL with synchronous FULL by default, NORMAL on request', async () => {
    const file = path.join(dir, 'pragma.db');
    const s = new SqliteTelemetryStore({ file });
    await s.write([r('a', 1, 1)]);
    await s.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(
      await codeOf(
        Promise.resolve().then(() => new SqliteTelemetryStore({ file, synchronous: 'OFF' as 'FULL' })),
      ),
    ).toBe('sqlite.option-invalid');
  });

  it('group commit: concurrent batches share a transaction, a bad one is rejected alone', async () => {
    const s = new SqliteTelemetryStore({ file: path.join(dir, 'group.db') });
    const writes = [
      s.write([r('a', 1, 1), r('b', 1, 1)]),
      s.write([r('a', 2, 2), { ...r('c', 2, 2), value: Number.NaN }]),
      s.write([r('a', 3, 3)]),
    ];
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await s.query({ seriesId: 'a', from: 0, to: 10 })).map((p) => p.value)).toEqual([1, 3]);
    expect(await s.seriesIds()).toEqual(['a', 'b']);
    await s.close();
  });

  it('a query issued right after write() sees the write (read-your-writes)', async () => {
    const s = new SqliteTelemetryStore({ file: path.join(dir, 'ryw.db') });
    const w = s.write([r('a', 1, 42)]);
    const latest = await s.latest(['a']);
    await w;
    expect(latest.map((x) => x.value)).toEqual([42]);
    await s.close();
  });

  it('two store instances on one file share the series dictionary', async () => {
    const file = path.join(dir, 'two.db');
    const a = new SqliteTelemetryStore({ file });
    const b = new SqliteTelemetryStore({ file });
    await a.write([r('x', 1, 1)]);
    await b.write([r('x', 2, 2), r('y', 2, 3)]);
    await a.write([r('y', 3, 4)]);
    expect(await a.seriesIds()).toEqual(['x', 'y']);
    expect((await a.query({ seriesId: 'x', from: 0, to: 10 })).map((p) => p.value)).toEqual([1, 2]);
    expect((await b.latest()).map((x) => [x.seriesId, x.value])).toEqual([
      ['x', 2],
      ['y', 4],
    ]);
    await a.close();
    await b.close();
  });

  it('events and telemetry can share one file', async () => {
    const file = path.join(dir, 'shared.db');
    const events = new SqliteEventStore({ file });
    const telemetry = new SqliteTelemetryStore({ file });
    await events.append([{ type: 'StationStarted', stream: 'station/ST01', time: 1, data: {} }]);
    await telemetry.write([r('ST01/temperatureC', 1, 20)]);
    expect(await events.lastSeq()).toBe(1);
    expect((await telemetry.latest()).length).toBe(1);
    await events.close();
    await telemetry.close();
  });

  it('refuses a file that is not a database with a coded error', async () => {
    const file = path.join(dir, 'garbage.db');
    writeFileSync(file, 'this is not a database, just text that is long enough to fill a header '.repeat(20));
    expect(await codeOf(Promise.resolve().then(() => new SqliteEventStore({ file })))).toBe(
      'sqlite.open-failed',
    );
    expect(await codeOf(Promise.resolve().then(() => new SqliteTelemetryStore({ file })))).toBe(
      'sqlite.open-failed',
    );
  });

  it('refuses tables written by a newer schema version', async () => {
    const file = path.join(dir, 'newer.db');
    const s = new SqliteEventStore({ file });
    await s.close();
    const db = new Database(file);
    db.prepare("UPDATE aether_schema SET version = 99 WHERE component = 'events'").run();
    db.close();
    expect(await codeOf(Promise.resolve().then(() => new SqliteEventStore({ file })))).toBe(
      'sqlite.schema-newer',
    );
  });
});
