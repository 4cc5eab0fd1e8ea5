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

/**
 * A GET that is sent again once when the kept-alive socket it reused was reset: Node's server closes
 * idle sockets after 5 s, and when the test process is starved, fetch may reuse one just as it closes
 * (seen on the loaded project machine as ECONNRESET). A GET is safe to repeat.
 */
async function getOnce(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    if ((e as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw e;
    return fetch(url, init);
  }
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
  }, 180_000);

  afterAll(async () => {
    await live?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  it('stores events, ingests telemetry through OPC UA, and answers /api/line and /api/kpis', async () => {
    // Events from the real-time driver land in the SQLite event store.
    const health = await until(
      async () => (await (await fetch(`${live.url}/api/health`)).json()) as HealthResponse,
      (h) => h.lastSeq > 50 && h.components['opcua'] === 'ok',
      120_000,
      'events and an OPC UA connection',
    );
    expect(health.status).toBe('ok');

    // Telemetry arrives through the OPC UA subscription (the twin is never read in-process for it).
    await until(
      () => Promise.resolve(live.stats().readingsIngested),
      (n) => n > 200,
      120_000,
      'readings through OPC UA',
    );
    expect(live.stats().opcuaConnected).toBe(true);
    const line = (await (await fetch(`${live.url}/api/line`)).json()) as LineResponse;
    expect(line.stations).toHaveLength(20);
    const from = line.simTime - 4 * 3_600_000;
    // Readings of every series arrive, but not all at once: wait for this one in the store.
    const t = await until(
      async () =>
        (await (
          await getOnce(`${live.url}/api/telemetry?series=ST05/vibrationRmsMmS&from=${from}`)
        ).json()) as { points: { value: number; time: number }[] },
      (r) => r.points.length > 0,
      120_000,
      'ST05 vibration readings in the telemetry store',
    );
    for (const p of t.points) expect(Number.isFinite(p.value)).toBe(true);
    const simNow = ((await (await getOnce(`${live.url}/api/line`)).json()) as LineResponse).simTime;
    // Readings carry the twin's simulated source time (OPC UA SourceTimestamp), not the wall clock:
    // the newest is at most some wall seconds × speed behind the line's clock (30 s: a loaded machine
    // may delay the pipeline; the wall clock is days away from the simulated one, so this still tells).
    expect(simNow - t.points.at(-1)!.time).toBeLessThan(30 * 1_200 * 1_000);
    expect(simNow - t.points.at(-1)!.time).toBeGreaterThanOrEqual(0);

    const kpis = (await (await fetch(`${live.url}/api/kpis`)).json()) as KpisResponse;
    expect(kpis.to).toBeGreaterThan(kpis.from);
    expect(kpis.kpis.availability).toBeGreaterThanOrEqual(0);
    expect(kpis.kpis.availability).toBeLessThanOrEqual(1);
    expect(kpis.baseline).toBeDefined();

    // The sim clock follows the wall clock × speed: over 5 s of measured wall time, at least half of
    // ×1200 (generous: a starved driver catches up on its next tick, but a tick may be late).
    const t0 = live.stats().simTime;
    const w0 = performance.now();
    await new Promise((r) => setTimeout(r, 5_000));
    const wall = performance.now() - w0;
    expect(live.stats().simTime - t0).toBeGreaterThan(0.5 * 1_200 * (wall - 2_000));
  }, 300_000);

  it('releases an SSE connection when the browser goes away, and reports the pipeline latency', async () => {
    const before = live.stats().sseClients;
    const abort = new AbortController();
    const res = await getOnce(`${live.url}/api/stream?series=ST05/temperatureC`, { signal: abort.signal });
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
      60_000,
      'the SSE subscriber to be released',
    );
    const lag = live.stats().ingestLagMs;
    expect(lag).toBeDefined();
    expect(lag!.p50).toBeGreaterThanOrEqual(0);
    expect(lag!.p95).toBeGreaterThanOrEqual(lag!.p50);
  }, 120_000);

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
  }, 120_000);
});
