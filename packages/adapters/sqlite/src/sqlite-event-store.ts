import {
  AetherError,
  assertValidEventQuery,
  eventsToJson,
  type EventQuery,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from '@aethercore/core';
import type { Statement } from 'better-sqlite3';
import {
  attempt,
  migrate,
  openDatabase,
  storageError,
  type Db,
  type SqliteOptions,
} from './open-database.ts';

const MIGRATIONS = [
  `CREATE TABLE events (
     seq    INTEGER PRIMARY KEY,      -- global position, 1-based, assigned in the append transaction
     type   TEXT NOT NULL,
     stream TEXT NOT NULL,
     time   INTEGER NOT NULL,         -- domain time in ms (REAL if fractional)
     data   TEXT NOT NULL             -- JSON object
   );
   CREATE INDEX events_stream ON events (stream, seq);
   CREATE INDEX events_type ON events (type, seq);`,
];

interface Row {
  seq: number;
  type: string;
  stream: string;
  time: number;
  data: string;
}

/**
 * The EventStore on SQLite (WAL). `append` runs one IMMEDIATE transaction per batch, so a batch is all
 * or nothing and seq stays gap-free even with another process on the same file; with the default
 * `synchronous = FULL` the promise resolves after the commit is fsynced.
 */
export class SqliteEventStore implements EventStore {
  readonly #db: Db;
  readonly #insert: Statement<[number, string, string, number, string]>;
  readonly #lastSeq: Statement<[], { seq: number | null }>;
  readonly #reads = new Map<string, Statement<unknown[], Row>>();
  #closed = false;

  constructor(opts: SqliteOptions) {
    this.#db = openDatabase(opts);
    try {
      migrate(this.#db, 'events', MIGRATIONS);
      this.#insert = this.#db.prepare(
        'INSERT INTO events (seq, type, stream, time, data) VALUES (?, ?, ?, ?, ?)',
      );
      this.#lastSeq = this.#db.prepare('SELECT MAX(seq) AS seq FROM events');
    } catch (e) {
      this.#db.close();
      throw e;
    }
  }

  append(events: readonly NewEvent[]): Promise<readonly StoredEvent[]> {
    return attempt(() => {
      this.#open();
      const json = eventsToJson(events);
      if (events.length === 0) return [];
      const rows = events.map((e, i) => ({
        type: e.type,
        stream: e.stream,
        time: e.time,
        json: json[i] ?? '{}',
      }));
      const run = this.#db.transaction(() => {
        const first = (this.#lastSeq.get()?.seq ?? 0) + 1;
        rows.forEach((r, i) => this.#insert.run(first + i, r.type, r.stream, r.time, r.json));
        return first;
      });
      let first: number;
      try {
        first = run.immediate();
      } catch (e) {
        throw storageError('events.append-failed', 'appending events failed', e);
      }
      return rows.map((r, i) => ({
        type: r.type,
        stream: r.stream,
        time: r.time,
        data: JSON.parse(r.json) as Record<string, unknown>,
        seq: first + i,
      }));
    });
  }

  read(query: EventQuery = {}): Promise<readonly StoredEvent[]> {
    return attempt(() => {
      this.#open();
      assertValidEventQuery(query);
      if (query.types?.length === 0 || query.limit === 0) return [];
      const params: unknown[] = [query.afterSeq ?? 0];
      let key = 'a';
      if (query.stream !== undefined) {
        params.push(query.stream);
        key += 's';
      }
      if (query.types !== undefined) {
        params.push(JSON.stringify(query.types));
        key += 't';
      }
      params.push(query.limit ?? -1);
      return this.#readStatement(key, query)
        .all(...params)
        .map(toEvent);
    });
  }

  lastSeq(): Promise<number> {
    return attempt(() => {
      this.#open();
      return this.#lastSeq.get()?.seq ?? 0;
    });
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#db.close();
    }
    return Promise.resolve();
  }

  /** One prepared statement per query shape (which filters are set). */
  #readStatement(key: string, q: EventQuery): Statement<unknown[], Row> {
    let st = this.#reads.get(key);
    if (st === undefined) {
      const where = ['seq > ?'];
      if (q.stream !== undefined) where.push('stream = ?');
      // One JSON parameter for any number of types: no statement per list length, no variable limit.
      if (q.types !== undefined) where.push('type IN (SELECT value FROM json_each(?))');
      st = this.#db.prepare(
        `SELECT seq, type, stream, time, data FROM events WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`,
      );
      this.#reads.set(key, st);
    }
    return st;
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

function toEvent(r: Row): StoredEvent {
  return {
    seq: r.seq,
    type: r.type,
    stream: r.stream,
    time: r.time,
    data: JSON.parse(r.data) as Record<string, unknown>,
  };
}
