import { parsePlantYaml, type NewEvent } from '@aethercore/core';
import { describe, expect, it } from 'vitest';
import { computeKpis, createTwin } from '../src/index.ts';
import { at, werkhalle4 } from './helpers.ts';

const PLANT = parsePlantYaml(`schemaVersion: 1
id: kpi
name: KPI line
site: { id: S, name: S }
area: { id: A, name: A }
line: { id: L, name: L }
workCells: [{ id: WC, name: WC }]
stations:
  - { id: ST1, name: One, kind: assembly, workCell: WC, cycleTimeS: 60, energy: { offKW: 0, idleKW: 1, producingKW: 3, failedKW: 0.5 } }
  - { id: ST2, name: Two, kind: test, workCell: WC, cycleTimeS: 30, energy: { offKW: 0, idleKW: 2, producingKW: 4, failedKW: 1 } }
materials: []
products: [{ id: P, name: P, variants: [{ id: A, name: A, routing: R, bom: B }] }]
routings: [{ id: R, steps: [{ id: a, station: ST1 }, { id: b, station: ST2, after: [a] }] }]
boms: [{ id: B, items: [] }]
shiftCalendar: { workingDays: [1, 2, 3, 4, 5, 6, 7], shifts: [{ id: day, name: Day, start: "00:00", end: "08:00" }] }
suppliers: []
`);

const S = 1000;
const ev = (time: number, type: string, data: Record<string, unknown>): NewEvent => ({
  type,
  stream: 'test',
  time,
  data,
});
const changed = (t: number, station: string, from: string, to: string, partsProduced = 0): NewEvent =>
  ev(t, 'StationStateChanged', { station, from, to, partsProduced });

/** One hour by hand: ST1 fails from 600 s to 1200 s; ST2 idles for 30 min; 20 good, 2 scrapped (1 after rework). */
function handLog(): NewEvent[] {
  const log: NewEvent[] = [
    ev(0, 'ShiftStarted', { shift: 'day' }),
    changed(0, 'ST1', 'off', 'producing'),
    changed(0, 'ST2', 'off', 'idle'),
  ];
  log.push(
    ev(600 * S, 'StationFailed', { station: 'ST1' }),
    changed(600 * S, 'ST1', 'producing', 'failed', 10),
  );
  log.push(changed(1200 * S, 'ST1', 'failed', 'producing', 10));
  log.push(changed(1800 * S, 'ST2', 'idle', 'producing', 0));
  for (let k = 0; k < 20; k++)
    log.push(ev((1900 + k * 80) * S, 'PartCompleted', { variant: 'A', firstPass: k !== 0 }));
  log.push(ev(3500 * S, 'PartReworked', { station: 'ST2' }));
  log.push(
    ev(3510 * S, 'PartScrapped', { station: 'ST2' }),
    ev(3520 * S, 'PartScrapped', { station: 'ST2' }),
  );
  log.push(
    ev(3550 * S, 'OrderCompleted', { tardinessMin: 30 }),
    ev(3560 * S, 'OrderCompleted', { tardinessMin: 0 }),
  );
  log.push(ev(3600 * S, 'ProductionCountersReported', { partsProduced: { ST1: 40, ST2: 22 } }));
  return log.sort((a, b) => a.time - b.time);
}

describe('computeKpis', () => {
  it('computes ISO 22400 availability, performance, quality and OEE on a hand-made log', () => {
    const k = computeKpis(handLog(), PLANT, { fromMs: 0, toMs: 3600 * S });
    const [st1, st2] = k.stations;
    expect(st1?.plannedBusyTimeS).toBe(3600);
    expect(st1?.producingS).toBe(3000);
    expect(st1?.failedS).toBe(600);
    expect(st1?.downtimeS).toBe(600);
    expect(st1?.availability).toBeCloseTo(3000 / 3600, 10);
    expect(st1?.performance).toBeCloseTo((40 * 60) / 3000, 10);
    expect(st1?.quality).toBe(1);
    expect(st1?.oee).toBeCloseTo((3000 / 3600) * 0.8, 10);
    expect(st1?.energyKWh).toBeCloseTo((3000 * 3 + 600 * 0.5) / 3600, 10);
    expect(st2?.availability).toBeCloseTo(0.5, 10);
    expect(st2?.performance).toBeCloseTo((22 * 30) / 1800, 10);
    expect(st2?.quality).toBeCloseTo(20 / 22, 10);
    expect(st2?.energyKWh).toBeCloseTo(3, 10);
    const line = k.line;
    expect(line.goodParts).toBe(20);
    expect(line.scrappedParts).toBe(2);
    expect(line.reworkedParts).toBe(1);
    expect(line.qualityRate).toBeCloseTo(20 / 22, 10);
    expect(line.firstPassYield).toBeCloseTo(19 / 22, 10);
    expect(line.downtimeS).toBe(600);
    expect(line.failures).toBe(1);
    expect(line.availability).toBeCloseTo(3000 / 3600, 10);
    expect(line.oee).toBeCloseTo((20 * 60) / 3600, 10);
    expect(line.availability * line.performance * line.qualityRate).toBeCloseTo(line.oee, 10);
    expect(line.energyKWh).toBeCloseTo((9300 + 10800) / 3600, 10);
    expect(line.energyPerPartKWh).toBeCloseTo((9300 + 10800) / 3600 / 20, 10);
    expect(line.ordersCompleted).toBe(2);
    expect(line.ordersLate).toBe(1);
    expect(line.meanTardinessMin).toBe(15);
  });

  it('clips to the window: the second half hour only', () => {
    const k = computeKpis(handLog(), PLANT, { fromMs: 1800 * S, toMs: 3600 * S });
    expect(k.stations[0]?.producingS).toBe(1800);
    expect(k.stations[0]?.failedS).toBe(0);
    expect(k.stations[1]?.idleS).toBe(0);
    expect(k.line.downtimeS).toBe(0);
    expect(k.line.goodParts).toBe(20);
  });

  it('on the twin: good parts match PartCompleted events and OEE is a plausible fraction', () => {
    const plant = werkhalle4();
    const events = createTwin({ plant, scenario: 'baseline', seed: 42 }).run(at(14));
    const k = computeKpis(events, plant, { fromMs: at(6), toMs: at(14) });
    expect(k.line.goodParts).toBe(events.filter((e) => e.type === 'PartCompleted').length);
    expect(k.line.plannedBusyTimeS).toBe(8 * 3600);
    expect(k.line.oee).toBeGreaterThan(0.5);
    expect(k.line.oee).toBeLessThanOrEqual(1);
    // The robot cell R7 (ST05) is the bottleneck: the busiest station.
    const busiest = [...k.stations].sort((a, b) => b.availability - a.availability)[0];
    expect(busiest?.station).toBe('ST05');
  });
});

describe('a bare plant', () => {
  it('runs without orders, materials, workers or suppliers: the line stays idle and the KPIs are zero, not NaN', () => {
    const twin = createTwin({ plant: PLANT, scenario: 'baseline', seed: 1 });
    twin.advanceTo(twin.now() + 3_600_000);
    expect(twin.snapshot().stations.ST1?.state).toBe('idle'); // in the 00:00–08:00 shift, nothing to do
    const events = twin.run(twin.now() + 7 * 3_600_000);
    expect(twin.snapshot().stations.ST1?.state).toBe('off'); // after the shift
    const k = computeKpis(events, PLANT);
    expect(k.line.goodParts).toBe(0);
    for (const v of Object.values(k.line)) expect(Number.isFinite(v)).toBe(true);
  });
});
