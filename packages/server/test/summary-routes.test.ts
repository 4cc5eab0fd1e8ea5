// GET /api/summary/daily: the running day from the event store against a reference twin day, the
// bilingual Markdown, the what-ifs measured in the background, and bad queries as coded errors.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryEventStore, MemoryTelemetryStore, parsePlantYaml } from '@aethercore/core';
import { createTwin } from '@aethercore/twin';
import { findingEvent } from '@aethercore/agents';
import { createApp, type DailySummaryResponse, type ErrorResponse } from '../src/index.ts';
import { LoopingTwin } from '../src/live/looping-twin.ts';
import { dailySummarySource } from '../src/live/daily-summary-source.ts';
import { fixedLineSource } from './support/fixed-line-source.ts';

const plant = parsePlantYaml(
  readFileSync(path.resolve(import.meta.dirname, '../../../plants/werkhalle4.yaml'), 'utf8'),
);
const H = 3_600_000;

/** The seed-5 day of the scenario, its event store, and its daily summary source. */
function seedDay() {
  const events = new MemoryEventStore();
  const twin = new LoopingTwin((loop) => createTwin({ plant, scenario: 'werkhalle4-day', seed: 5 + loop }));
  const summary = dailySummarySource({
    plant,
    twin,
    events,
    scenario: 'werkhalle4-day',
    seed: 5,
    horizonMs: 2 * H,
  });
  return { events, twin, summary, start: twin.now() };
}

async function setup() {
  const { events, twin, summary, start } = seedDay();
  await events.append(twin.advanceTo(start + 3.75 * H));
  await events.append([
    findingEvent({
      agent: 'analytika',
      kind: 'anomaly',
      severity: 'warning',
      time: start + 3.5 * H,
      subject: 'ST05',
      title: { de: 'R7 Schwingung auffällig', en: 'R7 vibration anomalous' },
    }),
  ]);
  const app = createApp({
    source: fixedLineSource(),
    events,
    telemetry: new MemoryTelemetryStore(),
    summary,
  });
  return { app, events, twin, start };
}

const get = async <T>(
  app: ReturnType<typeof createApp>,
  url: string,
): Promise<{ status: number; body: T }> => {
  const res = await app.request(url);
  return { status: res.status, body: (await res.json()) as T };
};

describe('the day without the actions (reported sick notes)', () => {
  it('keeps a sick note a person reported: a fact of the day, not an action of the agents', async () => {
    const { events, twin, summary, start } = seedDay();
    await events.append(twin.advanceTo(start + 1 * H));
    // Every early-shift worker with a qualification is reported sick: the line loses hands now.
    const sick = plant.workers.filter((w) => w.shift === 'early').slice(0, 6);
    for (const w of sick)
      expect(twin.twin.apply({ type: 'ReportWorkerSick', worker: w.id, durationMs: 8 * H })).toBe(true);
    await events.append(twin.advanceTo(start + 3 * H));
    const stored = await events.read({ limit: 100_000 });
    expect(
      stored.filter((e) => e.type === 'WorkerReportedSick' && e.data['durationMs'] === 8 * H),
    ).toHaveLength(sick.length);
    const r = await summary({ lang: 'en', against: 'without-actions' });
    // No command but the sick notes was sent, so the day and its reference are the same day.
    expect(r.summary.kpis).toEqual(r.summary.referenceKpis);
  });
});

describe('GET /api/summary/daily', () => {
  it('summarises the stored day against the undisturbed day, then adds the measured proposals', async () => {
    const { app, events, start } = await setup();
    const first = await get<DailySummaryResponse>(app, '/api/summary/daily?lang=en');
    expect(first.status).toBe(200);
    const s = first.body.summary;
    expect(first.body).toMatchObject({ lang: 'en', against: 'undisturbed', asOf: start + 3.75 * H });
    expect(s.reference).toEqual({ kind: 'undisturbed', scenario: 'baseline' });
    const stored = await events.read({ limit: 100_000 });
    expect(s.kpis.goodParts).toBe(stored.filter((e) => e.type === 'PartCompleted' && e.time > start).length);
    expect(s.notable.map((n) => n.type)).toContain('SupplierDeliveryDelayed');
    expect(s.notable.find((n) => n.category === 'finding')?.text.en).toBe(
      'Analytika: R7 vibration anomalous',
    );
    expect(first.body.markdown).toMatch(/^# Daily summary Werkhalle 4 – 2026-03-10, 06:00–09:45/);

    // The what-ifs run in the background; poll (bounded) until they are in.
    let body = first.body;
    for (let i = 0; i < 600 && body.proposals.status !== 'ready'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      body = (await get<DailySummaryResponse>(app, '/api/summary/daily?lang=de')).body;
    }
    expect(body.proposals).toEqual({ status: 'ready', measuredAt: start + 3.75 * H });
    expect(body.summary.tomorrow?.candidates).toBeGreaterThan(2);
    expect(body.summary.proposals.length).toBeLessThanOrEqual(2);
    expect(body.markdown).toMatch(/^# Tagesbericht Werkhalle 4/);
    expect(body.markdown).toContain('Gemessen im digitalen Zwilling');
  }, 180_000);

  it('against the same day without commands: no command was sent, so every delta is zero', async () => {
    const { app } = await setup();
    const { status, body } = await get<DailySummaryResponse>(
      app,
      '/api/summary/daily?against=without-actions&lang=en',
    );
    expect(status).toBe(200);
    expect(body.summary.reference.kind).toBe('without-actions');
    for (const c of body.summary.comparisons)
      if (c.delta !== undefined) expect(Math.abs(c.delta)).toBeLessThan(1e-9);
  }, 180_000);

  it('refuses bad queries with a coded 400, and answers 503 without a live run', async () => {
    const { app } = await setup();
    for (const q of ['lang=fr', 'against=yesterday', 'x=1']) {
      const r = await get<ErrorResponse>(app, `/api/summary/daily?${q}`);
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('api.query-invalid');
    }
    const bare = createApp({
      source: fixedLineSource(),
      events: new MemoryEventStore(),
      telemetry: new MemoryTelemetryStore(),
    });
    const r = await get<ErrorResponse>(bare, '/api/summary/daily');
    expect(r.status).toBe(503);
    expect(r.body.code).toBe('summary.unavailable');
  }, 180_000);
});
