import type { Plant } from '@aethercore/core';
import { MS_PER_DAY, MS_PER_H, MS_PER_MIN, isoTime } from '../model/calendar.ts';
import { FAILED, IDLE } from '../model/state-codes.ts';
import type { OrderBook } from '../kernel/order-book.ts';
import type { Disruption, TwinCommand } from '../types.ts';

/** What disruptions and commands may do to the running line (implemented by the simulation). */
export interface LineControl {
  readonly now: number;
  readonly plant: Plant;
  readonly book: OrderBook;
  readonly state: Int8Array;
  readonly stock: Float64Array;
  readonly staffedBy: readonly (string | undefined)[];
  readonly driftStart: Float64Array;
  readonly driftRate: Float64Array;
  readonly degOnset: Float64Array;
  readonly sick: Map<string, number>;
  readonly good: number;
  readonly scrapped: number;
  emit(type: string, stream: string, data: Record<string, unknown>): void;
  stationIndex(id: string): number;
  fail(s: number, cause: 'wear' | 'breakdown', durationMs: number | undefined): void;
  scheduleFailure(s: number, at: number): void;
  /** Postpones the next delivery of a material by a supplier; its planned and new due time, or undefined. */
  delayDelivery(
    supplier: string,
    material: string,
    latenessMs: number,
  ): { plannedAt: number; due: number; quantity: number } | undefined;
  startMaintenance(s: number, durationMs: number): void;
  setSpeed(s: number, factor: number): number;
  tryStart(s: number): void;
  restaff(): void;
  driftK(s: number): number;
  severity(s: number): number;
  lastBatchAt(s: number): string | undefined;
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Applies a scripted or random disruption at the current sim time. Hidden causes log no event. */
export function applyDisruption(line: LineControl, d: Disruption): void {
  switch (d.kind) {
    case 'machine-breakdown': {
      const s = line.stationIndex(d.station);
      if (s >= 0) line.fail(s, 'breakdown', Math.round(d.durationMin * MS_PER_MIN));
      return;
    }
    case 'supplier-delay': {
      const r = line.delayDelivery(d.supplier, d.material, Math.round(d.latenessMin * MS_PER_MIN));
      if (r === undefined) return;
      const m = line.plant.materials.findIndex((x) => x.id === d.material);
      line.emit('SupplierDeliveryDelayed', `supplier/${d.supplier}`, {
        supplier: d.supplier,
        material: d.material,
        quantity: r.quantity,
        plannedAt: isoTime(r.plannedAt),
        expectedAt: isoTime(r.due),
        latenessMin: d.latenessMin,
        stock: line.stock[m],
      });
      return;
    }
    case 'order-cancellation':
      applyCommand(line, { type: 'CancelOrder', order: d.order });
      return;
    case 'rush-order': {
      const product = line.plant.products.find((p) => p.id === d.product);
      const variant = line.book.variantIndex(d.product, d.variant);
      if (product === undefined || variant < 0 || line.book.find(d.order) !== undefined) return;
      const o = line.book.add({
        id: d.order,
        product: d.product,
        variantName: d.variant,
        variant,
        quantity: d.quantity,
        dueAt: line.now + Math.round(d.dueInH * MS_PER_H),
        priority: 10,
      });
      line.emit('OrderReceived', `order/${o.id}`, {
        order: o.id,
        product: d.product,
        variant: d.variant,
        quantity: d.quantity,
        dueAt: isoTime(o.dueAt),
        rush: true,
      });
      if (line.state[0] === IDLE) line.tryStart(0);
      return;
    }
    case 'worker-sick':
      reportSick(line, d.worker, undefined);
      return;
    case 'quality-drift': {
      // Hidden cause: the effect shows in the measured dimension (PartCompleted, readings).
      const s = line.stationIndex(d.station);
      if (s >= 0) {
        line.driftStart[s] = line.now;
        line.driftRate[s] = d.rateKPerH;
      }
      return;
    }
    case 'degradation': {
      // Hidden cause: wear shows only in vibration and temperature until the station fails.
      const s = line.stationIndex(d.station);
      if (s < 0 || line.plant.stations[s]?.failure === undefined) return;
      line.scheduleFailure(s, d.failAtMs);
      line.degOnset[s] = d.atMs;
      return;
    }
    case 'operator-report': {
      const s = line.stationIndex(d.station);
      const batch = s >= 0 ? line.lastBatchAt(s) : undefined;
      line.emit('OperatorReportReceived', `station/${d.station}`, {
        station: d.station,
        reportedBy: (s >= 0 ? line.staffedBy[s] : undefined) ?? 'operator',
        text: d.text,
        ...(batch === undefined ? {} : { batch }),
      });
      return;
    }
    case 'day-end':
      line.emit('DayEnded', `plant/${line.plant.id}`, {
        date: isoTime(line.now).slice(0, 10),
        goodParts: line.good,
        scrapped: line.scrapped,
      });
      return;
  }
}

/**
 * Marks a worker sick for `durationMs` from now (24 h when undefined, the random disruption) and
 * restaffs. A reported note logs its duration; the random one does not, so its event (and the
 * pinned replay hashes) stay as they were. False for an unknown worker or a duration not above 0.
 */
function reportSick(line: LineControl, worker: string, durationMs: number | undefined): boolean {
  const w = line.plant.workers.find((x) => x.id === worker);
  if (w === undefined || (durationMs !== undefined && !(durationMs > 0 && Number.isFinite(durationMs))))
    return false;
  line.sick.set(w.id, line.now + (durationMs ?? MS_PER_DAY));
  line.emit('WorkerReportedSick', `worker/${w.id}`, {
    worker: w.id,
    shift: w.shift,
    qualifications: w.qualifications,
    ...(durationMs === undefined ? {} : { durationMs }),
  });
  line.restaff();
  return true;
}

/** Applies an imperative command at the current sim time; false when it does not apply. */
export function applyCommand(line: LineControl, c: TwinCommand): boolean {
  switch (c.type) {
    case 'CorrectThermalDrift': {
      const s = line.stationIndex(c.station);
      const k = s < 0 ? 0 : line.driftK(s);
      if (k === 0) return false;
      line.driftStart[s] = Number.POSITIVE_INFINITY;
      line.driftRate[s] = 0;
      line.emit('ThermalDriftCorrected', `station/${c.station}`, {
        station: c.station,
        correctionK: round(k, 2),
      });
      return true;
    }
    case 'PerformMaintenance': {
      const s = line.stationIndex(c.station);
      if (s < 0 || line.state[s] === FAILED || !(c.durationMin > 0)) return false;
      line.emit('MaintenanceStarted', `station/${c.station}`, {
        station: c.station,
        durationMin: c.durationMin,
        severity: round(line.severity(s), 4),
      });
      line.startMaintenance(s, Math.round(c.durationMin * MS_PER_MIN));
      return true;
    }
    case 'SetStationSpeed': {
      const s = line.stationIndex(c.station);
      if (s < 0 || !(c.speedFactor >= 0.5 && c.speedFactor <= 1.2)) return false;
      const kw = line.setSpeed(s, c.speedFactor);
      line.emit('StationSpeedChanged', `station/${c.station}`, {
        station: c.station,
        speedFactor: c.speedFactor,
        producingKW: kw,
      });
      return true;
    }
    case 'SetOrderPriority': {
      const o = line.book.find(c.order);
      if (o === undefined) return false;
      o.priority = c.priority;
      line.emit('OrderPriorityChanged', `order/${o.id}`, { order: o.id, priority: c.priority });
      return true;
    }
    case 'ReportWorkerSick':
      return reportSick(line, c.worker, c.durationMs ?? MS_PER_DAY);
    case 'CancelOrder': {
      const o = line.book.find(c.order);
      if (o === undefined || o.cancelled || o.completed) return false;
      o.cancelled = true;
      line.emit('OrderCancelled', `order/${o.id}`, {
        order: o.id,
        quantity: o.quantity,
        released: o.released,
        good: o.good,
      });
      return true;
    }
  }
}
