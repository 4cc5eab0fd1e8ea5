import type { EventStore, Logger } from '@aethercore/core';
import type { LiveHub } from './live-hub.ts';
import type { LoopingTwin } from './looping-twin.ts';

export interface RealtimeDriverOptions {
  readonly twin: LoopingTwin;
  readonly events: EventStore;
  readonly hub: LiveHub;
  /** Simulated seconds per wall-clock second. */
  readonly speed: number;
  readonly tickMs: number;
  readonly logger: Logger;
  /** Called after each advance (the live mode refreshes the values the OPC UA server reads). */
  readonly afterTick?: () => void;
  readonly wallNow?: () => number;
}

/**
 * Runs the twin against the wall clock: every tick it advances the twin to
 * `simStart + elapsedWall × speed` and appends the events it produced to the event store, then
 * publishes what was stored. A tick never overlaps the previous one (a slow disk delays the
 * twin, it does not reorder the log); the target is recomputed from the wall clock, so the twin
 * catches up after a stall instead of drifting.
 */
export class RealtimeDriver {
  readonly #o: RealtimeDriverOptions;
  readonly #wallNow: () => number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #busy: Promise<void> | undefined;
  #wallStart = 0;
  #simStart = 0;
  #failures = 0;
  eventsStored = 0;

  constructor(o: RealtimeDriverOptions) {
    this.#o = o;
    this.#wallNow = o.wallNow ?? (() => performance.now());
  }

  /** True after consecutive failed ticks (reported as `twin: down` in /api/health). */
  get failing(): boolean {
    return this.#failures >= 3;
  }

  start(): void {
    this.#wallStart = this.#wallNow();
    this.#simStart = this.#o.twin.now();
    this.#timer = setInterval(() => {
      if (this.#busy === undefined) this.#busy = this.tick().finally(() => (this.#busy = undefined));
    }, this.#o.tickMs);
  }

  /** One step (public for tests with a manual wall clock). */
  async tick(): Promise<void> {
    // Whole milliseconds: the stores and OPC UA timestamps work in integer ms.
    const target = Math.floor(this.#simStart + (this.#wallNow() - this.#wallStart) * this.#o.speed);
    try {
      const fresh = this.#o.twin.advanceTo(target);
      this.#o.afterTick?.();
      if (fresh.length > 0) {
        const stored = await this.#o.events.append(fresh);
        this.eventsStored += stored.length;
        this.#o.hub.publish({ kind: 'events', events: stored });
      }
      this.#failures = 0;
    } catch (e) {
      this.#failures++;
      this.#o.logger.log('error', 'tick failed', {
        error: e instanceof Error ? (e.stack ?? e.message) : String(e),
        failures: this.#failures,
      });
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#busy;
  }
}
