import { CONNECT_TIMEOUT_MS, firstConnect, STOP_GRACE_MS, within } from './timing.ts';
import { setImmediate } from 'node:timers';
import mqtt, { type MqttClient } from 'mqtt';
import { AetherError, silentLogger, type EngineeringUnit, type Logger, type Reading } from '@aethercore/core';
import { decodeMeta, decodeSample, type SignalMeta } from './payload-codec.ts';
import { DEFAULT_TOPIC_PREFIX, parseTopic } from './topic-scheme.ts';
import { RecentTimes } from './recent-times.ts';

export interface MqttTelemetryOptions {
  readonly url: string;
  /** MQTT client id of the platform's session. */
  readonly clientId: string;
  readonly prefix?: string;
  /**
   * The series the platform takes over MQTT, with their units (a payload naming another unit is
   * refused). Others are refused as `mqtt.series-unknown`: on a shared broker anyone may publish.
   * Omitted: every well-formed series is accepted.
   */
  readonly series?: ReadonlyMap<string, EngineeringUnit>;
  /** Readings, batched: all messages decoded in one turn of the event loop form one batch. */
  readonly onReadings: (readings: readonly Reading[]) => void;
  readonly reconnectPeriodMs?: number;
  /**
   * Discard a session the broker still holds for this client id before subscribing (a fresh run
   * that must not receive the previous run's queued messages); later reconnects keep the session.
   */
  readonly freshSession?: boolean;
  readonly logger?: Logger;
}

export interface MqttTelemetryStats {
  /** Data messages received (before decoding). */
  readonly received: number;
  readonly delivered: number;
  /** Exact repeats of a (series, source time) already delivered: QoS 1 is at-least-once. */
  readonly duplicates: number;
  /** Refused messages by error code (`mqtt.sample-invalid`, `mqtt.topic-invalid`, …). */
  readonly rejected: Readonly<Record<string, number>>;
  readonly reconnects: number;
  /** Subscriptions the broker acknowledged (one per connect): tests wait for it after a restart. */
  readonly subscriptions: number;
}

export interface MqttTelemetrySubscription {
  /** True while the session to the broker is up. */
  connected(): boolean;
  stats(): MqttTelemetryStats;
  /** Gateways seen on `$state`, with their last state (`online`/`offline`). */
  gateways(): ReadonlyMap<string, string>;
  /** Signal metadata from the retained births. */
  meta(): ReadonlyMap<string, SignalMeta>;
  stop(): Promise<void>;
}

/** How many recent source times per series are remembered to drop QoS 1 redeliveries. */
const RECENT_PER_SERIES = 64;
/** At most this many rejection log lines per code; the counters keep counting. */
const LOGGED_PER_CODE = 5;

/**
 * The platform's MQTT telemetry client: one subscription at QoS 1 to `<prefix>/#`, topics mapped to
 * series by the topic scheme, payloads decoded by the codec. A bad message is refused with a
 * coded error, counted per code and logged (rate-limited), and never stops the others. A
 * persistent session (clean = false) lets the broker queue QoS 1 messages while the platform is
 * briefly away; mqtt.js reconnects with a fixed period and resubscribes when the broker lost the session.
 */
export async function subscribeMqttTelemetry(o: MqttTelemetryOptions): Promise<MqttTelemetrySubscription> {
  const log = (o.logger ?? silentLogger).child('mqtt-client');
  const prefix = o.prefix ?? DEFAULT_TOPIC_PREFIX;
  let received = 0;
  let delivered = 0;
  let duplicates = 0;
  let reconnects = 0;
  let subscriptions = 0;
  const rejected: Record<string, number> = {};
  const gateways = new Map<string, string>();
  const meta = new Map<string, SignalMeta>();
  const recent = new Map<string, RecentTimes>();
  let batch: Reading[] = [];
  let flushQueued = false;

  const reject = (e: unknown, topic: string): void => {
    const code = e instanceof AetherError ? e.code : 'mqtt.internal';
    const n = (rejected[code] = (rejected[code] ?? 0) + 1);
    if (n <= LOGGED_PER_CODE)
      log.log('warn', 'MQTT message refused', {
        code,
        topic: topic.slice(0, 200),
        error: e instanceof Error ? e.message : String(e),
        ...(n === LOGGED_PER_CODE ? { note: 'further refusals with this code are only counted' } : {}),
      });
  };
  const flush = (): void => {
    flushQueued = false;
    if (batch.length === 0) return;
    const out = batch;
    batch = [];
    delivered += out.length;
    try {
      o.onReadings(out);
    } catch (e) {
      log.log('error', 'MQTT reading consumer failed', { error: e instanceof Error ? e.message : String(e) });
    }
  };
  const onMessage = (topic: string, payload: Buffer): void => {
    try {
      const t = parseTopic(prefix, topic);
      if (t.kind === 'state') {
        const state = payload.toString('utf8').slice(0, 32);
        if (gateways.get(t.gatewayId) !== state)
          log.log('info', 'MQTT gateway state', { gatewayId: t.gatewayId, state });
        gateways.set(t.gatewayId, state);
        return;
      }
      if (t.kind === 'meta') {
        if (payload.length === 0) return; // a retained message being cleared
        const m = decodeMeta(payload);
        if (m.seriesId !== t.seriesId)
          throw new AetherError({
            code: 'mqtt.meta-invalid',
            message: `birth on ${t.seriesId} names ${m.seriesId}`,
            hint: 'the birth must name the series of its topic',
            path: 'seriesId',
          });
        meta.set(t.seriesId, m);
        return;
      }
      received++;
      const unit = o.series?.get(t.seriesId);
      if (o.series !== undefined && unit === undefined)
        throw new AetherError({
          code: 'mqtt.series-unknown',
          message: `no series ${t.seriesId} is expected over MQTT`,
          hint: 'the plant file defines the series; check the gateway configuration',
          path: 'topic',
        });
      const r = decodeSample(t.seriesId, payload, unit ?? meta.get(t.seriesId)?.unit);
      let seen = recent.get(r.seriesId);
      if (seen === undefined) recent.set(r.seriesId, (seen = new RecentTimes(RECENT_PER_SERIES)));
      if (!seen.add(r.sourceTime)) {
        duplicates++;
        return;
      }
      batch.push(r);
      if (!flushQueued) {
        flushQueued = true;
        setImmediate(flush);
      }
    } catch (e) {
      reject(e, topic);
    }
  };

  if (o.freshSession === true) {
    // CONNECT with CleanSession = 1 ends the stored session (MQTT 3.1.1 §3.1.2.4).
    const once = await mqtt
      .connectAsync(o.url, {
        clientId: o.clientId,
        clean: true,
        connectTimeout: CONNECT_TIMEOUT_MS,
        reconnectPeriod: 0,
      })
      .catch((e: unknown) => {
        throw new AetherError({
          code: 'mqtt.connect-failed',
          message: `the platform cannot reach the MQTT broker at ${o.url}: ${e instanceof Error ? e.message : String(e)}`,
          hint: 'start the broker (or drop --mqtt-url to use the embedded one), or run with --no-mqtt',
          kind: 'unavailable',
          category: 'third-party',
        });
      });
    await once.endAsync();
  }
  const client: MqttClient = mqtt.connect(o.url, {
    clientId: o.clientId,
    clean: false,
    reconnectPeriod: o.reconnectPeriodMs ?? 1_000,
    connectTimeout: CONNECT_TIMEOUT_MS,
  });
  let everConnected = false;
  client.on('connect', (connack) => {
    if (everConnected) reconnects++;
    everConnected = true;
    log.log('info', 'MQTT telemetry client connected', {
      url: o.url,
      sessionPresent: connack.sessionPresent,
    });
    // Subscribing on every connect is harmless with a present session and needed without one.
    client.subscribe(`${prefix}/#`, { qos: 1 }, (e) => {
      if (e !== null && e !== undefined)
        log.log('error', 'MQTT subscribe failed', { error: e.message, code: 'mqtt.subscribe-failed' });
      else subscriptions++;
    });
  });
  client.on('message', onMessage);
  client.on('offline', () =>
    log.log('warn', 'MQTT telemetry client offline, reconnecting', {
      url: o.url,
      code: 'mqtt.connection-lost',
    }),
  );
  client.on('error', (e) => log.log('warn', 'MQTT telemetry client error', { url: o.url, error: e.message }));

  await firstConnect(client, o.url, 'the platform');

  let stopped: Promise<void> | undefined;
  return {
    connected: () => client.connected,
    stats: () => ({ received, delivered, duplicates, rejected: { ...rejected }, reconnects, subscriptions }),
    gateways: () => gateways,
    meta: () => meta,
    stop: () => {
      stopped ??= (async () => {
        const graceful = await within(
          client.endAsync(!client.connected).then(() => true),
          STOP_GRACE_MS,
        );
        if (graceful !== true) await within(client.endAsync(true), STOP_GRACE_MS);
        flush();
      })();
      return stopped;
    },
  };
}
