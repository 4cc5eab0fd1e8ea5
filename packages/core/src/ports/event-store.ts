import { AetherError, describeValue } from '../errors/aether-error.ts';

/**
 * The append-only event store. Events are facts in the past tense (`StationFailed`), appended
 * in order and never changed. Adapters: in-memory (reference, `memory-event-store.ts`), SQLite,
 * later PostgreSQL; all run the same contract suite.
 */
export interface NewEvent {
  /** Past-tense event type: `SupplierDeliveryDelayed`, `StationStateChanged`. */
  readonly type: string;
  /** Stream the event belongs to: `plant/wh4`, `order/O-1001`, `station/ST07`. */
  readonly stream: string;
  /** Domain time of the fact (source or simulated time), ms since epoch. */
  readonly time: number;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface StoredEvent extends NewEvent {
  /** Global position, 1-based, gap-free, strictly increasing. */
  readonly seq: number;
}

export interface EventQuery {
  /** Return events with seq > afterSeq (default 0). */
  readonly afterSeq?: number;
  readonly limit?: number;
  readonly stream?: string;
  readonly types?: readonly string[];
}

export interface EventStore {
  /** Appends atomically: all or none. Resolves once the events are durable. */
  append(events: readonly NewEvent[]): Promise<readonly StoredEvent[]>;
  read(query?: EventQuery): Promise<readonly StoredEvent[]>;
  lastSeq(): Promise<number>;
  close(): Promise<void>;
}

// ── Input validation shared by every EventStore adapter ──────────────────────────────────────────
// A batch is validated as a whole before anything is appended, so a bad event never leaves a
// half-written batch behind. `data` must survive a JSON round trip (that is how SQL stores keep it).

/** Throws `events.invalid` (path `events[i].field`) for the first event that cannot be stored. */
export function assertValidEvents(events: readonly NewEvent[]): void {
  eventsToJson(events);
}

/**
 * Validates the batch and returns each event's `data` as JSON text (what SQL stores keep, and what the
 * memory store parses back into its private copy): one serialisation per event, also on the hot path.
 * Throws `events.invalid` (path `events[i].field`) for the first event that cannot be stored.
 */
export function eventsToJson(events: readonly NewEvent[]): string[] {
  if (!Array.isArray(events)) {
    throw new AetherError({
      code: 'events.invalid',
      message: 'append() expects an array of events',
      hint: 'pass NewEvent[]',
    });
  }
  const out: string[] = [];
  for (let i = 0; i < events.length; i++) {
    const e: unknown = events[i];
    const fail = (field: string, what: string): never => {
      throw new AetherError({
        code: 'events.invalid',
        message: `event ${i}: ${what}; no event of the batch was appended`,
        hint: 'an event needs a non-empty type and stream, a finite time in ms and a JSON object as data',
        path: `events[${i}]${field === '' ? '' : `.${field}`}`,
      });
    };
    if (typeof e !== 'object' || e === null) fail('', 'not an object');
    const { type, stream, time, data } = e as Record<string, unknown>;
    if (typeof type !== 'string' || type.length === 0) fail('type', 'type must be a non-empty string');
    if (typeof stream !== 'string' || stream.length === 0)
      fail('stream', 'stream must be a non-empty string');
    if (typeof time !== 'number' || !Number.isFinite(time))
      fail('time', `time must be a finite number, got ${String(time)}`);
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      fail('data', 'data must be a JSON object');
    try {
      out.push(JSON.stringify(data));
    } catch (err) {
      fail('data', `data is not serialisable as JSON (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return out;
}

/** Throws `events.query-invalid` for a negative/fractional afterSeq or limit. */
export function assertValidEventQuery(q: EventQuery): void {
  const check = (v: number | undefined, name: string): void => {
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) {
      throw new AetherError({
        code: 'events.query-invalid',
        message: `${name} must be a non-negative integer, got ${describeValue(v)}`,
        hint: 'afterSeq and limit are counts',
        path: name,
      });
    }
  };
  check(q.afterSeq, 'afterSeq');
  check(q.limit, 'limit');
}
