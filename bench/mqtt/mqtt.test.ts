import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MOSQUITTO_BIN } from './mosquitto.ts';
import { benchSignals, runMqttPath } from './mqtt-path.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'aether-mqtt-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench mqtt (smoke, tiny data)', () => {
  it('names the signals in the ISA-95 path, five per equipment', () => {
    const s = benchSignals(7);
    expect(s.map((x) => x.seriesId)).toEqual([
      'EQ000/s0',
      'EQ000/s1',
      'EQ000/s2',
      'EQ000/s3',
      'EQ000/s4',
      'EQ001/s0',
      'EQ001/s1',
    ]);
    expect(s[6]?.path).toEqual(['SITE-B', 'AREA', 'L1', 'WC', 'EQ001']);
  });

  it('stores every sample through the embedded broker', async () => {
    const r = await runMqttPath({ broker: 'aedes', samples: 500, series: 10, file: path.join(dir, 'a.db') });
    expect(r.stored).toBe(500);
    expect(r.duplicates).toBe(0);
    expect(r.rejected).toBe(0);
    expect(r.samplesPerS).toBeGreaterThan(0);
  }, 120_000);

  it.skipIf(MOSQUITTO_BIN === undefined)(
    'stores every sample through mosquitto',
    async () => {
      const r = await runMqttPath({
        broker: 'mosquitto',
        samples: 500,
        series: 10,
        file: path.join(dir, 'm.db'),
      });
      expect(r.stored).toBe(500);
    },
    120_000,
  );
});
