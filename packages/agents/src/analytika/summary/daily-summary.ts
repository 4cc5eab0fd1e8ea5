import { AetherError, type NewEvent, type Plant } from '@aethercore/core';
import { dayKpis, type DayKpis, type DayWindow } from './day-kpis.ts';
import { notableEvents, type NotableEvent, type ProposalDecision } from './notable-events.ts';
import type { RankedProposal, TomorrowFigures, TomorrowPlan } from './measure-tomorrow.ts';
import { isoDay } from './format.ts';

/**
 * Analytika's daily summary: the day against a reference day, KPI by KPI, the day's notable events
 * and two process changes for tomorrow measured in the twin.
 *
 * Which reference is honest? Two are possible, and they answer different questions:
 * - `undisturbed`: the same plant, seed and calendar with nothing going wrong (the twin's `baseline`
 *   scenario). Day − undisturbed is **what the day's disruptions cost** (net of whatever the agents
 *   recovered). It is what the CLI and the live route compare against by default, because it needs no
 *   counterfactual and is the same for everyone.
 * - `without-actions`: the same disrupted day replayed without any command the agents (or people)
 *   sent. Day − without-actions is **what the actions gained** — the question behind the magazine's
 *   "+8.2 % output, −37 % downtime, −11.4 % energy". Only this one may be read as the agents' effect;
 *   the live route offers it (`against=without-actions`).
 * The summary names its reference; it never mixes the two.
 */
export type ReferenceKind = 'undisturbed' | 'without-actions';

export interface DayLog extends DayWindow {
  readonly events: readonly NewEvent[];
  /** Scenario name, for the report's header. */
  readonly scenario?: string;
}

export interface DailySummaryInput {
  readonly plant: Plant;
  readonly day: DayLog;
  readonly reference: DayLog & { readonly kind: ReferenceKind };
  readonly decisions?: readonly ProposalDecision[];
  /** Measured what-ifs for tomorrow (`planTomorrow`); the summary proposes the first two. */
  readonly tomorrow?: TomorrowPlan;
}

export const SUMMARY_KPIS = [
  'goodParts',
  'downtimeMin',
  'energyPerGoodPartKWh',
  'energyKWh',
  'qualityRate',
  'oee',
  'availability',
  'performance',
  'failures',
  'mtbfH',
  'mttrMin',
  'ordersCompleted',
  'lateOrders',
  'tardinessMin',
] as const;
export type SummaryKpi = (typeof SUMMARY_KPIS)[number];

/** Ratios are compared in percentage points, the rest relative to the reference. */
const RATIOS: ReadonlySet<SummaryKpi> = new Set(['qualityRate', 'oee', 'availability', 'performance']);
const HIGHER_IS_BETTER: ReadonlySet<SummaryKpi> = new Set([
  'goodParts',
  'qualityRate',
  'oee',
  'availability',
  'performance',
  'mtbfH',
  'ordersCompleted',
]);
/** Energy in kWh rises with output; the energy per good part is the figure to judge, so no verdict on the total. */
const NEUTRAL: ReadonlySet<SummaryKpi> = new Set(['energyKWh']);

export interface KpiComparison {
  readonly kpi: SummaryKpi;
  readonly day: number | undefined;
  readonly reference: number | undefined;
  /** day − reference (for ratios: in fractions, so ×100 = percentage points). */
  readonly delta: number | undefined;
  /** (day − reference) / |reference|; undefined for ratios and a zero reference. */
  readonly relative: number | undefined;
  readonly ratio: boolean;
  /** better / worse / same for the line; undefined when not comparable or neutral. */
  readonly verdict: 'better' | 'worse' | 'same' | undefined;
}

export interface DailySummary {
  readonly plant: { readonly id: string; readonly name: string };
  readonly date: string;
  readonly window: DayWindow;
  readonly scenario: string | undefined;
  readonly reference: { readonly kind: ReferenceKind; readonly scenario: string | undefined };
  readonly kpis: DayKpis;
  readonly referenceKpis: DayKpis;
  readonly comparisons: readonly KpiComparison[];
  readonly notable: readonly NotableEvent[];
  /** The two best-ranked measured changes (fewer when fewer qualified). */
  readonly proposals: readonly RankedProposal[];
  readonly tomorrow?: {
    readonly fromMs: number;
    readonly toMs: number;
    readonly reference: TomorrowFigures;
    readonly candidates: number;
    readonly qualifying: number;
  };
}

/** The first proposal (best of round one) and the second (best on top of the first), when they qualified. */
function twoProposals(plan: TomorrowPlan | undefined): RankedProposal[] {
  const out: RankedProposal[] = [];
  const first = plan?.ranked[0];
  if (first !== undefined) out.push(first);
  const second = plan?.second?.ranked[0];
  if (second !== undefined) out.push(second);
  return out;
}

function fail(code: string, message: string, hint: string, path: string): never {
  throw new AetherError({ code, message, hint, path });
}

function checkLog(log: DayLog, plant: Plant, path: string): void {
  if (!(Number.isFinite(log.fromMs) && Number.isFinite(log.toMs) && log.toMs > log.fromMs)) {
    fail(
      'summary.window-invalid',
      `The ${path} window [${log.fromMs}, ${log.toMs}] is empty or not finite.`,
      'Give fromMs < toMs in ms since epoch.',
      path,
    );
  }
  const list: unknown = log.events;
  if (!Array.isArray(list) || !log.events.some((e) => e.time >= log.fromMs && e.time <= log.toMs)) {
    fail(
      'summary.log-empty',
      `The ${path} event log has no event inside its window.`,
      "Run the twin (or the live line) over the day first; a summary needs the day's events.",
      `${path}.events`,
    );
  }
  const stations = new Set(plant.stations.map((s) => s.id));
  for (const e of log.events) {
    if (
      e.type === 'SimulationStarted' &&
      typeof e.data['plant'] === 'string' &&
      e.data['plant'] !== plant.id
    ) {
      fail(
        'summary.plant-mismatch',
        `The ${path} log is of plant '${e.data['plant']}', the summary's plant is '${plant.id}'.`,
        'Compare two days of the same plant file.',
        `${path}.events`,
      );
    }
    if (e.type === 'StationStateChanged' && !stations.has(String(e.data['station']))) {
      fail(
        'summary.plant-mismatch',
        `The ${path} log names station '${String(e.data['station'])}', which plant '${plant.id}' does not have.`,
        'Compare two days of the same plant file.',
        `${path}.events`,
      );
    }
  }
}

function compare(kpi: SummaryKpi, day: number | undefined, ref: number | undefined): KpiComparison {
  const ratio = RATIOS.has(kpi);
  if (day === undefined || ref === undefined)
    return { kpi, day, reference: ref, delta: undefined, relative: undefined, ratio, verdict: undefined };
  const delta = day - ref;
  const relative = ratio || ref === 0 ? undefined : delta / Math.abs(ref);
  const same = Math.abs(delta) <= 1e-9 * Math.max(1, Math.abs(ref));
  const verdict = NEUTRAL.has(kpi)
    ? undefined
    : same
      ? 'same'
      : delta > 0 === HIGHER_IS_BETTER.has(kpi)
        ? 'better'
        : 'worse';
  return { kpi, day, reference: ref, delta, relative, ratio, verdict };
}

/**
 * Builds the summary. Throws coded errors for bad input: `summary.window-invalid`, `summary.log-empty`,
 * `summary.plant-mismatch`, `summary.window-mismatch` (day and reference of different lengths).
 */
export function summarizeDay(input: DailySummaryInput): DailySummary {
  const { plant, day, reference } = input;
  checkLog(day, plant, 'day');
  checkLog(reference, plant, 'reference');
  const dayLen = day.toMs - day.fromMs;
  const refLen = reference.toMs - reference.fromMs;
  if (Math.abs(dayLen - refLen) > 1000) {
    fail(
      'summary.window-mismatch',
      `The day covers ${(dayLen / 3.6e6).toFixed(2)} h, the reference ${(refLen / 3.6e6).toFixed(2)} h.`,
      'Compare equal stretches of time (the same hours of the day).',
      'reference',
    );
  }
  const kpis = dayKpis(day.events, plant, day);
  const referenceKpis = dayKpis(reference.events, plant, reference);
  const tomorrow = input.tomorrow;
  return {
    plant: { id: plant.id, name: plant.name },
    date: isoDay(day.fromMs),
    window: { fromMs: day.fromMs, toMs: day.toMs },
    scenario: day.scenario,
    reference: { kind: reference.kind, scenario: reference.scenario },
    kpis,
    referenceKpis,
    comparisons: SUMMARY_KPIS.map((k) => compare(k, kpis[k], referenceKpis[k])),
    notable: notableEvents(day.events, day, input.decisions ?? []),
    proposals: twoProposals(tomorrow),
    ...(tomorrow === undefined
      ? {}
      : {
          tomorrow: {
            fromMs: tomorrow.fromMs,
            toMs: tomorrow.toMs,
            reference: tomorrow.reference,
            candidates: tomorrow.measured.length,
            qualifying: tomorrow.ranked.length,
          },
        }),
  };
}
