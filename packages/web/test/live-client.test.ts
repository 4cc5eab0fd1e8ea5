import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  EventsResponse,
  KpisResponse,
  LineResponse,
  PlantResponse,
  TelemetryResponse,
} from '@aethercore/server';
import { LiveClient, type LiveState } from '../src/live/live-client.ts';

const T0 = Date.UTC(2026, 2, 10, 6, 0);
const SERIES = 'ST05/vibrationRmsMmS';

/** A fake `/api` with a moving clock: each /api/line call advances it by a minute. */
function fakeApi() {
  let simTime = T0;
  let seq = 3;
  const calls: string[] = [];
  const plant: PlantResponse = {
    namespaceUri: 'urn:test',
    lineId: 'L1',
    lineName: 'Line',
    stations: [{ id: 'ST05', name: 'R7 cell', index: 0 }],
    series: [{ seriesId: SERIES, equipmentId: 'ST05', name: 'vibrationRmsMmS', unit: 'mm/s' }],
    trends: [
      {
        kind: 'vibration',
        seriesId: SERIES,
        equipmentId: 'R7',
        name: 'vibrationRmsMmS',
        unit: 'mm/s',
        limits: { high: 4.5 },
      },
    ],
    root: { id: 'S', level: 'Site', displayName: 'Site', variables: [], children: [] },
  };
  const line = (): LineResponse => ({
    lineId: 'L1',
    lineName: 'Line',
    simTime,
    stations: [{ id: 'ST05', name: 'R7 cell', state: 'producing', partsProduced: 1, energyKWh: 0 }],
    buffers: [],
    counters: {},
  });
  const kpis: KpisResponse = {
    from: T0,
    to: T0 + 1,
    kpis: {
      output: 1,
      oee: 0.5,
      availability: 1,
      performance: 0.5,
      quality: 1,
      energyPerUnitKWh: 1,
      firstPassYield: 1,
      downtimeS: 0,
    },
  };
  const ev = (s: number, type: string) => ({ seq: s, type, stream: 'station/ST05', time: T0 + s, data: {} });
  const fetch = vi.fn((input: string | URL) => {
    const url = new URL(String(input), 'http://x');
    calls.push(url.pathname + url.search);
    let body: unknown;
    switch (url.pathname) {
      case '/api/plant':
        body = plant;
        break;
      case '/api/line':
        simTime += 60_000;
        body = line();
        break;
      case '/api/kpis':
        body = kpis;
        break;
      case '/api/events': {
        const after = Number(url.searchParams.get('after') ?? -1);
        const events =
          after < 0
            ? [ev(1, 'ShiftStarted'), ev(3, 'OrderReleased')]
            : [ev(++seq, 'PartCompleted'), ev(++seq, 'StationFailed')];
        body = { events, lastSeq: seq } satisfies EventsResponse;
        break;
      }
      case '/api/telemetry': {
        const from = Number(url.searchParams.get('from'));
        const points = [from + 1, from + 30_000].map((time, i) => ({
          time,
          value: 2 + i,
          min: 2,
          max: 3,
          count: 1,
          quality: 'good' as const,
        }));
        body = { series: SERIES, from, to: simTime, points } satisfies TelemetryResponse;
        break;
      }
      default:
        return Promise.resolve(
          new Response(JSON.stringify({ code: 'http.route-unknown', message: 'no' }), { status: 404 }),
        );
    }
    return Promise.resolve(
      new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }),
    );
  });
  return { fetch, calls };
}

/** A controllable EventSource: the test decides when it opens, talks, and fails. */
class FakeEventSource {
  static readonly CLOSED = 2;
  static last: FakeEventSource | undefined;
  readyState = 0;
  onerror: (() => void) | null = null;
  readonly url: string;
  readonly #listeners = new Map<string, ((e: { data: string }) => void)[]>();
  constructor(url: string) {
    this.url = url;
    FakeEventSource.last = this;
  }
  addEventListener(name: string, l: (e: { data: string }) => void): void {
    this.#listeners.set(name, [...(this.#listeners.get(name) ?? []), l]);
  }
  emit(name: string, data: unknown): void {
    for (const l of this.#listeners.get(name) ?? []) l({ data: JSON.stringify(data) });
  }
  close(): void {
    this.readyState = FakeEventSource.CLOSED;
  }
}

async function until(client: LiveClient, ok: (s: LiveState) => boolean, what: string): Promise<LiveState> {
  // Bounded by wall time, not a count of 10-ms turns: on a loaded machine the client's own timers
  // run late too, and 200 turns (2 s) were the whole budget before.
  for (const end = Date.now() + 30_000; Date.now() < end;) {
    if (ok(client.getState())) return client.getState();
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(client.getState()).slice(0, 400)}`);
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeEventSource.last = undefined;
});

describe('LiveClient', () => {
  it('polls when the browser has no EventSource: line, new events (routine ones hidden) and readings', async () => {
    const api = fakeApi();
    vi.stubGlobal('fetch', api.fetch);
    vi.stubGlobal('EventSource', undefined);
    const client = new LiveClient({ pollMs: 20 });
    await client.start();
    const s = await until(
      client,
      (st) => st.conn === 'polling' && st.events.some((e) => e.type === 'StationFailed'),
      'polling with events',
    );
    client.stop();
    expect(s.plant?.trends[0]?.seriesId).toBe(SERIES);
    // Initial tail asked only for notable types; routine PartCompleted never reaches the timeline.
    expect(api.calls.find((c) => c.includes('tail='))).toMatch(/types=/);
    expect(s.events.map((e) => e.type)).not.toContain('PartCompleted');
    expect(s.events[0]!.seq).toBeGreaterThan(s.events.at(-1)!.seq);
    expect(s.lastSeq).toBeGreaterThanOrEqual(5);
    expect(s.series[SERIES]!.length).toBeGreaterThan(2);
    const times = s.series[SERIES]!.map((p) => p[0]);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('goes live on SSE messages, falls back to polling when the stream is silent, and back to live', async () => {
    const api = fakeApi();
    vi.stubGlobal('fetch', api.fetch);
    vi.stubGlobal('EventSource', FakeEventSource);
    const client = new LiveClient({ pollMs: 20, staleMs: 150 });
    await client.start();
    const es = FakeEventSource.last!;
    expect(es.url).toContain(`series=${encodeURIComponent(SERIES)}`);
    es.emit('snapshot', { ...client.getState().line!, simTime: T0 + 999 });
    es.emit('readings', [
      { seriesId: SERIES, value: 4.75, quality: 'good', sourceTime: T0 + 10 * 3_600_000 },
    ]);
    es.emit('events', [
      { seq: 10, type: 'SupplierDeliveryDelayed', stream: 'supplier/S', time: T0, data: {} },
    ]);
    let s = await until(client, (st) => st.conn === 'live', 'live');
    expect(s.line?.simTime).toBe(T0 + 999);
    expect(s.latest[SERIES]?.value).toBe(4.75);
    expect(s.events[0]?.type).toBe('SupplierDeliveryDelayed');
    // The 2 h window trims the old history behind the new reading.
    expect(s.series[SERIES]!.every((p) => p[0] >= T0 + 8 * 3_600_000)).toBe(true);
    // Silence → polling (the watchdog ticks every second).
    s = await until(client, (st) => st.conn === 'polling', 'polling after silence');
    es.emit('snapshot', client.getState().line);
    s = await until(client, (st) => st.conn === 'live', 'live again');
    client.stop();
    expect(s.conn).toBe('live');
  });

  it('merges event batches that arrive out of order (two writers on the server), once each', async () => {
    const api = fakeApi();
    vi.stubGlobal('fetch', api.fetch);
    vi.stubGlobal('EventSource', FakeEventSource);
    const client = new LiveClient({ pollMs: 20, staleMs: 60_000 });
    await client.start();
    const es = FakeEventSource.last!;
    const e = (seq: number, type: string) => ({ seq, type, stream: 'x', time: T0 + seq, data: {} });
    es.emit('events', [e(120, 'AgentFindingRecorded')]);
    es.emit('events', [e(110, 'MaintenanceStarted'), e(111, 'StationFailed')]); // stored earlier, published later
    es.emit('events', [e(111, 'StationFailed'), e(120, 'AgentFindingRecorded')]); // a poll repeating both
    const s = await until(client, (st) => st.events.some((x) => x.seq === 110), 'the late batch merged');
    client.stop();
    const seqs = s.events.map((x) => x.seq);
    expect(seqs.slice(0, 3)).toEqual([120, 111, 110]);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(s.lastSeq).toBe(120);
  });
});
