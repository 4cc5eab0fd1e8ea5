import { Hono } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { Reading, StoredEvent } from '@aethercore/core';
import type { StopResponse, StreamEventName, StreamMessages } from '../../api/types.ts';
import { stopView } from './stop-routes.ts';
import type { RouteContext } from '../app.ts';
import { parseQuery, streamQuery } from '../query.ts';

export interface StreamTiming {
  /** How often buffered events/readings are flushed to the browser (wall ms). */
  readonly flushMs: number;
  readonly snapshotMs: number;
  readonly kpisMs: number;
  /** Readings kept per connection between flushes; older ones are shed. */
  readonly maxBufferedReadings: number;
  readonly maxBufferedEvents: number;
}

const DEFAULT_TIMING: StreamTiming = {
  flushMs: 250,
  snapshotMs: 1_000,
  kpisMs: 3_000,
  maxBufferedReadings: 5_000,
  maxBufferedEvents: 10_000,
};
/** On reconnect (`Last-Event-ID`), replay at most this many missed events. */
const MAX_REPLAY = 500;

/**
 * `GET /stream`: server-sent events (WHATWG HTML §9.2). Events and readings from the hub are
 * buffered per connection and flushed in batches every `flushMs`, snapshots go out about once a
 * second, KPIs every few seconds. `events` messages carry the newest seq as SSE id, so a
 * reconnecting EventSource sends `Last-Event-ID` and gets what it missed.
 */
export function streamRoutes(ctx: RouteContext, timing: Partial<StreamTiming> = {}): Hono {
  const t = { ...DEFAULT_TIMING, ...timing };
  return new Hono().get('/stream', (c) => {
    const q = parseQuery(streamQuery, c.req.query());
    const only = q.series === undefined || q.series.length === 0 ? undefined : new Set(q.series);
    const lastEventId = Number(c.req.header('Last-Event-ID'));
    return streamSSE(
      c,
      async (stream) => {
        const send = <K extends StreamEventName>(
          event: K,
          data: StreamMessages[K],
          id?: number,
        ): Promise<void> =>
          stream.writeSSE({
            event,
            data: JSON.stringify(data),
            ...(id === undefined ? {} : { id: String(id) }),
          });

        let events: StoredEvent[] = [];
        let readings: Reading[] = [];
        // The stop switch's latest state, sent once per change (never dropped, never batched away).
        let stop_: StopResponse | undefined =
          ctx.governance === undefined ? undefined : stopView(ctx.governance.sentinel.gate.state);
        let done = false;
        let wake: (() => void) | undefined;
        const stop = (): void => {
          done = true;
          wake?.();
        };
        const unsubscribe = ctx.hub.subscribe((m) => {
          if (m.kind === 'events') {
            events.push(...m.events);
            // A browser that cannot keep up loses the oldest events of its buffer, not the server's
            // memory; it can re-read them from /api/events (the ids say where the gap is).
            if (events.length > t.maxBufferedEvents) events = events.slice(-t.maxBufferedEvents);
          } else if (m.kind === 'stop') {
            stop_ = m.state;
            wake?.();
          } else {
            for (const r of m.readings) if (only === undefined || only.has(r.seriesId)) readings.push(r);
            // Shed the oldest readings of a slow browser instead of growing without bound.
            if (readings.length > t.maxBufferedReadings) readings = readings.slice(-t.maxBufferedReadings);
          }
        });
        const unClose = ctx.hub.onClose(stop);
        stream.onAbort(stop);
        try {
          const lastSeq = await ctx.events.lastSeq();
          await send('hello', {
            simTime: ctx.source.simTime(),
            lastSeq,
            version: ctx.version,
            ...(ctx.run === undefined ? {} : { run: ctx.run }),
          });
          if (Number.isInteger(lastEventId) && lastEventId >= 0 && lastEventId < lastSeq) {
            const missed = await ctx.events.read({ afterSeq: Math.max(lastEventId, lastSeq - MAX_REPLAY) });
            if (missed.length > 0) await send('events', missed, missed.at(-1)?.seq);
            events = events.filter((e) => e.seq > (missed.at(-1)?.seq ?? lastEventId));
          }
          let lastSnapshot = Number.NEGATIVE_INFINITY;
          let lastKpis = Number.NEGATIVE_INFINITY;
          while (!done && !stream.aborted) {
            if (stop_ !== undefined) {
              const s = stop_;
              stop_ = undefined;
              await send('stop', s);
            }
            if (events.length > 0) {
              const batch = events;
              events = [];
              await send('events', batch, batch.at(-1)?.seq);
            }
            if (readings.length > 0) {
              const batch = readings;
              readings = [];
              await send('readings', batch);
            }
            const now = performance.now();
            if (now - lastSnapshot >= t.snapshotMs) {
              lastSnapshot = now;
              await send('snapshot', ctx.source.line());
            }
            if (now - lastKpis >= t.kpisMs) {
              lastKpis = now;
              await send('kpis', await ctx.source.kpis());
            }
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, t.flushMs);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
            wake = undefined;
          }
        } finally {
          unsubscribe();
          unClose();
          await closeQuietly(stream);
        }
      },
      (e) => {
        ctx.logger.log('warn', 'stream ended with an error', { error: e.message });
        return Promise.resolve();
      },
    );
  });
}

async function closeQuietly(stream: SSEStreamingApi): Promise<void> {
  try {
    await stream.close();
  } catch {
    // The browser went away first; nothing to close.
  }
}
