import type { Plant } from '@aethercore/core';
import type { LineSnapshot } from '@aethercore/twin';
import { shiftEnd } from './calendar.ts';
import { sickNoteUntil } from './sick-note.ts';

/** An order as Strategos plans it: what is left to release at the first station, and what is in the line. */
export interface PlanOrder {
  readonly id: string;
  readonly product: string;
  readonly variant: string;
  readonly quantity: number;
  /** Parts still to release (scrapped parts are replaced, as the line does). */
  readonly toRelease: number;
  /** Parts released and not yet finished (work in progress). */
  readonly wip: number;
  readonly dueAt: number;
  /** The line's release priority (higher first), as the twin's order book uses it. */
  readonly priority: number;
  readonly fileIndex: number;
}

/** A delivery the supplier announced late. */
export interface DeliveryDelay {
  readonly supplier: string;
  readonly material: string;
  readonly quantity: number;
  readonly plannedAt: number;
  readonly expectedAt: number;
}

/** A station that cannot work until `untilMs` (breakdown with its expected repair, or unstaffed). */
export interface StationDown {
  readonly station: string;
  readonly fromMs: number;
  readonly untilMs: number;
  readonly reason: 'breakdown' | 'unstaffed';
}

/** Everything the plan model is built from: the twin's snapshot plus what the event log told. */
export interface LineState {
  readonly nowMs: number;
  readonly orders: readonly PlanOrder[];
  readonly stock: Readonly<Record<string, number>>;
  readonly delays: readonly DeliveryDelay[];
  readonly down: readonly StationDown[];
}

/** Which orders to see differently from the snapshot (the state before an event). */
export interface StateView {
  readonly reopen?: ReadonlySet<string>;
  readonly omit?: ReadonlySet<string>;
}

interface EventLike {
  readonly type: string;
  readonly time: number;
  readonly data: Readonly<Record<string, unknown>>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const iso = (v: unknown): number | undefined => {
  const s = str(v);
  if (s === undefined) return undefined;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : undefined;
};

/**
 * What Strategos remembers from the event log between re-plans: order priorities (the snapshot
 * does not carry them), announced delivery delays and running breakdowns. Hostile or malformed
 * event data is skipped, never thrown on: the log is input.
 */
export class LineKnowledge {
  readonly #priorities = new Map<string, number>();
  readonly #products = new Map<string, string>();
  readonly #delays: DeliveryDelay[] = [];
  readonly #failed = new Map<string, StationDown>();
  /** Worker → reported sick at (ms). */
  /** Worker → [reported at, off until]. */
  readonly #sick = new Map<string, readonly [number, number]>();

  constructor(plant: Plant) {
    for (const o of plant.orders) {
      this.#priorities.set(o.id, o.priority);
      this.#products.set(o.id, o.product);
    }
  }

  observe(e: EventLike): void {
    const d = e.data;
    switch (e.type) {
      case 'OrderPriorityChanged': {
        const order = str(d['order']);
        const p = num(d['priority']);
        if (order !== undefined && p !== undefined) this.#priorities.set(order, p);
        return;
      }
      case 'OrderReceived': {
        const order = str(d['order']);
        const product = str(d['product']);
        // The twin books a rush order with priority 10 (above the file's orders); keep the log's word if it has one.
        if (order !== undefined)
          this.#priorities.set(order, num(d['priority']) ?? (d['rush'] === true ? 10 : 0));
        if (order !== undefined && product !== undefined) this.#products.set(order, product);
        return;
      }
      case 'SupplierDeliveryDelayed': {
        const supplier = str(d['supplier']);
        const material = str(d['material']);
        const quantity = num(d['quantity']);
        const plannedAt = iso(d['plannedAt']);
        const expectedAt = iso(d['expectedAt']);
        if (
          supplier === undefined ||
          material === undefined ||
          quantity === undefined ||
          plannedAt === undefined ||
          expectedAt === undefined
        )
          return;
        const i = this.#delays.findIndex(
          (x) => x.supplier === supplier && x.material === material && x.plannedAt === plannedAt,
        );
        const delay = { supplier, material, quantity, plannedAt, expectedAt };
        if (i >= 0) this.#delays[i] = delay;
        else this.#delays.push(delay);
        return;
      }
      case 'StationFailed': {
        const station = str(d['station']);
        const repair = num(d['expectedRepairMin']);
        if (station !== undefined)
          this.#failed.set(station, {
            station,
            fromMs: e.time,
            untilMs: e.time + Math.max(0, repair ?? 60) * 60_000,
            reason: 'breakdown',
          });
        return;
      }
      case 'WorkerReportedSick': {
        const worker = str(d['worker']);
        if (worker !== undefined && Number.isFinite(e.time))
          this.#sick.set(worker, [e.time, sickNoteUntil(e)]);
        return;
      }
      case 'StationRepaired': {
        const station = str(d['station']);
        if (station !== undefined) this.#failed.delete(station);
        return;
      }
      default:
        return;
    }
  }

  /** Workers off sick at `nowMs`: until the reported end, else 24 h from the report (the twin's random note). */
  absences(nowMs: number): { worker: string; fromMs: number; untilMs: number }[] {
    return [...this.#sick]
      .map(([worker, [fromMs, untilMs]]) => ({ worker, fromMs, untilMs }))
      .filter((a) => a.untilMs > nowMs);
  }

  priority(order: string): number {
    return this.#priorities.get(order) ?? 0;
  }

  /**
   * The line state at the snapshot's time. `reopen` keeps cancelled orders in (the state as it was
   * before a cancellation), `omit` leaves orders out (before a rush order arrived).
   */
  state(plant: Plant, snap: LineSnapshot, view: StateView = {}): LineState {
    const now = snap.time;
    const defaultProduct = plant.products[0]?.id ?? '';
    const orders: PlanOrder[] = [];
    snap.orders.forEach((o, fileIndex) => {
      if (view.omit?.has(o.id) === true || o.status === 'completed') return;
      if (o.status === 'cancelled' && view.reopen?.has(o.id) !== true) return;
      const inLine = Math.max(0, o.released - o.good - o.scrapped);
      orders.push({
        id: o.id,
        product: this.#products.get(o.id) ?? defaultProduct,
        variant: o.variant,
        quantity: o.quantity,
        toRelease: Math.max(0, o.quantity - (o.released - o.scrapped)),
        wip: inLine,
        dueAt: o.dueAt,
        priority: this.priority(o.id),
        fileIndex,
      });
    });
    const down: StationDown[] = [...this.#failed.values()].filter((f) => f.untilMs > now);
    for (const [id, st] of Object.entries(snap.stations)) {
      if (st.state === 'off' && st.reason === 'unstaffed' && !down.some((x) => x.station === id)) {
        down.push({ station: id, fromMs: now, untilMs: shiftEnd(plant, now), reason: 'unstaffed' });
      }
    }
    return {
      nowMs: now,
      orders,
      stock: snap.stock,
      delays: this.#delays.filter((x) => x.expectedAt > now || x.plannedAt > now),
      down,
    };
  }
}

/** The twin's release rule (`OrderBook.next`): highest priority first, then earliest due date, then file order. */
export function lineSequence(orders: readonly PlanOrder[]): PlanOrder[] {
  return [...orders].sort(
    (a, b) => b.priority - a.priority || a.dueAt - b.dueAt || a.fileIndex - b.fileIndex,
  );
}
