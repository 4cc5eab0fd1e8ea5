import {
  AetherError,
  assertValidEventQuery,
  eventsToJson,
  type EventQuery,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from '@aethercore/core';
import {
  inTransaction,
  openStore,
  storageError,
  type PostgresOptions,
  type StorePool,
} from './connection.ts';
import { assertNoNul } from './text.ts';

/**
 * `events_head` holds the last assigned seq in one row. An append moves it forward by the batch size
 * in the same transaction that inserts the batch: the row lock serialises appenders (also across
 * processes), a rolled-back append gives its numbers back, so seq stays gap-free — which a SEQUENCE
 * would not (sequences are non-transactional). `data` is `json`, kept verbatim as the validated text.
 */
const MIGRATIONS = [
  `CREATE TABLE {schema}.events (
     seq    bigint PRIMARY KEY,
     type   text NOT NULL,
     stream text NOT NULL,
     time   double precision NOT NULL,
     data   json NOT NULL
   );
   CREATE INDEX events_stream ON {schema}.events (stream, seq);
   CREATE INDEX events_type ON {schema}.events (type, seq);
   CREATE TABLE {schema}.events_head (one boolean PRIMARY KEY DEFAULT true CHECK (one), last_seq bigint NOT NULL);
   INSERT INTO {schema}.events_head (last_seq) VALUES (0);`,
];

interface Row {
  seq: number;
  type: string;
  stream: string;
  time: number;
  data: Record<string, unknown>;
}

/**
 * The EventStore on PostgreSQL. `append` is one transaction (head row update + one INSERT from
 * arrays), committed with the server's `synchronous_commit` (default on: the WAL is flushed before
 * the promise resolves). Open with `await PostgresEventStore.open({ connectionString })`.
 */
export class PostgresEventStore implements EventStore {
  readonly #sp: StorePool;
  readonly #t: { events: string; head: string };
  #closed = false;

  private constructor(sp: StorePool) {
    this.#sp = sp;
    this.#t = { events: `${sp.schema}.events`, head: `${sp.schema}.events_head` };
  }

  /** Connects, applies the schema migrations (idempotent) and returns the store. */
  static async open(opts: PostgresOptions): Promise<PostgresEventStore> {
    return new PostgresEventStore(await openStore(opts, 'events', MIGRATIONS));
  }

  async append(events: readonly NewEvent[]): Promise<readonly StoredEvent[]> {
    this.#open();
    const json = eventsToJson(events);
    if (events.length === 0) return [];
    const types: string[] = [];
    const streams: string[] = [];
    const times: number[] = [];
    events.forEach((e, i) => {
      assertNoNul(e.type, 'events.invalid', `events[${i}].type`);
      assertNoNul(e.stream, 'events.invalid', `events[${i}].stream`);
      types.push(e.type);
      streams.push(e.stream);
      times.push(e.time);
    });
    let first: number;
    try {
      first = await inTransaction(this.#sp.pool, async (c) => {
        const head = await c.query<{ last_seq: number }>(
          `UPDATE ${this.#t.head} SET last_seq = last_seq + $1 RETURNING last_seq`,
          [events.length],
        );
        const from = (head.rows[0]?.last_seq ?? 0) - events.length + 1;
        await c.query(
          `INSERT INTO ${this.#t.events} (seq, type, stream, time, data)
           SELECT $1::bigint + x.ord - 1, x.type, x.stream, x.time, x.data::json
           FROM unnest($2::text[], $3::text[], $4::float8[], $5::text[]) WITH ORDINALITY AS x(type, stream, time, data, ord)`,
          [from, types, streams, times, json],
        );
        return from;
      });
    } catch (e) {
      throw storageError('events.append-failed', 'appending events failed', e);
    }
    return events.map((e, i) => ({
      type: e.type,
      stream: e.stream,
      time: e.time,
      data: JSON.parse(json[i] ?? '{}') as Record<string, unknown>,
      seq: first + i,
    }));
  }

  async read(query: EventQuery = {}): Promise<readonly StoredEvent[]> {
    this.#open();
    assertValidEventQuery(query);
    if (query.types?.length === 0 || query.limit === 0) return [];
    // No stored stream or type holds U+0000 (append refuses it), and PostgreSQL text cannot carry it.
    if (typeof query.stream === 'string' && query.stream.includes('\u0000')) return [];
    const types = query.types?.filter((t) => typeof t === 'string' && !t.includes('\u0000'));
    if (types?.length === 0) return [];
    const params: unknown[] = [query.afterSeq ?? 0];
    const where = ['seq > $1'];
    if (query.stream !== undefined) {
      params.push(query.stream);
      where.push(`stream = $${params.length}`);
    }
    if (types !== undefined) {
      // One array parameter for any number of types: no statement per list length, no variable limit.
      params.push(types);
      where.push(`type = ANY($${params.length}::text[])`);
    }
    params.push(query.limit ?? null);
    try {
      const r = await this.#sp.pool.query<Row>(
        `SELECT seq, type, stream, time, data FROM ${this.#t.events} WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $${params.length}`,
        params,
      );
      return r.rows.map((row) => ({
        seq: row.seq,
        type: row.type,
        stream: row.stream,
        time: row.time,
        data: row.data,
      }));
    } catch (e) {
      throw storageError('events.read-failed', 'reading events failed', e);
    }
  }

  async lastSeq(): Promise<number> {
    this.#open();
    try {
      const r = await this.#sp.pool.query<{ last_seq: number }>(`SELECT last_seq FROM ${this.#t.head}`);
      return r.rows[0]?.last_seq ?? 0;
    } catch (e) {
      throw storageError('events.read-failed', 'reading the last seq failed', e);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#sp.owned) await this.#sp.pool.end();
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
