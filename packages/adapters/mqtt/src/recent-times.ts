/**
 * The last `capacity` source times of one series, to recognise a QoS 1 redelivery (MQTT 3.1.1
 * §4.3.2: at least once, so a PUBLISH may arrive again after a reconnect). A time seen among them is
 * a duplicate; an older time that has left the window counts as new (the store's upsert on
 * (series, time) then makes it harmless). Memory: `capacity` numbers per series.
 */
export class RecentTimes {
  readonly #ring: number[];
  readonly #set = new Set<number>();
  #next = 0;

  constructor(capacity: number) {
    this.#ring = new Array<number>(Math.max(1, capacity)).fill(Number.NaN);
  }

  /** True when `t` is new (and now remembered), false when it is a repeat. */
  add(t: number): boolean {
    if (this.#set.has(t)) return false;
    const old = this.#ring[this.#next];
    if (old !== undefined && !Number.isNaN(old)) this.#set.delete(old);
    this.#ring[this.#next] = t;
    this.#next = (this.#next + 1) % this.#ring.length;
    this.#set.add(t);
    return true;
  }
}
