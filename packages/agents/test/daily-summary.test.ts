// Analytika's daily summary: KPIs from the event logs, delta signs, the bilingual report, bad input,
// and the ranking of measured what-ifs. Everything here is deterministic (seeded twin, constructed logs).
import { describe, expect, it } from 'vitest';
import { isAetherError, type NewEvent } from '@aethercore/core';
import { createTwin } from '@aethercore/twin';
import {
  combination,
  planTomorrow,
  rankCandidates,
  renderMarkdown,
  renderText,
  summarizeDay,
  tomorrowCandidates,
  type DailySummaryInput,
  type MeasuredCandidate,
  type TomorrowFigures,
} from '../src/index.ts';
import { at, werkhalle4 } from './analytika-support.ts';

const H = 3_600_000;
const plant = werkhalle4();

/** A constructed 4-hour log: `parts` good parts, one ST05 breakdown of `downMin`, optionally one order 60 min late. */
function log(t0: number, parts: number, downMin: number, late: boolean, plantId = 'werkhalle4'): NewEvent[] {
  const ev: NewEvent[] = [
    { type: 'SimulationStarted', stream: 'sim', time: t0, data: { plant: plantId } },
    { type: 'ShiftStarted', stream: 'shift/early', time: t0, data: { shift: 'early' } },
    {
      type: 'OrderReleased',
      stream: 'order/O-1',
      time: t0,
      data: { order: 'O-1', dueAt: '2026-03-10T08:00:00.000Z' },
    },
    {
      type: 'StationStateChanged',
      stream: 'station/ST05',
      time: t0,
      data: { station: 'ST05', from: 'idle', to: 'producing', reason: 'part', partsProduced: 0 },
    },
  ];
  const fail = t0 + H;
  ev.push({
    type: 'StationFailed',
    stream: 'station/ST05',
    time: fail,
    data: { station: 'ST05', cause: 'breakdown' },
  });
  ev.push({
    type: 'StationStateChanged',
    stream: 'station/ST05',
    time: fail,
    data: { station: 'ST05', from: 'producing', to: 'failed', reason: 'breakdown', partsProduced: 10 },
  });
  ev.push({
    type: 'StationRepaired',
    stream: 'station/ST05',
    time: fail + downMin * 60_000,
    data: { station: 'ST05', downtimeMin: downMin },
  });
  ev.push({
    type: 'StationStateChanged',
    stream: 'station/ST05',
    time: fail + downMin * 60_000,
    data: { station: 'ST05', from: 'failed', to: 'producing', reason: 'part', partsProduced: 10 },
  });
  for (let i = 0; i < parts; i++)
    ev.push({
      type: 'PartCompleted',
      stream: 'order/O-1',
      time: t0 + Math.round(((i + 1) * 4 * H) / (parts + 1)),
      data: { order: 'O-1', variant: 'A', firstPass: true },
    });
  const done = late ? at(9) : at(7, 30);
  ev.push({
    type: 'OrderCompleted',
    stream: 'order/O-1',
    time: done,
    data: { order: 'O-1', tardinessMin: late ? 60 : 0 },
  });
  return ev.sort((a, b) => a.time - b.time);
}

function input(day: NewEvent[], ref: NewEvent[]): DailySummaryInput {
  return {
    plant,
    day: { events: day, fromMs: at(6), toMs: at(10), scenario: 'constructed' },
    reference: { kind: 'undisturbed', events: ref, fromMs: at(6), toMs: at(10), scenario: 'constructed-ref' },
  };
}

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return isAetherError(e) ? e.code : `not coded: ${String(e)}`;
  }
  return undefined;
};

describe('summarizeDay on constructed logs', () => {
  const s = summarizeDay(input(log(at(6), 120, 10, false), log(at(6), 100, 30, true)));
  const c = (k: string) => s.comparisons.find((x) => x.kpi === k);

  it('computes the figures of both days from their logs', () => {
    expect(s.kpis.goodParts).toBe(120);
    expect(s.referenceKpis.goodParts).toBe(100);
    expect(s.kpis.downtimeMin).toBeCloseTo(10, 6);
    expect(s.referenceKpis.downtimeMin).toBeCloseTo(30, 6);
    expect(s.kpis.failures).toBe(1);
    expect(s.kpis.mttrMin).toBeCloseTo(10, 6);
    expect(s.referenceKpis.mttrMin).toBeCloseTo(30, 6);
    // ISO 22400 MTBF of the line: (PBT − down) / (FE + 1) = (240 − 10) min / 2.
    expect(s.kpis.mtbfH).toBeCloseTo((240 - 10) / 2 / 60, 6);
    expect(s.kpis.lateOrders).toBe(0);
    expect(s.referenceKpis.lateOrders).toBe(1);
    expect(s.referenceKpis.tardinessMin).toBe(60);
    expect(s.date).toBe('2026-03-10');
  });

  it('gives deltas with the right sign, size and verdict', () => {
    expect(c('goodParts')).toMatchObject({ delta: 20, verdict: 'better' });
    expect(c('goodParts')?.relative).toBeCloseTo(0.2, 9);
    expect(c('downtimeMin')?.delta).toBeCloseTo(-20, 6);
    expect(c('downtimeMin')?.verdict).toBe('better');
    expect(c('downtimeMin')?.relative).toBeCloseTo(-2 / 3, 6);
    expect(c('lateOrders')).toMatchObject({ delta: -1, verdict: 'better' });
    expect(c('tardinessMin')).toMatchObject({ delta: -60, verdict: 'better' });
    expect(c('failures')).toMatchObject({ delta: 0, verdict: 'same' });
    expect(c('mttrMin')?.verdict).toBe('better');
    expect(c('mtbfH')?.verdict).toBe('better');
    // Swapping the days flips every verdict that is not `same`.
    const back = summarizeDay(input(log(at(6), 100, 30, true), log(at(6), 120, 10, false)));
    for (const x of back.comparisons) {
      const fwd = c(x.kpi);
      if (fwd?.verdict === 'better') expect(x.verdict).toBe('worse');
      if (fwd?.verdict === 'worse') expect(x.verdict).toBe('better');
      if (fwd?.delta !== undefined && x.delta !== undefined) expect(x.delta).toBeCloseTo(-fwd.delta, 9);
    }
  });

  it('lists the notable events in time order, in both languages', () => {
    const types = s.notable.map((n) => n.type);
    expect(types).toEqual(['StationFailed', 'StationRepaired']);
    expect(s.notable[0]?.text.de).toContain('Ausfall ST05');
    expect(s.notable[0]?.text.en).toContain('ST05 failed');
  });
});

describe('bad input is a coded error', () => {
  const ok = log(at(6), 100, 10, false);
  it('an empty log', () => {
    expect(codeOf(() => summarizeDay(input([], ok)))).toBe('summary.log-empty');
    expect(codeOf(() => summarizeDay(input(ok, [])))).toBe('summary.log-empty');
    // Events outside the window count as none.
    expect(
      codeOf(() =>
        summarizeDay(
          input(
            log(at(12), 10, 5, false).filter((e) => e.time > at(11)),
            ok,
          ),
        ),
      ),
    ).toBe('summary.log-empty');
  });
  it('a log of another plant', () => {
    expect(codeOf(() => summarizeDay(input(log(at(6), 100, 10, false, 'other-plant'), ok)))).toBe(
      'summary.plant-mismatch',
    );
    const stranger = [
      ...ok,
      { type: 'StationStateChanged', stream: 'station/X9', time: at(7), data: { station: 'X9', to: 'idle' } },
    ];
    expect(codeOf(() => summarizeDay(input(ok, stranger)))).toBe('summary.plant-mismatch');
  });
  it('windows that are empty or of different length', () => {
    expect(
      codeOf(() => summarizeDay({ ...input(ok, ok), day: { events: ok, fromMs: at(10), toMs: at(6) } })),
    ).toBe('summary.window-invalid');
    expect(
      codeOf(() => summarizeDay({ ...input(ok, ok), day: { events: ok, fromMs: Number.NaN, toMs: at(6) } })),
    ).toBe('summary.window-invalid');
    expect(
      codeOf(() => summarizeDay({ ...input(ok, ok), day: { events: ok, fromMs: at(6), toMs: at(12) } })),
    ).toBe('summary.window-mismatch');
  });
  it('events that are not an array', () => {
    expect(
      codeOf(() =>
        summarizeDay({
          ...input(ok, ok),
          day: { events: null as unknown as NewEvent[], fromMs: at(6), toMs: at(10) },
        }),
      ),
    ).toBe('summary.log-empty');
  });
});

describe('the report', () => {
  const s = summarizeDay(input(log(at(6), 120, 10, false), log(at(6), 100, 30, true)));
  it('Markdown in German: title, decimal comma, the reference beside each value, signed deltas', () => {
    const md = renderMarkdown(s, 'de');
    expect(md).toMatch(/^# Tagesbericht Werkhalle 4 – 2026-03-10, 06:00–10:00/);
    expect(md).toContain('| Ausbringung (Gutteile) | 120 Stk. | 100 Stk. | +20 Stk. (+20,0 %) | ▲ besser |');
    expect(md).toContain('| Stillstand der Linie | 10,0 min | 30,0 min | −20,0 min (−66,7 %) | ▲ besser |');
    expect(md).toContain('| Verspätete Aufträge | 0 | 1 | −1 (−100,0 %) | ▲ besser |');
    expect(md).toContain('## Besondere Ereignisse');
    expect(md).toContain('## Vorschläge für morgen');
  });
  it('Markdown and text in English', () => {
    const md = renderMarkdown(s, 'en');
    expect(md).toMatch(/^# Daily summary Werkhalle 4/);
    expect(md).toContain('| Output (good parts) | 120 pcs | 100 pcs | +20 pcs (+20.0 %) | ▲ better |');
    const text = renderText(s, 'en');
    const row = text.split('\n').find((l) => l.startsWith('Line downtime'));
    expect(row).toMatch(/10\.0 min\s+30\.0 min\s+−20\.0 min \(−66\.7 %\)\s+▲ better/);
    expect(renderText(s, 'de')).toContain('Verspätung gesamt');
  });
});

const fig = (o: Partial<TomorrowFigures>): TomorrowFigures => ({
  goodParts: 500,
  energyKWh: 500,
  energyPerGoodPartKWh: 1,
  lateOrders: 1,
  tardinessMin: 100,
  downtimeMin: 30,
  ...o,
});
const cand = (
  id: string,
  kind: MeasuredCandidate['kind'],
  d: Partial<TomorrowFigures>,
  refused = 0,
): MeasuredCandidate => {
  const deltas = fig({
    goodParts: 0,
    energyKWh: 0,
    energyPerGoodPartKWh: 0,
    lateOrders: 0,
    tardinessMin: 0,
    downtimeMin: 0,
    ...d,
  });
  return { id, kind, text: { de: id, en: id }, commands: [], figures: fig({}), deltas, refused };
};

describe('ranking of measured changes', () => {
  const ref = fig({});
  const measured = [
    cand('saves-energy', 'cycle-timing', { energyPerGoodPartKWh: -0.05 }),
    cand('saves-more-energy', 'cycle-timing', { energyPerGoodPartKWh: -0.08 }),
    cand('on-time', 'sequence', { lateOrders: -1, tardinessMin: -100 }),
    cand('both', 'maintenance', { energyPerGoodPartKWh: -0.06, tardinessMin: -50 }),
    cand('late-but-cheap', 'sequence', { energyPerGoodPartKWh: -0.5, lateOrders: 1 }),
    cand('loses-output', 'cycle-timing', { energyPerGoodPartKWh: -0.2, goodParts: -50 }),
    cand('refused', 'sequence', { lateOrders: -1 }, 1),
    cand('nothing', 'sequence', {}),
  ];
  const ranked = rankCandidates(ref, measured);
  it('drops changes that worsen delivery or output, were refused, or gain nothing', () => {
    expect(ranked.map((r) => r.id).sort()).toEqual(['both', 'on-time', 'saves-energy', 'saves-more-energy']);
  });
  it('orders by the sum of the energy and delivery ranks', () => {
    // energy ranks: saves-more 0, both 1, saves 2, on-time 3; delivery: on-time 0, both 1, saves-more 2, saves 3.
    expect(ranked.map((r) => r.id)).toEqual(['both', 'saves-more-energy', 'on-time', 'saves-energy']);
    expect(ranked[0]?.rank).toBe(1);
    expect(ranked[0]?.energySaving).toBeCloseTo(0.06, 9);
    expect(ranked[0]?.tardinessAvoidedMin).toBe(50);
  });
  it('combines the best change with the best of another kind', () => {
    const combo = combination(ranked);
    expect(combo?.id).toBe('both+saves-more-energy');
    expect(combination([ranked[1] as (typeof ranked)[number]])).toBeUndefined();
  });
});

describe('the two proposals', () => {
  it('are the best of round one and the best measured on top of it', () => {
    const speed = (station: string) => ({
      afterMs: 0,
      command: { type: 'SetStationSpeed' as const, station, speedFactor: 0.8 },
    });
    const ranked = rankCandidates(fig({}), [
      { ...cand('a', 'cycle-timing', { energyPerGoodPartKWh: -0.1 }), commands: [speed('ST01')] },
      { ...cand('b', 'cycle-timing', { energyPerGoodPartKWh: -0.05 }), commands: [speed('ST02')] },
    ]);
    const after = fig({ energyPerGoodPartKWh: 0.9 });
    const ranked2 = rankCandidates(after, [
      { ...cand('b', 'cycle-timing', { energyPerGoodPartKWh: 0 }), commands: [speed('ST02')] },
      { ...cand('c', 'sequence', { tardinessMin: -30 }), commands: [speed('ST03')] },
    ]).map((r) => ({ ...r, after: 'a' }));
    expect(ranked2.map((r) => r.id)).toEqual(['c']);
    expect(ranked2[0]?.baseline).toEqual(after);
    const s = summarizeDay({
      ...input(log(at(6), 120, 10, false), log(at(6), 100, 30, true)),
      tomorrow: {
        fromMs: at(10),
        toMs: at(12),
        reference: fig({}),
        measured: [],
        ranked,
        second: { after: 'a', reference: after, measured: [], ranked: ranked2 },
      },
    });
    expect(s.proposals.map((p) => p.id)).toEqual(['a', 'c']);
    const md = renderMarkdown(s, 'en');
    expect(md).toContain('`SetStationSpeed ST03 0.8`');
    expect(md).toContain('tardiness −30 min (measured on top of proposal 1)');
    expect(renderMarkdown(s, 'de')).toContain('gemessen zusätzlich zu Vorschlag 1');
  });
});

describe('the summary on a short twin run', () => {
  it('matches the twin log, compares with the baseline day and measures what-ifs in forks', () => {
    const day = createTwin({ plant, scenario: 'werkhalle4-day', seed: 3 });
    const base = createTwin({ plant, scenario: 'baseline', seed: 3 });
    const from = day.now();
    const to = at(10);
    day.run(to);
    base.run(to);
    const candidates = tomorrowCandidates(plant, day, day.events(), { singleStations: 1, orders: 1 });
    expect(candidates.map((c) => c.kind)).toContain('cycle-timing');
    const chosen = candidates.filter((c) => c.id === 'pace-all' || c.kind === 'sequence');
    const plan = planTomorrow(day, chosen, { horizonMs: 2 * H });
    expect(day.now()).toBe(to); // the forks leave the day's twin where it was
    const s = summarizeDay({
      plant,
      day: { events: day.events(), fromMs: from, toMs: to, scenario: 'werkhalle4-day' },
      reference: { kind: 'undisturbed', events: base.events(), fromMs: from, toMs: to, scenario: 'baseline' },
      tomorrow: plan,
    });
    const completed = day
      .events()
      .filter((e) => e.type === 'PartCompleted' && e.time > from && e.time <= to).length;
    expect(s.kpis.goodParts).toBe(completed);
    expect(s.kpis.goodParts).toBeGreaterThan(100);
    expect(s.kpis.qualityRate).toBeGreaterThan(0.9);
    expect(s.notable.some((n) => n.type === 'SupplierDeliveryDelayed')).toBe(true);
    const pace = plan.measured.find((m) => m.id === 'pace-all');
    // Slower non-bottleneck stations draw less power for the same parts (P ∝ v², twin's setSpeed).
    expect(pace?.refused).toBe(0);
    expect(pace?.deltas.energyKWh).toBeLessThan(0);
    expect(s.tomorrow?.candidates).toBe(plan.measured.length);
    if (plan.second !== undefined) {
      expect(plan.second.after).toBe(plan.ranked[0]?.id);
      for (const m of plan.second.measured) expect(m.id).not.toBe(plan.second.after);
    }
    expect(s.proposals.length).toBeLessThanOrEqual(2);
    for (const p of s.proposals) expect(plan.ranked).toContain(p);
    expect(renderMarkdown(s, 'en')).toContain('Measured in the digital twin');
  });
});
