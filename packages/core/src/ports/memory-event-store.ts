import { AetherError } from '../errors/aether-error.ts';
import {
  assertValidEventQuery,
  eventsToJson,
  type EventQuery,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from './event-store.ts';

/** The reference EventStore: in memory, used by tests and by the twin's fast batch runs. */
export class MemoryEventStore implements EventStore {
  readonly #events: StoredEvent[] = [];
  #closed = false;

  append(events: readonly NewEvent[]): Promise<readonly StoredEvent[]> {
    return attempt(() => {
      this.#open();
      const json = eventsToJson(events);
      // Keep a JSON copy, as a SQL store would: later mutation of the caller's object changes nothing.
      const stored = events.map((e, i) => ({
        type: e.type,
        stream: e.stream,
        time: e.time,
        data: JSON.parse(json[i] ?? '{}') as Record<string, unknown>,
        seq: this.#events.length + i + 1,
      }));
      this.#events.push(...stored);
      return stored;
    });
  }

  read(query: EventQuery = {}): Promise<readonly StoredEvent[]> {
    return attempt(() => {
      this.#open();
      assertValidEventQuery(query);
      const after = query.afterSeq ?? 0;
      const limit = query.limit ?? Number.POSITIVE_INFINITY;
      const types = query.types === undefined ? undefined : new Set(query.types);
      const out: StoredEvent[] = [];
      for (let i = after; i < this.#events.length && out.length < limit; i++) {
        const e = this.#events[i];
        if (e === undefined) break;
        if (query.stream !== undefined && e.stream !== query.stream) continue;
        if (types !== undefined && !types.has(e.type)) continue;
        out.push(e);
      }
      return out;
    });
  }

  lastSeq(): Promise<number> {
    return attempt(() => {
      this.#open();
      return this.#events.length;
    });
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }

  #open(): void {
    if (this.#closed) {
      throw new AetherError({
        code: 'events.closed',
        message: 'the event store is closed',
        hint: 'open a new store',
        kind: 'unavailable',
        category: 'system',
      });
    }
  }
}

/** Run synchronous store work and report its outcome as a promise (errors become rejections). */
function attempt<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}
