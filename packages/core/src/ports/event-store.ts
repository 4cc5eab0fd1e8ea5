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
