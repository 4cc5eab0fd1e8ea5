import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlantYaml } from '@aethercore/core';
import { createTwin, describeAddressSpace } from '@aethercore/twin';
import { LoopingTwin } from '../src/live/looping-twin.ts';
import { plantView } from '../src/live/plant-view.ts';
import { lineView } from '../src/live/line-view.ts';
import { kpiDeltas } from '../src/live/kpi-view.ts';

const plant = parsePlantYaml(
  readFileSync(path.resolve(import.meta.dirname, '../../../plants/werkhalle4.yaml'), 'utf8'),
);

describe('plant and line views of Werkhalle 4', () => {
  it('charts R7 (in its robot cell) and the heat-driven station with its tolerance', () => {
    const view = plantView(plant, describeAddressSpace(plant));
    expect(view.stations).toHaveLength(plant.stations.length);
    const vib = view.trends.find((t) => t.kind === 'vibration');
    const robot = plant.stations.find((s) => s.kind === 'robot')!;
    expect(vib).toMatchObject({ equipmentId: 'R7', seriesId: `${robot.id}/vibrationRmsMmS` });
    expect(vib?.limits.high).toBeGreaterThan(0);
    expect(view.trends.find((t) => t.kind === 'temperature')?.seriesId).toBe(`${robot.id}/temperatureC`);
    const heated = plant.stations.find((s) => s.thermal !== undefined)!;
    const ch = view.trends.find((t) => t.kind === 'characteristic');
    expect(ch?.equipmentId).toBe(heated.id);
    expect(ch?.limits.low).toBeCloseTo(heated.thermal!.nominalMm - heated.thermal!.toleranceMm, 9);
    expect(ch?.limits.high).toBeCloseTo(heated.thermal!.nominalMm + heated.thermal!.toleranceMm, 9);
    for (const t of view.trends) expect(view.series.map((s) => s.seriesId)).toContain(t.seriesId);
  });

  it('maps a snapshot to stations in flow order with buffers and counters', () => {
    const twin = createTwin({ plant, scenario: 'werkhalle4-day', seed: 42 });
    twin.advanceTo(twin.now() + 2 * 3_600_000);
    const view = lineView(plant, twin.snapshot(), 0);
    expect(view.stations.map((s) => s.id)).toEqual(plant.stations.map((s) => s.id));
    expect(view.stations.some((s) => s.state === 'producing')).toBe(true);
    expect(view.stations[0]!.partsProduced).toBeGreaterThan(0);
    expect(view.buffers).toHaveLength(plant.buffers.length);
    for (const b of view.buffers) expect(b.level).toBeLessThanOrEqual(b.capacity);
    expect(view.counters['goodParts']).toBe(twin.snapshot().line.goodParts);
  });
});

describe('LoopingTwin', () => {
  it('replays the day on one continuous clock: times never go back, loops count up', () => {
    const periodMs = 3 * 3_600_000;
    const looping = new LoopingTwin(
      (loop) => createTwin({ plant, scenario: 'werkhalle4-day', seed: 42 + loop }),
      periodMs,
    );
    const start = looping.now();
    let last = start;
    let count = 0;
    for (let t = start; t <= start + 2.5 * periodMs; t += 20 * 60_000) {
      for (const e of looping.advanceTo(t)) {
        expect(e.time).toBeGreaterThanOrEqual(last);
        last = e.time;
        count++;
      }
      expect(looping.now()).toBe(t);
      for (const r of looping.readings()) expect(r.sourceTime).toBe(t);
    }
    expect(count).toBeGreaterThan(100);
    expect(looping.loop).toBe(2);
    expect(looping.dayStart()).toBe(start + 2 * periodMs);
  });
});

describe('kpiDeltas', () => {
  it('is the relative change and skips a zero baseline', () => {
    const base = {
      output: 100,
      oee: 0.5,
      availability: 0.9,
      performance: 0.8,
      quality: 1,
      energyPerUnitKWh: 2,
      firstPassYield: 1,
      downtimeS: 0,
    };
    const now = { ...base, output: 108.2, energyPerUnitKWh: 1.772, downtimeS: 60 };
    const d = kpiDeltas(now, base);
    expect(d.output).toBeCloseTo(0.082, 9);
    expect(d.energyPerUnitKWh).toBeCloseTo(-0.114, 9);
    expect(d.oee).toBe(0);
    expect(d.downtimeS).toBeUndefined();
  });
});
