import type {
  KpisResponse,
  LineResponse,
  PlantResponse,
  Reading,
  RunInfo,
  StoredEvent,
  StopResponse,
  StreamMessages,
} from '@aethercore/server';
import { api } from './api.ts';
import { NOTABLE_EVENT_TYPES, ROUTINE_EVENT_TYPES } from '../i18n/messages.ts';

export type Connection = 'connecting' | 'live' | 'polling' | 'offline';

export interface LiveState {
  readonly conn: Connection;
  readonly plant?: PlantResponse;
  readonly line?: LineResponse;
  readonly kpis?: KpisResponse;
  /** Newest first. */
  readonly events: readonly StoredEvent[];
  /** Per watched series: [sim ms, value] in time order, trimmed to the trend window. */
  readonly series: Readonly<Record<string, readonly (readonly [number, number])[]>>;
  /** Newest reading per watched series (for the "latest" readout). */
  readonly latest: Readonly<Record<string, Reading>>;
  readonly lastSeq: number;
  /** Scenario and speed of the live run (from the stream's hello). */
  readonly run?: RunInfo;
  /** The stop-all switch, pushed by the server on every change. */
  readonly stop?: StopResponse;
  readonly error?: string;
}

export interface LiveOptions {
  /** Trend window in simulated ms (default 2 h). */
  readonly windowMs?: number;
  readonly maxEvents?: number;
  readonly pollMs?: number;
  /** How long without any SSE message before falling back to polling. */
  readonly staleMs?: number;
}

/**
 * The dashboard's data: SSE first (`EventSource` on /api/stream), polling as the fallback when
 * the stream is down or silent (proxies that buffer SSE, old browsers). Outside React so the
 * logic is plain and testable; `useLive()` subscribes with useSyncExternalStore.
 */
export class LiveClient {
  #state: LiveState = { conn: 'connecting', events: [], series: {}, latest: {}, lastSeq: 0 };
  readonly #listeners = new Set<() => void>();
  readonly #opts: Required<LiveOptions>;
  #source: EventSource | undefined;
  #lastMessage = 0;
  #pollTimer: ReturnType<typeof setInterval> | undefined;
  #watchTimer: ReturnType<typeof setInterval> | undefined;
  #polling = false;
  #stopped = false;
  #watched = new Set<string>();
  #lastPolledKpis = 0;

  constructor(opts: LiveOptions = {}) {
    this.#opts = { windowMs: 2 * 3_600_000, maxEvents: 120, pollMs: 2_000, staleMs: 6_000, ...opts };
  }

  getState = (): LiveState => this.#state;

  subscribe = (l: () => void): (() => void) => {
    this.#listeners.add(l);
    return () => this.#listeners.delete(l);
  };

  #set(patch: Partial<LiveState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const l of this.#listeners) l();
  }

  async start(): Promise<void> {
    this.#stopped = false;
    await this.#loadInitial();
    this.#openStream();
    // Watchdog: a silent stream (no snapshot for staleMs) means polling takes over until it talks again.
    this.#watchTimer = setInterval(() => {
      const silent = performance.now() - this.#lastMessage > this.#opts.staleMs;
      if (silent && !this.#polling) this.#startPolling();
    }, 1_000);
  }

  stop(): void {
    this.#stopped = true;
    this.#source?.close();
    this.#source = undefined;
    clearInterval(this.#pollTimer);
    clearInterval(this.#watchTimer);
  }

  async #loadInitial(): Promise<void> {
    try {
      const [plant, line, kpis, events] = await Promise.all([
        api.plant(),
        api.line(),
        api.kpis(),
        api.eventsTail(this.#opts.maxEvents, NOTABLE_EVENT_TYPES),
      ]);
      this.#watched = new Set(plant.trends.map((t) => t.seriesId));
      this.#set({ plant, line, kpis, events: [...events.events].reverse(), lastSeq: events.lastSeq });
      await this.#loadHistory(line.simTime);
    } catch (e) {
      this.#set({ conn: 'offline', error: String(e) });
    }
  }

  async #loadHistory(simTime: number): Promise<void> {
    const from = simTime - this.#opts.windowMs;
    const series: Record<string, readonly (readonly [number, number])[]> = {};
    await Promise.all(
      [...this.#watched].map(async (id) => {
        try {
          series[id] = (await api.telemetry(id, from, simTime + 1)).points.map(
            (p) => [p.time, p.value] as const,
          );
        } catch {
          series[id] = [];
        }
      }),
    );
    this.#set({ series });
  }

  #openStream(): void {
    if (typeof EventSource === 'undefined') {
      this.#startPolling();
      return;
    }
    const es = new EventSource(`/api/stream?series=${encodeURIComponent([...this.#watched].join(','))}`);
    this.#source = es;
    const on = <K extends keyof StreamMessages>(name: K, handle: (data: StreamMessages[K]) => void): void => {
      es.addEventListener(name, (ev: MessageEvent<string>) => {
        this.#lastMessage = performance.now();
        if (this.#polling) this.#stopPolling();
        if (this.#state.conn !== 'live') this.#set({ conn: 'live' });
        try {
          handle(JSON.parse(ev.data) as StreamMessages[K]);
        } catch {
          // a malformed message is dropped; the next snapshot repairs the view
        }
      });
    };
    on('hello', (hello) => {
      if (hello.run !== undefined) this.#set({ run: hello.run });
    });
    on('snapshot', (line) => this.#set({ line }));
    on('kpis', (kpis) => this.#set({ kpis }));
    on('events', (events) => this.#addEvents(events));
    on('readings', (readings) => this.#addReadings(readings));
    on('stop', (stop) => this.#set({ stop }));
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED && !this.#stopped) {
        // The browser gave up (HTTP error): poll, and try the stream again later.
        this.#startPolling();
        setTimeout(() => {
          if (!this.#stopped && this.#source === es) this.#openStream();
        }, 10_000);
      } else if (!this.#polling) {
        this.#set({ conn: 'connecting' });
      }
    };
  }

  /**
   * Merges a batch into the timeline by seq. Batches can arrive out of order: the server has several
   * writers (the twin's driver, the agents' finding sink) whose appends finish in any order, so a batch
   * older than the newest event seen is merged, not dropped. Duplicates (stream + poll) are ignored.
   */
  #addEvents(events: readonly StoredEvent[]): void {
    const shown = this.#state.events;
    const oldestShown = shown.length >= this.#opts.maxEvents ? (shown.at(-1)?.seq ?? 0) : 0;
    const known = new Set(shown.map((e) => e.seq));
    const fresh = events.filter(
      (e) => e.seq > oldestShown && !known.has(e.seq) && !ROUTINE_EVENT_TYPES.has(e.type),
    );
    const newest = Math.max(this.#state.lastSeq, ...events.map((e) => e.seq));
    if (fresh.length === 0) {
      if (newest !== this.#state.lastSeq) this.#set({ lastSeq: newest });
      return;
    }
    const merged = [...fresh, ...shown].sort((x, y) => y.seq - x.seq).slice(0, this.#opts.maxEvents);
    this.#set({ events: merged, lastSeq: newest });
  }

  #addReadings(readings: readonly Reading[]): void {
    const series: Record<string, (readonly [number, number])[]> = {};
    const latest: Record<string, Reading> = { ...this.#state.latest };
    let changed = false;
    for (const r of readings) {
      if (!this.#watched.has(r.seriesId) || !Number.isFinite(r.value)) continue;
      const list = (series[r.seriesId] ??= [...(this.#state.series[r.seriesId] ?? [])]);
      const last = list.at(-1);
      if (last !== undefined && r.sourceTime <= last[0]) continue; // duplicate or out of order
      list.push([r.sourceTime, r.value]);
      latest[r.seriesId] = r;
      changed = true;
    }
    if (!changed) return;
    for (const [id, list] of Object.entries(series)) {
      const cutoff = (list.at(-1)?.[0] ?? 0) - this.#opts.windowMs;
      let i = 0;
      while (i < list.length && (list[i]?.[0] ?? 0) < cutoff) i++;
      series[id] = list.slice(i);
    }
    this.#set({ series: { ...this.#state.series, ...series }, latest });
  }

  #startPolling(): void {
    if (this.#polling || this.#stopped) return;
    this.#polling = true;
    this.#set({ conn: 'polling' });
    const tick = async (): Promise<void> => {
      try {
        const [line, events] = await Promise.all([api.line(), api.eventsAfter(this.#state.lastSeq)]);
        this.#set({ line, conn: this.#polling ? 'polling' : this.#state.conn });
        this.#addEvents(events.events);
        if (performance.now() - this.#lastPolledKpis > 5_000) {
          this.#lastPolledKpis = performance.now();
          this.#set({ kpis: await api.kpis() });
        }
        for (const id of this.#watched) {
          const from = (this.#state.series[id]?.at(-1)?.[0] ?? line.simTime - this.#opts.windowMs) + 1;
          const t = await api.telemetry(id, from, line.simTime + 1);
          this.#addReadings(
            t.points.map((p) => ({ seriesId: id, value: p.value, quality: p.quality, sourceTime: p.time })),
          );
        }
      } catch {
        if (this.#polling) this.#set({ conn: 'offline' });
      }
    };
    void tick();
    this.#pollTimer = setInterval(() => void tick(), this.#opts.pollMs);
  }

  #stopPolling(): void {
    this.#polling = false;
    clearInterval(this.#pollTimer);
    this.#pollTimer = undefined;
  }
}
