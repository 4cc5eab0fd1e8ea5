/**
 * What has been actuated recently, per action class: the memory behind rate limits and daily money
 * limits. Times come from the caller (the Clock port). Entries older than `retainMs` are dropped,
 * so memory stays bounded on a long-running line.
 */
export interface LedgerEntry {
  readonly actionClass: string;
  readonly time: number;
  /** Money committed by the action (purchase orders), in the class's currency. */
  readonly amount?: number;
}

const DAY_MS = 86_400_000;

export class ActionLedger {
  readonly #entries: LedgerEntry[] = [];
  readonly #retainMs: number;

  constructor(retainMs = 8 * DAY_MS) {
    this.#retainMs = retainMs;
  }

  record(entry: LedgerEntry): void {
    this.#entries.push(entry);
    const cutoff = entry.time - this.#retainMs;
    let drop = 0;
    while (drop < this.#entries.length && this.#entries[drop]!.time < cutoff) drop++;
    if (drop > 0) this.#entries.splice(0, drop);
  }

  /** Actions of the class with now − windowMs < time ≤ now (a sliding window). */
  countInWindow(actionClass: string, now: number, windowMs: number): number {
    let n = 0;
    for (const e of this.#entries)
      if (e.actionClass === actionClass && e.time > now - windowMs && e.time <= now) n++;
    return n;
  }

  /** Money committed by the class since `since` (inclusive) up to `now`. */
  spentSince(actionClass: string, since: number, now: number): number {
    let s = 0;
    for (const e of this.#entries)
      if (e.actionClass === actionClass && e.time >= since && e.time <= now) s += e.amount ?? 0;
    return s;
  }
}

/** Start of the plant's local day containing `time` (fixed UTC offset in minutes). */
export function localDayStart(time: number, utcOffsetMinutes: number): number {
  const off = utcOffsetMinutes * 60_000;
  return Math.floor((time + off) / DAY_MS) * DAY_MS - off;
}

/** Minutes since local midnight and ISO weekday (1 = Monday) of `time`. */
export function localClock(time: number, utcOffsetMinutes: number): { minutes: number; isoWeekday: number } {
  const local = time + utcOffsetMinutes * 60_000;
  const day = Math.floor(local / DAY_MS);
  // 1970-01-01 was a Thursday (ISO weekday 4).
  const isoWeekday = ((((day + 3) % 7) + 7) % 7) + 1;
  return { minutes: Math.floor((local - day * DAY_MS) / 60_000), isoWeekday };
}
