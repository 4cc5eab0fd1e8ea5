import { listVariables, type NewEvent } from '@aethercore/core';
import { describe, expect, it } from 'vitest';
import { computeKpis, createTwin, describeAddressSpace, type Twin } from '../src/index.ts';
import { at, H, werkhalle4 } from './helpers.ts';

const value = (twin: Twin, series: string): number => {
  const r = twin.readings().find((x) => x.seriesId === series);
  if (r === undefined) throw new Error(`no reading ${series}`);
  return r.value;
};
const meanOf = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('degradation', () => {
  it('R7 vibration and temperature rise for hours before it fails, then reset after repair', () => {
    const twin = createTwin({ plant: werkhalle4(), scenario: 'werkhalle4-day', seed: 7 });
    const sample = (t: number): { vib: number; temp: number } => {
      twin.advanceTo(t);
      const vib: number[] = [];
      const temp: number[] = [];
      // Average a few minutes of readings to see through the measurement noise.
      for (let k = 0; k < 10; k++) {
        twin.advanceTo(t + k * 30_000);
        vib.push(value(twin, 'ST05/vibrationRmsMmS'));
        temp.push(value(twin, 'ST05/temperatureC'));
      }
      return { vib: meanOf(vib), temp: meanOf(temp) };
    };
    const early = sample(at(7, 30));
    const morning = sample(at(11, 15));
    const evening = sample(at(20));
    expect(morning.vib).toBeGreaterThan(early.vib + 0.6);
    expect(evening.vib).toBeGreaterThan(morning.vib);
    expect(morning.temp).toBeGreaterThan(early.temp + 2);
    // Visible as abnormal: above the variable's normal range (EURange) by 11:15, inside it before.
    const high = listVariables(describeAddressSpace(werkhalle4())).find(
      (v) => v.variable.seriesId === 'ST05/vibrationRmsMmS',
    )!.variable.euRange!.high;
    expect(early.vib).toBeLessThan(high);
    expect(morning.vib).toBeGreaterThan(high);
    // Not maintained: R7 fails by wear about 18 h after 11:15.
    const events = twin.run(at(11, 15) + 19 * H);
    const failed = events.find(
      (e) => e.type === 'StationFailed' && e.data.station === 'ST05' && e.data.cause === 'wear',
    );
    expect(failed).toBeDefined();
    expect(Math.abs((failed?.time ?? 0) - (at(11, 15) + 18 * H))).toBeLessThan(60_000);
    expect(failed?.data.vibrationRmsMmS).toBeGreaterThan(10);
  });

  it('maintenance renews the station: vibration drops back to its base level', () => {
    const twin = createTwin({ plant: werkhalle4(), scenario: 'werkhalle4-day', seed: 7 });
    twin.advanceTo(at(14));
    expect(twin.apply({ type: 'PerformMaintenance', station: 'ST05', durationMin: 60 })).toBe(true);
    twin.advanceTo(at(15, 30));
    const after: number[] = [];
    for (let k = 0; k < 10; k++) {
      twin.advanceTo(at(15, 30) + k * 30_000);
      after.push(value(twin, 'ST05/vibrationRmsMmS'));
    }
    expect(meanOf(after)).toBeLessThan(2.5);
    expect(twin.events().some((e) => e.type === 'StationRepaired' && e.data.station === 'ST05')).toBe(true);
  });
});

describe('thermal drift', () => {
  const dims = (events: readonly NewEvent[], from: number, to: number): number[] =>
    events
      .filter((e) => e.type === 'PartCompleted' && e.time >= from && e.time < to)
      .map((e) => e.data.dimensionMm as number);

  it('moves the press depth toward its upper tolerance limit after the drift starts', () => {
    const events = createTwin({ plant: werkhalle4(), scenario: 'werkhalle4-day', seed: 42 }).run(at(16, 30));
    const before = meanOf(dims(events, at(7), at(11)));
    const reported = meanOf(dims(events, at(13, 15), at(13, 45)));
    expect(before).toBeCloseTo(12.4, 2);
    expect(reported - before).toBeGreaterThan(0.012);
    expect(reported).toBeLessThan(12.45);
  });

  it('stops drifting when corrected', () => {
    const twin = createTwin({ plant: werkhalle4(), scenario: 'werkhalle4-day', seed: 42 });
    twin.advanceTo(at(13, 45));
    expect(twin.apply({ type: 'CorrectThermalDrift', station: 'ST04' })).toBe(true);
    const events = twin.run(at(16, 30));
    const later = events
      .filter((e) => e.type === 'PartCompleted' && e.time > at(15))
      .map((e) => e.data.dimensionMm as number);
    expect(Math.abs(meanOf(later) - 12.4)).toBeLessThan(0.006);
  });
});

describe('energy', () => {
  it('integrates power per state: the log-based KPI equals the twin meter and the state times', () => {
    const plant = werkhalle4();
    const twin = createTwin({ plant, scenario: 'random-disruptions', seed: 3 });
    const events = twin.run(at(14));
    const kpis = computeKpis(events, plant, { fromMs: at(6), toMs: at(14) });
    const snap = twin.snapshot();
    for (const s of kpis.stations) {
      expect(s.energyKWh).toBeCloseTo(snap.stations[s.station]?.energyKWh ?? -1, 6);
      const e = plant.stations.find((x) => x.id === s.station)!.energy;
      // With only producing/idle/failed/off states, energy = Σ time × kW.
      const byState =
        (s.producingS * e.producingKW + s.idleS * e.idleKW + s.failedS * e.failedKW + s.offS * e.offKW) /
        3600;
      expect(s.energyKWh).toBeCloseTo(byState, 6);
      expect(s.producingS + s.idleS + s.failedS + s.offS).toBeCloseTo(8 * 3600, 3);
    }
  });
});

describe('material flow invariants', () => {
  it('buffers stay within [0, capacity] and stock never goes negative (random disruptions, many seeds)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const twin = createTwin({
        plant: werkhalle4(),
        scenario: 'random-disruptions',
        seed,
        disruptionsPerDay: 8,
      });
      for (let t = at(6); t <= at(6) + 24 * H; t += 7 * 60_000) {
        twin.advanceTo(t);
        const snap = twin.snapshot();
        for (const b of Object.values(snap.buffers)) {
          expect(b.level).toBeGreaterThanOrEqual(0);
          expect(b.level).toBeLessThanOrEqual(b.capacity);
        }
        for (const q of Object.values(snap.stock)) expect(q).toBeGreaterThanOrEqual(0);
        expect(snap.line.released).toBe(snap.line.goodParts + snap.line.scrapped + snap.line.wip);
      }
    }
  });

  it('starves the electronics branch when the delayed PCB delivery runs out, and resumes on delivery', () => {
    const events = createTwin({ plant: werkhalle4(), scenario: 'werkhalle4-day', seed: 42 }).run(at(16, 30));
    const depleted = events.find((e) => e.type === 'MaterialStockDepleted' && e.data.material === 'M-PCB');
    const delivered = events.find((e) => e.type === 'MaterialDelivered' && e.data.material === 'M-PCB');
    expect(depleted).toBeDefined();
    expect(delivered?.time).toBe(at(12, 30));
    expect(depleted!.time).toBeLessThan(delivered!.time);
  });

  it('a station without a qualified worker is off', () => {
    const plant = werkhalle4();
    const solderers = plant.workers.filter(
      (w) => w.qualifications.includes('soldering') && w.shift === 'night',
    );
    const twin = createTwin({
      plant,
      scenario: {
        name: 'sick',
        description: '',
        startMs: at(6),
        disruptions: solderers.map((w) => ({ kind: 'worker-sick' as const, atMs: at(21), worker: w.id })),
      },
      seed: 1,
    });
    twin.advanceTo(at(23));
    expect(twin.snapshot().stations.ST09?.state).toBe('off');
    expect(twin.snapshot().stations.ST09?.reason).toBe('unstaffed');
  });
});

describe('adaptive cycle timing', () => {
  it('slowing the fast stations to the bottleneck pace saves energy per part at (almost) the same output', () => {
    const plant = werkhalle4();
    const base = createTwin({ plant, scenario: 'baseline', seed: 11 });
    const slow = createTwin({ plant, scenario: 'baseline', seed: 11 });
    const bottleneckS = 62;
    for (const st of plant.stations) {
      // Keep 8 % headroom so the slowed stations do not become the bottleneck.
      const factor = Math.max(0.5, Math.min(1, (st.cycleTimeS / bottleneckS) * 1.08));
      if (factor < 1)
        expect(slow.apply({ type: 'SetStationSpeed', station: st.id, speedFactor: factor })).toBe(true);
    }
    expect(slow.apply({ type: 'SetStationSpeed', station: 'ST01', speedFactor: 3 })).toBe(false);
    const window = { fromMs: at(6), toMs: at(14) };
    const kb = computeKpis(base.run(at(14)), plant, window);
    const events = slow.run(at(14));
    const ks = computeKpis(events, plant, window);
    expect(ks.line.energyPerPartKWh).toBeLessThan(kb.line.energyPerPartKWh * 0.97);
    expect(ks.line.goodParts).toBeGreaterThan(kb.line.goodParts * 0.95);
    // The log carries the new power, so the KPI energy still equals the twin's own meter.
    const snap = slow.snapshot();
    for (const s of ks.stations)
      expect(s.energyKWh).toBeCloseTo(snap.stations[s.station]?.energyKWh ?? -1, 6);
  });
});
