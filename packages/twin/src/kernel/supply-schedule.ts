import { MS_PER_DAY, MS_PER_MIN } from '../model/calendar.ts';
import type { CompiledPlant } from '../model/compiled-plant.ts';

export interface DeliverySlot {
  readonly supplier: string;
  /** Material index. */
  readonly material: number;
  readonly quantity: number;
  readonly atMin: number;
}

/**
 * The suppliers' delivery slots (a material, a quantity, a time of day; every day) with, per slot, the
 * planned time of the next delivery, its expected time (later when delayed) and a token that makes a
 * superseded kernel event stale. The simulation queues the events; this class keeps the book.
 */
export class SupplySchedule {
  readonly slots: readonly DeliverySlot[];
  readonly planned: Float64Array;
  readonly due: Float64Array;
  readonly token: Int32Array;

  constructor(cp: CompiledPlant, startMs: number) {
    this.slots = cp.plant.suppliers.flatMap((s) =>
      s.deliveries.map((d) => ({
        supplier: s.id,
        material: cp.materialIds.indexOf(d.material),
        quantity: d.quantity,
        atMin: d.atMin,
      })),
    );
    this.planned = new Float64Array(this.slots.length);
    this.due = new Float64Array(this.slots.length);
    this.token = new Int32Array(this.slots.length);
    const day0 = Math.floor(startMs / MS_PER_DAY) * MS_PER_DAY;
    this.slots.forEach((d, i) => {
      let at = day0 + d.atMin * MS_PER_MIN;
      if (at < startMs) at += MS_PER_DAY;
      this.planned[i] = at;
      this.due[i] = at;
    });
  }

  /** After slot i delivered: the next delivery is tomorrow at the planned time of day. */
  rollover(i: number): { at: number; token: number } {
    const at = (this.planned[i] as number) + MS_PER_DAY;
    this.planned[i] = at;
    this.due[i] = at;
    const token = (this.token[i] as number) + 1;
    this.token[i] = token;
    return { at, token };
  }

  /** Postpones the earliest pending delivery of a material by a supplier (at or after now). */
  delay(
    supplier: string,
    material: number,
    latenessMs: number,
    now: number,
  ): { index: number; due: number; token: number } | undefined {
    let best = -1;
    this.slots.forEach((x, i) => {
      if (x.supplier !== supplier || x.material !== material || (this.due[i] as number) < now) return;
      if (best < 0 || (this.due[i] as number) < (this.due[best] as number)) best = i;
    });
    if (best < 0) return undefined;
    const due = (this.due[best] as number) + latenessMs;
    this.due[best] = due;
    const token = (this.token[best] as number) + 1;
    this.token[best] = token;
    return { index: best, due, token };
  }
}
