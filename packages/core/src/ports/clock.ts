/**
 * Time comes in through this port. Pure packages never call `Date.now()`: the twin runs on a
 * simulated clock, tests on a manual one, and production on the system clock (server/cli).
 */
export interface Clock {
  /** Milliseconds since the Unix epoch (simulated or real). */
  now(): number;
}

/** A clock that moves only when told to: for tests and for the simulation kernel. */
export class ManualClock implements Clock {
  #now: number;
  constructor(startMs = 0) {
    this.#now = startMs;
  }
  now(): number {
    return this.#now;
  }
  set(ms: number): void {
    if (ms < this.#now) throw new Error(`ManualClock cannot go back: ${ms} < ${this.#now}`);
    this.#now = ms;
  }
  advance(ms: number): void {
    this.set(this.#now + ms);
  }
}

/** A deadline for anytime algorithms (solvers): they ask whether time is up, never read a wall clock. */
export interface Deadline {
  expired(): boolean;
}

export const neverExpires: Deadline = { expired: () => false };

/** A deadline that expires after `n` calls: deterministic budgets for tests and seeded benchmarks. */
export function callBudget(n: number): Deadline {
  let left = n;
  return { expired: () => left-- <= 0 };
}
