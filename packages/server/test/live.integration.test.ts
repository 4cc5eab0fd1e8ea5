import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@aethercore/core';
import { SqliteEventStore, SqliteTelemetryStore } from '@aethercore/adapter-sqlite';
import {
  loadConfig,
  startLive,
  type HealthResponse,
  type KpisResponse,
  type LineResponse,
  type LiveHandle,
} from '../src/index.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');

async function until<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let v = await read();
  while (!ok(v)) {
    if (performance.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 200));
    v = await read();
  }
  return v;
}

describe('live mode (twin → OPC UA → SQLite → HTTP) on loopback', () => {
  let tmp: string;
  let live: LiveHandle;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'aethercore-live-'));
    const config = loadConfig(
      {},
      { port: 0, opcuaPort: 0, speed: 1_200, dataDir: tmp, plant: path.join(REPO, 'plants/werkhalle4.yaml') },
    );
    live = await startLive(config, { logger: silentLogger });
  }, 60_000);

  afterAll(async () => {
    await live?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  it('stores events, ingests telemetry through OPC UA, and answers /api/line and /api/kpis', async () => {
    // Events from the real-time driver land in the SQLite event store.
    const health = await until(
      async () => (await (await fetch(`${live.url}/api/health`)).json()) as HealthResponse,
      (h) => h.lastSeq > 50 && h.components['opcua'] === 'ok',
      45_000,
      'events and an OPC UA connection',
    );
    expect(health.status).toBe('ok');

    // Telemetry arrives through the OPC UA subscription (the twin is never read in-process for it).
    await until(
      () => Promise.resolve(live.stats().readingsIngested),
      (n) => n > 200,
      45_000,
      'readings through OPC UA',
    );
    expect(live.stats().opcuaConnected).toBe(true);
    const line = (await (await fetch(`${live.url}/api/line`)).json()) as LineResponse;
    expect(line.stations).toHaveLength(20);
    const from = line.simTime - 4 * 3_600_000;
    const t = (await (
      await fetch(`${live.url}/api/telemetry?series=ST05/vibrationRmsMmS&from=${from}`)
    ).json()) as { points: { value: number; time: number }[] };
    expect(t.points.length).toBeGreaterThan(0);
    for (const p of t.points) expect(Number.isFinite(p.value)).toBe(true);
    // Readings carry the twin's simulated source time (OPC UA SourceTimestamp), not the wall clock:
    // the newest is at most a few wall seconds × speed behind the line's clock.
    expect(line.simTime - t.points.at(-1)!.time).toBeLessThan(5 * 1_200 * 1_000);
    expect(line.simTime - t.points.at(-1)!.time).toBeGreaterThanOrEqual(0);

    const kpis = (await (await fetch(`${live.url}/api/kpis`)).json()) as KpisResponse;
    expect(kpis.to).toBeGreaterThan(kpis.from);
    expect(kpis.kpis.availability).toBeGreaterThanOrEqual(0);
    expect(kpis.kpis.availability).toBeLessThanOrEqual(1);
    expect(kpis.baseline).toBeDefined();

    // The sim clock follows the wall clock × speed (generous: the machine is shared).
    const t0 = live.stats().simTime;
    await new Promise((r) => setTimeout(r, 1_000));
    expect(live.stats().simTime - t0).toBeGreaterThan(600_000);
  }, 120_000);

  it('releases an SSE connection when the browser goes away, and reports the pipeline latency', async () => {
    const before = live.stats().sseClients;
    const abort = new AbortController();
    const res = await fetch(`${live.url}/api/stream?series=ST05/temperatureC`, { signal: abort.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: readings'))
      text += new TextDecoder().decode((await reader.read()).value as Uint8Array);
    expect(text).toContain('ST05/temperatureC');
    expect(live.stats().sseClients).toBe(before + 1);
    abort.abort();
    await until(
      () => Promise.resolve(live.stats().sseClients),
      (n) => n === before,
      10_000,
      'the SSE subscriber to be released',
    );
    const lag = live.stats().ingestLagMs;
    expect(lag).toBeDefined();
    expect(lag!.p50).toBeGreaterThanOrEqual(0);
    expect(lag!.p95).toBeGreaterThanOrEqual(lag!.p50);
  }, 30_000);

  it('shuts down cleanly and leaves durable stores behind', async () => {
    const stored = live.stats().eventsStored;
    const ingested = live.stats().readingsIngested;
    await live.stop();
    await live.stop(); // idempotent
    await expect(fetch(`${live.url}/api/health`)).rejects.toThrow();
    const events = new SqliteEventStore({ file: path.join(tmp, 'live-events.db') });
    const telemetry = new SqliteTelemetryStore({ file: path.join(tmp, 'live-telemetry.db') });
    try {
      // The driver's events plus the live agents' findings (AgentFindingRecorded, stored by the finding sink).
      const findings = await events.read({ types: ['AgentFindingRecorded'] });
      expect(await events.lastSeq()).toBe(stored + findings.length);
      expect((await telemetry.seriesIds()).length).toBeGreaterThan(50);
      const latest = await telemetry.latest(['ST05/temperatureC']);
      expect(latest).toHaveLength(1);
      expect(ingested).toBeGreaterThan(0);
    } finally {
      await events.close();
      await telemetry.close();
    }
  }, 60_000);
});
