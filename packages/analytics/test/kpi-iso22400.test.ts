import { describe, expect, it } from 'vitest';
import { computeIso22400Kpis, type PartRecord, type StateInterval } from '../src/index.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

const parts = (station: string, n: number, bad: number, from: number, step: number): PartRecord[] =>
  Array.from({ length: n }, (_, i) => ({ station, time: from + i * step, good: i >= bad }));

describe('ISO 22400-2 KPIs', () => {
  // One 480-minute shift of station A, hand-computed:
  // producing 0–200 and 230–400 (APT 370), down 200–230 (ADOT 30, one failure), planned stop 400–430
  // (PDOT 30), idle 430–480 (ADET 50). PBT = 480 − 30 = 450. PQ 350, 7 scrap, PRI = 1 min/part.
  const intervals: StateInterval[] = [
    { station: 'A', state: 'producing', from: 0, to: 200 },
    { station: 'A', state: 'down', from: 200, to: 230 },
    { station: 'A', state: 'producing', from: 230, to: 400 },
    { station: 'A', state: 'planned-stop', from: 400, to: 430 },
    { station: 'A', state: 'idle', from: 430, to: 480 },
  ];
  const input = {
    period: { from: 0, to: 480 },
    intervals,
    parts: parts('A', 350, 7, 0, 1),
    plannedRunTimePerItem: { A: 1 },
    energyKWh: { A: 35 },
  };

  it('computes the time elements, OEE factors, MTBF/MTTR and energy per unit by hand', () => {
    const a = computeIso22400Kpis(input).stations[0]!;
    expect(a).toMatchObject({
      pot: 480,
      pdot: 30,
      pbt: 450,
      apt: 370,
      adot: 30,
      adet: 50,
      aust: 0,
      pq: 350,
      gq: 343,
      sq: 7,
      failureEvents: 1,
    });
    expect(a.availability).toBeCloseTo(370 / 450, 12);
    expect(a.effectiveness).toBeCloseTo(350 / 370, 12);
    expect(a.qualityRate).toBeCloseTo(0.98, 12);
    expect(a.oee).toBeCloseTo((370 / 450) * (350 / 370) * 0.98, 12);
    expect(a.oee).toBeCloseTo(0.76222, 4);
    expect(a.mtbf).toBeCloseTo((450 - 30) / 2, 12); // ISO 22400: Σ TBF / (FE + 1)
    expect(a.mttr).toBe(30);
    expect(a.energyPerUnitKWh).toBeCloseTo(0.1, 12);
    expect(a.energyPerGoodUnitKWh).toBeCloseTo(35 / 343, 12);
  });

  it('pools stations by summing time elements and quantities', () => {
    const b: StateInterval[] = [
      { station: 'B', state: 'off', from: 0, to: 80 },
      { station: 'B', state: 'setup', from: 80, to: 100 },
      { station: 'B', state: 'producing', from: 100, to: 480 },
    ];
    const r = computeIso22400Kpis({
      ...input,
      intervals: [...intervals, ...b],
      parts: [...input.parts, ...parts('B', 190, 0, 100, 2)],
      plannedRunTimePerItem: { A: 1, B: 2 },
      energyKWh: { A: 35, B: 40 },
    });
    const sb = r.stations.find((s) => s.station === 'B')!;
    expect(sb).toMatchObject({
      pot: 400,
      pbt: 400,
      apt: 380,
      aust: 20,
      pq: 190,
      gq: 190,
      failureEvents: 0,
      mttr: undefined,
    });
    expect(sb.availability).toBeCloseTo(0.95, 12);
    expect(sb.effectiveness).toBeCloseTo((2 * 190) / 380, 12);
    expect(r.total.apt).toBe(750);
    expect(r.total.pbt).toBe(850);
    expect(r.total.effectiveness).toBeCloseTo((1 * 350 + 2 * 190) / 750, 12);
    expect(r.total.qualityRate).toBeCloseTo(533 / 540, 12);
    expect(r.total.energyKWh).toBe(75);
  });

  it('counts uncovered time as delay, clips to the period and merges back-to-back down intervals into one failure', () => {
    const r = computeIso22400Kpis({
      period: { from: 100, to: 200 },
      intervals: [
        { station: 'C', state: 'producing', from: 0, to: 120 },
        { station: 'C', state: 'down', from: 120, to: 130 },
        { station: 'C', state: 'down', from: 130, to: 140 },
        { station: 'C', state: 'producing', from: 140, to: 170 },
      ],
      parts: [],
    }).stations[0]!;
    expect(r).toMatchObject({
      apt: 50,
      adot: 20,
      adet: 30,
      failureEvents: 1,
      mttr: 20,
      effectiveness: undefined,
      oee: undefined,
      qualityRate: undefined,
    });
  });

  it('rejects bad input with coded errors', () => {
    expect(codeOf(() => computeIso22400Kpis({ period: { from: 5, to: 5 }, intervals: [], parts: [] }))).toBe(
      'kpi.input-invalid',
    );
    expect(
      codeOf(() =>
        computeIso22400Kpis({ ...input, intervals: [{ station: 'A', state: 'producing', from: 10, to: 5 }] }),
      ),
    ).toBe('kpi.input-invalid');
    expect(
      codeOf(() =>
        computeIso22400Kpis({
          ...input,
          intervals: [...intervals, { station: 'A', state: 'idle', from: 100, to: 120 }],
        }),
      ),
    ).toBe('kpi.input-invalid');
    expect(
      codeOf(() =>
        computeIso22400Kpis({
          ...input,
          intervals: [{ station: 'A', state: 'sleeping' as never, from: 0, to: 5 }],
        }),
      ),
    ).toBe('kpi.input-invalid');
  });
});
