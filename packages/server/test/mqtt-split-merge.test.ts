import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { listVariables, type Reading } from '@aethercore/core';
import { describeAddressSpace } from '@aethercore/twin';
import { readPlant } from '../src/live/read-plant.ts';
import { splitSensorSeries } from '../src/live/mqtt-sensor-split.ts';
import { FeedMerge } from '../src/live/mqtt-feed-merge.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');

describe('sensor split (OPC UA machine level, MQTT sensors)', () => {
  const spec = describeAddressSpace(readPlant(path.join(REPO, 'plants/werkhalle4.yaml')));
  const numeric = listVariables(spec)
    .filter(({ variable }) => variable.dataType !== 'String')
    .map(({ variable }) => variable.seriesId)
    .sort();

  it('puts every numeric series on exactly one path', () => {
    const split = splitSensorSeries(spec, true);
    const mqtt = split.mqtt.map((s) => s.seriesId);
    expect(new Set(mqtt).size).toBe(mqtt.length);
    expect(mqtt.filter((id) => split.opcua.includes(id))).toEqual([]);
    expect([...split.opcua, ...mqtt].sort()).toEqual(numeric);
    // The sensors Analytika watches come over MQTT, the PLC's counters and gauge over OPC UA.
    for (const id of [
      'ST05/vibrationRmsMmS',
      'ST05/temperatureC',
      'ST05/powerKW',
      'ST04/temperatureC',
      'ST01/energyKWh',
    ])
      expect(mqtt).toContain(id);
    for (const id of ['ST04/partsProduced', 'ST04/dimensionMm']) expect(split.opcua).toContain(id);
    expect(split.mqttUnits.get('ST05/vibrationRmsMmS')).toBe('mm/s');
    expect(split.mqtt.find((s) => s.seriesId === 'ST05/vibrationRmsMmS')?.path).toEqual([
      'SITE-A',
      'WH4',
      'L1',
      'WC-ROBOT',
      'ST05',
    ]);
  });

  it('puts everything on OPC UA with --no-mqtt', () => {
    const split = splitSensorSeries(spec, false);
    expect(split.mqtt).toEqual([]);
    expect([...split.opcua].sort()).toEqual(numeric);
  });
});

describe('FeedMerge (two feeds into Analytika)', () => {
  const reading = (seriesId: string, sourceTime: number): Reading => ({
    seriesId,
    value: sourceTime,
    quality: 'good',
    sourceTime,
  });

  it('releases every reading exactly once and in source-time order, whatever the interleaving', () => {
    // Each feed delivers its own readings in time order (as OPC UA and MQTT do), in batches, interleaved at random.
    const feed = fc.array(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 8 }), {
      maxLength: 20,
    });
    fc.assert(
      fc.property(feed, feed, fc.array(fc.boolean(), { maxLength: 60 }), (a, b, order) => {
        const out: Reading[] = [];
        const wall = { now: 0 };
        const m = new FeedMerge({
          sources: ['opcua', 'mqtt'],
          onReadings: (rs) => out.push(...rs),
          wallNow: () => wall.now,
        });
        const batches = (gaps: number[][], source: string): Reading[][] => {
          let t = 0;
          return gaps.map((g, i) => g.map((d, j) => reading(`${source}/${i}/${j}`, (t += d))));
        };
        const qa = batches(a, 'opcua');
        const qb = batches(b, 'mqtt');
        const all = [...qa.flat(), ...qb.flat()];
        let k = 0;
        while (qa.length > 0 || qb.length > 0) {
          const pickA =
            qb.length === 0 || (qa.length > 0 && (order[k++ % Math.max(1, order.length)] ?? true));
          const next = pickA ? qa.shift() : qb.shift();
          if (next !== undefined) m.push(pickA ? 'opcua' : 'mqtt', next);
          wall.now += 10;
        }
        m.drain();
        expect(out.map((r) => r.seriesId).sort()).toEqual(all.map((r) => r.seriesId).sort());
        for (let i = 1; i < out.length; i++)
          expect((out[i] as Reading).sourceTime).toBeGreaterThanOrEqual((out[i - 1] as Reading).sourceTime);
        expect(m.released).toBe(all.length);
      }),
    );
  });

  it('holds the faster feed until the slower one catches up, and does not wait for a quiet feed forever', () => {
    const out: Reading[] = [];
    const wall = { now: 0 };
    const m = new FeedMerge({
      sources: ['opcua', 'mqtt'],
      onReadings: (rs) => out.push(...rs),
      wallNow: () => wall.now,
      maxHoldMs: 2_000,
    });
    m.push('mqtt', [reading('ST05/temperatureC', 100)]);
    // Only one feed has spoken so far: its reading waits for the other.
    expect(out).toHaveLength(0);
    m.push('opcua', [reading('ST04/partsProduced', 90)]);
    expect(out.map((r) => r.sourceTime)).toEqual([90]);
    m.push('mqtt', [reading('ST05/temperatureC', 200)]);
    m.push('opcua', [reading('ST04/partsProduced', 150)]);
    expect(out.map((r) => r.sourceTime)).toEqual([90, 100, 150]);
    // OPC UA falls silent: after maxHoldMs the MQTT reading at 200 is released anyway.
    wall.now += 2_500;
    m.release();
    expect(out.map((r) => r.sourceTime)).toEqual([90, 100, 150, 200]);
    // A feed that never speaks holds the other only for maxHoldMs after the start.
    const lone: Reading[] = [];
    const m2 = new FeedMerge({
      sources: ['opcua', 'mqtt'],
      onReadings: (rs) => lone.push(...rs),
      wallNow: () => wall.now,
      maxHoldMs: 2_000,
    });
    m2.push('opcua', [reading('ST04/partsProduced', 1)]);
    expect(lone).toHaveLength(0);
    wall.now += 2_100;
    m2.push('opcua', [reading('ST04/partsProduced', 2)]);
    expect(lone.map((r) => r.sourceTime)).toEqual([1, 2]);
  });
});
