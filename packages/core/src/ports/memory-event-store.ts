import type { EventQuery, EventStore, NewEvent, StoredEvent } from './event-store.ts';

/** The reference EventStore: in memory, used by tests and by the twin's fast batch runs. */
export class MemoryEventStore implements EventStore {
  readonly #events: StoredEvent[] = [];

  append(events: readonly NewEvent[]): Promise<readonly StoredEvent[]> {
    const stored = events.map((e, i) => ({ ...e, seq: this.#events.length + i + 1 }));
    this.#events.push(...stored);
    return Promise.resolve(stored);
  }

  read(query: EventQuery = {}): Promise<readonly StoredEvent[]> {
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
    return Promise.resolve(out);
  }

  lastSeq(): Promise<number> {
    return Promise.resolve(this.#events.length);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
