import type { StoredEvent, TrendSpec } from '@aethercore/server';

/** The event type the agents' findings are stored under (`@aethercore/agents` AGENT_FINDING_EVENT). */
export const FINDING_EVENT = 'AgentFindingRecorded';

export type FindingSeverity = 'info' | 'warning' | 'alarm';

/** A finding as the dashboard shows it (the web package may import only types from the server). */
export interface FindingView {
  readonly seq: number;
  readonly time: number;
  readonly agent: string;
  readonly kind: string;
  readonly severity: FindingSeverity;
  readonly subject: string;
  readonly title: { readonly de: string; readonly en: string };
  readonly detail?: { readonly de: string; readonly en: string };
  readonly evidence: Readonly<Record<string, unknown>>;
  readonly proposalId?: string;
}

const text = (v: unknown): { de: string; en: string } | undefined => {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  return typeof o['de'] === 'string' && typeof o['en'] === 'string'
    ? { de: o['de'], en: o['en'] }
    : undefined;
};

/** A stored event read back as a finding; undefined for other events or damaged data (never throws). */
export function findingOf(e: StoredEvent): FindingView | undefined {
  if (e.type !== FINDING_EVENT || typeof e.data !== 'object' || e.data === null) return undefined;
  const d = e.data;
  const title = text(d['title']);
  if (typeof d['agent'] !== 'string' || typeof d['kind'] !== 'string' || title === undefined)
    return undefined;
  const sev = d['severity'];
  const detail = text(d['detail']);
  const evidence =
    typeof d['evidence'] === 'object' && d['evidence'] !== null
      ? (d['evidence'] as Record<string, unknown>)
      : {};
  return {
    seq: e.seq,
    time: e.time,
    agent: d['agent'],
    kind: d['kind'],
    severity: sev === 'alarm' || sev === 'warning' ? sev : 'info',
    subject: typeof d['subject'] === 'string' ? d['subject'] : '',
    title,
    ...(detail === undefined ? {} : { detail }),
    evidence,
    ...(typeof d['proposalId'] === 'string' ? { proposalId: d['proposalId'] } : {}),
  };
}

/** Merges findings by seq, newest first, at most `max`. */
export function mergeFindings(
  a: readonly FindingView[],
  b: readonly FindingView[],
  max = 200,
): FindingView[] {
  const bySeq = new Map<number, FindingView>();
  for (const f of [...a, ...b]) bySeq.set(f.seq, f);
  return [...bySeq.values()].sort((x, y) => y.seq - x.seq).slice(0, max);
}

export interface TrendMarker {
  readonly time: number;
  readonly severity: FindingSeverity;
  readonly label: string;
}

/**
 * The findings to mark on one trend: those whose evidence names the trend's series, or, without a
 * series list, those about the trend's station.
 */
export function markersFor(
  spec: TrendSpec,
  findings: readonly FindingView[],
  lang: 'de' | 'en',
): TrendMarker[] {
  const station = spec.seriesId.split('/')[0];
  return findings
    .filter((f) => {
      const series = f.evidence['series'];
      return Array.isArray(series) ? series.includes(spec.seriesId) : f.subject === station;
    })
    .map((f) => ({ time: f.time, severity: f.severity, label: f.title[lang] }));
}

/** One line for the event timeline: `Analytika: R7 vibration anomalous since 08:19 …`, in the UI language. */
export function findingLine(f: FindingView, lang: 'de' | 'en'): string {
  return `${f.agent.charAt(0).toUpperCase()}${f.agent.slice(1)}: ${f.title[lang]}`;
}
