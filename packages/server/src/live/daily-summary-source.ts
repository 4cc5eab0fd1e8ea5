import {
  silentLogger,
  type EventStore,
  type Logger,
  type NewEvent,
  type Plant,
  type StoredEvent,
} from '@aethercore/core';
import { createTwin, type Twin } from '@aethercore/twin';
import {
  findingFromEvent,
  planTomorrowSteps,
  renderMarkdown,
  summarizeDay,
  tomorrowCandidates,
  type DailySummary,
  type ProposalDecision,
  type ReferenceKind,
  type ReportLanguage,
  type TomorrowPlan,
} from '@aethercore/agents';
import type { Governance } from '../governance/governance.ts';
import type { LoopingTwin } from './looping-twin.ts';

const H = 3_600_000;

export interface DailySummaryResponse {
  readonly lang: ReportLanguage;
  /** The reference day: `undisturbed` (the `baseline` scenario) or `without-actions` (the same day, no commands). */
  readonly against: ReferenceKind;
  /** Sim time the summary is computed up to (live clock). */
  readonly asOf: number;
  readonly summary: DailySummary;
  /** The report as Markdown in `lang`. */
  readonly markdown: string;
  /**
   * The what-ifs for tomorrow run in the background (several twin forks, seconds of CPU): `computing`
   * until the first set is measured, then `ready` with the sim time they were measured from.
   */
  readonly proposals: { readonly status: 'computing' | 'ready'; readonly measuredAt: number | null };
}

export interface DailySummarySourceOptions {
  readonly plant: Plant;
  readonly twin: LoopingTwin;
  readonly events: EventStore;
  /** Scenario and seed of the live run (the twin of loop n runs seed + n). */
  readonly scenario: string;
  readonly seed: number;
  readonly governance?: Governance;
  /** What-if horizon (default 24 h) and how often they are re-measured (sim ms; default 1 h). */
  readonly horizonMs?: number;
  readonly refreshMs?: number;
  /** Yields to the event loop between two forks (default: setImmediate). */
  readonly yieldNow?: () => Promise<void>;
  readonly logger?: Logger;
}

/** The plan's times on the live (continuous) clock. */
const shift = (p: TomorrowPlan, offsetMs: number): TomorrowPlan => ({
  ...p,
  fromMs: p.fromMs + offsetMs,
  toMs: p.toMs + offsetMs,
});

export type DailySummarySource = (q: {
  lang: ReportLanguage;
  against: ReferenceKind;
}) => Promise<DailySummaryResponse>;

/**
 * The live daily summary for `GET /api/summary/daily`: the running day from the event store (the
 * stored events of the current replay of the day, read incrementally) against a reference twin of the
 * same day run to the same simulated time, plus what-ifs for tomorrow measured in forks of a frozen
 * copy of the running twin, one fork per event-loop turn so the line keeps running meanwhile.
 * People's decisions come from Sentinel's inbox for the proposals the day's findings name; the inbox
 * keeps wall-clock times, so a decision is listed at its proposal's (sim) time.
 */
export function dailySummarySource(o: DailySummarySourceOptions): DailySummarySource {
  const horizonMs = o.horizonMs ?? 24 * H;
  const refreshMs = o.refreshMs ?? H;
  const yieldNow = o.yieldNow ?? (() => new Promise<void>((r) => setImmediate(r)));
  const logger = o.logger ?? silentLogger;
  let dayEvents: StoredEvent[] = [];
  let readSeq = 0;
  let day = -1;
  const refs = new Map<ReferenceKind, { loop: number; twin: Twin; notes: number }>();
  let plan: { loop: number; at: number; plan: TomorrowPlan } | undefined;
  let planning: Promise<void> | undefined;

  const readDay = async (): Promise<void> => {
    const dayStart = o.twin.dayStart();
    if (o.twin.loop !== day) {
      day = o.twin.loop;
      dayEvents = dayEvents.filter((e) => e.time >= dayStart);
    }
    for (;;) {
      const batch = await o.events.read({ afterSeq: readSeq, limit: 20_000 });
      for (const e of batch) if (e.time >= dayStart) dayEvents.push(e);
      readSeq = batch.at(-1)?.seq ?? readSeq;
      if (batch.length < 20_000) return;
    }
  };

  const reference = (kind: ReferenceKind, untilTwinMs: number): Twin => {
    let r = refs.get(kind);
    if (r === undefined || r.loop !== o.twin.loop) {
      const scenario = kind === 'undisturbed' ? 'baseline' : o.scenario;
      r = {
        loop: o.twin.loop,
        twin: createTwin({ plant: o.plant, scenario, seed: o.seed + o.twin.loop }),
        notes: 0,
      };
      refs.set(kind, r);
    }
    if (kind === 'without-actions') {
      // A sick note a person reported is a fact of the day, not an action: the day without the
      // actions has it too, at the same time (only reported notes log `durationMs`; the scenario's
      // random ones are in the reference's own scenario already).
      const notes = dayEvents.filter(
        (e) => e.type === 'WorkerReportedSick' && typeof e.data?.['durationMs'] === 'number',
      );
      for (const e of notes.slice(r.notes)) {
        const at = e.time - o.twin.offsetMs;
        if (at > untilTwinMs) break;
        if (at > r.twin.now()) r.twin.advanceTo(at);
        r.twin.apply({
          type: 'ReportWorkerSick',
          worker: String(e.data['worker']),
          durationMs: e.data['durationMs'] as number,
        });
        r.notes++;
      }
    }
    if (untilTwinMs > r.twin.now()) r.twin.advanceTo(untilTwinMs);
    return r.twin;
  };

  const measure = async (): Promise<void> => {
    // A frozen copy: every candidate starts from the same state while the live twin moves on.
    const base = o.twin.twin.fork();
    const loop = o.twin.loop;
    const offset = o.twin.offsetMs;
    const at = base.now() + offset;
    const eventsOfDay: NewEvent[] = dayEvents.map((e) => ({ ...e, time: e.time - o.twin.offsetMs }));
    const candidates = tomorrowCandidates(o.plant, base, eventsOfDay);
    // One fork per event-loop turn: the line, OPC UA and the SSE streams keep running meanwhile.
    const steps = planTomorrowSteps(base, candidates, { horizonMs });
    for (;;) {
      await yieldNow();
      const r = steps.next();
      if (r.done === true) {
        plan = { loop, at, plan: shift(r.value, offset) };
        return;
      }
    }
  };

  const decisions = (): ProposalDecision[] => {
    const inbox = o.governance?.sentinel.inbox;
    if (inbox === undefined) return [];
    const out: ProposalDecision[] = [];
    for (const e of dayEvents) {
      const f = findingFromEvent(e);
      const item = f?.proposalId === undefined ? undefined : inbox.get(f.proposalId);
      if (f === undefined || item === undefined || item.status === 'pending') continue;
      const by =
        item.status === 'rejected'
          ? (item.rejection?.by ?? '?')
          : item.approvals.map((a) => a.by).join(', ') || 'policy';
      out.push({ time: e.time, proposalId: item.id, outcome: item.status, by, title: f.title });
    }
    return out;
  };

  return async ({ lang, against }) => {
    await readDay();
    const offset = o.twin.offsetMs;
    const fromMs = o.twin.dayStart();
    const toMs = Math.max(fromMs + 1, o.twin.now());
    const ref = reference(against, toMs - offset);
    const stale = plan === undefined || plan.loop !== o.twin.loop || toMs - plan.at >= refreshMs;
    if (stale && planning === undefined) {
      // A failed what-if run is logged and retried on the next request; the summary itself still answers.
      planning = measure()
        .catch((e: unknown) =>
          logger.log('warn', 'daily summary what-ifs failed', {
            error: e instanceof Error ? e.message : String(e),
          }),
        )
        .finally(() => (planning = undefined));
    }
    const current = plan !== undefined && plan.loop === o.twin.loop ? plan : undefined;
    const summary = summarizeDay({
      plant: o.plant,
      day: { events: dayEvents, fromMs, toMs, scenario: o.scenario },
      reference: {
        kind: against,
        events: ref.events(),
        fromMs: fromMs - offset,
        toMs: toMs - offset,
        scenario: against === 'undisturbed' ? 'baseline' : `${o.scenario} (no commands)`,
      },
      decisions: decisions(),
      ...(current === undefined ? {} : { tomorrow: current.plan }),
    });
    return {
      lang,
      against,
      asOf: toMs,
      summary,
      markdown: renderMarkdown(summary, lang),
      proposals: { status: current === undefined ? 'computing' : 'ready', measuredAt: current?.at ?? null },
    };
  };
}
