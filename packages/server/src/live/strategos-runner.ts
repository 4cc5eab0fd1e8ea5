import type { EventStore, Logger, Plant, StoredEvent } from '@aethercore/core';
import {
  Strategos,
  type AgentFinding,
  type PlanView,
  type ReplanReport,
  type StrategosOptions,
  type TriggerEvent,
} from '@aethercore/agents';
import type { ReviewRoute } from '@aethercore/governance';
import type { PlanResponse } from '../api/types.ts';
import type { Governance } from '../governance/governance.ts';
import type { LiveHub } from './live-hub.ts';
import type { LoopingTwin } from './looping-twin.ts';
import { createFindingSink } from './agent-findings.ts';

export interface StrategosRunnerOptions {
  readonly twin: LoopingTwin;
  readonly plant: Plant;
  readonly hub: LiveHub;
  /** The event log: findings are stored there (`createFindingSink`) unless `findings` is given. */
  readonly events: EventStore;
  readonly findings?: (findings: readonly AgentFinding[]) => Promise<void>;
  /** Sentinel; without it Strategos reports findings and proposes nothing. */
  readonly governance?: Governance;
  /** Saves the approval inbox after a proposal entered it. */
  readonly persist?: () => Promise<void>;
  readonly logger: Logger;
  /** Wall ms to wait after a trigger for more (a burst of events is one re-plan). Default 300. */
  readonly debounceMs?: number;
  /** Wall ms the planning engine's improvement step may take (its Deadline). Default 600. */
  readonly budgetMs?: number;
  /** The plan is rebuilt from the twin's state when it is older than this (sim ms). Default 1 h. */
  readonly refreshSimMs?: number;
  readonly agent?: Omit<StrategosOptions, 'plant'>;
  readonly wallNow?: () => number;
}

/** The event types the agent's knowledge is built from (priorities, rush orders, delays, breakdowns). */
const KNOWLEDGE_TYPES = [
  'OrderPriorityChanged',
  'OrderReceived',
  'SupplierDeliveryDelayed',
  'StationFailed',
  'StationRepaired',
];

const round = (v: number | null): number | null => (v === null ? null : Math.round(v));
const pct = (sorted: readonly number[], p: number): number | null =>
  sorted.length === 0
    ? null
    : (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? null);

/**
 * Strategos in the live loop. It listens to the events the real-time driver stores (the hub's
 * `events`), keeps the agent's knowledge current, and on a disruption (late delivery, breakdown,
 * cancellation, rush order, sick worker) waits `debounceMs` for the burst to end, then runs the
 * agent on the running twin: re-plan within `budgetMs`, two what-if forks, findings to the event
 * log, the proposal (if the twin shows a gain) to Sentinel's review like every other agent's.
 * The latency is measured from the trigger's arrival here to the reviewed proposal.
 *
 * The agent runs on the event loop (it is pure and synchronous); a re-plan with its what-if runs
 * stalls the driver for that long, which the driver absorbs by catching up from the wall clock.
 */
export class StrategosRunner {
  readonly #o: StrategosRunnerOptions;
  readonly #now: () => number;
  readonly #sink: (findings: readonly AgentFinding[]) => Promise<void>;
  #agent: Strategos;
  #loop: number;
  #pending: { event: TriggerEvent; arrivedAt: number }[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #chain: Promise<void> = Promise.resolve();
  #unsubscribe: (() => void) | undefined;
  #stopped = false;
  #seq = 0;
  #last: { report: ReplanReport; route?: ReviewRoute; latencyMs: number; offset: number } | undefined;
  #planOffset = 0;
  readonly #latencies: number[] = [];
  replans = 0;

  constructor(o: StrategosRunnerOptions) {
    this.#o = o;
    this.#now = o.wallNow ?? (() => performance.now());
    this.#sink = o.findings ?? createFindingSink(o.events, o.hub, o.logger);
    this.#agent = new Strategos({ plant: o.plant, ...o.agent });
    this.#loop = o.twin.loop;
  }

  start(): void {
    // Events stored before the start (a fast-forward to --start-at) are read back first, so the agent
    // knows the delays and breakdowns of the morning; live events wait in a buffer until then.
    let buffered: StoredEvent[] | undefined = [];
    this.#unsubscribe = this.#o.hub.subscribe((m) => {
      if (m.kind !== 'events') return;
      if (buffered !== undefined) buffered.push(...m.events);
      else this.#onEvents(m.events);
    });
    this.#enqueue(async () => {
      let after = 0;
      for (;;) {
        const page = await this.#o.events.read({ afterSeq: after, limit: 5_000, types: KNOWLEDGE_TYPES });
        const last = page[page.length - 1];
        if (last === undefined) break;
        after = last.seq;
        this.#observeOnly(page);
      }
      const rest = (buffered ?? []).filter((e) => e.seq > after);
      buffered = undefined;
      this.#refresh('initial');
      if (rest.length > 0) this.#onEvents(rest);
    });
  }

  /** Past events: knowledge only, no re-plan (what happened before the start is already in the twin's state). */
  #observeOnly(stored: readonly StoredEvent[]): void {
    const lt = this.#o.twin;
    const offset = lt.offsetMs;
    const dayStart = lt.dayStart();
    this.#agent.observe(
      stored
        .filter((e) => e.time >= dayStart)
        .map((e) => ({ type: e.type, time: e.time - offset, data: e.data })),
    );
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    clearTimeout(this.#timer);
    await this.#chain;
  }

  /** Runs what is pending now (tests): the debounce is skipped. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length > 0) this.#enqueue(() => this.#react());
    await this.#chain;
  }

  get plan(): PlanView | undefined {
    return this.#agent.plan;
  }

  /** Wall ms from trigger to reviewed proposal (or finding), per re-plan since the start. */
  latencies(): readonly number[] {
    return this.#latencies;
  }

  /** `/api/plan`: times on the live clock (the looping twin's offset added). */
  response(): PlanResponse {
    const p = this.#agent.plan;
    const off = this.#planOffset;
    const sorted = [...this.#latencies].sort((a, b) => a - b);
    const last = this.#last;
    return {
      plan:
        p === undefined
          ? null
          : {
              ...p,
              builtAt: p.builtAt + off,
              orders: p.orders.map((o) => ({
                ...o,
                dueAt: o.dueAt + off,
                release: o.release + off,
                ...(o.completion === undefined ? {} : { completion: o.completion + off }),
              })),
              operations: p.operations.map((x) => ({ ...x, start: x.start + off, end: x.end + off })),
              kpis: { ...p.kpis, makespanAt: p.kpis.makespanAt + off },
            },
      lastReplan:
        last === undefined
          ? null
          : {
              time: last.report.time + last.offset,
              triggers: last.report.triggers.map((t) => ({ ...t, time: t.time + last.offset })),
              outcome: last.report.outcome,
              events: last.report.events,
              ...(last.report.planner === undefined ? {} : { planner: last.report.planner }),
              ...(last.report.sequence === undefined ? {} : { sequence: last.report.sequence }),
              ...(last.report.priorities === undefined ? {} : { priorities: last.report.priorities }),
              ...(last.report.simulated === undefined
                ? {}
                : {
                    simulated: {
                      fromMs: last.report.simulated.fromMs + last.offset,
                      toMs: last.report.simulated.toMs + last.offset,
                      kpis: last.report.simulated.kpis,
                      deltas: last.report.simulated.deltas,
                    },
                  }),
              ...(last.report.proposalId === undefined ? {} : { proposalId: last.report.proposalId }),
              ...(last.route === undefined ? {} : { route: last.route }),
              latencyMs: Math.round(last.latencyMs),
            },
      latency: {
        count: sorted.length,
        p50Ms: round(pct(sorted, 0.5)),
        p95Ms: round(pct(sorted, 0.95)),
        maxMs: round(sorted[sorted.length - 1] ?? null),
      },
    };
  }

  #onEvents(stored: readonly StoredEvent[]): void {
    if (this.#stopped) return;
    const lt = this.#o.twin;
    if (lt.loop !== this.#loop) {
      // A new replayed day: a fresh agent (its knowledge belongs to the twin of that day).
      this.#loop = lt.loop;
      this.#agent = new Strategos({ plant: this.#o.plant, ...this.#o.agent });
      this.#pending = [];
      this.#enqueue(() => this.#refresh('initial'));
    }
    const offset = lt.offsetMs;
    const dayStart = lt.dayStart();
    // Events are on the live clock; the agent works in the twin's own time.
    const local = stored
      .filter((e) => e.time >= dayStart && e.stream.startsWith('agents/') === false)
      .map((e) => ({ type: e.type, time: e.time - offset, data: e.data }));
    if (local.length === 0) return;
    const triggers = this.#agent.observe(local);
    const arrivedAt = this.#now();
    for (const t of triggers) this.#pending.push({ event: t, arrivedAt });
    if (this.#pending.length > 0) {
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        this.#enqueue(() => this.#react());
      }, this.#o.debounceMs ?? 300);
      return;
    }
    const plan = this.#agent.plan;
    const simNow = lt.now() - offset;
    // An executed priority change (Dexter → twin) changes the line's sequence: show it at once.
    const reprioritised = local.some((e) => e.type === 'OrderPriorityChanged');
    if (
      plan !== undefined &&
      (reprioritised || simNow - plan.builtAt > (this.#o.refreshSimMs ?? 3_600_000)) &&
      !this.#refreshing
    ) {
      this.#refreshing = true;
      this.#enqueue(() => this.#refresh('refresh'));
    }
  }
  #refreshing = false;

  #enqueue(task: () => Promise<void> | void): void {
    this.#chain = this.#chain
      .then(async () => {
        if (!this.#stopped) await task();
      })
      .catch((e: unknown) =>
        this.#o.logger.log('warn', 'strategos failed', { error: e instanceof Error ? e.message : String(e) }),
      );
  }

  #refresh(reason: 'initial' | 'refresh'): void {
    try {
      this.#agent.refresh(this.#o.twin.twin, reason);
      this.#planOffset = this.#o.twin.offsetMs;
    } finally {
      this.#refreshing = false;
    }
  }

  async #react(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    const gov = this.#o.governance;
    const lt = this.#o.twin;
    const offset = lt.offsetMs;
    const budget = this.#o.budgetMs ?? 600;
    const started = this.#now();
    const deadline = { expired: () => this.#now() - started > budget };
    const id =
      gov === undefined
        ? undefined
        : `PLAN-${new Date(gov.clock.now()).toISOString().slice(0, 10)}-d${lt.loop}-${++this.#seq}`;
    const result = this.#agent.react(
      lt.twin,
      batch.map((b) => b.event),
      {
        deadline,
        clock: { now: () => this.#now() },
        ...(gov === undefined || id === undefined
          ? {}
          : { proposal: { id, createdAt: gov.clock.now(), stateVersion: gov.stateVersion() } }),
      },
    );
    this.#planOffset = offset;
    let route: ReviewRoute | undefined;
    let reasons: readonly string[] = [];
    if (result.proposal !== undefined && gov !== undefined) {
      const me = gov.identities.get('strategos');
      if (me !== undefined) {
        const review = await gov.sentinel.review(result.proposal, me, gov.stateVersion());
        route = review.route;
        reasons = review.verdict.reasons.map((r) => r.code);
        if (route === 'inbox') await this.#o.persist?.();
      }
    }
    const latencyMs = this.#now() - Math.min(...batch.map((b) => b.arrivedAt));
    this.#latencies.push(latencyMs);
    this.replans++;
    const report = result.report;
    if (report !== undefined)
      this.#last = { report, ...(route === undefined ? {} : { route }), latencyMs, offset };
    const findings = result.findings.map((f) => ({
      ...f,
      time: f.time + offset,
      evidence: {
        ...f.evidence,
        latencyMs: Math.round(latencyMs),
        ...(route === undefined ? {} : { route, reasons }),
      },
    }));
    await this.#sink(findings);
    this.#o.logger.log(route === 'rejected' ? 'warn' : 'info', 'strategos re-planned', {
      triggers: batch.map((b) => b.event.type),
      outcome: report?.outcome,
      ...(route === undefined ? {} : { proposal: id, route, reasons }),
      latencyMs: Math.round(latencyMs),
      ...(report?.timings === undefined ? {} : { timings: report.timings }),
    });
  }
}
