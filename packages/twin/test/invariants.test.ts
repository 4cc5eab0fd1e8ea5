import type { Plant, Station } from '@aethercore/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTwin } from '../src/index.ts';
import { at } from './helpers.ts';

/** A random chained line: 1–7 stations, random cycle times, buffers, skips, failures, one EOL test. */
const plantArb = fc
  .record({
    cycles: fc.array(fc.integer({ min: 5, max: 90 }), { minLength: 1, maxLength: 7 }),
    caps: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 7, maxLength: 7 }),
    skip: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
    scaleH: fc.integer({ min: 2, max: 200 }),
    stock: fc.integer({ min: 0, max: 200 }),
    quantity: fc.integer({ min: 1, max: 300 }),
    scrap: fc.double({ min: 0, max: 0.3, noNaN: true }),
  })
  .map(({ cycles, caps, skip, scaleH, stock, quantity, scrap }): Plant => {
    const n = cycles.length;
    const stations: Station[] = cycles.map((ct, i) => ({
      id: `S${i}`,
      name: `S${i}`,
      kind: 'assembly',
      workCell: 'WC',
      equipment: [],
      cycleTimeS: ct,
      cycleTimeCv: 0.2,
      transferTimeS: 2,
      ...(i === 0 ? { qualification: 'op' } : {}),
      ambientTemperatureC: 25,
      loadTemperatureRiseC: 5,
      energy: { offKW: 0.1, idleKW: 0.5, producingKW: 2, failedKW: 0.2 },
      failure: {
        weibullShape: 1.5,
        weibullScaleH: scaleH,
        degradationH: 1,
        degradationExponent: 1.5,
        vibrationBaseMmS: 1,
        vibrationAtFailureMmS: 5,
        temperatureRiseAtFailureC: 10,
        mttrMin: 20,
        repairCv: 0.5,
      },
      ...(i === n - 1 ? { test: { scrapProbability: scrap, reworkProbability: 0.1, reworkTimeS: 30 } } : {}),
    }));
    const steps = stations
      .filter((_, i) => i === 0 || !skip[i])
      .map((s, k, arr) => ({ id: `p${s.id}`, station: s.id, after: k === 0 ? [] : [`p${arr[k - 1]!.id}`] }));
    return {
      id: 'rand',
      name: 'random line',
      namespaceUri: 'urn:test',
      site: { id: 'S', name: 'S' },
      area: { id: 'A', name: 'A' },
      line: { id: 'L', name: 'L' },
      workCells: [{ id: 'WC', name: 'WC' }],
      stations,
      buffers: stations
        .slice(0, -1)
        .map((s, i) => ({ id: `B${i}`, from: s.id, to: stations[i + 1]!.id, capacity: caps[i]! })),
      materials: [{ id: 'M', name: 'M', unit: 'pcs', initialStock: stock }],
      products: [
        { id: 'P', name: 'P', batchSize: 10, variants: [{ id: 'V', name: 'V', routing: 'R', bom: 'B' }] },
      ],
      routings: [{ id: 'R', steps }],
      boms: [{ id: 'B', items: [{ material: 'M', quantity: 1, station: stations[n - 1]!.id }] }],
      orders: [{ id: 'O', product: 'P', variant: 'V', quantity, dueInH: 8, priority: 0 }],
      shiftCalendar: {
        workingDays: [1, 2, 3, 4, 5],
        shifts: [
          { id: 'a', name: 'A', startMin: 360, durationMin: 480 },
          { id: 'b', name: 'B', startMin: 840, durationMin: 480 },
        ],
      },
      workers: [{ id: 'W1', name: 'W1', shift: 'a', qualifications: ['op'] }],
      suppliers: [{ id: 'SUP', name: 'SUP', deliveries: [{ atMin: 600, material: 'M', quantity: 50 }] }],
    };
  });

describe('kernel invariants on random lines', () => {
  it('buffers stay within capacity, stock ≥ 0, parts are conserved, time never runs backwards', () => {
    fc.assert(
      fc.property(plantArb, fc.integer({ min: 0, max: 1000 }), (plant, seed) => {
        const twin = createTwin({ plant, scenario: 'random-disruptions', seed, disruptionsPerDay: 6 });
        let last = twin.now();
        for (let t = at(6); t <= at(6) + 20 * 3_600_000; t += 37 * 60_000) {
          for (const e of twin.advanceTo(t)) {
            expect(e.time).toBeGreaterThanOrEqual(last);
            last = e.time;
          }
          const snap = twin.snapshot();
          for (const b of Object.values(snap.buffers))
            expect(b.level >= 0 && b.level <= b.capacity).toBe(true);
          for (const q of Object.values(snap.stock)) expect(q).toBeGreaterThanOrEqual(0);
          expect(snap.line.released).toBe(snap.line.goodParts + snap.line.scrapped + snap.line.wip);
          const order = snap.orders[0]!;
          expect(order.good).toBeLessThanOrEqual(order.quantity);
          // The second shift has no worker for the manned first station: it must be off then.
          if (t > at(14, 5) && t < at(22))
            expect(snap.stations.S0?.state === 'off' || snap.stations.S0?.state === 'failed').toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});
