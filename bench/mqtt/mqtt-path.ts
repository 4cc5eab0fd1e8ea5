import { rmSync } from 'node:fs';
import { setImmediate } from 'node:timers/promises';
import { silentLogger, type Reading } from '@aethercore/core';
import { SqliteTelemetryStore } from '@aethercore/adapter-sqlite';
import {
  connectSensorGateway,
  startMqttBroker,
  subscribeMqttTelemetry,
  type MqttSignal,
} from '@aethercore/adapter-mqtt';
import { startMosquitto } from './mosquitto.ts';

export type BrokerKind = 'aedes' | 'mosquitto';

export interface MqttPathOptions {
  readonly broker: BrokerKind;
  readonly samples: number;
  readonly series: number;
  /** SQLite file of the run (removed afterwards). */
  readonly file: string;
  /** Readings handed to the gateway per event-loop turn (a gateway's scan of its sensors). */
  readonly chunk?: number;
  readonly onProgress?: (durable: number) => void;
}

export interface MqttPathResult {
  readonly broker: BrokerKind;
  readonly samples: number;
  /** Samples from the first publish to the last one durable in SQLite, per wall second. */
  readonly samplesPerS: number;
  readonly seconds: number;
  /** Read back from the store: must equal `samples`. */
  readonly stored: number;
  readonly duplicates: number;
  readonly rejected: number;
}

/** `series` signals on one gateway, equipment EQ000… in a line of the ISA-95 hierarchy. */
export function benchSignals(series: number): MqttSignal[] {
  return Array.from({ length: series }, (_, i) => {
    const eq = `EQ${String(Math.floor(i / 5)).padStart(3, '0')}`;
    return {
      seriesId: `${eq}/s${i % 5}`,
      path: ['SITE-B', 'AREA', 'L1', 'WC', eq],
      signal: `s${i % 5}`,
      unit: 'mm/s' as const,
    };
  });
}

/**
 * One end-to-end run on loopback: sensor gateway (mqtt.js, QoS 1) → broker (embedded aedes or a
 * mosquitto child) → the platform's subscriber (mqtt.js, QoS 1, decode, dedupe) → SQLite telemetry
 * store (NORMAL sync, each delivered batch one write). The clock stops when the last sample is durable.
 */
export async function runMqttPath(o: MqttPathOptions): Promise<MqttPathResult> {
  const signals = benchSignals(o.series);
  const broker =
    o.broker === 'aedes' ? await startMqttBroker({ port: 0, logger: silentLogger }) : await startMosquitto();
  const store = new SqliteTelemetryStore({ file: o.file, synchronous: 'NORMAL' });
  let durable = 0;
  let failed: Error | undefined;
  try {
    const sub = await subscribeMqttTelemetry({
      url: broker.url,
      clientId: 'bench-platform',
      freshSession: true,
      series: new Map(signals.map((s) => [s.seriesId, s.unit])),
      onReadings: (rs) => {
        store.write(rs).then(
          () => {
            durable += rs.length;
            o.onProgress?.(durable);
          },
          (e: unknown) => (failed = new Error('telemetry write failed', { cause: e })),
        );
      },
    });
    const gateway = await connectSensorGateway({ url: broker.url, gatewayId: 'bench-gateway', signals });
    const t0 = performance.now();
    const chunk = o.chunk ?? 1_000;
    const base = 1_700_000_000_000;
    for (let i = 0; i < o.samples; i += chunk) {
      const out: Reading[] = [];
      for (let j = i; j < Math.min(o.samples, i + chunk); j++)
        out.push({
          seriesId: (signals[j % o.series] as MqttSignal).seriesId,
          value: Math.sin(j),
          quality: 'good',
          sourceTime: base + Math.floor(j / o.series) * 1_000,
        });
      gateway.publish(out);
      await setImmediate();
    }
    // Bounded wait: a lost sample shows up as a timeout, not a hang.
    const limit = performance.now() + 60_000 + o.samples;
    while (durable < o.samples) {
      if (failed !== undefined) throw failed;
      if (performance.now() > limit)
        throw new Error(`only ${durable} of ${o.samples} samples became durable`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const seconds = (performance.now() - t0) / 1000;
    let stored = 0;
    for (const s of signals)
      stored += (await store.query({ seriesId: s.seriesId, from: 0, to: 2 ** 52 })).length;
    const st = sub.stats();
    await gateway.stop();
    await sub.stop();
    return {
      broker: o.broker,
      samples: o.samples,
      samplesPerS: o.samples / seconds,
      seconds,
      stored,
      duplicates: st.duplicates,
      rejected: Object.values(st.rejected).reduce((a, b) => a + b, 0),
    };
  } finally {
    await store.close();
    await broker.stop();
    for (const suffix of ['', '-wal', '-shm']) rmSync(o.file + suffix, { force: true });
  }
}
