import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, createConnection } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '@aethercore/core';
import { connectSensorGateway, subscribeMqttTelemetry, type MqttSignal } from '../src/index.ts';

// The same adapter against Debian's mosquitto 2 (apt-get install mosquitto), on loopback and an
// ephemeral port. Skipped cleanly when mosquitto is not installed (.ci/run installs it).

const BIN = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p));
const SIGNALS: MqttSignal[] = [
  {
    seriesId: 'ST04/temperatureC',
    path: ['SITE-A', 'WH4', 'L1', 'WC-PRESS', 'ST04'],
    signal: 'temperatureC',
    unit: 'degC',
    euRange: { low: 175, high: 191.5 },
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
    await new Promise((r) => setTimeout(r, 25));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = createConnection({ port, host: '127.0.0.1' });
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

const samples = (from: number, n: number): Reading[] =>
  Array.from({ length: n }, (_, i) => ({
    seriesId: 'ST04/temperatureC',
    value: 180 + Math.sin(from + i),
    quality: 'good' as const,
    sourceTime: 1_700_000_000_000 + (from + i) * 500,
  }));

describe.skipIf(BIN === undefined)('MQTT adapter against mosquitto', () => {
  let dir: string;
  let proc: ChildProcess | undefined;
  let url = '';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'aethercore-mosquitto-'));
    // The free port is found before mosquitto binds it: if another process takes it in between,
    // mosquitto exits and the next attempt uses another port (at most 3 attempts).
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const conf = path.join(dir, 'mosquitto.conf');
      writeFileSync(
        conf,
        `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 10000\n`,
      );
      const p = spawn(BIN as string, ['-c', conf], { stdio: 'ignore' });
      proc = p;
      url = `mqtt://127.0.0.1:${port}`;
      await until(
        'mosquitto to listen or exit',
        async () => p.exitCode !== null || (await canConnect(port)),
        30_000,
      );
      if (p.exitCode === null) break;
      if (attempt >= 3) throw new Error(`mosquitto exited with ${p.exitCode} three times`);
    }
  }, 100_000);

  afterAll(() => {
    proc?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers QoS 1 samples once, keeps births, and queues for the platform’s persistent session', async () => {
    const got: Reading[] = [];
    const clientId = 'platform-mosquitto-test';
    let sub = await subscribeMqttTelemetry({
      url,
      clientId,
      series: UNITS,
      onReadings: (rs) => got.push(...rs),
    });
    await until('the subscription', () => sub.stats().subscriptions >= 1);
    const gateway = await connectSensorGateway({ url, gatewayId: 'gw-mosquitto', signals: SIGNALS });
    try {
      gateway.publish(samples(0, 500));
      await until('500 samples', () => got.length >= 500);
      await until('the birth', () => sub.meta().has('ST04/temperatureC'));
      expect(sub.meta().get('ST04/temperatureC')).toMatchObject({ unit: 'degC', low: 175, high: 191.5 });
      expect(sub.gateways().get('gw-mosquitto')).toBe('online');

      // The platform goes away; mosquitto keeps its session and queues QoS 1 messages for it.
      await sub.stop();
      gateway.publish(samples(500, 200));
      await until('the gateway’s acknowledgements', () => gateway.stats().acknowledged >= 700);
      sub = await subscribeMqttTelemetry({
        url,
        clientId,
        series: UNITS,
        onReadings: (rs) => got.push(...rs),
      });
      await until('the queued samples', () => got.length >= 700);
      expect(new Set(got.map((r) => r.sourceTime)).size).toBe(700);
      expect(sub.stats().rejected).toEqual({});
    } finally {
      await gateway.stop();
      await sub.stop();
    }
  }, 120_000);
});
