import { AetherError, type EngineeringUnit, type Logger, type Reading } from '@aethercore/core';
import {
  connectSensorGateway,
  startMqttBroker,
  subscribeMqttTelemetry,
  type MqttBrokerHandle,
  type MqttSignal,
  type MqttTelemetryStats,
} from '@aethercore/adapter-mqtt';

export interface LiveMqttOptions {
  /** An external broker (`mqtt://host:1883`); undefined: start the embedded one. */
  readonly url: string | undefined;
  /** Port of the embedded broker; undefined: 1883, or any free port when 1883 is taken. */
  readonly port: number | undefined;
  readonly host: string;
  readonly signals: readonly MqttSignal[];
  readonly units: ReadonlyMap<string, EngineeringUnit>;
  /** The twin's current value of a series (what the simulated sensors measure). */
  readonly read: (seriesId: string) => Reading | undefined;
  /** The gateway's sampling interval, wall ms (the same as the OPC UA subscription's). */
  readonly samplingIntervalMs: number;
  readonly onReadings: (readings: readonly Reading[]) => void;
  /** Distinguishes the MQTT client ids of several platforms on one external broker. */
  readonly instanceId: string;
  readonly logger: Logger;
}

export interface LiveMqtt {
  /** The broker the platform and the gateway use. */
  readonly url: string;
  readonly embedded: boolean;
  /** The platform's subscription is up. */
  connected(): boolean;
  stats(): MqttTelemetryStats & { readonly published: number; readonly gatewayConnected: boolean };
  stop(): Promise<void>;
}

/** MQTT's registered port (IANA); the embedded broker falls back to a free port when it is taken. */
const MQTT_PORT = 1883;

/** The embedded broker on the given port, or on 1883 falling back to a free port when 1883 is taken. */
async function startEmbedded(host: string, port: number | undefined, log: Logger): Promise<MqttBrokerHandle> {
  try {
    return await startMqttBroker({ host, port: port ?? MQTT_PORT, logger: log });
  } catch (e) {
    if (port !== undefined || !(e instanceof AetherError) || e.code !== 'mqtt.broker-listen-failed') throw e;
    log.log('warn', `port ${MQTT_PORT} is taken: the embedded MQTT broker uses a free port`, {
      error: e.message,
    });
    return startMqttBroker({ host, port: 0, logger: log });
  }
}

/**
 * The demo's sensor path: the embedded broker (unless an external one is given), the platform's
 * telemetry subscription, and a simulated condition-monitoring gateway that samples the twin's
 * sensor values every sampling interval and publishes the new ones (a new source time) at QoS 1.
 * The subscription starts before the gateway, so the first samples already have a subscriber.
 */
export async function startLiveMqtt(o: LiveMqttOptions): Promise<LiveMqtt> {
  const log = o.logger;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const s of stops.reverse())
      await s().catch((e: unknown) => log.log('warn', 'MQTT shutdown step failed', { error: String(e) }));
    stops.length = 0;
  };
  try {
    let broker: MqttBrokerHandle | undefined;
    let url: string;
    if (o.url === undefined) {
      const embedded = await startEmbedded(o.host, o.port, log);
      stops.push(() => embedded.stop());
      broker = embedded;
      url = embedded.url;
      log.log('info', 'embedded MQTT broker listening', { url });
    } else url = o.url;
    const sub = await subscribeMqttTelemetry({
      url,
      clientId: `aethercore-platform-${o.instanceId}`,
      series: o.units,
      // Every start replays the day from the morning: the previous run's queued samples do not belong to it.
      freshSession: true,
      onReadings: o.onReadings,
      logger: log,
    });
    stops.push(() => sub.stop());
    const gateway = await connectSensorGateway({
      url,
      gatewayId: `aethercore-cm-gateway-${o.instanceId}`,
      signals: o.signals,
      logger: log,
    });
    stops.push(() => gateway.stop());
    const last = new Map<string, number>();
    const sample = (): void => {
      const out: Reading[] = [];
      for (const s of o.signals) {
        const r = o.read(s.seriesId);
        if (r === undefined || r.sourceTime === last.get(s.seriesId)) continue;
        last.set(s.seriesId, r.sourceTime);
        out.push(r);
      }
      if (out.length > 0) gateway.publish(out);
    };
    const timer = setInterval(sample, o.samplingIntervalMs);
    timer.unref();
    // The timer stops first (stops run in reverse), then the gateway says offline, then the rest.
    stops.push(() => {
      clearInterval(timer);
      return Promise.resolve();
    });
    log.log('info', 'MQTT sensor path started', {
      url,
      signals: o.signals.length,
      embedded: broker !== undefined,
    });
    let stopped: Promise<void> | undefined;
    return {
      url,
      embedded: broker !== undefined,
      connected: () => sub.connected(),
      stats: () => ({
        ...sub.stats(),
        published: gateway.stats().published,
        gatewayConnected: gateway.connected(),
      }),
      stop: () => (stopped ??= stopAll()),
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
