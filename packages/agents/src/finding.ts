import { AetherError, type NewEvent } from '@aethercore/core';

/**
 * The seven agents of the team (PRODUCT.md). Each acts under its own identity in Sentinel's
 * directory; an agent's name is also the stream of its findings (`agents/<name>`).
 */
export const AGENT_NAMES = [
  'strategos',
  'analytika',
  'linguos',
  'sentinel',
  'visura',
  'dexter',
  'scout',
] as const;
export type AgentName = (typeof AGENT_NAMES)[number];

/** How urgent a finding is for the people watching the line (ISA-18.2 style priorities, simplified). */
export type FindingSeverity = 'info' | 'warning' | 'alarm';

/** Text shown to people: the UI and the reports are in German and English. */
export interface BilingualText {
  readonly de: string;
  readonly en: string;
}

/**
 * What an agent noticed or decided, as a fact for the event log and the dashboard's agent panel:
 * "R7 vibration anomalous since 08:19 (T² 31 > 18)", "re-plan after PCB delay: tardiness −2.1 h".
 * Findings inform; actions go to Sentinel as proposals, never through a finding.
 */
export interface AgentFinding {
  readonly agent: AgentName;
  /** Stable kind for filters and tests: `anomaly`, `spc-rule`, `drift`, `rul`, `replan`, … */
  readonly kind: string;
  readonly severity: FindingSeverity;
  /** Domain time of the finding (sim/source time), ms since epoch. */
  readonly time: number;
  /** What it is about: equipment id (`ST05`), order id, or the line (`WH4`). */
  readonly subject: string;
  readonly title: BilingualText;
  readonly detail?: BilingualText;
  /** The figures behind it (scores, thresholds, rule quoted, KPI deltas), JSON-serialisable. */
  readonly evidence?: Readonly<Record<string, unknown>>;
  /** Id of the proposal the finding led to, when it led to one. */
  readonly proposalId?: string;
}

/** The event type under which findings are stored (stream `agents/<agent>`). */
export const AGENT_FINDING_EVENT = 'AgentFindingRecorded';

/** A finding as an event for the EventStore: readable by `/api/events?types=AgentFindingRecorded` and over SSE. */
export function findingEvent(f: AgentFinding): NewEvent {
  if (!(AGENT_NAMES as readonly string[]).includes(f.agent)) {
    throw new AetherError({
      code: 'agents.unknown-agent',
      message: `unknown agent ${JSON.stringify(f.agent)}`,
      hint: `one of ${AGENT_NAMES.join(', ')}`,
      path: 'agent',
    });
  }
  if (!Number.isSafeInteger(f.time)) {
    throw new AetherError({
      code: 'agents.finding-invalid',
      message: 'a finding needs an integer ms time',
      hint: 'use the twin or source time',
      path: 'time',
    });
  }
  const { agent, time, ...data } = f;
  return { type: AGENT_FINDING_EVENT, stream: `agents/${agent}`, time, data: { agent, ...data } };
}

/** Reads a stored finding event back (the dashboard and tests); undefined for other events. */
export function findingFromEvent(e: {
  readonly type: string;
  readonly time: number;
  readonly data: Readonly<Record<string, unknown>>;
}): AgentFinding | undefined {
  if (e.type !== AGENT_FINDING_EVENT) return undefined;
  const d = e.data as Partial<AgentFinding>;
  if (typeof d.agent !== 'string' || typeof d.kind !== 'string' || d.title === undefined) return undefined;
  return { ...(d as AgentFinding), time: e.time };
}
