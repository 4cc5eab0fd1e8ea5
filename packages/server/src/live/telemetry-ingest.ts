import type { Logger, Reading, TelemetryStore } from '@aethercore/core';
import type { LiveHub } from './live-hub.ts';

export interface TelemetryIngestOptions {
  /** Flush interval (wall ms). */
  readonly flushMs?: number;
  /** Readings held while the store is slow; beyond this the oldest are shed and counted. */
  readonly maxPending?: number;
  /**
   * Wall-clock age of a reading when it became durable (the live mode: simulated age ÷ speed).
   * Recorded for the last readings so `lagPercentiles()` can report the pipeline's latency.
   */
  readonly ageMs?: (r: Reading) => number;
}

const LAG_WINDOW = 4_096;

/**
 * Readings from the OPC UA subscription into the telemetry store, in batches (one transaction per
 * flush), then to the browsers: a reading is published only after the store accepted it. When the
 * store falls behind, the oldest pending readings are shed and the count is logged and exposed,
 * never silently (RELIABILITY.md, load row).
 */
export class TelemetryIngest {
  readonly #store: TelemetryStore;
  readonly #hub: LiveHub;
  readonly #logger: Logger;
  readonly #maxPending: number;
  #pending: Reading[] = [];
  #timer: ReturnType<typeof setInterval>;
  #flushing: Promise<void> | undefined;
  #failures = 0;
  readonly #ageMs: ((r: Reading) => number) | undefined;
  readonly #lags = new Float64Array(LAG_WINDOW);
  #lagCount = 0;
  ingested = 0;
  shed = 0;

  constructor(store: TelemetryStore, hub: LiveHub, logger: Logger, o: TelemetryIngestOptions = {}) {
    this.#store = store;
    this.#hub = hub;
    this.#logger = logger;
    this.#maxPending = o.maxPending ?? 100_000;
    this.#ageMs = o.ageMs;
    this.#timer = setInterval(() => void this.flush(), o.flushMs ?? 250);
  }

  get failing(): boolean {
    return this.#failures >= 3;
  }

  push(readings: readonly Reading[]): void {
    for (const r of readings) this.#pending.push(r);
    const over = this.#pending.length - this.#maxPending;
    if (over > 0) {
      this.#pending.splice(0, over);
      this.shed += over;
      this.#logger.log('warn', 'telemetry store behind: shed oldest readings', {
        shed: over,
        totalShed: this.shed,
      });
    }
  }

  flush(): Promise<void> {
    this.#flushing ??= this.#flushOnce().finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  async #flushOnce(): Promise<void> {
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    try {
      await this.#store.write(batch);
      this.ingested += batch.length;
      this.#failures = 0;
      if (this.#ageMs !== undefined)
        for (const r of batch) this.#lags[this.#lagCount++ % LAG_WINDOW] = this.#ageMs(r);
      this.#hub.publish({ kind: 'readings', readings: batch });
    } catch (e) {
      this.#failures++;
      // Put the batch back in front so nothing acknowledged by OPC UA is lost on a transient error.
      this.#pending = [...batch, ...this.#pending];
      this.#logger.log('error', 'telemetry write failed', {
        error: String(e),
        failures: this.#failures,
        pending: this.#pending.length,
      });
    }
  }

  /** p50/p95 of the recorded ages (ms) over the last readings; undefined before any. */
  lagPercentiles(): { p50: number; p95: number } | undefined {
    const n = Math.min(this.#lagCount, LAG_WINDOW);
    if (n === 0) return undefined;
    const sorted = Array.from(this.#lags.subarray(0, n)).sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(n - 1, Math.floor(q * n))] ?? 0;
    return { p50: at(0.5), p95: at(0.95) };
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#flushing;
    await this.flush();
  }
}
