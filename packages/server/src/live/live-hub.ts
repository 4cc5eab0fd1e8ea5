import type { Reading, StoredEvent } from '@aethercore/core';
import type { StopResponse } from '../api/types.ts';

/** What the live mode publishes to the browsers: new stored events and new ingested readings. */
export type HubMessage =
  | { readonly kind: 'events'; readonly events: readonly StoredEvent[] }
  | { readonly kind: 'readings'; readonly readings: readonly Reading[] }
  | { readonly kind: 'stop'; readonly state: StopResponse };

export type HubListener = (message: HubMessage) => void;

/**
 * A tiny in-process fan-out between the live mode (publisher) and the SSE connections
 * (subscribers). Publishing never blocks and never throws: a failing listener is dropped, so one
 * broken browser connection cannot stall the ingest path.
 */
export class LiveHub {
  readonly #listeners = new Set<HubListener>();
  readonly #closeListeners = new Set<() => void>();
  #closed = false;

  publish(message: HubMessage): void {
    if (this.#closed) return;
    for (const l of [...this.#listeners]) {
      try {
        l(message);
      } catch {
        this.#listeners.delete(l);
      }
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: HubListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Called once when the hub closes (shutdown): SSE streams end so the HTTP server can close. */
  onClose(listener: () => void): () => void {
    if (this.#closed) {
      listener();
      return () => undefined;
    }
    this.#closeListeners.add(listener);
    return () => this.#closeListeners.delete(listener);
  }

  get closed(): boolean {
    return this.#closed;
  }

  get subscribers(): number {
    return this.#listeners.size;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.clear();
    for (const l of [...this.#closeListeners]) l();
    this.#closeListeners.clear();
  }
}
