import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { silentLogger } from '@aethercore/core';
import { decodeMeta, startMqttBroker, type MqttBrokerHandle } from '@aethercore/adapter-mqtt';
import { loadConfig, startLive, type HealthResponse, type LiveHandle } from '../src/index.ts';

// The live mode's sensor path on loopback: an "external" broker (aedes, started here, as mosquitto
// would be) given with mqttUrl, then the same line with MQTT off. Waits are polled with deadlines.

const REPO = path.resolve(import.meta.dirname, '../../..');

async function until<T>(
  read: () => Promise<T> | T,
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

async function points(live: LiveHandle, series: string): Promise<number> {
  const res = await fetch(`${live.url}/api/telemetry?series=${series}&from=0`);
  return ((await res.json()) as { points: unknown[] }).points.length;
}

function start(dataDir: string, extra: Record<string, string | number>): Promise<LiveHandle> {
  const config = loadConfig(
    {},
    {
      port: 0,
      opcuaPort: 0,
      speed: 1_200,
      dataDir,
      plant: path.join(REPO, 'plants/werkhalle4.yaml'),
      ...extra,
    },
  );
  return startLive(config, { logger: silentLogger });
}

describe('live mode: sensors over MQTT, machine level over OPC UA', () => {
  const dirs: string[] = [];
  const running: { stop(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const r of running.reverse()) await r.stop().catch(() => undefined);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }, 60_000);
  const tmp = (): string => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'aethercore-mqtt-live-'));
    dirs.push(d);
    return d;
  };

  it('ingests the sensor series from an external broker, with births, health and counted refusals', async () => {
    const broker: MqttBrokerHandle = await startMqttBroker({ port: 0, logger: silentLogger });
    running.push(broker);
    const live = await start(tmp(), { mqttUrl: broker.url });
    running.push(live);
    expect(live.mqttUrl).toBe(broker.url);

    const health = await until(
      async () => (await (await fetch(`${live.url}/api/health`)).json()) as HealthResponse,
      (h) => h.components['mqtt'] === 'ok' && h.components['opcua'] === 'ok',
      60_000,
      'MQTT and OPC UA connections',
    );
    expect(health.status).toBe('ok');
    await until(
      () => live.stats().mqtt?.delivered ?? 0,
      (n) => n > 200,
      60_000,
      'readings over MQTT',
    );
    // A sensor series (MQTT) and a machine-level series (OPC UA) both reach the telemetry store.
    await until(
      () => points(live, 'ST05/vibrationRmsMmS'),
      (n) => n > 0,
      60_000,
      'vibration in the store',
    );
    await until(
      () => points(live, 'ST04/partsProduced'),
      (n) => n > 0,
      60_000,
      'part counts in the store',
    );

    // The gateway's retained births are on the broker, with unit and EURange.
    const probe = await mqtt.connectAsync(broker.url, { clientId: 'probe' });
    const births = new Map<string, string>();
    probe.on('message', (topic, payload) => births.set(topic, payload.toString()));
    await probe.subscribeAsync('aethercore/v1/+/+/+/+/ST05/vibrationRmsMmS/$meta', { qos: 1 });
    const topic = 'aethercore/v1/SITE-A/WH4/L1/WC-ROBOT/ST05/vibrationRmsMmS/$meta';
    await until(
      () => births.has(topic),
      (x) => x,
      30_000,
      'the retained birth',
    );
    expect(decodeMeta(births.get(topic))).toMatchObject({
      seriesId: 'ST05/vibrationRmsMmS',
      unit: 'mm/s',
      low: 0,
    });

    // Somebody publishes garbage and a foreign series: refused and counted, the path keeps running.
    await probe.publishAsync('aethercore/v1/SITE-A/WH4/L1/WC-ROBOT/ST05/vibrationRmsMmS', 'garbage', {
      qos: 1,
    });
    await probe.publishAsync('aethercore/v1/SITE-A/WH4/L1/WC-ROBOT/ST05/partsProduced', '{"t":1,"v":1}', {
      qos: 1,
    });
    await probe.endAsync();
    const stats = await until(
      () => live.stats().mqtt,
      (s) =>
        (s?.rejected['mqtt.payload-invalid'] ?? 0) >= 1 && (s?.rejected['mqtt.series-unknown'] ?? 0) >= 1,
      30_000,
      'the refusals to be counted',
    );
    expect(stats?.duplicates).toBe(0);
    expect(stats?.connected).toBe(true);
    const before = live.stats().mqtt?.delivered ?? 0;
    await until(
      () => live.stats().mqtt?.delivered ?? 0,
      (n) => n > before,
      30_000,
      'readings after the refusals',
    );
    await live.stop();
  }, 240_000);

  it('with MQTT off, every series comes over OPC UA and health has no mqtt component', async () => {
    const live = await start(tmp(), { mqtt: 'false' });
    running.push(live);
    expect(live.mqttUrl).toBeUndefined();
    const health = await until(
      async () => (await (await fetch(`${live.url}/api/health`)).json()) as HealthResponse,
      (h) => h.components['opcua'] === 'ok',
      60_000,
      'the OPC UA connection',
    );
    expect(health.components['mqtt']).toBeUndefined();
    await until(
      () => points(live, 'ST05/vibrationRmsMmS'),
      (n) => n > 0,
      60_000,
      'vibration over OPC UA',
    );
    expect(live.stats().mqtt).toBeUndefined();
    await live.stop();
  }, 240_000);
});
