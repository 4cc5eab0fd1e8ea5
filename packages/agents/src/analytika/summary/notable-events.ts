import type { NewEvent } from '@aethercore/core';
import { findingFromEvent, type BilingualText } from '../../finding.ts';

/**
 * The day's notable events for the summary, from the event stream: what went wrong (disruptions the
 * twin or the plant reported), what the agents found (warnings, alarms and findings that led to a
 * proposal), what was done to the line (commands the line confirmed) and what people decided
 * (approvals and rejections from Sentinel's inbox, handed in by the caller: they live in the audit
 * log, not in the event store).
 */
export type NotableCategory = 'disruption' | 'finding' | 'action' | 'decision';

export interface NotableEvent {
  readonly time: number;
  readonly category: NotableCategory;
  /** Event type (`StationFailed`, `AgentFindingRecorded`, …) or `Decision`. */
  readonly type: string;
  /** Station, order, supplier or proposal the event is about. */
  readonly subject: string;
  readonly text: BilingualText;
  readonly severity?: 'info' | 'warning' | 'alarm';
  readonly proposalId?: string;
}

/** A person's (or the policy's) decision on a proposal, from Sentinel's inbox. */
export interface ProposalDecision {
  readonly time: number;
  readonly proposalId: string;
  readonly outcome: string;
  readonly by: string;
  readonly title?: BilingualText;
}

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '?');
const num = (v: unknown, digits = 0): string =>
  typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '?';
const t = (de: string, en: string): BilingualText => ({ de, en });
const CAUSE_DE: Readonly<Record<string, string>> = {
  wear: 'Verschleiß',
  breakdown: 'Störung',
  maintenance: 'Wartung',
};

function describe(e: NewEvent): Omit<NotableEvent, 'time' | 'type'> | undefined {
  const d = e.data;
  switch (e.type) {
    case 'StationFailed':
      return {
        category: 'disruption',
        subject: str(d['station']),
        severity: 'alarm',
        text: t(
          `Ausfall ${str(d['station'])} (${CAUSE_DE[str(d['cause'])] ?? str(d['cause'])})`,
          `${str(d['station'])} failed (${str(d['cause'])})`,
        ),
      };
    case 'StationRepaired':
      return {
        category: 'disruption',
        subject: str(d['station']),
        text: t(
          `${str(d['station'])} wieder in Betrieb nach ${num(d['downtimeMin'])} min`,
          `${str(d['station'])} back after ${num(d['downtimeMin'])} min`,
        ),
      };
    case 'SupplierDeliveryDelayed':
      return {
        category: 'disruption',
        subject: str(d['supplier']),
        severity: 'warning',
        text: t(
          `Lieferung ${str(d['material'])} von ${str(d['supplier'])} ${num(d['latenessMin'])} min verspätet`,
          `${str(d['material'])} delivery from ${str(d['supplier'])} ${num(d['latenessMin'])} min late`,
        ),
      };
    case 'MaterialStockDepleted':
      return {
        category: 'disruption',
        subject: str(d['material']),
        severity: 'warning',
        text: t(
          `Material ${str(d['material'])} an ${str(d['station'])} aufgebraucht`,
          `material ${str(d['material'])} ran out at ${str(d['station'])}`,
        ),
      };
    case 'OperatorReportReceived':
      return {
        category: 'disruption',
        subject: str(d['station']),
        severity: 'warning',
        text: t(`Meldung vom Werker an ${str(d['station'])}`, `operator report at ${str(d['station'])}`),
      };
    case 'WorkerReportedSick':
      return {
        category: 'disruption',
        subject: str(d['worker']),
        severity: 'warning',
        text: t(`${str(d['worker'])} krank gemeldet`, `${str(d['worker'])} called in sick`),
      };
    case 'OrderReceived':
      return {
        category: 'disruption',
        subject: str(d['order']),
        text: t(
          `Eilauftrag ${str(d['order'])} (${num(d['quantity'])} Stk.)`,
          `rush order ${str(d['order'])} (${num(d['quantity'])} pcs)`,
        ),
      };
    case 'OrderCancelled':
      return {
        category: 'action',
        subject: str(d['order']),
        text: t(`Auftrag ${str(d['order'])} storniert`, `order ${str(d['order'])} cancelled`),
      };
    case 'ThermalDriftCorrected':
      return {
        category: 'action',
        subject: str(d['station']),
        text: t(
          `Thermische Drift an ${str(d['station'])} korrigiert (${num(d['correctionK'], 1)} K)`,
          `thermal drift at ${str(d['station'])} corrected (${num(d['correctionK'], 1)} K)`,
        ),
      };
    case 'MaintenanceStarted':
      return {
        category: 'action',
        subject: str(d['station']),
        text: t(
          `Wartung ${str(d['station'])} gestartet (${num(d['durationMin'])} min)`,
          `maintenance of ${str(d['station'])} started (${num(d['durationMin'])} min)`,
        ),
      };
    case 'StationSpeedChanged':
      return {
        category: 'action',
        subject: str(d['station']),
        text: t(
          `Taktanpassung ${str(d['station'])}: Faktor ${num(d['speedFactor'], 2)}`,
          `cycle timing ${str(d['station'])}: factor ${num(d['speedFactor'], 2)}`,
        ),
      };
    case 'OrderPriorityChanged':
      return {
        category: 'action',
        subject: str(d['order']),
        text: t(
          `Priorität ${str(d['order'])} → ${num(d['priority'])}`,
          `priority of ${str(d['order'])} → ${num(d['priority'])}`,
        ),
      };
    default: {
      const f = findingFromEvent(e);
      // Info findings without a proposal are routine ("no change needed"); the summary keeps the rest.
      if (f === undefined || (f.severity === 'info' && f.proposalId === undefined)) return undefined;
      const name = f.agent.charAt(0).toUpperCase() + f.agent.slice(1);
      return {
        category: 'finding',
        subject: f.subject,
        severity: f.severity,
        text: t(`${name}: ${f.title.de}`, `${name}: ${f.title.en}`),
        ...(f.proposalId === undefined ? {} : { proposalId: f.proposalId }),
      };
    }
  }
}

/** Notable events inside [fromMs, toMs], in time order, decisions merged in; at most `limit` (the latest win). */
export function notableEvents(
  events: readonly NewEvent[],
  window: { readonly fromMs: number; readonly toMs: number },
  decisions: readonly ProposalDecision[] = [],
  limit = 40,
): NotableEvent[] {
  const out: NotableEvent[] = [];
  for (const e of events) {
    if (e.time < window.fromMs || e.time > window.toMs) continue;
    const n = describe(e);
    if (n !== undefined) out.push({ time: e.time, type: e.type, ...n });
  }
  for (const d of decisions) {
    if (d.time < window.fromMs || d.time > window.toMs) continue;
    const what = d.title === undefined ? t(d.proposalId, d.proposalId) : d.title;
    out.push({
      time: d.time,
      category: 'decision',
      type: 'Decision',
      subject: d.proposalId,
      proposalId: d.proposalId,
      text: t(`${d.by}: ${d.outcome} – ${what.de}`, `${d.by}: ${d.outcome} – ${what.en}`),
    });
  }
  out.sort((a, b) => a.time - b.time);
  return out.length > limit ? out.slice(out.length - limit) : out;
}
