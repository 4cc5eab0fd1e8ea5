import type { BilingualText } from '../finding.ts';

/** The line events Strategos re-plans on (the twin's event log, past tense). */
export const REPLAN_TRIGGERS = [
  'SupplierDeliveryDelayed',
  'StationFailed',
  'OrderCancelled',
  'OrderReceived',
  'WorkerReportedSick',
] as const;
export type ReplanTrigger = (typeof REPLAN_TRIGGERS)[number];

export interface TriggerEvent {
  readonly type: string;
  readonly time: number;
  readonly data: Readonly<Record<string, unknown>>;
}

export function isReplanTrigger(e: { readonly type: string }): boolean {
  return (REPLAN_TRIGGERS as readonly string[]).includes(e.type);
}

const s = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 80) : '?');
const n = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? String(Math.round(v)) : '?');

/** What the trigger is about (order, station, supplier, worker), for the finding's subject. */
export function triggerSubject(e: TriggerEvent): string {
  const d = e.data;
  switch (e.type) {
    case 'SupplierDeliveryDelayed':
      return s(d['material']);
    case 'StationFailed':
      return s(d['station']);
    case 'WorkerReportedSick':
      return s(d['worker']);
    default:
      return s(d['order']);
  }
}

/** A short bilingual description of the trigger for titles and details. */
export function describeTrigger(e: TriggerEvent): BilingualText {
  const d = e.data;
  switch (e.type) {
    case 'SupplierDeliveryDelayed':
      return {
        en: `${s(d['material'])} delivery from ${s(d['supplier'])} ${n(d['latenessMin'])} min late`,
        de: `Lieferung ${s(d['material'])} von ${s(d['supplier'])} ${n(d['latenessMin'])} min verspätet`,
      };
    case 'StationFailed':
      return {
        en: `${s(d['station'])} failed (repair ≈ ${n(d['expectedRepairMin'])} min)`,
        de: `${s(d['station'])} ausgefallen (Reparatur ≈ ${n(d['expectedRepairMin'])} min)`,
      };
    case 'OrderCancelled':
      return { en: `order ${s(d['order'])} cancelled`, de: `Auftrag ${s(d['order'])} storniert` };
    case 'OrderReceived':
      return {
        en: `rush order ${s(d['order'])} (${n(d['quantity'])} × ${s(d['variant'])})`,
        de: `Eilauftrag ${s(d['order'])} (${n(d['quantity'])} × ${s(d['variant'])})`,
      };
    case 'WorkerReportedSick':
      return {
        en: `worker ${s(d['worker'])} reported sick`,
        de: `Mitarbeiter ${s(d['worker'])} krank gemeldet`,
      };
    default:
      return { en: e.type, de: e.type };
  }
}
