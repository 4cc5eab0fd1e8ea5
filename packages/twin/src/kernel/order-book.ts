import type { CompiledPlant } from '../model/compiled-plant.ts';
import { MS_PER_H } from '../model/calendar.ts';

export interface OrderState {
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
 * Production orders and the parts released for them. Parts are numbers (indexes into parallel
 * arrays): the order they belong to, their sequence in the order, the measured dimension and a
 * rework flag. Batches are `batchSize` consecutive parts of one order (ISA-95 material lots).
 */
export class OrderBook {
  readonly orders: OrderState[];
  readonly partOrder: number[] = [];
  readonly partIndex: number[] = [];
  readonly partDim: number[] = [];
  readonly partRework: number[] = [];
  readonly #batchSize: Int32Array;
  readonly #variants: ReadonlyMap<string, number>;

  constructor(cp: CompiledPlant, startMs: number) {
    this.#batchSize = cp.variantBatchSize;
    this.#variants = cp.variantIndex;
    this.orders = cp.plant.orders.map((o, i) => ({
      id: o.id,
      product: o.product,
      variantName: o.variant,
      variant: cp.variantIndex.get(`${o.product}/${o.variant}`) ?? 0,
      quantity: o.quantity,
      dueAt: o.dueAt ?? startMs + (o.dueInH ?? 0) * MS_PER_H,
      priority: o.priority,
      fileIndex: i,
      released: 0,
      good: 0,
      scrapped: 0,
      cancelled: false,
      completed: false,
    }));
  }

  add(
    o: Omit<OrderState, 'fileIndex' | 'released' | 'good' | 'scrapped' | 'cancelled' | 'completed'>,
  ): OrderState {
    const order: OrderState = {
      ...o,
      fileIndex: this.orders.length,
      released: 0,
      good: 0,
      scrapped: 0,
      cancelled: false,
      completed: false,
    };
    this.orders.push(order);
    return order;
  }

  /** Variant index of `product/variant`, or −1. */
  variantIndex(product: string, variant: string): number {
    return this.#variants.get(`${product}/${variant}`) ?? -1;
  }

  find(id: string): OrderState | undefined {
    return this.orders.find((o) => o.id === id);
  }

  /** Highest priority first, then earliest due date, then file order (the plain line's dispatching rule). */
  next(): number {
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
      if (
        o.priority > b.priority ||
        (o.priority === b.priority &&
          (o.dueAt < b.dueAt || (o.dueAt === b.dueAt && o.fileIndex < b.fileIndex)))
      )
        best = i;
    }
    return best;
  }

  /** Creates the next part of an order; returns its number. */
  release(orderIdx: number): number {
    const o = this.orders[orderIdx] as OrderState;
    const part = this.partOrder.length;
    this.partOrder.push(orderIdx);
    this.partIndex.push(o.released);
    this.partDim.push(Number.NaN);
    this.partRework.push(0);
    o.released++;
    return part;
  }

  orderOf(part: number): OrderState {
    return this.orders[this.partOrder[part] as number] as OrderState;
  }

  /** `O-1001-0042`: the order id and the part's 1-based sequence in it. */
  partName(part: number): string {
    return `${this.orderOf(part).id}-${String((this.partIndex[part] as number) + 1).padStart(4, '0')}`;
  }

  /** `O-1001-B1`: the batch a part belongs to. */
  batch(part: number): string {
    const o = this.orderOf(part);
    return `${o.id}-B${Math.floor((this.partIndex[part] as number) / (this.#batchSize[o.variant] as number)) + 1}`;
  }

  /** The batch of the latest released part, if any. */
  lastBatch(): string | undefined {
    const last = this.partOrder.length - 1;
    return last >= 0 ? this.batch(last) : undefined;
  }
}
