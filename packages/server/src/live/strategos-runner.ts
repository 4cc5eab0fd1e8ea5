import { AetherError, type EventStore, type Logger, type Plant, type StoredEvent } from '@aethercore/core';
import {
  REPLAN_TRIGGERS,
  Strategos,
  type AgentFinding,
  type PlanView,
  type ReplanReport,
  type ShiftCoverage,
  type StrategosOptions,
  type TriggerEvent,
} from '@aethercore/agents';
import type { ActionProposal, ReviewRoute } from '@aethercore/governance';
import type { PlanResponse } from '../api/types.ts';
import type { Governance } from '../governance/governance.ts';
import type { LiveHub } from './live-hub.ts';
import type { LoopingTwin } from './looping-twin.ts';
import { createFindingSink } from './agent-findings.ts';
import {
  PlanJobRunner,
  scanCommands,
  twinRecipe,
  type AppliedCommand,
  type PlanJobRequest,
  type PlanJobResult,
} from './strategos-plan-job.ts';
import { StrategosWorkerClient, type StrategosWorkerOptions } from './strategos-worker-client.ts';

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
  /**
   * The seed of the twin of each replayed day (`createTwin({ seed })`). With it the planning runs in
   * a worker thread on a replica of the twin (rebuilt there by deterministic replay); without it, or
   * with `inProcess`, on this thread (the event loop stalls for the re-plan's duration).
   */
  readonly twinSeed?: (loop: number) => number;
  readonly inProcess?: boolean;
  /** Worker limits and entry (tests). */
  readonly worker?: Pick<StrategosWorkerOptions, 'marginMs' | 'startTimeoutMs' | 'entry'>;
  /** Tests only: a fault for the worker to act out on job n (crash, hang, throw). */
  readonly faults?: (job: number) => PlanJobRequest['fault'];
}

/**
 * `/api/plan` as Strategos serves it: `PlanResponse` plus the last re-plan's shift plan (coverage per
 * shift, changes, overtime) and the roster proposal's id and route.
 */
export type StrategosPlanResponse = PlanResponse & {
  readonly lastReplan:
    | (NonNullable<PlanResponse['lastReplan']> & {
        readonly shifts?: ShiftCoverage;
        readonly rosterProposalId?: string;
        readonly rosterRoute?: string;
      })
    | null;
};

/** The event types the agent's knowledge is built from (priorities, rush orders, delays, breakdowns, absences). */
const KNOWLEDGE_TYPES = [
  'OrderPriorityChanged',
  'OrderReceived',
  'SupplierDeliveryDelayed',
  'StationFailed',
  'StationRepaired',
  'WorkerReportedSick',
];
const KEEP = new Set<string>([...KNOWLEDGE_TYPES, ...REPLAN_TRIGGERS]);

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
 * With `twinSeed` the agent's planning (model, re-plan, what-if forks, shift plan) runs in a worker
 * thread (`StrategosWorkerClient`) on a replica of the twin, so the event loop stays free; one
 * request is in flight at a time, and triggers arriving meanwhile are coalesced into the next one.
 * A crashed or hung worker yields a `replan-failed` finding with the error's code and is replaced.
 */
export class StrategosRunner {
  readonly #o: StrategosRunnerOptions;
  readonly #now: () => number;
  readonly #sink: (findings: readonly AgentFinding[]) => Promise<void>;
  #agent: Strategos;
  /** The events the agent's knowledge was built from this replayed day (twin time), for the worker's requests. */
  #knowledge: { type: string; time: number; data: Readonly<Record<string, unknown>> }[] = [];
  #scan: { loop: number; upTo: number; commands: AppliedCommand[] } = { loop: -1, upTo: 0, commands: [] };
  readonly #worker: StrategosWorkerClient | undefined;
  readonly #inline: PlanJobRunner;
  #plan: PlanView | undefined;
  #jobs = 0;
  #loop: number;
  #pending: { event: TriggerEvent; arrivedAt: number }[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #chain: Promise<void> = Promise.resolve();
  #unsubscribe: (() => void) | undefined;
  #stopped = false;
  #seq = 0;
  #last:
    | {
        report: ReplanReport;
        route?: ReviewRoute;
        rosterRoute?: ReviewRoute;
        latencyMs: number;
        offset: number;
      }
    | undefined;
  #planOffset = 0;
  readonly #latencies: number[] = [];
  replans = 0;
  /** Plan requests that failed (worker crash, timeout, replica mismatch). */
  failures = 0;

  constructor(o: StrategosRunnerOptions) {
    this.#o = o;
    this.#now = o.wallNow ?? (() => performance.now());
    this.#sink = o.findings ?? createFindingSink(o.events, o.hub, o.logger);
    this.#agent = new Strategos({ plant: o.plant, ...o.agent });
    this.#loop = o.twin.loop;
    this.#inline = new PlanJobRunner(o.plant, this.#now);
    this.#worker =
      o.twinSeed === undefined || o.inProcess === true
        ? undefined
        : new StrategosWorkerClient({ plant: o.plant, logger: o.logger, ...o.worker });
  }

  #inFlight = false;
  /** True while a plan request is with the worker (newer triggers wait and are coalesced into the next one). */
  get inFlight(): boolean {
    return this.#inFlight;
  }

  /** True when the planning runs in a worker thread. */
  get threaded(): boolean {
    return this.#worker !== undefined;
  }

  /** Workers started (1 + restarts after a crash or timeout); 0 in-process. */
  get workersStarted(): number {
    return this.#worker?.started ?? 0;
  }

  start(): void {
    this.#worker?.warm();
    this.#refreshing = true;
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
      await this.#refresh('initial');
      if (rest.length > 0) this.#onEvents(rest);
    });
  }

  /** Past events: knowledge only, no re-plan (what happened before the start is already in the twin's state). */
  #observeOnly(stored: readonly StoredEvent[]): void {
    const lt = this.#o.twin;
    const offset = lt.offsetMs;
    const dayStart = lt.dayStart();
    const local = stored
      .filter((e) => e.time >= dayStart)
      .map((e) => ({ type: e.type, time: e.time - offset, data: e.data }));
    this.#remember(local);
    this.#agent.observe(local);
  }

  #remember(local: readonly { type: string; time: number; data: Readonly<Record<string, unknown>> }[]): void {
    for (const e of local) if (KEEP.has(e.type)) this.#knowledge.push(e);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    clearTimeout(this.#timer);
    await this.#chain;
    await this.#worker?.close();
  }

  /** Runs what is pending now (tests): the debounce is skipped. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length > 0) this.#enqueue(() => this.#react());
    await this.#chain;
  }

  get plan(): PlanView | undefined {
    return this.#plan;
  }

  /** Wall ms from trigger to reviewed proposal (or finding), per re-plan since the start. */
  latencies(): readonly number[] {
    return this.#latencies;
  }

  /** `/api/plan`: times on the live clock (the looping twin's offset added). */
  response(): StrategosPlanResponse {
    const p = this.#plan;
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
              ...(last.report.shifts === undefined
                ? {}
                : {
                    shifts: {
                      ...last.report.shifts,
                      time: last.report.shifts.time + last.offset,
                      shifts: last.report.shifts.shifts.map((x) => ({
                        ...x,
                        start: x.start + last.offset,
                        end: x.end + last.offset,
                      })),
                    },
                  }),
              ...(last.report.rosterProposalId === undefined
                ? {}
                : { rosterProposalId: last.report.rosterProposalId }),
              ...(last.rosterRoute === undefined ? {} : { rosterRoute: last.rosterRoute }),
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
      this.#knowledge = [];
      this.#pending = [];
      this.#plan = undefined;
      this.#refreshing = true;
      this.#enqueue(() => this.#refresh('initial'));
    }
    const offset = lt.offsetMs;
    const dayStart = lt.dayStart();
    // Events are on the live clock; the agent works in the twin's own time.
    const local = stored
      .filter((e) => e.time >= dayStart && e.stream.startsWith('agents/') === false)
      .map((e) => ({ type: e.type, time: e.time - offset, data: e.data }));
    if (local.length === 0) return;
    this.#remember(local);
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
    const plan = this.#plan;
    const simNow = lt.now() - offset;
    // An executed priority change (Dexter → twin) changes the line's sequence: show it at once.
    const reprioritised = local.some((e) => e.type === 'OrderPriorityChanged');
    // No plan yet and none coming (the first one failed): try again.
    if (
      (plan === undefined || reprioritised || simNow - plan.builtAt > (this.#o.refreshSimMs ?? 3_600_000)) &&
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

  /** One plan job, in the worker (replica of the twin) or on this thread (the twin itself). */
  async #job(
    kind: PlanJobRequest['kind'],
    extra: Pick<PlanJobRequest, 'reason' | 'triggers' | 'proposal'>,
  ): Promise<PlanJobResult> {
    const lt = this.#o.twin;
    const base = {
      id: ++this.#jobs,
      kind,
      knowledge: [...this.#knowledge],
      budgetMs: this.#o.budgetMs ?? 600,
      ...(this.#o.agent === undefined ? {} : { agent: this.#o.agent }),
      ...extra,
    };
    const fault = this.#o.faults?.(base.id);
    const seed = this.#o.twinSeed;
    if (this.#worker === undefined || seed === undefined) return this.#inline.runOn(lt.twin, base);
    if (this.#scan.loop !== lt.loop) this.#scan = { loop: lt.loop, upTo: 0, commands: [] };
    this.#scan = { loop: lt.loop, ...scanCommands(lt.twin.events(), this.#scan) };
    const twin = twinRecipe(lt.twin, lt.loop, seed(lt.loop), this.#scan.commands);
    this.#inFlight = true;
    try {
      return await this.#worker.run({ ...base, twin, ...(fault === undefined ? {} : { fault }) });
    } finally {
      this.#inFlight = false;
    }
  }

  async #refresh(reason: 'initial' | 'refresh'): Promise<void> {
    const offset = this.#o.twin.offsetMs;
    try {
      const r = await this.#job('refresh', { reason, triggers: [] });
      this.#plan = r.plan;
      this.#planOffset = offset;
    } catch (e) {
      this.failures++;
      this.#o.logger.log('warn', 'strategos plan refresh failed', errorFields(e));
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
    const simNow = lt.twin.now();
    const loop = lt.loop;
    const id =
      gov === undefined
        ? undefined
        : `PLAN-${new Date(gov.clock.now()).toISOString().slice(0, 10)}-d${lt.loop}-${++this.#seq}`;
    let result: PlanJobResult;
    try {
      result = await this.#job('react', {
        triggers: batch.map((b) => b.event),
        ...(gov === undefined || id === undefined
          ? {}
          : { proposal: { id, createdAt: gov.clock.now(), stateVersion: gov.stateVersion() } }),
      });
    } catch (e) {
      // Never a dead loop: the failure is a finding (with its code), the next trigger re-plans again.
      this.failures++;
      const f = errorFields(e);
      this.#o.logger.log('warn', 'strategos re-plan failed', {
        ...f,
        triggers: batch.map((b) => b.event.type),
      });
      await this.#sink([
        {
          agent: 'strategos',
          kind: 'replan-failed',
          severity: 'warning',
          time: simNow + offset,
          subject: this.#o.plant.line.id,
          title: {
            en: `Re-plan failed (${f.code}); the plan is unchanged`,
            de: `Neuplanung fehlgeschlagen (${f.code}); der Plan bleibt unverändert`,
          },
          detail: { en: f.error, de: f.error },
          evidence: { code: f.code, triggers: batch.map((b) => b.event.type), threaded: this.threaded },
        },
      ]);
      return;
    }
    if (lt.loop !== loop) return; // the day ended while planning: the result belongs to the old twin
    this.#plan = result.plan;
    this.#planOffset = offset;
    const review = async (
      p: ActionProposal | undefined,
    ): Promise<{ route: ReviewRoute; reasons: readonly string[] } | undefined> => {
      const me = gov?.identities.get('strategos');
      if (p === undefined || gov === undefined || me === undefined) return undefined;
      const r = await gov.sentinel.review(p, me, gov.stateVersion());
      if (r.route === 'inbox') await this.#o.persist?.();
      return { route: r.route, reasons: r.verdict.reasons.map((x) => x.code) };
    };
    const main = await review(result.proposal);
    // The roster change has no executor: the policy routes schedule-change to a person, who applies it.
    const roster = await review(result.rosterProposal);
    const route = main?.route;
    const reasons = main?.reasons ?? [];
    const latencyMs = this.#now() - Math.min(...batch.map((b) => b.arrivedAt));
    this.#latencies.push(latencyMs);
    this.replans++;
    const report = result.report;
    if (report !== undefined)
      this.#last = {
        report,
        ...(route === undefined ? {} : { route }),
        ...(roster === undefined ? {} : { rosterRoute: roster.route }),
        latencyMs,
        offset,
      };
    const findings = result.findings.map((f) => {
      const r = f.kind === 'shift-plan' ? roster : main;
      return {
        ...f,
        time: f.time + offset,
        evidence: {
          ...f.evidence,
          latencyMs: Math.round(latencyMs),
          ...(r === undefined ? {} : { route: r.route, reasons: r.reasons }),
        },
      };
    });
    await this.#sink(findings);
    this.#o.logger.log(route === 'rejected' ? 'warn' : 'info', 'strategos re-planned', {
      triggers: batch.map((b) => b.event.type),
      outcome: report?.outcome,
      ...(route === undefined ? {} : { proposal: id, route, reasons }),
      ...(roster === undefined
        ? {}
        : { rosterProposal: result.rosterProposal?.id, rosterRoute: roster.route }),
      ...(report?.shifts === undefined ? {} : { shifts: report.shifts.outcome }),
      latencyMs: Math.round(latencyMs),
      ...(report?.timings === undefined ? {} : { timings: report.timings }),
    });
  }
}

function errorFields(e: unknown): { code: string; error: string } {
  if (e instanceof AetherError) return { code: e.code, error: e.message };
  return { code: 'strategos.failed', error: e instanceof Error ? e.message : String(e) };
}
