import type { Reading } from '@aethercore/core';

export interface FeedMergeOptions {
  /** The feeds that are merged (`opcua`, `mqtt`). */
  readonly sources: readonly string[];
  readonly onReadings: (readings: readonly Reading[]) => void;
  /**
   * A feed that has delivered nothing for this long (wall ms) no longer holds the others back,
   * and nothing is held longer than this: a quiet or broken feed delays, never stops, the rest.
   */
  readonly maxHoldMs?: number;
  /** Held readings beyond this are released at once (memory bound). */
  readonly maxHeld?: number;
  readonly wallNow?: () => number;
}

/**
 * Merges the OPC UA and MQTT reading streams into one stream in source-time order for Analytika,
 * with a low watermark as stream processors do (Akidau et al., "The Dataflow Model", VLDB 2015):
 * each feed's watermark is the newest source time it delivered; readings up to the smallest
 * watermark of the active feeds are released, sorted. Analytika samples frames on a source-time grid
 * and drops readings older than a frame it already emitted, so without this a reading that came
 * the slower way would be dropped there. Each reading is released exactly once.
 */
export class FeedMerge {
  readonly #o: FeedMergeOptions;
  readonly #mark = new Map<string, { time: number; at: number }>();
  /** Held readings with the wall time they arrived. */
  #held: { r: Reading; at: number }[] = [];
  readonly #now: () => number;
  readonly #startedAt: number;
  released = 0;

  constructor(o: FeedMergeOptions) {
    this.#o = o;
    this.#now = o.wallNow ?? (() => performance.now());
    this.#startedAt = this.#now();
  }

  push(source: string, readings: readonly Reading[]): void {
    if (readings.length === 0) return;
    const at = this.#now();
    let newest = this.#mark.get(source)?.time ?? -Infinity;
    for (const r of readings) {
      this.#held.push({ r, at });
      if (r.sourceTime > newest) newest = r.sourceTime;
    }
    this.#mark.set(source, { time: newest, at });
    this.release();
  }

  /** Releases what the watermark allows; call it on a timer too, so a quiet feed cannot hold readings forever. */
  release(): void {
    if (this.#held.length === 0) return;
    const now = this.#now();
    const hold = this.#o.maxHoldMs ?? 2_000;
    let limit = Infinity;
    for (const s of this.#o.sources) {
      const m = this.#mark.get(s);
      // A feed that has not delivered yet holds the others for maxHoldMs after the start;
      // one that has been quiet for longer than that no longer holds them back.
      if (m === undefined) {
        if (now - this.#startedAt <= hold) limit = -Infinity;
        continue;
      }
      if (now - m.at > hold) continue;
      limit = Math.min(limit, m.time);
    }
    if (this.#held.length > (this.#o.maxHeld ?? 50_000)) limit = Infinity;
    const out: Reading[] = [];
    const keep: { r: Reading; at: number }[] = [];
    for (const h of this.#held) {
      if (h.r.sourceTime <= limit || now - h.at > hold) out.push(h.r);
      else keep.push(h);
    }
    this.#held = keep;
    if (out.length === 0) return;
    out.sort((a, b) => a.sourceTime - b.sourceTime);
    this.released += out.length;
    this.#o.onReadings(out);
  }

  /** Releases everything held (shutdown). */
  drain(): void {
    if (this.#held.length === 0) return;
    const out = this.#held.map((h) => h.r).sort((a, b) => a.sourceTime - b.sourceTime);
    this.#held = [];
    this.released += out.length;
    this.#o.onReadings(out);
  }
}
