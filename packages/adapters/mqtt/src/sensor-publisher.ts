import { CONNECT_TIMEOUT_MS, firstConnect, STOP_GRACE_MS, within } from './timing.ts';
import mqtt, { type MqttClient } from 'mqtt';
import { silentLogger, type Logger, type Reading } from '@aethercore/core';
import { encodeMeta, encodeSample } from './payload-codec.ts';
import {
  DEFAULT_TOPIC_PREFIX,
  gatewayStateTopic,
  metaTopic,
  signalTopic,
  type MqttSignal,
} from './topic-scheme.ts';

export interface SensorGatewayOptions {
  /** `mqtt://host:port`. */
  readonly url: string;
  /** The gateway's id: its MQTT client id and the level of its `$state` topic. */
  readonly gatewayId: string;
  readonly signals: readonly MqttSignal[];
  readonly prefix?: string;
  /** Wall ms between reconnect attempts (mqtt.js), default 1000. */
  readonly reconnectPeriodMs?: number;
  readonly logger?: Logger;
}

export interface SensorGateway {
  /**
   * Publishes the readings of known signals at QoS 1 (others are counted in `skipped`). While the
   * broker is away mqtt.js keeps them in its outgoing store and sends them after the reconnect, in order.
   */
  publish(readings: readonly Reading[]): void;
  connected(): boolean;
  stats(): {
    readonly published: number;
    readonly acknowledged: number;
    readonly skipped: number;
    readonly failed: number;
  };
  /** Publishes `offline` (retained), then disconnects cleanly; waits for acknowledgements in flight. Idempotent. */
  stop(): Promise<void>;
}

/**
 * A sensor gateway's MQTT side (the demo's simulated condition-monitoring gateway, or a bench
 * load generator). On every (re)connect it announces itself: `$state` = `online` (retained), and a
 * retained birth (`$meta`: series id, unit, EURange) for every signal, so a subscriber that joins
 * later learns the units before the first value. Its last will, set on CONNECT, is a retained
 * `offline` on the same `$state` topic: the broker publishes it when the gateway dies without a
 * DISCONNECT (MQTT 3.1.1 §3.1.2.5), so the platform sees the difference between "quiet" and "gone".
 */
export async function connectSensorGateway(o: SensorGatewayOptions): Promise<SensorGateway> {
  const log = (o.logger ?? silentLogger).child('mqtt-gateway');
  const prefix = o.prefix ?? DEFAULT_TOPIC_PREFIX;
  const stateTopic = gatewayStateTopic(prefix, o.gatewayId);
  const bySeries = new Map(
    o.signals.map((s) => [s.seriesId, { ...s, topic: signalTopic(prefix, s.path, s.signal) }]),
  );
  let published = 0;
  let acknowledged = 0;
  let skipped = 0;
  let failed = 0;

  const client: MqttClient = mqtt.connect(o.url, {
    clientId: o.gatewayId,
    // A clean session: the gateway keeps what it has not sent in its own outgoing store.
    clean: true,
    reconnectPeriod: o.reconnectPeriodMs ?? 1_000,
    connectTimeout: CONNECT_TIMEOUT_MS,
    will: { topic: stateTopic, payload: Buffer.from('offline'), qos: 1, retain: true },
  });
  const announce = (): void => {
    client.publish(stateTopic, 'online', { qos: 1, retain: true });
    for (const s of bySeries.values()) {
      const meta = encodeMeta({
        seriesId: s.seriesId,
        unit: s.unit,
        ...(s.euRange === undefined ? {} : { low: s.euRange.low, high: s.euRange.high }),
        ...(s.description === undefined ? {} : { description: s.description }),
      });
      client.publish(metaTopic(prefix, s.path, s.signal), meta, { qos: 1, retain: true });
    }
  };
  client.on('connect', () => {
    log.log('info', 'MQTT gateway connected', { url: o.url, gatewayId: o.gatewayId, signals: bySeries.size });
    announce();
  });
  client.on('offline', () =>
    log.log('warn', 'MQTT gateway offline, reconnecting', { url: o.url, code: 'mqtt.connection-lost' }),
  );
  client.on('error', (e) => log.log('warn', 'MQTT gateway error', { url: o.url, error: e.message }));

  await firstConnect(client, o.url, 'the sensor gateway');

  let stopped: Promise<void> | undefined;
  return {
    publish: (readings) => {
      for (const r of readings) {
        const s = bySeries.get(r.seriesId);
        if (s === undefined) {
          skipped++;
          continue;
        }
        published++;
        client.publish(s.topic, encodeSample(r, s.unit), { qos: 1 }, (e) => {
          if (e === undefined || e === null) acknowledged++;
          else {
            failed++;
            log.log('warn', 'MQTT publish failed', { topic: s.topic, error: e.message });
          }
        });
      }
    },
    connected: () => client.connected,
    stats: () => ({ published, acknowledged, skipped, failed }),
    stop: () => {
      stopped ??= (async () => {
        const graceful = client.connected
          ? within(
              (async () => {
                await new Promise<void>((resolve) =>
                  client.publish(stateTopic, 'offline', { qos: 1, retain: true }, () => resolve()),
                );
                await client.endAsync();
                return true;
              })(),
              STOP_GRACE_MS,
            )
          : Promise.resolve(undefined);
        if ((await graceful) !== true) await within(client.endAsync(true), STOP_GRACE_MS);
      })();
      return stopped;
    },
  };
}
