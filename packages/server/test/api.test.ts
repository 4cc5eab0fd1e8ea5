import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AetherError, MemoryEventStore, MemoryTelemetryStore } from '@aethercore/core';
import {
  createApp,
  LiveHub,
  ROUTE_DOCS,
  openApiPath,
  type ErrorResponse,
  type EventsResponse,
  type HealthResponse,
  type KpisResponse,
  type LineResponse,
  type PlantResponse,
  type TelemetryResponse,
} from '../src/index.ts';
import { fixedLineSource } from './support/fixed-line-source.ts';

const T0 = Date.UTC(2026, 2, 12, 6, 0, 0);

async function setup(opts: { kpis?: () => Promise<KpisResponse> } = {}) {
  const events = new MemoryEventStore();
  const telemetry = new MemoryTelemetryStore();
  const source = fixedLineSource({
    simTime: T0 + 600_000,
    ...(opts.kpis === undefined ? {} : { kpis: opts.kpis }),
  });
  await events.append(
    Array.from({ length: 30 }, (_, i) => ({
      type: i % 3 === 0 ? 'StationFailed' : 'PartCompleted',
      stream: i % 2 === 0 ? 'station/ST01' : 'station/R7',
      time: T0 + i * 1000,
      data: { i },
    })),
  );
  await telemetry.write(
    Array.from({ length: 100 }, (_, i) => ({
      seriesId: 'R7/vibrationRmsMmS',
      value: i,
      quality: 'good' as const,
      sourceTime: T0 + i * 1000,
    })),
  );
  const hub = new LiveHub();
  const app = createApp({
    source,
    events,
    telemetry,
    hub,
    stream: { flushMs: 20, snapshotMs: 50, kpisMs: 50 },
    run: { scenario: 'werkhalle4-day', speed: 60, seed: 42 },
  });
  return { app, events, telemetry, source, hub };
}

async function json<T>(res: Response): Promise<T> {
  expect(res.headers.get('content-type')).toContain('application/json');
  return (await res.json()) as T;
}

describe('GET /api/*', () => {
  it('health reports sim time, last seq and components', async () => {
    const { app } = await setup();
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
    const body = await json<HealthResponse>(res);
    expect(body).toMatchObject({
      status: 'ok',
      simTime: T0 + 600_000,
      lastSeq: 30,
      components: { twin: 'ok' },
      run: { speed: 60 },
    });
  });

  it('plant, line and kpis answer from the line source', async () => {
    const { app } = await setup();
    const plant = await json<PlantResponse>(await app.request('/api/plant'));
    expect(plant.stations.map((s) => s.id)).toEqual(['ST01', 'R7', 'ST03']);
    const line = await json<LineResponse>(await app.request('/api/line'));
    expect(line.stations.map((s) => s.state)).toEqual(['producing', 'blocked', 'starved']);
    expect(line.buffers[0]).toMatchObject({ level: 3, capacity: 5 });
    const kpis = await json<KpisResponse>(await app.request('/api/kpis'));
    expect(kpis.kpis.oee).toBeCloseTo(0.8);
  });

  it('telemetry returns raw points in [from, to) and buckets on request', async () => {
    const { app } = await setup();
    const raw = await json<TelemetryResponse>(
      await app.request(`/api/telemetry?series=R7/vibrationRmsMmS&from=${T0 + 10_000}&to=${T0 + 20_000}`),
    );
    expect(raw.points.map((p) => p.value)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const iso = new Date(T0 + 10_000).toISOString();
    const bucketed = await json<TelemetryResponse>(
      await app.request(
        `/api/telemetry?series=R7/vibrationRmsMmS&from=${iso}&to=${T0 + 30_000}&bucket=10000`,
      ),
    );
    expect(bucketed.points.map((p) => [p.value, p.min, p.max, p.count])).toEqual([
      [14.5, 10, 19, 10],
      [24.5, 20, 29, 10],
    ]);
  });

  it('telemetry defaults to the last 15 simulated minutes', async () => {
    const { app } = await setup();
    const res = await json<TelemetryResponse>(await app.request('/api/telemetry?series=R7/vibrationRmsMmS'));
    expect(res.to).toBe(T0 + 600_001);
    expect(res.from).toBe(T0 + 600_001 - 900_000);
    expect(res.points).toHaveLength(100);
  });

  it('events page by seq, filter by type and stream, and tail the log', async () => {
    const { app } = await setup();
    const page = await json<EventsResponse>(await app.request('/api/events?after=5&limit=3'));
    expect(page.events.map((e) => e.seq)).toEqual([6, 7, 8]);
    expect(page.lastSeq).toBe(30);
    const failed = await json<EventsResponse>(
      await app.request('/api/events?types=StationFailed&limit=1000'),
    );
    expect(failed.events).toHaveLength(10);
    expect(failed.events.every((e) => e.type === 'StationFailed')).toBe(true);
    const r7 = await json<EventsResponse>(await app.request('/api/events?stream=station/R7'));
    expect(r7.events.every((e) => e.stream === 'station/R7')).toBe(true);
    const tail = await json<EventsResponse>(await app.request('/api/events?tail=4'));
    expect(tail.events.map((e) => e.seq)).toEqual([27, 28, 29, 30]);
    // With a filter, tail means the newest N *matching* events, found by looking back in windows.
    const tailFailed = await json<EventsResponse>(
      await app.request('/api/events?tail=2&types=StationFailed'),
    );
    expect(tailFailed.events.map((e) => e.seq)).toEqual([25, 28]);
  });
});

describe('errors are coded and mapped in one place', () => {
  const bad: ReadonlyArray<[string, number, string, string?]> = [
    ['/api/events?after=-1', 400, 'api.query-invalid', 'query.after'],
    ['/api/events?limit=abc', 400, 'api.query-invalid', 'query.limit'],
    ['/api/events?limit=100000', 400, 'api.query-invalid', 'query.limit'],
    ['/api/events?after=1&tail=2', 400, 'api.query-invalid', 'query.tail'],
    ['/api/events?bogus=1', 400, 'api.query-invalid'],
    ['/api/telemetry', 400, 'api.query-invalid', 'query.series'],
    ['/api/telemetry?series=R7/vibrationRmsMmS&from=yesterday', 400, 'api.query-invalid', 'query.from'],
    ['/api/telemetry?series=R7/vibrationRmsMmS&from=20&to=10', 400, 'api.query-invalid', 'query.from'],
    ['/api/telemetry?series=R7/vibrationRmsMmS&bucket=0', 400, 'api.query-invalid', 'query.bucket'],
    ['/api/telemetry?series=NOPE/x', 404, 'telemetry.series-unknown', 'query.series'],
    ['/api/nope', 404, 'http.route-unknown'],
    ['/nope.html', 404, 'http.route-unknown'],
    ['/api/line?x=%E0%A4%A', 400, 'api.query-invalid'],
  ];
  it.each(bad)('%s → %i %s', async (url, status, code, path) => {
    const { app } = await setup();
    const res = await app.request(url);
    expect(res.status).toBe(status);
    const body = await json<ErrorResponse>(res);
    expect(body.code).toBe(code);
    expect(body.message.length).toBeGreaterThan(0);
    if (path !== undefined) expect(body.path).toBe(path);
  });

  it('POST to a GET route is a coded 404, and the root without a built dashboard is coded too', async () => {
    const { app } = await setup();
    const post = await app.request('/api/line', { method: 'POST', body: '{not json' });
    expect(post.status).toBe(404);
    expect((await json<ErrorResponse>(post)).code).toBe('http.route-unknown');
    const root = await app.request('/');
    expect(root.status).toBe(404);
    expect((await json<ErrorResponse>(root)).code).toBe('dashboard.not-built');
  });

  it('maps AetherError kinds to statuses, and hides the text of bugs', async () => {
    const unavailable = await setup({
      kpis: () =>
        Promise.reject(
          new AetherError({ code: 'store.down', message: 'db gone', kind: 'unavailable', hint: 'restart' }),
        ),
    });
    const res = await unavailable.app.request('/api/kpis');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ code: 'store.down', message: 'db gone', hint: 'restart' });

    const bug = await setup({ kpis: () => Promise.reject(new TypeError('secret internals')) });
    const res2 = await bug.app.request('/api/kpis');
    expect(res2.status).toBe(500);
    const body = await json<ErrorResponse>(res2);
    expect(body.code).toBe('server.internal');
    expect(JSON.stringify(body)).not.toContain('secret');
  });
});

describe('malformed input never crashes the app', () => {
  it('any query string on any route gives a JSON answer with a known status, coded when not 200', async () => {
    const { app } = await setup();
    const routes = [
      '/api/health',
      '/api/plant',
      '/api/line',
      '/api/kpis',
      '/api/telemetry',
      '/api/events',
      '/api/openapi.json',
      '/api/x',
      '/',
    ];
    const key = fc.constantFrom(
      'series',
      'from',
      'to',
      'bucket',
      'limit',
      'after',
      'tail',
      'types',
      'stream',
      'x',
      '',
      '%',
      '__proto__',
    );
    const value = fc.oneof(
      fc.string(),
      fc.integer().map(String),
      fc.double().map(String),
      fc.constantFrom('R7/vibrationRmsMmS', '%E0%A4%A', '1e309', '-0', 'NaN', '2026-13-45T99:99'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(fc.tuple(key, value), { maxLength: 4 }),
        async (route, pairs) => {
          const qs = pairs.map(([k, v]) => `${k}=${k === '%' ? v : encodeURIComponent(v)}`).join('&');
          const res = await app.request(`${route}?${qs}`);
          expect([200, 400, 404]).toContain(res.status);
          const body = (await res.json()) as Record<string, unknown>;
          if (res.status !== 200) {
            expect(typeof body['code']).toBe('string');
            expect(body['code']).not.toBe('server.internal');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('GET /api/openapi.json', () => {
  it('is OpenAPI 3.1 and lists every route of the app with its query parameters', async () => {
    const { app } = await setup();
    const doc = await json<{
      openapi: string;
      paths: Record<string, Record<string, { parameters: { name: string; required: boolean }[] }>>;
    }>(await app.request('/api/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    // Every (method, path) of the app, in OpenAPI path templating (`:id` → `{id}`).
    const apiRoutes = new Set(
      app.routes
        .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
        .map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`),
    );
    expect(apiRoutes.size).toBeGreaterThanOrEqual(8);
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m} ${p}`),
    );
    expect(documented.sort()).toEqual([...apiRoutes].sort());
    expect(ROUTE_DOCS.map((r) => `${r.method ?? 'get'} ${openApiPath(r.path)}`).sort()).toEqual(
      [...apiRoutes].sort(),
    );
    const tel = doc.paths['/api/telemetry']!['get']!.parameters;
    expect(tel.map((p) => p.name)).toEqual(['series', 'from', 'to', 'bucket', 'limit']);
    expect(tel.find((p) => p.name === 'series')?.required).toBe(true);
  });
});

describe('GET /api/stream (SSE)', () => {
  it('sends hello, a snapshot, kpis, and batches hub events and readings', async () => {
    const { app, hub } = await setup();
    const res = await app.request('/api/stream');
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string): Promise<void> => {
      for (let i = 0; i < 200 && !text.includes(needle); i++) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value as Uint8Array);
      }
    };
    await readUntil('event: snapshot');
    expect(text).toMatch(/event: hello\ndata: .*"run":\{"scenario":"werkhalle4-day","speed":60/);
    hub.publish({
      kind: 'readings',
      readings: [{ seriesId: 'R7/temperatureC', value: 41.5, quality: 'good', sourceTime: T0 }],
    });
    hub.publish({
      kind: 'events',
      events: [{ seq: 31, type: 'StationRepaired', stream: 'station/R7', time: T0, data: {} }],
    });
    await readUntil('StationRepaired');
    await readUntil('41.5');
    await readUntil('event: kpis');
    expect(text).toMatch(/event: events\ndata: .*StationRepaired.*\nid: 31/);
    expect(text).toMatch(/event: readings\ndata: .*"value":41.5/);
    hub.close();
    // After the hub closes the stream ends, so an HTTP server can shut down.
    for (let i = 0; i < 50; i++) if ((await reader.read()).done) return;
    expect.unreachable('stream did not end after hub.close()');
  });

  it('streams only the requested series when ?series= is given', async () => {
    const { app, hub } = await setup();
    const res = await app.request('/api/stream?series=R7/temperatureC');
    const reader = res.body!.getReader();
    let text = '';
    for (let i = 0; i < 50 && !text.includes('event: snapshot'); i++)
      text += new TextDecoder().decode((await reader.read()).value as Uint8Array);
    hub.publish({
      kind: 'readings',
      readings: [
        { seriesId: 'R7/vibrationRmsMmS', value: 7.25, quality: 'good', sourceTime: T0 },
        { seriesId: 'R7/temperatureC', value: 43.5, quality: 'good', sourceTime: T0 },
      ],
    });
    for (let i = 0; i < 50 && !text.includes('43.5'); i++)
      text += new TextDecoder().decode((await reader.read()).value as Uint8Array);
    expect(text).toContain('43.5');
    expect(text).not.toContain('7.25');
    hub.close();
    await reader.cancel();
  });

  it('replays missed events after Last-Event-ID', async () => {
    const { app, hub } = await setup();
    const res = await app.request('/api/stream', { headers: { 'Last-Event-ID': '27' } });
    const reader = res.body!.getReader();
    let text = '';
    for (let i = 0; i < 50 && !text.includes('id: 30'); i++)
      text += new TextDecoder().decode((await reader.read()).value as Uint8Array);
    const replay = /event: events\ndata: (.*)\nid: 30/.exec(text);
    expect(replay).not.toBeNull();
    expect((JSON.parse(replay![1]!) as { seq: number }[]).map((e) => e.seq)).toEqual([28, 29, 30]);
    hub.close();
    await reader.cancel();
  });
});
