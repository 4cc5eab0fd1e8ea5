import { createRandom, type NewEvent, type Random } from '@aethercore/core';
import { MS_PER_DAY, MS_PER_H, MS_PER_MIN, isoTime, shiftInstances } from '../model/calendar.ts';
import type { CompiledPlant } from '../model/compiled-plant.ts';
import { deriveSeed, lognormal, weibull, weibullResidual } from '../physics/distributions.ts';
import { eolOutcome } from '../physics/eol-test.ts';
import { BLOCKED, FAILED, IDLE, OFF, PRODUCING, STARVED } from '../model/state-codes.ts';
import * as physics from '../physics/station-physics.ts';
import { applyCommand, applyDisruption } from '../scenario/apply-disruption.ts';
import {
  STATION_STATES,
  type Disruption,
  type Scenario,
  type StationState,
  type TwinCommand,
} from '../types.ts';
import { Crew } from './crew.ts';
import { EventQueue } from './event-queue.ts';
import { OrderBook, type OrderState } from './order-book.ts';
import { SupplySchedule } from './supply-schedule.ts';

// Kernel event kinds.
const K_END = 1;
const K_FAIL = 2;
const K_REPAIR = 3;
const K_SHIFT_START = 4;
const K_SHIFT_END = 5;
const K_DELIVERY = 6;
const K_SCRIPT = 7;
const K_COUNTERS = 8;

/** Production counters are reported every 15 min, the usual interval of electrical load profiles. */
const COUNTER_INTERVAL_MS = 15 * MS_PER_MIN;
const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/**
 * The discrete-event model of a chained (flow) line with finite buffers, after the classic
 * blocking-after-service model (Buzacott & Shanthikumar, "Stochastic Models of Manufacturing
 * Systems", 1993): a station that finishes a part holds it (blocked) until the next buffer has room.
 * All state is in numeric arrays indexed by station; events are past-tense facts appended to `log`.
 */
export class LineSimulation implements physics.PhysicsState {
  readonly log: NewEvent[] = [];
  now: number;
  readonly startMs: number;
  readonly #cp: CompiledPlant;
  readonly stations: CompiledPlant['stations'];
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
  readonly crew: Crew;
  readonly staffedBy: (string | undefined)[];
  readonly waitingMaterial: Uint8Array;
  readonly driftStart: Float64Array;
  readonly driftRate: Float64Array;
  readonly lastDimensionMm: Float64Array;
  /** Speed factor per station (adaptive cycle timing) and the power table per [station * 6 + state]. */
  readonly speed: Float64Array;
  readonly power: Float64Array;
  // Buffers as ring queues of part ids.
  readonly #buf: Int32Array[];
  readonly #bufHead: Int32Array;
  readonly bufCount: Int32Array;
  // Orders and parts, materials, people.
  readonly book: OrderBook;
  readonly orders: OrderState[];
  readonly stock: Float64Array;
  readonly activeShifts: number[];
  readonly sick: Map<string, number>;
  readonly #supply: SupplySchedule;
  // Line counters.
  released = 0;
  good = 0;
  scrapped = 0;
  reworked = 0;

  constructor(cp: CompiledPlant, scenario: Scenario, seed: number) {
    this.#cp = cp;
    this.stations = cp.stations;
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
    this.crew = new Crew(cp.plant, cp.qualification);
    this.staffedBy = this.crew.staffedBy;
    this.activeShifts = this.crew.activeShifts;
    this.sick = this.crew.sick;
    this.waitingMaterial = new Uint8Array(n);
    this.driftStart = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    this.driftRate = new Float64Array(n);
    this.lastDimensionMm = new Float64Array(n).fill(Number.NaN);
    this.speed = new Float64Array(n).fill(1);
    this.power = Float64Array.from(cp.powerTable);
    this.#buf = Array.from(cp.bufferCap, (c) => new Int32Array(c));
    this.#bufHead = new Int32Array(Math.max(0, n - 1));
    this.bufCount = new Int32Array(Math.max(0, n - 1));
    this.stock = Float64Array.from(cp.plant.materials.map((m) => m.initialStock));
    this.book = new OrderBook(cp, this.startMs);
    this.orders = this.book.orders;
    this.#supply = new SupplySchedule(cp, this.startMs);
    this.#init(seed);
  }

  #init(seed: number): void {
    const cp = this.#cp;
    const t0 = this.now;
    this.emit('SimulationStarted', this.#stream, {
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
      this.scheduleFailure(
        i,
        t0 +
          Math.round(weibullResidual(rng, s.failure.weibullShape, s.failure.weibullScaleH, age) * MS_PER_H),
      );
    });
    // Scripted disruptions are queued first: at equal times they act before a delivery (a delay
    // announced at the planned delivery time postpones that delivery).
    this.#scenario.disruptions.forEach((d, i) => {
      // Wear that began before the start is in place at the start, with no event of its own.
      this.#q.push(Math.max(d.atMs, t0), K_SCRIPT, i);
    });
    this.#supply.due.forEach((at, i) => this.#q.push(at, K_DELIVERY, i, 0));
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
        if (tok === this.failToken[arg]) this.fail(arg, 'wear', undefined);
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
        if (tok === this.#supply.token[arg]) this.#deliver(arg);
        return;
      case K_SCRIPT:
        applyDisruption(this, this.#scenario.disruptions[arg] as Disruption);
        return;
      case K_COUNTERS:
        this.#counters();
        this.#q.push(this.now + COUNTER_INTERVAL_MS, K_COUNTERS, 0);
        return;
    }
  }

  emit(type: string, stream: string, data: Record<string, unknown>): void {
    this.log.push({ type, stream, time: this.now, data });
  }

  // ── Station state and energy ────────────────────────────────────────────────────────────────

  /** Power (kW) of a station in a state code; producing power follows the station's speed. */
  powerKW(s: number, code = this.state[s] as number): number {
    return this.power[s * 6 + code] as number;
  }

  /**
   * Adaptive cycle timing: runs a station at `factor` × its nominal speed (cycle time / factor). The
   * motion (dynamic) part of the producing power scales with speed squared, the base load does not:
   * P(v) = P_idle + (P_producing − P_idle) · v², so the energy per part falls by
   * (P_producing − P_idle) · t_cycle · (1 − v) when a station is slowed to the bottleneck's pace.
   */
  setSpeed(s: number, factor: number): number {
    const e = this.#cp.stations[s]?.energy;
    if (e === undefined) return 0;
    this.#touch(s);
    this.speed[s] = factor;
    const kw = e.idleKW + (e.producingKW - e.idleKW) * factor * factor;
    this.power[s * 6 + PRODUCING] = kw;
    return kw;
  }

  /** Closes the running energy and thermal interval of a station at now (before its power changes). */
  #touch(s: number): void {
    const t = this.now;
    this.energyKWh[s] = this.energyAt(s, t);
    this.loadAt[s] = physics.loadLevel(this, s, t);
    this.stateSince[s] = t;
  }

  #setState(s: number, code: number, reason: string): void {
    const old = this.state[s] as number;
    if (old === code) {
      this.reason[s] = reason;
      return;
    }
    const t = this.now;
    this.energyKWh[s] =
      (this.energyKWh[s] as number) +
      ((this.power[s * 6 + old] as number) * (t - (this.stateSince[s] as number))) / MS_PER_H;
    this.loadAt[s] = physics.loadLevel(this, s, t);
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
      data: {
        station: id,
        from: STATION_STATES[from],
        to: STATION_STATES[to],
        reason,
        partsProduced: this.produced[s],
      },
    });
  }

  available(s: number): boolean {
    return this.crew.staffed(s) && this.state[s] !== FAILED;
  }

  // ── Material flow ───────────────────────────────────────────────────────────────────────────

  tryStart(s: number): void {
    const code = this.state[s] as number;
    // A station that just passed its part on is still marked producing/blocked: no event is logged for
    // the zero-length idle moment between two parts.
    if (this.busy[s] === 1 || code === FAILED || (code === BLOCKED && (this.partAt[s] as number) >= 0))
      return;
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
      order = this.book.next();
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
      variant = this.book.orderOf(part).variant;
    }
    const use = cp.consumption[variant * n + s] as readonly number[];
    for (let k = 0; k < use.length; k += 2) {
      if ((this.stock[use[k] as number] as number) < (use[k + 1] as number)) {
        if (this.waitingMaterial[s] === 0) {
          this.waitingMaterial[s] = 1;
          const m = cp.materialIds[use[k] as number] as string;
          this.emit('MaterialStockDepleted', `material/${m}`, {
            material: m,
            station: cp.stationIds[s],
            stock: this.stock[use[k] as number],
          });
        }
        this.#setState(s, STARVED, 'material');
        return;
      }
    }
    this.waitingMaterial[s] = 0;
    for (let k = 0; k < use.length; k += 2)
      this.stock[use[k] as number] = (this.stock[use[k] as number] as number) - (use[k + 1] as number);
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
    const k = variant * n + s;
    const sigma = cp.cycleSigma[k] as number;
    const dt =
      ct <= 0
        ? (st?.transferTimeS ?? 4) * 1000
        : (sigma > 0 ? Math.exp((cp.cycleMu[k] as number) + sigma * (this.#rng[s] as Random).normal()) : ct) /
          (this.speed[s] as number);
    this.#process(s, Math.max(1, Math.round(ct > 0 ? dt + this.#minorStopMs(s, dt) : dt)), ct === 0);
    // Room freed in the buffer in front: the upstream station may unblock.
    if (
      s > 0 &&
      this.state[s - 1] === BLOCKED &&
      this.done[s - 1] === 1 &&
      (this.partAt[s - 1] as number) >= 0
    )
      this.#output(s - 1);
  }

  /**
   * A minor stoppage during this cycle (probability perHour × cycle time, one at most), lasting an
   * exponential time: the station stays `producing`, so it shows as a performance loss, not downtime.
   */
  #minorStopMs(s: number, cycleMs: number): number {
    const m = this.#cp.stations[s]?.minorStops;
    if (m === undefined || m.perHour <= 0) return 0;
    const rng = this.#rng[s] as Random;
    if (rng.next() >= Math.min(1, (m.perHour * cycleMs) / MS_PER_H)) return 0;
    let u = rng.next();
    while (u === 0) u = rng.next();
    return -Math.log(u) * m.meanS * 1000;
  }

  #isTransfer(s: number, part: number): boolean {
    const o = this.book.orderOf(part);
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
    const order = this.book.orderOf(part);
    const processed = (cp.cycleMs[order.variant * cp.n + s] as number) > 0;
    if (processed) {
      this.produced[s] = (this.produced[s] as number) + 1;
      const st = cp.stations[s];
      if (st?.thermal !== undefined) {
        const th = st.thermal;
        const dim =
          th.nominalMm +
          th.sensitivityMmPerK * (this.toolTemperatureC(s) - th.referenceTemperatureC) +
          th.noiseMm * (this.#rng[s] as Random).normal();
        this.book.partDim[part] = dim;
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
    const dim = this.#dimension(part);
    const verdict = eolOutcome(
      te,
      th,
      dim,
      this.book.partRework[part] === 1,
      (this.#rng[s] as Random).next(),
    );
    const id = cp.stationIds[s] as string;
    if (verdict === 'scrap-tolerance' || verdict === 'scrap-test') {
      this.scrapped++;
      order.scrapped++;
      this.emit('PartScrapped', `order/${order.id}`, {
        part: this.book.partName(part),
        order: order.id,
        variant: order.variantName,
        batch: this.book.batch(part),
        station: id,
        reason:
          verdict === 'scrap-tolerance'
            ? `${th?.characteristic ?? 'dimension'} out of tolerance`
            : 'function test failed',
        ...(dim === undefined ? {} : { dimensionMm: round(dim, 4) }),
      });
      this.partAt[s] = -1;
      this.tryStart(s);
      return false;
    }
    if (verdict === 'rework') {
      this.book.partRework[part] = 1;
      this.reworked++;
      this.emit('PartReworked', `order/${order.id}`, {
        part: this.book.partName(part),
        order: order.id,
        variant: order.variantName,
        batch: this.book.batch(part),
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
    if (s < cp.n - 1) this.tryStart(s + 1);
    this.tryStart(s);
  }

  /** The part's measured quality characteristic, or undefined when no heat-driven station measured it. */
  #dimension(part: number): number | undefined {
    const d = this.book.partDim[part];
    return d === undefined || Number.isNaN(d) ? undefined : d;
  }

  #complete(part: number): void {
    const order = this.book.orderOf(part);
    this.good++;
    order.good++;
    const dim = this.#dimension(part);
    this.emit('PartCompleted', `order/${order.id}`, {
      part: this.book.partName(part),
      order: order.id,
      variant: order.variantName,
      batch: this.book.batch(part),
      firstPass: this.book.partRework[part] === 0,
      ...(dim === undefined ? {} : { dimensionMm: round(dim, 4) }),
    });
    if (!order.completed && order.good >= order.quantity) {
      order.completed = true;
      this.emit('OrderCompleted', `order/${order.id}`, {
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

  #release(orderIdx: number): number {
    const o = this.orders[orderIdx] as OrderState;
    if (o.released === 0) {
      this.emit('OrderReleased', `order/${o.id}`, {
        order: o.id,
        variant: o.variantName,
        quantity: o.quantity,
        dueAt: isoTime(o.dueAt),
      });
    }
    this.released++;
    return this.book.release(orderIdx);
  }

  /** Order and variant of the part a station holds (for snapshots). */
  partInfo(s: number): { order: string; variant: string } | undefined {
    const p = this.partAt[s] as number;
    if (p < 0) return undefined;
    const o = this.book.orderOf(p);
    return { order: o.id, variant: o.variantName };
  }

  /** The batch of the part at a station, or of the latest released part. */
  lastBatchAt(s: number): string | undefined {
    const p = this.partAt[s] as number;
    return p >= 0 ? this.book.batch(p) : this.book.lastBatch();
  }

  // ── Physics: degradation, failures, temperatures ───────────────────────────────────────────

  severity(s: number, t = this.now): number {
    return physics.severity(this, s, t);
  }

  vibrationRmsMmS(s: number, t = this.now): number {
    return physics.vibrationRmsMmS(this, s, t);
  }

  driftK(s: number, t = this.now): number {
    return physics.driftK(this, s, t);
  }

  toolTemperatureC(s: number, t = this.now): number {
    return physics.toolTemperatureC(this, s, t);
  }

  scheduleFailure(s: number, atMs: number): void {
    const f = this.#cp.stations[s]?.failure;
    if (f === undefined) return;
    // Never schedule into the past: the clock only moves forward.
    const at = Math.max(atMs, this.now);
    this.failAt[s] = at;
    this.degOnset[s] = at - f.degradationH * MS_PER_H;
    const tok = (this.failToken[s] as number) + 1;
    this.failToken[s] = tok;
    this.#q.push(at, K_FAIL, s, tok);
  }

  fail(s: number, cause: 'wear' | 'breakdown', durationMs: number | undefined): void {
    if (this.state[s] === FAILED) return;
    const cp = this.#cp;
    const st = cp.stations[s];
    const f = st?.failure;
    this.#interrupt(s);
    const repairMs =
      durationMs ??
      Math.round(lognormal(this.#rng[s] as Random, (f?.mttrMin ?? 30) * MS_PER_MIN, f?.repairCv ?? 0.5));
    const id = cp.stationIds[s] as string;
    this.emit('StationFailed', `station/${id}`, {
      station: id,
      equipment: (st?.equipment ?? []).map((e) => e.id),
      cause,
      vibrationRmsMmS: round(physics.wearVibrationMmS(this, s, this.now), 3),
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
    this.emit('StationRepaired', `station/${id}`, {
      station: id,
      downtimeMin: round((this.now - (this.failedSince[s] as number)) / MS_PER_MIN, 2),
    });
    this.#renew(s);
    this.#setState(s, this.available(s) ? IDLE : OFF, 'repaired');
    this.tryStart(s);
  }

  /** As good as new (replacement or overhaul): a fresh Weibull lifetime from now. */
  #renew(s: number): void {
    const f = this.#cp.stations[s]?.failure;
    this.degOnset[s] = Number.POSITIVE_INFINITY;
    this.failAt[s] = Number.POSITIVE_INFINITY;
    if (f !== undefined)
      this.scheduleFailure(
        s,
        this.now + Math.round(weibull(this.#rng[s] as Random, f.weibullShape, f.weibullScaleH) * MS_PER_H),
      );
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
    this.crew.assign(this.now);
    // Report the incoming crew on its own (at a handover the outgoing crew is still briefly present).
    const incoming = this.crew.incoming(sh.id, this.now, this.#cp.stationIds);
    this.emit('ShiftStarted', `shift/${sh.id}`, {
      shift: sh.id,
      name: sh.name,
      endsAt: isoTime(endMs),
      workers: incoming.workers,
      unstaffedStations: incoming.unstaffed,
    });
    for (let s = 0; s < this.#cp.n; s++) this.tryStart(s);
  }

  #shiftEnd(shift: number): void {
    const sh = this.#cp.plant.shiftCalendar.shifts[shift];
    const k = this.activeShifts.indexOf(shift);
    if (k >= 0) this.activeShifts.splice(k, 1);
    if (sh !== undefined) this.emit('ShiftEnded', `shift/${sh.id}`, { shift: sh.id });
    this.restaff();
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
        this.tryStart(s);
      }
    }
  }

  // ── Suppliers ───────────────────────────────────────────────────────────────────────────────

  #deliver(i: number): void {
    const d = this.#supply.slots[i];
    if (d === undefined) return;
    const m = this.#cp.materialIds[d.material] as string;
    this.stock[d.material] = (this.stock[d.material] as number) + d.quantity;
    const planned = this.#supply.planned[i] as number;
    this.emit('MaterialDelivered', `supplier/${d.supplier}`, {
      supplier: d.supplier,
      material: m,
      quantity: d.quantity,
      stock: this.stock[d.material],
      latenessMin: round((this.now - planned) / MS_PER_MIN, 2),
    });
    const next = this.#supply.rollover(i);
    this.#q.push(next.at, K_DELIVERY, i, next.token);
    for (let s = 0; s < this.#cp.n; s++) if (this.waitingMaterial[s] === 1) this.tryStart(s);
  }

  // ── Disruptions and commands ────────────────────────────────────────────────────────────────

  stationIndex(id: string): number {
    return this.#cp.stationIds.indexOf(id);
  }

  get plant(): CompiledPlant['plant'] {
    return this.#cp.plant;
  }

  delayDelivery(
    supplier: string,
    material: string,
    latenessMs: number,
  ): { plannedAt: number; due: number; quantity: number } | undefined {
    const r = this.#supply.delay(supplier, this.#cp.materialIds.indexOf(material), latenessMs, this.now);
    if (r === undefined) return undefined;
    this.#q.push(r.due, K_DELIVERY, r.index, r.token);
    return {
      plannedAt: this.#supply.planned[r.index] as number,
      due: r.due,
      quantity: this.#supply.slots[r.index]?.quantity ?? 0,
    };
  }

  /** Planned maintenance is downtime too (state failed, reason maintenance); it ends like a repair, with a renewed lifetime. */
  startMaintenance(s: number, durationMs: number): void {
    this.#interrupt(s);
    this.failedSince[s] = this.now;
    this.failToken[s] = (this.failToken[s] as number) + 1;
    this.#setState(s, FAILED, 'maintenance');
    const tok = (this.repairToken[s] as number) + 1;
    this.repairToken[s] = tok;
    this.#q.push(this.now + durationMs, K_REPAIR, s, tok);
  }

  /** After a change of staff: reassign workers, stop stations without an operator, start the others. */
  restaff(): void {
    this.crew.assign(this.now);
    this.#reconcile();
  }

  /** Applies an imperative command at the current sim time; returns false when it does not apply. */
  command(c: TwinCommand): boolean {
    return applyCommand(this, c);
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
    this.emit('ProductionCountersReported', this.#stream, {
      partsProduced: parts,
      energyKWh: energy,
      goodParts: this.good,
      stock: Object.fromEntries(cp.materialIds.map((m, i) => [m, this.stock[i]])),
    });
  }

  /** Energy used by a station up to now (kWh), integrating the current state's power. */
  energyAt(s: number, t = this.now): number {
    return (
      (this.energyKWh[s] as number) + (this.powerKW(s) * (t - (this.stateSince[s] as number))) / MS_PER_H
    );
  }

  stateName(s: number): StationState {
    return STATION_STATES[this.state[s] as number] as StationState;
  }

  /** Seeded measurement noise for telemetry (its own stream: reading telemetry never changes the event log). */
  noise(): number {
    return this.#lineRng.normal();
  }
}
