import { afterEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { MemoryTelemetryStore, type Reading } from '@aethercore/core';
import {
  connectSensorGateway,
  DEFAULT_TOPIC_PREFIX,
  signalTopic,
  startMqttBroker,
  subscribeMqttTelemetry,
  type MqttBrokerHandle,
  type MqttSignal,
  type MqttTelemetrySubscription,
  type SensorGateway,
} from '../src/index.ts';

// Loopback only, ephemeral ports, every wait bounded by a deadline and polled (no timing assertions).

const SIGNALS: MqttSignal[] = [
  {
    seriesId: 'ST05/vibrationRmsMmS',
    path: ['SITE-A', 'WH4', 'L1', 'WC-ROBOT', 'ST05'],
    signal: 'vibrationRmsMmS',
    unit: 'mm/s',
    euRange: { low: 0, high: 2.7 },
  },
  {
    seriesId: 'ST05/temperatureC',
    path: ['SITE-A', 'WH4', 'L1', 'WC-ROBOT', 'ST05'],
    signal: 'temperatureC',
    unit: 'degC',
  },
];
const UNITS = new Map(SIGNALS.map((s) => [s.seriesId, s.unit]));

async function until(
  what: string,
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function samples(from: number, n: number): Reading[] {
  const out: Reading[] = [];
  for (let i = 0; i < n; i++) {
    const s = SIGNALS[i % SIGNALS.length] as MqttSignal;
    out.push({
      seriesId: s.seriesId,
      value: Math.sin(from + i),
      quality: i % 7 === 0 ? 'uncertain' : 'good',
      sourceTime: 1_700_000_000_000 + (from + i) * 1_000,
    });
  }
  return out;
}

async function storedCount(store: MemoryTelemetryStore): Promise<number> {
  let n = 0;
  for (const s of SIGNALS) n += (await store.query({ seriesId: s.seriesId, from: 0, to: 2 ** 52 })).length;
  return n;
}

describe('MQTT sensor path on loopback (embedded aedes broker)', () => {
  const open: { stop(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const h of open.reverse()) await h.stop().catch(() => undefined);
    open.length = 0;
  });

  async function setUp(port = 0): Promise<{
    broker: MqttBrokerHandle;
    gateway: SensorGateway;
    sub: MqttTelemetrySubscription;
    store: MemoryTelemetryStore;
    delivered: Reading[];
  }> {
    const broker = await startMqttBroker({ port, logger: silent });
    open.push(broker);
    const store = new MemoryTelemetryStore();
    const delivered: Reading[] = [];
    const sub = await subscribeMqttTelemetry({
      url: broker.url,
      clientId: `platform-${Math.random().toString(36).slice(2)}`,
      series: UNITS,
      reconnectPeriodMs: 200,
      onReadings: (rs) => {
        delivered.push(...rs);
        void store.write(rs);
      },
    });
    open.push(sub);
    await until('the subscription', () => sub.stats().subscriptions >= 1);
    const gateway = await connectSensorGateway({
      url: broker.url,
      gatewayId: 'gw-test',
      signals: SIGNALS,
      reconnectPeriodMs: 200,
    });
    open.push(gateway);
    return { broker, gateway, sub, store, delivered };
  }

  it('stores every QoS 1 sample exactly once, with births and the gateway state', async () => {
    const { gateway, sub, store, delivered } = await setUp();
    const N = 2_000;
    const sent = samples(0, N);
    gateway.publish(sent);
    await until('all samples', () => sub.stats().delivered >= N);
    await until('the acknowledgements', () => gateway.stats().acknowledged >= N);
    expect(await storedCount(store)).toBe(N);
    expect(delivered).toHaveLength(N);
    expect(new Set(delivered.map((r) => `${r.seriesId}@${r.sourceTime}`)).size).toBe(N);
    const byKey = new Map(sent.map((r) => [`${r.seriesId}@${r.sourceTime}`, r]));
    for (const r of delivered) expect(r).toEqual(byKey.get(`${r.seriesId}@${r.sourceTime}`));
    await until('the births', () => sub.meta().size === SIGNALS.length);
    expect(sub.meta().get('ST05/vibrationRmsMmS')).toEqual({
      seriesId: 'ST05/vibrationRmsMmS',
      unit: 'mm/s',
      low: 0,
      high: 2.7,
    });
    expect(sub.gateways().get('gw-test')).toBe('online');
    expect(sub.stats().rejected).toEqual({});
    expect(gateway.stats()).toMatchObject({ published: N, skipped: 0, failed: 0 });

    // A re-publication of recent samples (what QoS 1 may do after a reconnect) is recognised and dropped.
    gateway.publish(sent.slice(-10));
    await until('the repeats', () => sub.stats().duplicates >= 10);
    expect(sub.stats().delivered).toBe(N);
  }, 90_000);

  it('counts and logs bad payloads and foreign series, and keeps every good sample', async () => {
    const { broker, gateway, sub, store } = await setUp();
    const raw = await mqtt.connectAsync(broker.url, { clientId: 'intruder' });
    const topic = signalTopic(DEFAULT_TOPIC_PREFIX, SIGNALS[0]?.path ?? [], 'vibrationRmsMmS');
    gateway.publish(samples(0, 100));
    await raw.publishAsync(topic, 'not json', { qos: 1 });
    await raw.publishAsync(topic, '{"t":1,"v":"NaN"}', { qos: 1 });
    await raw.publishAsync(topic, '{"t":1,"v":1,"unit":"degC"}', { qos: 1 });
    await raw.publishAsync(signalTopic(DEFAULT_TOPIC_PREFIX, ['X'], 'unknownSignal'), '{"t":1,"v":1}', {
      qos: 1,
    });
    await raw.publishAsync(`${DEFAULT_TOPIC_PREFIX}/a/b/c/d/e/f/g/h/i`, '{"t":1,"v":1}', { qos: 1 });
    await raw.publishAsync(topic, Buffer.alloc(10_000, 0x7b), { qos: 1 });
    gateway.publish(samples(100, 100));
    await raw.endAsync();
    await until('all good samples', () => sub.stats().delivered >= 200);
    await until('all refusals', () => Object.values(sub.stats().rejected).reduce((a, b) => a + b, 0) >= 6);
    expect(sub.stats().rejected).toEqual({
      'mqtt.payload-invalid': 1,
      'mqtt.sample-invalid': 1,
      'mqtt.unit-mismatch': 1,
      'mqtt.series-unknown': 1,
      'mqtt.topic-invalid': 1,
      'mqtt.payload-too-large': 1,
    });
    expect(await storedCount(store)).toBe(200);
    expect(sub.connected()).toBe(true);
  }, 90_000);

  it('reconnects after a broker restart and resumes; the last will marks a dead gateway offline', async () => {
    const first = await setUp();
    first.gateway.publish(samples(0, 300));
    await until('the first half', () => first.sub.stats().delivered >= 300);
    const port = first.broker.port;
    await first.broker.stop();
    await until('both clients to notice', () => !first.sub.connected() && !first.gateway.connected());
    const broker = await startMqttBroker({ port, logger: silent });
    open.push(broker);
    await until(
      'the subscriber to reconnect and resubscribe',
      () => first.sub.connected() && first.sub.stats().subscriptions >= 2,
    );
    await until('the gateway to reconnect', () => first.gateway.connected());
    first.gateway.publish(samples(300, 300));
    await until('the second half', () => first.sub.stats().delivered >= 600);
    expect(await storedCount(first.store)).toBe(600);
    expect(first.sub.stats().reconnects).toBeGreaterThanOrEqual(1);
    expect(first.sub.stats().duplicates).toBe(0);

    // A gateway that dies without DISCONNECT: the broker publishes its will.
    const dying = await mqtt.connectAsync(broker.url, {
      clientId: 'gw-dying',
      will: {
        topic: `${DEFAULT_TOPIC_PREFIX}/$gateway/gw-dying/$state`,
        payload: Buffer.from('offline'),
        qos: 1,
        retain: true,
      },
    });
    await dying.publishAsync(`${DEFAULT_TOPIC_PREFIX}/$gateway/gw-dying/$state`, 'online', {
      qos: 1,
      retain: true,
    });
    await until('the online state', () => first.sub.gateways().get('gw-dying') === 'online');
    dying.stream.destroy();
    await until('the last will', () => first.sub.gateways().get('gw-dying') === 'offline');
    dying.end(true);
  }, 120_000);
});

const silent = { log: () => undefined, child: () => silent };
