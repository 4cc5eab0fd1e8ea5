import { createRandom, type NewEvent, type Random } from '@aethercore/core';
import { MS_PER_DAY, MS_PER_H, MS_PER_MIN, isoTime, shiftInstances } from '../model/calendar.ts';
import type { CompiledPlant } from '../model/compiled-plant.ts';
import { deriveSeed, lognormal, weibull, weibullResidual } from '../physics/distributions.ts';
import { STATION_STATES, type Disruption, type Scenario, type StationState, type TwinCommand } from '../types.ts';
import { EventQueue } from './event-queue.ts';

// Numeric state codes: index into STATION_STATES.
const OFF = 0;
const IDLE = 1;
const STARVED = 2;
const BLOCKED = 3;
const PRODUCING = 4;
const FAILED = 5;

// Kernel event kinds.
const K_END = 1;
const K_FAIL = 2;
const K_REPAIR = 3;
const K_SHIFT_START = 4;
const K_SHIFT_END = 5;
const K_DELIVERY = 6;
const K_SCRIPT = 7;
const K_COUNTERS = 8;

/** Production counters are reported every 15 min, the usual metering interval (EN 50470 load profiles). */
const COUNTER_INTERVAL_MS = 15 * MS_PER_MIN;
/** Thermal drift saturates: a cooling fault cannot heat the tool without bound. */
const MAX_DRIFT_K = 80;
const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

interface OrderState {
  readonly id: string;
  readonly product: string;
  readonly variantName: string;
  readonly variant: number;
  readonly quantity: number;
  readonly dueAt: number;
  priority: number;
  readonly fileIndex: number;
  released: number;
  good: number;
  scrapped: number;
  cancelled: boolean;
  completed: boolean;
}

/**
 * The discrete-event model of a chained (flow) line with finite buffers, after the classic
 * blocking-after-service model (Buzacott & Shanthikumar, "Stochastic Models of Manufacturing
 * Systems", 1993): a station that finishes a part holds it (blocked) until the next buffer has room.
 * All state is in numeric arrays indexed by station; events are past-tense facts appended to `log`.
 */
export class LineSimulation {
  readonly log: NewEvent[] = [];
  now: number;
  readonly startMs: number;
  readonly #cp: CompiledPlant;
  readonly #q = new EventQueue();
  readonly #ev = { time: 0, kind: 0, arg: 0, token: 0 };
  readonly #stream: string;
  readonly #rng: Random[];
  readonly #lineRng: Random;
  readonly #scenario: Scenario;
  // Per station.
  readonly state: Int8Array;
  readonly reason: string[];
  readonly partAt: Int32Array;
  readonly done: Uint8Array;
  /** 1 while a part is being processed or conveyed through (a pass-through counts as idle). */
  readonly busy: Uint8Array;
  readonly remainingMs: Float64Array;
  readonly endAt: Float64Array;
  readonly token: Int32Array;
  readonly produced: Int32Array;
  readonly energyKWh: Float64Array;
  readonly stateSince: Float64Array;
  readonly loadAt: Float64Array;
  readonly failAt: Float64Array;
  readonly degOnset: Float64Array;
  readonly failToken: Int32Array;
  readonly repairToken: Int32Array;
  readonly failedSince: Float64Array;
  readonly staffedBy: (string | undefined)[];
  readonly waitingMaterial: Uint8Array;
  readonly driftStart: Float64Array;
  readonly driftRate: Float64Array;
  readonly lastDimensionMm: Float64Array;
  // Buffers as ring queues of part ids.
  readonly #buf: Int32Array[];
  readonly #bufHead: Int32Array;
  readonly bufCount: Int32Array;
  // Parts.
  readonly #partOrder: number[] = [];
  readonly #partIndex: number[] = [];
  readonly #partDim: number[] = [];
  readonly #partRework: number[] = [];
  // Orders, materials, people.
  readonly orders: OrderState[];
  readonly stock: Float64Array;
  readonly activeShifts: number[] = [];
  readonly #sick = new Map<string, number>();
  readonly #deliveryPlanned: Float64Array;
  readonly #deliveryDue: Float64Array;
  readonly #deliveryToken: Int32Array;
  readonly #deliveryOf: { supplier: string; material: number; quantity: number; atMin: number }[];
  // Line counters.
  released = 0;
  good = 0;
  scrapped = 0;
  reworked = 0;

  constructor(cp: CompiledPlant, scenario: Scenario, seed: number) {
    this.#cp = cp;
    this.#scenario = scenario;
    this.startMs = scenario.startMs;
    this.now = scenario.startMs;
    this.#stream = `plant/${cp.plant.id}`;
    const n = cp.n;
    // One stream per station, derived from its id, so adding a station does not perturb the others.
    this.#rng = cp.stationIds.map((id) => createRandom(deriveSeed(seed, `station/${id}`)));
    this.#lineRng = createRandom(deriveSeed(seed, 'line'));
    this.state = new Int8Array(n);
    this.reason = Array.from({ length: n }, () => 'start');
    this.partAt = new Int32Array(n).fill(-1);
    this.done = new Uint8Array(n);
    this.busy = new Uint8Array(n);
    this.remainingMs = new Float64Array(n);
    this.endAt = new Float64Array(n);
    this.token = new Int32Array(n);
    this.produced = new Int32Array(n);
    this.energyKWh = new Float64Array(n);
    this.stateSince = new Float64Array(n).fill(this.now);
    this.loadAt = new Float64Array(n);
    this.failAt = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    this.degOnset = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    this.failToken = new Int32Array(n);
    this.repairToken = new Int32Array(n);
    this.failedSince = new Float64Array(n);
    this.staffedBy = Array.from({ length: n }, () => undefined);
    this.waitingMaterial = new Uint8Array(n);
    this.driftStart = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    this.driftRate = new Float64Array(n);
    this.lastDimensionMm = new Float64Array(n).fill(Number.NaN);
    this.#buf = Array.from(cp.bufferCap, (c) => new Int32Array(c));
    this.#bufHead = new Int32Array(Math.max(0, n - 1));
    this.bufCount = new Int32Array(Math.max(0, n - 1));
    this.stock = Float64Array.from(cp.plant.materials.map((m) => m.initialStock));
    this.orders = cp.plant.orders.map((o, i) => ({
      id: o.id,
      product: o.product,
      variantName: o.variant,
      variant: cp.variantIndex.get(`${o.product}/${o.variant}`) ?? 0,
      quantity: o.quantity,
      dueAt: o.dueAt ?? this.startMs + (o.dueInH ?? 0) * MS_PER_H,
      priority: o.priority,
      fileIndex: i,
      released: 0,
      good: 0,
      scrapped: 0,
      cancelled: false,
      completed: false,
    }));
    this.#deliveryOf = cp.plant.suppliers.flatMap((s) =>
      s.deliveries.map((d) => ({ supplier: s.id, material: cp.materialIds.indexOf(d.material), quantity: d.quantity, atMin: d.atMin })),
    );
    const nd = this.#deliveryOf.length;
    this.#deliveryPlanned = new Float64Array(nd);
    this.#deliveryDue = new Float64Array(nd);
    this.#deliveryToken = new Int32Array(nd);
    this.#init(seed);
  }

  #init(seed: number): void {
    const cp = this.#cp;
    const t0 = this.now;
    this.#emit('SimulationStarted', this.#stream, {
      plant: cp.plant.id,
      scenario: this.#scenario.name,
      seed,
      startAt: isoTime(t0),
      stations: cp.stationIds.length,
    });
    cp.stations.forEach((s, i) => {
      if (s.failure === undefined) return;
      // Each machine starts at a random age, uniform over one characteristic life, so failures are as
      // likely on the first day as later (a fresh lifetime would make the first days unrealistically calm).
      const rng = this.#rng[i] as Random;
      const age = rng.next() * s.failure.weibullScaleH;
      this.#scheduleFailure(i, t0 + Math.round(weibullResidual(rng, s.failure.weibullShape, s.failure.weibullScaleH, age) * MS_PER_H));
    });
    // Scripted disruptions are queued first: at equal times they act before a delivery (a delay
    // announced at the planned delivery time postpones that delivery).
    this.#scenario.disruptions.forEach((d, i) => {
      // Wear that began before the start is in place at the start, with no event of its own.
      this.#q.push(Math.max(d.atMs, t0), K_SCRIPT, i);
    });
    const day0 = Math.floor(t0 / MS_PER_DAY) * MS_PER_DAY;
    this.#deliveryOf.forEach((d, i) => {
      let at = day0 + d.atMin * MS_PER_MIN;
      if (at < t0) at += MS_PER_DAY;
      this.#deliveryPlanned[i] = at;
      this.#deliveryDue[i] = at;
      this.#q.push(at, K_DELIVERY, i, 0);
    });
    this.#q.push(t0 + COUNTER_INTERVAL_MS, K_COUNTERS, 0);
    const running = shiftInstances(cp.plant.shiftCalendar, t0, t0 + 8 * MS_PER_DAY);
    const first = running[0];
    // The token carries how many minutes after its start a shift is picked up (mid-shift starts).
    if (first !== undefined) {
      const at = Math.max(t0, first.startMs);
      this.#q.push(at, K_SHIFT_START, first.shift, Math.round((at - first.startMs) / MS_PER_MIN));
    }
  }

  /** Runs every event with time ≤ untilMs; the clock then stands at untilMs. */
  advanceTo(untilMs: number): void {
    const ev = this.#ev;
    while (this.#q.peekTime() <= untilMs) {
      this.#q.pop(ev);
      this.now = ev.time;
      this.#handle(ev.kind, ev.arg, ev.token);
    }
    if (untilMs > this.now) this.now = untilMs;
  }

  #handle(kind: number, arg: number, tok: number): void {
    switch (kind) {
      case K_END:
        if (tok === this.token[arg]) this.#finish(arg);
        return;
      case K_FAIL:
        if (tok === this.failToken[arg]) this.#fail(arg, 'wear', undefined);
        return;
      case K_REPAIR:
        if (tok === this.repairToken[arg]) this.#repair(arg);
        return;
      case K_SHIFT_START:
        this.#shiftStart(arg, this.now - tok * MS_PER_MIN);
        return;
      case K_SHIFT_END:
        this.#shiftEnd(arg);
        return;
      case K_DELIVERY:
        if (tok === this.#deliveryToken[arg]) this.#deliver(arg);
        return;
      case K_SCRIPT:
        this.#disrupt(this.#scenario.disruptions[arg] as Disruption);
        return;
      case K_COUNTERS:
        this.#counters();
        this.#q.push(this.now + COUNTER_INTERVAL_MS, K_COUNTERS, 0);
        return;
    }
  }

  #emit(type: string, stream: string, data: Record<string, unknown>): void {
    this.log.push({ type, stream, time: this.now, data });
  }

  // ── Station state and energy ────────────────────────────────────────────────────────────────

  /** Power draw (kW) of a station in a state code. */
  powerKW(s: number, code = this.state[s] as number): number {
    const e = this.#cp.stations[s]?.energy;
    if (e === undefined) return 0;
    return code === OFF ? e.offKW : code === PRODUCING ? e.producingKW : code === FAILED ? e.failedKW : e.idleKW;
  }

  /** Thermal load level in [0, 1] (first-order lag towards the state's target). */
  load(s: number, t = this.now): number {
    const code = this.state[s] as number;
    const target = code === PRODUCING ? 1 : code === OFF || code === FAILED ? 0 : 0.35;
    const st = this.#cp.stations[s];
    const tauMs = (st?.thermal?.timeConstantMin ?? 12) * MS_PER_MIN;
    return target + ((this.loadAt[s] as number) - target) * Math.exp(-(t - (this.stateSince[s] as number)) / tauMs);
  }

  #setState(s: number, code: number, reason: string): void {
    const old = this.state[s] as number;
    if (old === code) {
      this.reason[s] = reason;
      return;
    }
    const t = this.now;
    this.energyKWh[s] = (this.energyKWh[s] as number) + (this.powerKW(s, old) * (t - (this.stateSince[s] as number))) / MS_PER_H;
    this.loadAt[s] = this.load(s, t);
    this.stateSince[s] = t;
    this.state[s] = code;
    this.reason[s] = reason;
    this.#log3(s, old, code, reason);
  }

  #log3(s: number, from: number, to: number, reason: string): void {
    const id = this.#cp.stationIds[s] as string;
    this.log.push({
      type: 'StationStateChanged',
      stream: `station/${id}`,
      time: this.now,
      data: { station: id, from: STATION_STATES[from], to: STATION_STATES[to], reason, partsProduced: this.produced[s] },
    });
  }

  available(s: number): boolean {
    return this.activeShifts.length > 0 && (this.#cp.qualification[s] === undefined || this.staffedBy[s] !== undefined) && this.state[s] !== FAILED;
  }

  // ── Material flow ───────────────────────────────────────────────────────────────────────────

  #tryStart(s: number): void {
    const code = this.state[s] as number;
    // A station that just passed its part on is still marked producing/blocked: no event is logged for
    // the zero-length idle moment between two parts.
    if (this.busy[s] === 1 || code === FAILED || (code === BLOCKED && (this.partAt[s] as number) >= 0)) return;
    if (!this.available(s)) {
      this.#setState(s, OFF, this.activeShifts.length === 0 ? 'shift' : 'unstaffed');
      return;
    }
    const cp = this.#cp;
    const n = cp.n;
    const held = this.partAt[s] as number;
    if (held >= 0) {
      if (this.done[s] === 1) this.#output(s);
      else this.#process(s, this.remainingMs[s] as number, this.#isTransfer(s, held));
      return;
    }
    // Which part is next: a new release at the first station, the buffer's head elsewhere.
    let order = -1;
    let part = -1;
    let variant: number;
    if (s === 0) {
      order = this.#nextOrder();
      if (order < 0) {
        this.#setState(s, IDLE, 'no-order');
        return;
      }
      variant = (this.orders[order] as OrderState).variant;
    } else {
      if (this.bufCount[s - 1] === 0) {
        this.#setState(s, STARVED, 'no-part');
        return;
      }
      part = (this.#buf[s - 1] as Int32Array)[this.#bufHead[s - 1] as number] as number;
      variant = (this.orders[this.#partOrder[part] as number] as OrderState).variant;
    }
    const use = cp.consumption[variant * n + s] as readonly number[];
    for (let k = 0; k < use.length; k += 2) {
      if ((this.stock[use[k] as number] as number) < (use[k + 1] as number)) {
        if (this.waitingMaterial[s] === 0) {
          this.waitingMaterial[s] = 1;
          const m = cp.materialIds[use[k] as number] as string;
          this.#emit('MaterialStockDepleted', `material/${m}`, { material: m, station: cp.stationIds[s], stock: this.stock[use[k] as number] });
        }
        this.#setState(s, STARVED, 'material');
        return;
      }
    }
    this.waitingMaterial[s] = 0;
    for (let k = 0; k < use.length; k += 2) this.stock[use[k] as number] = (this.stock[use[k] as number] as number) - (use[k + 1] as number);
    if (s === 0) {
      part = this.#release(order);
    } else {
      this.#bufHead[s - 1] = ((this.#bufHead[s - 1] as number) + 1) % (cp.bufferCap[s - 1] as number);
      this.bufCount[s - 1] = (this.bufCount[s - 1] as number) - 1;
    }
    this.partAt[s] = part;
    this.done[s] = 0;
    const ct = cp.cycleMs[variant * n + s] as number;
    const st = cp.stations[s];
    const dt = ct > 0 ? lognormal(this.#rng[s] as Random, ct, st?.cycleTimeCv ?? 0) : (st?.transferTimeS ?? 4) * 1000;
    this.#process(s, Math.max(1, Math.round(dt)), ct === 0);
    // Room freed in the buffer in front: the upstream station may unblock.
    if (s > 0 && this.state[s - 1] === BLOCKED && this.done[s - 1] === 1 && (this.partAt[s - 1] as number) >= 0) this.#output(s - 1);
  }

  #isTransfer(s: number, part: number): boolean {
    const o = this.orders[this.#partOrder[part] as number] as OrderState;
    return this.#cp.cycleMs[o.variant * this.#cp.n + s] === 0;
  }

  #process(s: number, dtMs: number, transfer: boolean): void {
    this.endAt[s] = this.now + dtMs;
    this.remainingMs[s] = 0;
    this.busy[s] = 1;
    const tok = (this.token[s] as number) + 1;
    this.token[s] = tok;
    this.#q.push(this.now + dtMs, K_END, s, tok);
    const code = this.state[s] as number;
    // Conveying a part through counts as idle; an idle-class state is kept (no event) to keep the log lean.
    if (!transfer) this.#setState(s, PRODUCING, 'part');
    else if (code === IDLE || code === STARVED || code === BLOCKED) this.reason[s] = 'transfer';
    else this.#setState(s, IDLE, 'transfer');
  }

  #finish(s: number): void {
    this.busy[s] = 0;
    const cp = this.#cp;
    const part = this.partAt[s] as number;
    const order = this.orders[this.#partOrder[part] as number] as OrderState;
    const processed = (cp.cycleMs[order.variant * cp.n + s] as number) > 0;
    if (processed) {
      this.produced[s] = (this.produced[s] as number) + 1;
      const st = cp.stations[s];
      if (st?.thermal !== undefined) {
        const th = st.thermal;
        const dim = th.nominalMm + th.sensitivityMmPerK * (this.toolTemperatureC(s) - th.referenceTemperatureC) + th.noiseMm * (this.#rng[s] as Random).normal();
        this.#partDim[part] = dim;
        this.lastDimensionMm[s] = dim;
      }
      if (st?.test !== undefined && !this.#test(s, part, order)) return;
    }
    this.done[s] = 1;
    this.#output(s);
  }

  /** End-of-line test; false when the part was scrapped or sent through rework. */
  #test(s: number, part: number, order: OrderState): boolean {
    const cp = this.#cp;
    const te = cp.stations[s]?.test;
    if (te === undefined) return true;
    const th = cp.thermalStation >= 0 ? cp.stations[cp.thermalStation]?.thermal : undefined;
    const dim = this.#partDim[part];
    const outOfTolerance = th !== undefined && dim !== undefined && Math.abs(dim - th.nominalMm) > th.toleranceMm;
    const u = (this.#rng[s] as Random).next();
    const id = cp.stationIds[s] as string;
    if (outOfTolerance || u < te.scrapProbability) {
      this.scrapped++;
      order.scrapped++;
      this.#emit('PartScrapped', `order/${order.id}`, {
        part: this.#partName(part),
        order: order.id,
        variant: order.variantName,
        batch: this.#batch(part),
        station: id,
        reason: outOfTolerance ? `${th.characteristic} out of tolerance` : 'function test failed',
        ...(dim === undefined ? {} : { dimensionMm: round(dim, 4) }),
      });
      this.partAt[s] = -1;
      this.#tryStart(s);
      return false;
    }
    if (this.#partRework[part] === 0 && u < te.scrapProbability + te.reworkProbability) {
      this.#partRework[part] = 1;
      this.reworked++;
      this.#emit('PartReworked', `order/${order.id}`, {
        part: this.#partName(part),
        order: order.id,
        variant: order.variantName,
        batch: this.#batch(part),
        station: id,
        reason: 'function test failed, re-test after rework',
        reworkTimeS: te.reworkTimeS,
      });
      const tok = (this.token[s] as number) + 1;
      this.token[s] = tok;
      this.busy[s] = 1;
      this.endAt[s] = this.now + Math.round(te.reworkTimeS * 1000);
      this.#q.push(this.endAt[s], K_END, s, tok);
      return false;
    }
    return true;
  }

  /** Passes a finished part on: to the next buffer, or out of the line at the last station. */
  #output(s: number): void {
    const cp = this.#cp;
    const part = this.partAt[s] as number;
    if (s === cp.n - 1) {
      this.#complete(part);
    } else {
      const cap = cp.bufferCap[s] as number;
      const cnt = this.bufCount[s] as number;
      if (cnt >= cap) {
        this.#setState(s, BLOCKED, 'buffer-full');
        return;
      }
      (this.#buf[s] as Int32Array)[((this.#bufHead[s] as number) + cnt) % cap] = part;
      this.bufCount[s] = cnt + 1;
    }
    this.partAt[s] = -1;
    this.done[s] = 0;
    if (s < cp.n - 1) this.#tryStart(s + 1);
    this.#tryStart(s);
  }

  #complete(part: number): void {
    const order = this.orders[this.#partOrder[part] as number] as OrderState;
    this.good++;
    order.good++;
    const dim = this.#partDim[part];
    this.#emit('PartCompleted', `order/${order.id}`, {
      part: this.#partName(part),
      order: order.id,
      variant: order.variantName,
      batch: this.#batch(part),
      firstPass: this.#partRework[part] === 0,
      ...(dim === undefined ? {} : { dimensionMm: round(dim, 4) }),
    });
    if (!order.completed && order.good >= order.quantity) {
      order.completed = true;
      this.#emit('OrderCompleted', `order/${order.id}`, {
        order: order.id,
        variant: order.variantName,
        quantity: order.quantity,
        good: order.good,
        scrapped: order.scrapped,
        dueAt: isoTime(order.dueAt),
        tardinessMin: round(Math.max(0, this.now - order.dueAt) / MS_PER_MIN, 2),
      });
    }
  }

  /** Earliest-due-date release with priority first (the dispatching rule of the plain line). */
  #nextOrder(): number {
    let best = -1;
    for (let i = 0; i < this.orders.length; i++) {
      const o = this.orders[i] as OrderState;
      // Replace scrapped parts: an order releases until good + in-process covers its quantity.
      if (o.cancelled || o.completed || o.released - o.scrapped >= o.quantity) continue;
      if (best < 0) {
        best = i;
        continue;
      }
      const b = this.orders[best] as OrderState;
      if (o.priority > b.priority || (o.priority === b.priority && (o.dueAt < b.dueAt || (o.dueAt === b.dueAt && o.fileIndex < b.fileIndex)))) best = i;
    }
    return best;
  }

  #release(orderIdx: number): number {
    const o = this.orders[orderIdx] as OrderState;
    const part = this.#partOrder.length;
    this.#partOrder.push(orderIdx);
    this.#partIndex.push(o.released);
    this.#partDim.push(Number.NaN);
    this.#partRework.push(0);
    if (o.released === 0) {
      this.#emit('OrderReleased', `order/${o.id}`, { order: o.id, variant: o.variantName, quantity: o.quantity, dueAt: isoTime(o.dueAt) });
    }
    o.released++;
    this.released++;
    return part;
  }

  #partName(part: number): string {
    const o = this.orders[this.#partOrder[part] as number] as OrderState;
    return `${o.id}-${String((this.#partIndex[part] as number) + 1).padStart(4, '0')}`;
  }

  #batch(part: number): string {
    const o = this.orders[this.#partOrder[part] as number] as OrderState;
    const size = this.#cp.variantBatchSize[o.variant] as number;
    return `${o.id}-B${Math.floor((this.#partIndex[part] as number) / size) + 1}`;
  }

  /** Order and variant of the part a station holds (for snapshots). */
  partInfo(s: number): { order: string; variant: string } | undefined {
    const p = this.partAt[s] as number;
    if (p < 0) return undefined;
    const o = this.orders[this.#partOrder[p] as number] as OrderState;
    return { order: o.id, variant: o.variantName };
  }

  #lastBatchAt(s: number): string | undefined {
    const p = this.partAt[s] as number;
    if (p >= 0) return this.#batch(p);
    const last = this.#partOrder.length - 1;
    return last >= 0 ? this.#batch(last) : undefined;
  }

  // ── Physics: degradation, failures, temperatures ───────────────────────────────────────────

  /** Wear severity in [0, 1]: 0 before the P–F interval, 1 at functional failure. */
  severity(s: number, t = this.now): number {
    const onset = this.degOnset[s] as number;
    if (t <= onset) return 0;
    const f = this.#cp.stations[s]?.failure;
    const span = (this.failAt[s] as number) - onset;
    const p = span > 0 ? Math.min(1, (t - onset) / span) : 1;
    return Math.pow(p, f?.degradationExponent ?? 1.5);
  }

  vibrationRmsMmS(s: number, t = this.now): number {
    const f = this.#cp.stations[s]?.failure;
    const base = f?.vibrationBaseMmS ?? 0.8;
    const code = this.state[s] as number;
    const running = code === PRODUCING ? 1 : code === OFF || code === FAILED ? 0.05 : 0.35;
    const wear = f === undefined ? 0 : (f.vibrationAtFailureMmS - f.vibrationBaseMmS) * this.severity(s, t);
    return (base + wear) * running;
  }

  driftK(s: number, t = this.now): number {
    const start = this.driftStart[s] as number;
    return t <= start ? 0 : Math.min(MAX_DRIFT_K, ((this.driftRate[s] as number) * (t - start)) / MS_PER_H);
  }

  toolTemperatureC(s: number, t = this.now): number {
    const st = this.#cp.stations[s];
    if (st === undefined) return 0;
    const wear = (st.failure?.temperatureRiseAtFailureC ?? 0) * this.severity(s, t);
    return st.ambientTemperatureC + st.loadTemperatureRiseC * this.load(s, t) + wear + this.driftK(s, t);
  }

  #scheduleFailure(s: number, at: number): void {
    const f = this.#cp.stations[s]?.failure;
    if (f === undefined) return;
    this.failAt[s] = at;
    this.degOnset[s] = at - f.degradationH * MS_PER_H;
    const tok = (this.failToken[s] as number) + 1;
    this.failToken[s] = tok;
    this.#q.push(at, K_FAIL, s, tok);
  }

  #fail(s: number, cause: 'wear' | 'breakdown', durationMs: number | undefined): void {
    if (this.state[s] === FAILED) return;
    const cp = this.#cp;
    const st = cp.stations[s];
    const f = st?.failure;
    this.#interrupt(s);
    const repairMs = durationMs ?? Math.round(lognormal(this.#rng[s] as Random, (f?.mttrMin ?? 30) * MS_PER_MIN, f?.repairCv ?? 0.5));
    const id = cp.stationIds[s] as string;
    this.#emit('StationFailed', `station/${id}`, {
      station: id,
      equipment: (st?.equipment ?? []).map((e) => e.id),
      cause,
      vibrationRmsMmS: round(f === undefined ? 0 : f.vibrationBaseMmS + (f.vibrationAtFailureMmS - f.vibrationBaseMmS) * this.severity(s), 3),
      temperatureC: round(this.toolTemperatureC(s), 2),
      expectedRepairMin: round(repairMs / MS_PER_MIN, 1),
    });
    this.failedSince[s] = this.now;
    this.failToken[s] = (this.failToken[s] as number) + 1;
    this.#setState(s, FAILED, cause);
    const tok = (this.repairToken[s] as number) + 1;
    this.repairToken[s] = tok;
    this.#q.push(this.now + repairMs, K_REPAIR, s, tok);
  }

  #repair(s: number): void {
    const cp = this.#cp;
    const id = cp.stationIds[s] as string;
    this.#emit('StationRepaired', `station/${id}`, { station: id, downtimeMin: round((this.now - (this.failedSince[s] as number)) / MS_PER_MIN, 2) });
    this.#renew(s);
    this.#setState(s, this.available(s) ? IDLE : OFF, 'repaired');
    this.#tryStart(s);
  }

  /** As good as new (replacement or overhaul): a fresh Weibull lifetime from now. */
  #renew(s: number): void {
    const f = this.#cp.stations[s]?.failure;
    this.degOnset[s] = Number.POSITIVE_INFINITY;
    this.failAt[s] = Number.POSITIVE_INFINITY;
    if (f !== undefined) this.#scheduleFailure(s, this.now + Math.round(weibull(this.#rng[s] as Random, f.weibullShape, f.weibullScaleH) * MS_PER_H));
  }

  /** Stops work in progress; the part stays in the station and resumes later. */
  #interrupt(s: number): void {
    if (this.busy[s] === 1) {
      this.remainingMs[s] = Math.max(1, (this.endAt[s] as number) - this.now);
      this.token[s] = (this.token[s] as number) + 1;
      this.busy[s] = 0;
    }
  }

  // ── Shifts and people ───────────────────────────────────────────────────────────────────────

  #shiftStart(shift: number, startMs: number): void {
    const cal = this.#cp.plant.shiftCalendar;
    const sh = cal.shifts[shift];
    if (sh === undefined) return;
    const endMs = startMs + sh.durationMin * MS_PER_MIN;
    this.activeShifts.push(shift);
    // The next start is queued before this end: at a handover both shifts are briefly active, so
    // the line does not stop for a zero-length gap.
    const next = shiftInstances(cal, startMs + 1, startMs + 8 * MS_PER_DAY).find((x) => x.startMs > startMs);
    if (next !== undefined) this.#q.push(next.startMs, K_SHIFT_START, next.shift, 0);
    this.#q.push(endMs, K_SHIFT_END, shift);
    this.#assignWorkers();
    const present = this.#present();
    this.#emit('ShiftStarted', `shift/${sh.id}`, {
      shift: sh.id,
      name: sh.name,
      endsAt: isoTime(endMs),
      workers: present.map((w) => w.id),
      unstaffedStations: this.#cp.stationIds.filter((_, i) => this.#cp.qualification[i] !== undefined && this.staffedBy[i] === undefined),
    });
    for (let s = 0; s < this.#cp.n; s++) this.#tryStart(s);
  }

  #shiftEnd(shift: number): void {
    const sh = this.#cp.plant.shiftCalendar.shifts[shift];
    const k = this.activeShifts.indexOf(shift);
    if (k >= 0) this.activeShifts.splice(k, 1);
    if (sh !== undefined) this.#emit('ShiftEnded', `shift/${sh.id}`, { shift: sh.id });
    this.#assignWorkers();
    this.#reconcile();
  }

  #present(): { id: string; qualifications: readonly string[] }[] {
    const shiftIds = new Set(this.activeShifts.map((i) => this.#cp.plant.shiftCalendar.shifts[i]?.id));
    return this.#cp.plant.workers.filter((w) => shiftIds.has(w.shift) && !((this.#sick.get(w.id) ?? -1) > this.now));
  }

  /**
   * Greedy assignment: the station with the fewest qualified candidates picks first, and takes the
   * candidate with the fewest qualifications (keeps the multi-skilled floater free for the rest).
   */
  #assignWorkers(): void {
    const cp = this.#cp;
    const present = this.#present();
    this.staffedBy.fill(undefined);
    const needs = cp.stationIds
      .map((_, i) => i)
      .filter((i) => cp.qualification[i] !== undefined)
      .map((i) => ({ i, cands: present.filter((w) => w.qualifications.includes(cp.qualification[i] as string)) }))
      .sort((a, b) => a.cands.length - b.cands.length || a.i - b.i);
    const taken = new Set<string>();
    for (const { i, cands } of needs) {
      const w = cands.filter((c) => !taken.has(c.id)).sort((a, b) => a.qualifications.length - b.qualifications.length || (a.id < b.id ? -1 : 1))[0];
      if (w !== undefined) {
        taken.add(w.id);
        this.staffedBy[i] = w.id;
      }
    }
  }

  /** After shifts or staffing changed: stop stations that lost their shift or operator, start the others. */
  #reconcile(): void {
    for (let s = 0; s < this.#cp.n; s++) {
      const code = this.state[s] as number;
      if (code === FAILED) continue;
      if (!this.available(s)) {
        this.#interrupt(s);
        this.#setState(s, OFF, this.activeShifts.length === 0 ? 'shift' : 'unstaffed');
      } else if (code === OFF) {
        this.#tryStart(s);
      }
    }
  }

  // ── Suppliers ───────────────────────────────────────────────────────────────────────────────

  #deliver(i: number): void {
    const d = this.#deliveryOf[i];
    if (d === undefined) return;
    const m = this.#cp.materialIds[d.material] as string;
    this.stock[d.material] = (this.stock[d.material] as number) + d.quantity;
    const planned = this.#deliveryPlanned[i] as number;
    this.#emit('MaterialDelivered', `supplier/${d.supplier}`, {
      supplier: d.supplier,
      material: m,
      quantity: d.quantity,
      stock: this.stock[d.material],
      latenessMin: round((this.now - planned) / MS_PER_MIN, 2),
    });
    // The next delivery of this slot is tomorrow at the planned time of day.
    this.#deliveryPlanned[i] = planned + MS_PER_DAY;
    this.#deliveryDue[i] = planned + MS_PER_DAY;
    const tok = (this.#deliveryToken[i] as number) + 1;
    this.#deliveryToken[i] = tok;
    this.#q.push(planned + MS_PER_DAY, K_DELIVERY, i, tok);
    for (let s = 0; s < this.#cp.n; s++) if (this.waitingMaterial[s] === 1) this.#tryStart(s);
  }

  // ── Disruptions and commands ────────────────────────────────────────────────────────────────

  #station(id: string): number {
    return this.#cp.stationIds.indexOf(id);
  }

  #disrupt(d: Disruption): void {
    const cp = this.#cp;
    switch (d.kind) {
      case 'machine-breakdown': {
        const s = this.#station(d.station);
        if (s >= 0) this.#fail(s, 'breakdown', Math.round(d.durationMin * MS_PER_MIN));
        return;
      }
      case 'supplier-delay': {
        const m = cp.materialIds.indexOf(d.material);
        let best = -1;
        this.#deliveryOf.forEach((x, i) => {
          if (x.supplier !== d.supplier || x.material !== m || (this.#deliveryDue[i] as number) < this.now) return;
          if (best < 0 || (this.#deliveryDue[i] as number) < (this.#deliveryDue[best] as number)) best = i;
        });
        if (best < 0) return;
        const due = (this.#deliveryDue[best] as number) + Math.round(d.latenessMin * MS_PER_MIN);
        this.#deliveryDue[best] = due;
        const tok = (this.#deliveryToken[best] as number) + 1;
        this.#deliveryToken[best] = tok;
        this.#q.push(due, K_DELIVERY, best, tok);
        this.#emit('SupplierDeliveryDelayed', `supplier/${d.supplier}`, {
          supplier: d.supplier,
          material: d.material,
          quantity: this.#deliveryOf[best]?.quantity,
          plannedAt: isoTime(this.#deliveryPlanned[best] as number),
          expectedAt: isoTime(due),
          latenessMin: d.latenessMin,
          stock: this.stock[m],
        });
        return;
      }
      case 'order-cancellation':
        this.command({ type: 'CancelOrder', order: d.order });
        return;
      case 'rush-order': {
        const variant = cp.variantIndex.get(`${d.product}/${d.variant}`);
        if (variant === undefined || this.orders.some((o) => o.id === d.order)) return;
        const o: OrderState = {
          id: d.order,
          product: d.product,
          variantName: d.variant,
          variant,
          quantity: d.quantity,
          dueAt: this.now + Math.round(d.dueInH * MS_PER_H),
          priority: 10,
          fileIndex: this.orders.length,
          released: 0,
          good: 0,
          scrapped: 0,
          cancelled: false,
          completed: false,
        };
        this.orders.push(o);
        this.#emit('OrderReceived', `order/${o.id}`, { order: o.id, product: d.product, variant: d.variant, quantity: d.quantity, dueAt: isoTime(o.dueAt), rush: true });
        if (this.state[0] === IDLE) this.#tryStart(0);
        return;
      }
      case 'worker-sick': {
        const w = cp.plant.workers.find((x) => x.id === d.worker);
        if (w === undefined) return;
        this.#sick.set(w.id, this.now + MS_PER_DAY);
        this.#emit('WorkerReportedSick', `worker/${w.id}`, { worker: w.id, shift: w.shift, qualifications: w.qualifications });
        this.#assignWorkers();
        this.#reconcile();
        return;
      }
      case 'quality-drift': {
        // Hidden cause: no event. The effect shows in the measured dimension (PartCompleted, readings).
        const s = this.#station(d.station);
        if (s >= 0) {
          this.driftStart[s] = this.now;
          this.driftRate[s] = d.rateKPerH;
        }
        return;
      }
      case 'degradation': {
        // Hidden cause: wear shows only in vibration and temperature until the station fails.
        const s = this.#station(d.station);
        const f = cp.stations[s]?.failure;
        if (s < 0 || f === undefined) return;
        this.#scheduleFailure(s, d.failAtMs);
        this.degOnset[s] = d.atMs;
        return;
      }
      case 'operator-report': {
        const s = this.#station(d.station);
        this.#emit('OperatorReportReceived', `station/${d.station}`, {
          station: d.station,
          reportedBy: (s >= 0 ? this.staffedBy[s] : undefined) ?? 'operator',
          text: d.text,
          ...(s >= 0 && this.#lastBatchAt(s) !== undefined ? { batch: this.#lastBatchAt(s) } : {}),
        });
        return;
      }
      case 'day-end':
        this.#emit('DayEnded', this.#stream, { date: isoTime(this.now).slice(0, 10), goodParts: this.good, scrapped: this.scrapped });
        return;
    }
  }

  /** Applies an imperative command at the current sim time; returns false when it does not apply. */
  command(c: TwinCommand): boolean {
    switch (c.type) {
      case 'CorrectThermalDrift': {
        const s = this.#station(c.station);
        if (s < 0 || this.driftK(s) === 0) return false;
        const k = this.driftK(s);
        this.driftStart[s] = Number.POSITIVE_INFINITY;
        this.driftRate[s] = 0;
        this.#emit('ThermalDriftCorrected', `station/${c.station}`, { station: c.station, correctionK: round(k, 2) });
        return true;
      }
      case 'PerformMaintenance': {
        const s = this.#station(c.station);
        if (s < 0 || this.state[s] === FAILED) return false;
        this.#interrupt(s);
        this.#emit('MaintenanceStarted', `station/${c.station}`, { station: c.station, durationMin: c.durationMin, severity: round(this.severity(s), 4) });
        // Planned maintenance is downtime too; it ends like a repair, with a renewed lifetime.
        this.failedSince[s] = this.now;
        this.failToken[s] = (this.failToken[s] as number) + 1;
        this.#setState(s, FAILED, 'maintenance');
        const tok = (this.repairToken[s] as number) + 1;
        this.repairToken[s] = tok;
        this.#q.push(this.now + Math.round(c.durationMin * MS_PER_MIN), K_REPAIR, s, tok);
        return true;
      }
      case 'SetOrderPriority': {
        const o = this.orders.find((x) => x.id === c.order);
        if (o === undefined) return false;
        o.priority = c.priority;
        this.#emit('OrderPriorityChanged', `order/${o.id}`, { order: o.id, priority: c.priority });
        return true;
      }
      case 'CancelOrder': {
        const o = this.orders.find((x) => x.id === c.order);
        if (o === undefined || o.cancelled || o.completed) return false;
        o.cancelled = true;
        this.#emit('OrderCancelled', `order/${o.id}`, { order: o.id, quantity: o.quantity, released: o.released, good: o.good });
        return true;
      }
    }
  }

  #counters(): void {
    const cp = this.#cp;
    const parts: Record<string, number> = {};
    const energy: Record<string, number> = {};
    for (let s = 0; s < cp.n; s++) {
      const id = cp.stationIds[s] as string;
      parts[id] = this.produced[s] as number;
      energy[id] = round(this.energyAt(s), 4);
    }
    this.#emit('ProductionCountersReported', this.#stream, { partsProduced: parts, energyKWh: energy, goodParts: this.good, stock: Object.fromEntries(cp.materialIds.map((m, i) => [m, this.stock[i]])) });
  }

  /** Energy used by a station up to now (kWh), integrating the current state's power. */
  energyAt(s: number, t = this.now): number {
    return (this.energyKWh[s] as number) + (this.powerKW(s) * (t - (this.stateSince[s] as number))) / MS_PER_H;
  }

  stateName(s: number): StationState {
    return STATION_STATES[this.state[s] as number] as StationState;
  }

  /** Seeded measurement noise for telemetry (its own stream: reading telemetry never changes the event log). */
  noise(): number {
    return this.#lineRng.normal();
  }
}
