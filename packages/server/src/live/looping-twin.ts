import type { NewEvent, Reading } from '@aethercore/core';
import type { LineSnapshot, Twin } from '@aethercore/twin';

const DAY_MS = 24 * 3_600_000;

/**
 * The live demo never ends: the seed scenario covers one day, so when the twin reaches the end of
 * its day a fresh twin (next seed) replays the day, shifted by whole days. Every time leaving
 * here (events, readings, snapshots) is on one continuous clock: twin time + `offsetMs`.
 * Dates inside event `data` (ISO strings such as `endsAt`) are the twin's and are not shifted.
 */
export class LoopingTwin {
  #twin: Twin;
  #loop = 0;
  readonly #make: (loop: number) => Twin;
  readonly #periodMs: number;
  readonly #startMs: number;

  constructor(make: (loop: number) => Twin, periodMs = DAY_MS) {
    this.#make = make;
    this.#twin = make(0);
    this.#periodMs = periodMs;
    this.#startMs = this.#twin.now();
  }

  /** Which replay of the day is running (0 = the first). */
  get loop(): number {
    return this.#loop;
  }
  get offsetMs(): number {
    return this.#loop * this.#periodMs;
  }
  get twin(): Twin {
    return this.#twin;
  }
  /** Start of the running day on the continuous clock. */
  dayStart(): number {
    return this.#startMs + this.offsetMs;
  }
  now(): number {
    return this.#twin.now() + this.offsetMs;
  }

  /** Advance to `ms` on the continuous clock, crossing into the next day's replay when due. */
  advanceTo(ms: number): NewEvent[] {
    const out: NewEvent[] = [];
    for (;;) {
      const dayEnd = this.#startMs + this.#periodMs + this.offsetMs;
      const target = Math.min(ms, dayEnd);
      const offset = this.offsetMs;
      if (target > this.now())
        for (const e of this.#twin.advanceTo(target - offset)) out.push({ ...e, time: e.time + offset });
      if (ms < dayEnd) return out;
      this.#loop += 1;
      this.#twin = this.#make(this.#loop);
    }
  }

  readings(): Reading[] {
    const offset = this.offsetMs;
    return this.#twin.readings().map((r) => ({ ...r, sourceTime: r.sourceTime + offset }));
  }

  snapshot(): LineSnapshot {
    return this.#twin.snapshot();
  }
}
