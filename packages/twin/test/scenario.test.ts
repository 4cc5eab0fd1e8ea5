import { describe, expect, it } from 'vitest';
import {
  createTwin,
  DISRUPTION_WEIGHTS,
  generateDisruptions,
  WERKHALLE4_DAY_START_MS,
} from '../src/index.ts';
import { at, werkhalle4 } from './helpers.ts';

describe('werkhalle4-day', () => {
  const events = createTwin({ plant: werkhalle4(), scenario: 'werkhalle4-day', seed: 42 }).run(at(16, 30));
  const first = (type: string) => events.find((e) => e.type === type);

  it('starts at 06:00 with the early shift', () => {
    expect(events[0]?.type).toBe('SimulationStarted');
    expect(events[0]?.time).toBe(WERKHALLE4_DAY_START_MS);
    expect(first('ShiftStarted')?.data.shift).toBe('early');
  });

  it('reports the supplier delay at 09:30 with material and lateness', () => {
    const d = first('SupplierDeliveryDelayed');
    expect(d?.time).toBe(at(9, 30));
    expect(d?.data).toMatchObject({ material: 'M-PCB', latenessMin: 180, supplier: 'SUP-WEBER' });
  });

  it('receives the operator report at 13:45 and ends the day at 16:30', () => {
    expect(first('OperatorReportReceived')?.time).toBe(at(13, 45));
    expect(first('OperatorReportReceived')?.data.batch).toBeTypeOf('string');
    expect(first('DayEnded')?.time).toBe(at(16, 30));
    expect(
      first('ShiftStarted') && events.filter((e) => e.type === 'ShiftStarted').map((e) => e.time),
    ).toEqual([at(6), at(14)]);
  });

  it('logs no hidden causes and no raw sensor samples', () => {
    const types = new Set(events.map((e) => e.type));
    for (const hidden of ['ThermalDriftStarted', 'DegradationStarted', 'Reading', 'SensorSampled'])
      expect(types.has(hidden)).toBe(false);
    for (const e of events) expect(e.type).toMatch(/^[A-Z][a-zA-Z]+(ed|Reported|Received|Depleted)$/);
  });
});

describe('generateDisruptions', () => {
  it('is seeded, sorted and inside the window', () => {
    const plant = werkhalle4();
    const opts = { startMs: at(6), durationMs: 24 * 3_600_000, perDay: 5 };
    const a = generateDisruptions(plant, 9, opts);
    expect(generateDisruptions(plant, 9, opts)).toEqual(a);
    expect(generateDisruptions(plant, 10, opts)).not.toEqual(a);
    for (let i = 1; i < a.length; i++) expect(a[i]!.atMs).toBeGreaterThanOrEqual(a[i - 1]!.atMs);
    for (const d of a) expect(d.atMs >= opts.startMs && d.atMs < opts.startMs + opts.durationMs).toBe(true);
  });

  it('follows the documented mix over many days', () => {
    const plant = werkhalle4();
    const counts: Record<string, number> = {};
    let total = 0;
    for (let seed = 0; seed < 400; seed++) {
      for (const d of generateDisruptions(plant, seed, { startMs: at(6), durationMs: 24 * 3_600_000 })) {
        counts[d.kind] = (counts[d.kind] ?? 0) + 1;
        total++;
      }
    }
    // Poisson mean 3 per day: 400 days → about 1200 (sd ≈ 35).
    expect(total).toBeGreaterThan(1050);
    expect(total).toBeLessThan(1350);
    for (const [kind, w] of Object.entries(DISRUPTION_WEIGHTS))
      expect(Math.abs((counts[kind] ?? 0) / total - w)).toBeLessThan(0.04);
  });

  it('each kind leaves its trace in the log', () => {
    const plant = werkhalle4();
    const twin = createTwin({
      plant,
      seed: 5,
      scenario: {
        name: 'all',
        description: 'one of each',
        startMs: at(6),
        disruptions: [
          { kind: 'machine-breakdown', atMs: at(7), station: 'ST03', durationMin: 45 },
          {
            kind: 'supplier-delay',
            atMs: at(7),
            supplier: 'SUP-HARTMANN',
            material: 'M-HOUSING',
            latenessMin: 120,
          },
          { kind: 'order-cancellation', atMs: at(8), order: 'O-1003' },
          {
            kind: 'rush-order',
            atMs: at(8),
            order: 'RUSH-1',
            product: 'EMA-200',
            variant: 'C',
            quantity: 20,
            dueInH: 6,
          },
          { kind: 'worker-sick', atMs: at(9), worker: 'W001' },
        ],
      },
    });
    const events = twin.run(at(16));
    const types = events.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'StationFailed',
        'StationRepaired',
        'SupplierDeliveryDelayed',
        'OrderCancelled',
        'OrderReceived',
        'WorkerReportedSick',
      ]),
    );
    const failed = events.find((e) => e.type === 'StationFailed');
    const repaired = events.find((e) => e.type === 'StationRepaired');
    expect((repaired!.time - failed!.time) / 60_000).toBe(45);
    expect(events.some((e) => e.type === 'OrderReleased' && e.data.order === 'RUSH-1')).toBe(true);
    expect(events.some((e) => e.type === 'OrderReleased' && e.data.order === 'O-1003')).toBe(false);
  });
});

describe('scripted wear in the past', () => {
  it('a failure time before the start fails the station at the start, and time never runs backwards', () => {
    const twin = createTwin({
      plant: werkhalle4(),
      seed: 1,
      scenario: {
        name: 'late',
        description: '',
        startMs: at(6),
        disruptions: [{ kind: 'degradation', atMs: at(1), station: 'ST05', failAtMs: at(5) }],
      },
    });
    const events = twin.run(at(8));
    for (let i = 1; i < events.length; i++)
      expect(events[i]!.time).toBeGreaterThanOrEqual(events[i - 1]!.time);
    expect(events.find((e) => e.type === 'StationFailed')?.time).toBe(at(6));
  });
});
