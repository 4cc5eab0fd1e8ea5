/**
 * The future-event list of the discrete-event kernel: a binary min-heap on (time, sequence).
 * Ties in time are broken by insertion sequence, so two events at the same instant always run in
 * the order they were scheduled; that, plus seeded randomness, makes runs byte-identical.
 * Entries are numbers in parallel typed arrays (no closures, no objects per event): the hot path of
 * the B6 benchmark schedules and pops tens of thousands of events per simulated shift.
 */
export class EventQueue {
  #time = new Float64Array(256);
  #seq = new Float64Array(256);
  #kind = new Int32Array(256);
  #arg = new Int32Array(256);
  #token = new Int32Array(256);
  #size = 0;
  #nextSeq = 0;

  get size(): number {
    return this.#size;
  }

  /** Time of the earliest event, or +Infinity when empty. */
  peekTime(): number {
    return this.#size === 0 ? Number.POSITIVE_INFINITY : (this.#time[0] as number);
  }

  push(time: number, kind: number, arg: number, token = 0): void {
    if (this.#size === this.#time.length) this.#grow();
    let i = this.#size++;
    const seq = this.#nextSeq++;
    const T = this.#time;
    const S = this.#seq;
    // Sift up: move parents down until the new entry's place is found.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = T[p] as number;
      if (pt < time || (pt === time && (S[p] as number) < seq)) break;
      this.#move(p, i);
      i = p;
    }
    T[i] = time;
    S[i] = seq;
    this.#kind[i] = kind;
    this.#arg[i] = arg;
    this.#token[i] = token;
  }

  /** Removes the earliest event into `out` (avoids allocating a result object). Returns false when empty. */
  pop(out: { time: number; kind: number; arg: number; token: number }): boolean {
    if (this.#size === 0) return false;
    out.time = this.#time[0] as number;
    out.kind = this.#kind[0] as number;
    out.arg = this.#arg[0] as number;
    out.token = this.#token[0] as number;
    const last = --this.#size;
    if (last === 0) return true;
    const T = this.#time;
    const S = this.#seq;
    const t = T[last] as number;
    const s = S[last] as number;
    const k = this.#kind[last] as number;
    const a = this.#arg[last] as number;
    const tk = this.#token[last] as number;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      let c = l;
      if (r < last) {
        const lt = T[l] as number;
        const rt = T[r] as number;
        if (rt < lt || (rt === lt && (S[r] as number) < (S[l] as number))) c = r;
      }
      const ct = T[c] as number;
      if (t < ct || (t === ct && s < (S[c] as number))) break;
      this.#move(c, i);
      i = c;
    }
    T[i] = t;
    S[i] = s;
    this.#kind[i] = k;
    this.#arg[i] = a;
    this.#token[i] = tk;
    return true;
  }

  #move(from: number, to: number): void {
    this.#time[to] = this.#time[from] as number;
    this.#seq[to] = this.#seq[from] as number;
    this.#kind[to] = this.#kind[from] as number;
    this.#arg[to] = this.#arg[from] as number;
    this.#token[to] = this.#token[from] as number;
  }

  #grow(): void {
    const n = this.#time.length * 2;
    const g = <A extends Float64Array | Int32Array>(a: A, make: (n: number) => A): A => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.#time = g(this.#time, (k) => new Float64Array(k));
    this.#seq = g(this.#seq, (k) => new Float64Array(k));
    this.#kind = g(this.#kind, (k) => new Int32Array(k));
    this.#arg = g(this.#arg, (k) => new Int32Array(k));
    this.#token = g(this.#token, (k) => new Int32Array(k));
  }
}
