import type { Reading } from '@aethercore/core';

/** The values of the watched series at one instant of a fixed sampling grid (source time, ms). */
export interface Frame {
  readonly time: number;
  readonly values: ReadonlyMap<string, number>;
}

/**
 * Turns the platform's reading stream (OPC UA data changes: only changed values, batched, at the
 * server's sampling rate) into frames on a fixed source-time grid, the way a historian samples for
 * analytics: each frame holds the latest good value of every watched series at the grid instant.
 * A frame is emitted once a reading later than its instant has arrived (so every reading up to the
 * instant is in it). Gaps are not filled: after a gap the next frame is the next grid instant that
 * has data, never a repeat of stale values. Memory: one value per watched series.
 */
export class FrameSampler {
  readonly #step: number;
  readonly #watched: ReadonlySet<string>;
  readonly #latest = new Map<string, number>();
  #next: number | undefined;
  #lastTime: number | undefined;
  /** Readings dropped as not good, not finite, or older than the frame already emitted. */
  rejected = 0;

  constructor(stepMs: number, watched: Iterable<string>) {
    this.#step = Math.max(1, Math.floor(stepMs));
    this.#watched = new Set(watched);
  }

  push(readings: readonly Reading[]): Frame[] {
    const out: Frame[] = [];
    for (const r of readings) {
      if (!this.#watched.has(r.seriesId)) continue;
      const t = r.sourceTime;
      if (r.quality !== 'good' || !Number.isFinite(r.value) || !Number.isFinite(t)) {
        this.rejected++;
        continue;
      }
      if (this.#next === undefined) this.#next = this.#gridAtOrAfter(t);
      if (t <= this.#next - this.#step) {
        // Older than a frame already emitted: the frame is history, the value would be out of order.
        this.rejected++;
        continue;
      }
      if (t > this.#next) {
        if (this.#lastTime !== undefined) out.push({ time: this.#next, values: new Map(this.#latest) });
        this.#next = this.#gridAtOrAfter(t);
      }
      this.#latest.set(r.seriesId, r.value);
      this.#lastTime = t;
    }
    return out;
  }

  #gridAtOrAfter(t: number): number {
    return Math.ceil(t / this.#step) * this.#step;
  }
}
