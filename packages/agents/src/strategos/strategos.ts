import { neverExpires, type Clock, type Deadline, type Plant } from '@aethercore/core';
import {
  dispatch,
  evaluate,
  replan,
  stability,
  validateSchedule,
  type ReplanEvent,
  type Schedule,
  type SchedulingProblem,
  type Stability,
} from '@aethercore/planning';
import type { LineSnapshot, Twin } from '@aethercore/twin';
import { hashRef, type ActionProposal } from '@aethercore/governance';
import type { AgentFinding } from '../finding.ts';
import { LineKnowledge, lineSequence, type DeliveryDelay, type LineState } from './line-state.ts';
import { completeKitReleases } from './material-release.ts';
import { buildPlanModel, orderOperations, type PlanModel, type PlanOpInfo } from './plan-model.ts';
import { planView, plannedSequence, type PlanView } from './plan-view.ts';
import { describeTrigger, isReplanTrigger, triggerSubject, type TriggerEvent } from './triggers.ts';
import { simulatePriorities, type OrderPriority, type WhatIfResult } from './what-if.ts';
import { firstSwap, proposalText, replanFindings } from './strategos-texts.ts';
import { futureDemand, planShiftCoverage, type ShiftCoverage } from './shift-coverage.ts';
import { rosterFinding, rosterProposal } from './shift-texts.ts';

export interface StrategosOptions {
  readonly plant: Plant;
  /** Parts per transfer lot in the plan model (default 10). */
  readonly lotSize?: number;
  /** How far the plan reaches, as bottleneck load (default 12 h). */
  readonly horizonMs?: number;
  /** How far both what-if forks run (default 8 h, one shift). */
  readonly whatIfHorizonMs?: number;
  /** Lots planned to start within this keep their slot (default 10 min: what the line is about to start). */
  readonly frozenMs?: number;
  readonly maxCandidates?: number;
  readonly seed?: number;
}

/** The planner's view of a re-plan: right shift (the plain repair) against the improved plan. */
export interface PlannerFigures {
  readonly rightShift: {
    readonly makespanAt: number;
    readonly totalTardinessMin: number;
    readonly tardyOrders: number;
  };
  readonly replan: {
    readonly makespanAt: number;
    readonly totalTardinessMin: number;
    readonly tardyOrders: number;
  };
  /** replan − right shift: makespan (min), total tardiness (min), tardy orders. */
  readonly delta: {
    readonly makespanMin: number;
    readonly totalTardinessMin: number;
    readonly tardyOrders: number;
  };
  /** Against the plan before the event. */
  readonly stability: Stability;
  readonly method: string;
  readonly candidates: number;
  readonly unfrozen: number;
}

export type ReplanOutcome = 'proposed' | 'no-change' | 'no-improvement' | 'no-effect' | 'infeasible';

export interface ReplanReport {
  /** Sim time of the re-plan (ms). */
  readonly time: number;
  readonly triggers: readonly { readonly type: string; readonly time: number; readonly subject: string }[];
  readonly events: readonly ReplanEvent['kind'][];
  readonly outcome: ReplanOutcome;
  readonly planner?: PlannerFigures;
  /** Release sequence as the line runs it now, and as planned. */
  readonly sequence?: { readonly line: readonly string[]; readonly planned: readonly string[] };
  readonly priorities?: readonly OrderPriority[];
  readonly simulated?: WhatIfResult;
  readonly proposalId?: string;
  /** The shift plan after a worker absence, or after the re-plan put work into a shift where it had none. */
  readonly shifts?: ShiftCoverage;
  /** The roster change proposed for it (no executor: a person carries it out). */
  readonly rosterProposalId?: string;
  /** Where the time went (ms of the clock handed in): model and line-rule plan, re-plan, twin what-if. */
  readonly timings?: { readonly modelMs: number; readonly replanMs: number; readonly simulateMs: number };
}

export interface StrategosResult {
  readonly plan: PlanView;
  /** The planning engine's problem and schedule behind `plan` (for the independent validator). */
  readonly planned: {
    readonly problem: SchedulingProblem;
    readonly schedule: Schedule;
    readonly previous?: Schedule;
  };
  readonly report?: ReplanReport;
  readonly findings: readonly AgentFinding[];
  readonly proposal?: ActionProposal;
  /** A roster change for the shift plan (action class `schedule-change`, routed to a person; no executor). */
  readonly rosterProposal?: ActionProposal;
}

/** What the composition root supplies for a proposal: its id and Sentinel's clock and state version. */
export interface StrategosProposalContext {
  readonly id: string;
  /** Wall-clock ms of the proposal (Sentinel's clock). */
  readonly createdAt: number;
  readonly stateVersion: number;
}

const DEFAULTS = {
  lotSize: 10,
  horizonMs: 12 * 3_600_000,
  whatIfHorizonMs: 8 * 3_600_000,
  frozenMs: 600_000,
  maxCandidates: 8,
  seed: 1,
};

/** KPIs of a schedule in the plan's terms (ms, minutes). */
function planKpis(
  model: PlanModel,
  problem: SchedulingProblem,
  schedule: Schedule,
): PlannerFigures['replan'] {
  const k = evaluate(problem, schedule);
  let total = 0;
  let tardy = 0;
  problem.jobs.forEach((j, i) => {
    const c = k.completion[i];
    if (c === undefined || j.due === undefined) return;
    const late = Math.max(0, c - j.due);
    total += late;
    if (late > 0) tardy++;
  });
  return {
    makespanAt: model.epochMs + k.makespan * 1000,
    totalTardinessMin: Math.round(total / 60),
    tardyOrders: tardy,
  };
}

/**
 * Strategos, the planning agent: it keeps the line's plan and, when the event log reports a
 * disruption (late delivery, breakdown, cancellation, rush order, sick worker), rebuilds the plan
 * model from the twin's state, lets the planning engine repair the plan (`replan`, history and the
 * frozen horizon kept), and turns the repaired release sequence into order priorities. Before it
 * proposes anything it simulates both sequences on forks of the twin; it proposes only when the
 * simulation shows a gain, and it claims exactly the simulated deltas. Pure: the twin, the
 * deadline and the proposal's clock values are handed in.
 */
export class Strategos {
  readonly #o: typeof DEFAULTS & { plant: Plant };
  readonly #knowledge: LineKnowledge;
  #plan: PlanView | undefined;
  #last: ReplanReport | undefined;

  constructor(options: StrategosOptions) {
    this.#o = { ...DEFAULTS, ...options };
    this.#knowledge = new LineKnowledge(options.plant);
  }

  get plan(): PlanView | undefined {
    return this.#plan;
  }
  get lastReplan(): ReplanReport | undefined {
    return this.#last;
  }

  /** Feed every stored event (in order): Strategos remembers priorities, delays and breakdowns. */
  observe(events: readonly TriggerEvent[]): TriggerEvent[] {
    for (const e of events) this.#knowledge.observe(e);
    return events.filter(isReplanTrigger);
  }

  /** The plan as the line runs now (its own release rule), from the twin's state: no event, no proposal. */
  refresh(twin: Twin, reason: 'initial' | 'refresh' = 'refresh'): PlanView {
    const state = this.#knowledge.state(this.#o.plant, twin.snapshot());
    const model = buildPlanModel(this.#o.plant, state, this.#o);
    const schedule = this.#lineRulePlan(model);
    const valid = validateSchedule(model.problem, schedule).ok;
    this.#plan = planView(this.#o.plant, model, model.problem, schedule, model.ops, {
      builtAt: state.nowMs,
      reason,
      valid,
      lotSize: this.#o.lotSize,
      orders: state.orders,
    });
    return this.#plan;
  }

  /**
   * Re-plan after `triggers` (already passed to `observe`), at the twin's current state.
   * `proposal` is required to propose; without it the result stops at the simulated comparison.
   */
  react(
    twin: Twin,
    triggers: readonly TriggerEvent[],
    ctx: {
      readonly deadline?: Deadline;
      readonly proposal?: StrategosProposalContext;
      readonly clock?: Clock;
    } = {},
  ): StrategosResult {
    const plant = this.#o.plant;
    const clock = ctx.clock ?? { now: () => 0 };
    const t0 = clock.now();
    let t1 = t0;
    let t2 = t0;
    const timings = (): NonNullable<ReplanReport['timings']> => {
      const end = clock.now();
      return { modelMs: t1 - t0, replanMs: t2 - t1, simulateMs: end - t2 };
    };
    const snap = twin.snapshot();
    const after = this.#knowledge.state(plant, snap);
    const before = this.#before(snap, after, triggers);
    const model = buildPlanModel(plant, before, this.#o);
    const current = this.#lineRulePlan(model);
    const events = this.#replanEvents(model, before, after, triggers);
    t1 = clock.now();
    t2 = t1;
    const base = {
      time: after.nowMs,
      triggers: triggers.map((t) => ({ type: t.type, time: t.time, subject: triggerSubject(t) })),
      events: events.map((e) => e.kind),
    };
    let artefacts: StrategosResult['planned'] = { problem: model.problem, schedule: current };
    const finish = (r: ReplanReport, plan: PlanView, proposal?: ActionProposal): StrategosResult => {
      const shifts = this.#shiftPlan(triggers, plan, currentView, after.nowMs);
      const roster =
        shifts === undefined || ctx.proposal === undefined ? undefined : rosterProposal(shifts, ctx.proposal);
      const report = {
        ...r,
        ...(shifts === undefined ? {} : { shifts }),
        ...(roster === undefined ? {} : { rosterProposalId: roster.id }),
        timings: timings(),
      };
      this.#plan = plan;
      this.#last = report;
      return {
        plan,
        planned: artefacts,
        report,
        findings: [
          ...replanFindings(report, triggers.map(describeTrigger), after.nowMs),
          ...(shifts === undefined ? [] : [rosterFinding(shifts, this.#o.plant, roster?.id)]),
        ],
        ...(proposal === undefined ? {} : { proposal }),
        ...(roster === undefined ? {} : { rosterProposal: roster }),
      };
    };
    const currentView = (): PlanView =>
      planView(plant, model, model.problem, current, model.ops, {
        builtAt: after.nowMs,
        reason: 'replan',
        valid: validateSchedule(model.problem, current).ok,
        lotSize: this.#o.lotSize,
        orders: after.orders,
      });
    if (events.length === 0) return finish({ ...base, outcome: 'no-effect' }, currentView());

    const deadline = ctx.deadline ?? neverExpires;
    const state = { now: 0, frozenHorizon: Math.round(this.#o.frozenMs / 1000) };
    let rs = { problem: model.problem, schedule: current };
    let ri = { problem: model.problem, schedule: current, method: 'right-shift', candidates: 0, unfrozen: 0 };
    for (const e of events) {
      const r1 = replan(rs.schedule, { ...state, problem: rs.problem }, e, { strategy: 'right-shift' });
      const r2 = replan(ri.schedule, { ...state, problem: ri.problem }, e, {
        deadline,
        seed: this.#o.seed,
        maxCandidates: this.#o.maxCandidates,
      });
      if (!r1.ok || !r2.ok) return finish({ ...base, outcome: 'infeasible' }, currentView());
      rs = { problem: r1.problem, schedule: r1.schedule };
      ri = {
        problem: r2.problem,
        schedule: r2.schedule,
        method: r2.method,
        candidates: ri.candidates + r2.candidates,
        unfrozen: ri.unfrozen + r2.unfrozen.length,
      };
    }
    artefacts = { problem: ri.problem, schedule: ri.schedule, previous: current };
    const ops = this.#opsAfter(model, ri.problem, after);
    const valid = validateSchedule(ri.problem, ri.schedule, { frozenBefore: 0, previous: current }).ok;
    const a = planKpis(model, rs.problem, rs.schedule);
    const b = planKpis(model, ri.problem, ri.schedule);
    const planner: PlannerFigures = {
      rightShift: a,
      replan: b,
      delta: {
        makespanMin: Math.round((b.makespanAt - a.makespanAt) / 60_000),
        totalTardinessMin: b.totalTardinessMin - a.totalTardinessMin,
        tardyOrders: b.tardyOrders - a.tardyOrders,
      },
      stability: stability(current, ri.schedule),
      method: ri.method,
      candidates: ri.candidates,
      unfrozen: ri.unfrozen,
    };
    const plan = planView(plant, model, ri.problem, ri.schedule, ops, {
      builtAt: after.nowMs,
      reason: 'replan',
      valid,
      lotSize: this.#o.lotSize,
      orders: after.orders,
    });
    const planned = plannedSequence(ri.problem, ri.schedule, ops);
    const line = lineSequence(after.orders)
      .map((o) => o.id)
      .filter((id) => planned.includes(id));
    const sequence = { line, planned };
    t2 = clock.now();
    if (line.join() === planned.join())
      return finish({ ...base, outcome: 'no-change', planner, sequence }, plan);

    // One order moves ahead: Dexter's action table sets one order's priority per proposal (`order-priority`,
    // 0–100), and the line's rule (priority, then due date) then releases it next. The twin judges that exact change.
    const swap = firstSwap(sequence);
    if (swap === undefined) return finish({ ...base, outcome: 'no-change', planner, sequence }, plan);
    const top = Math.min(100, Math.max(0, ...after.orders.map((o) => o.priority)) + 1);
    const priorities = [{ order: swap.moved, priority: top }];
    const simulated = simulatePriorities(twin, plant, priorities, this.#o.whatIfHorizonMs);
    if (!simulated.improves || ctx.proposal === undefined || !valid)
      return finish({ ...base, outcome: 'no-improvement', planner, sequence, priorities, simulated }, plan);
    const proposal = this.#proposal(ctx.proposal, priorities, simulated, triggers, planner, sequence);
    return finish(
      { ...base, outcome: 'proposed', planner, sequence, priorities, simulated, proposalId: proposal.id },
      plan,
      proposal,
    );
  }

  /**
   * Shift re-planning: after a worker absence, or when the re-plan needs people at a station in a
   * shift where the plan before the event needed nobody (work moved into the night shift).
   */
  #shiftPlan(
    triggers: readonly TriggerEvent[],
    plan: PlanView,
    before: () => PlanView,
    nowMs: number,
  ): ShiftCoverage | undefined {
    const plant = this.#o.plant;
    if (plant.workers.length === 0) return undefined;
    const absences = this.#knowledge.absences(nowMs);
    let reason: ShiftCoverage['reason'] | undefined;
    if (triggers.some((t) => t.type === 'WorkerReportedSick')) reason = 'absence';
    else if (plan.reason === 'replan') {
      const was = futureDemand(plant, before(), nowMs);
      if ([...futureDemand(plant, plan, nowMs)].some((p) => !was.has(p))) reason = 'shift-demand';
    }
    return reason === undefined ? undefined : planShiftCoverage(plant, plan, absences, nowMs, reason);
  }

  /** The plan the line's own rule gives: releases in priority/due order (dispatching, keyed by that rank). */
  #lineRulePlan(model: PlanModel): Schedule {
    const rank = new Map(lineSequence(model.orders).map((o, i) => [o.id, i] as const));
    const keyed: SchedulingProblem = {
      ...model.problem,
      jobs: model.problem.jobs.map((j) => ({ ...j, due: rank.get(j.name ?? '') ?? j.id })),
    };
    const d = dispatch(keyed, { rule: 'EDD', notBefore: 0 });
    return d.ok ? d.schedule : { assignments: [] };
  }

  /** The state as it was known before the triggers: without their delays, breakdowns, absences and orders. */
  #before(snap: LineSnapshot, after: LineState, triggers: readonly TriggerEvent[]): LineState {
    const reopen = new Set<string>();
    const omit = new Set<string>();
    const failed = new Set<string>();
    let sick = false;
    for (const t of triggers) {
      const order = t.data['order'];
      if (t.type === 'OrderCancelled' && typeof order === 'string') reopen.add(order);
      if (t.type === 'OrderReceived' && typeof order === 'string') omit.add(order);
      if (t.type === 'StationFailed' && typeof t.data['station'] === 'string') failed.add(t.data['station']);
      if (t.type === 'WorkerReportedSick') sick = true;
    }
    const announced = (x: DeliveryDelay): boolean =>
      triggers.some(
        (t) =>
          t.type === 'SupplierDeliveryDelayed' &&
          t.data['supplier'] === x.supplier &&
          t.data['material'] === x.material &&
          typeof t.data['plannedAt'] === 'string' &&
          Date.parse(t.data['plannedAt']) === x.plannedAt,
      );
    return {
      ...after,
      orders: this.#knowledge.state(this.#o.plant, snap, { reopen, omit }).orders,
      // As planned before the announcement: the delivery at its slot (or now, if the slot has passed).
      delays: after.delays.map((x) =>
        announced(x) ? { ...x, expectedAt: Math.max(x.plannedAt, after.nowMs) } : x,
      ),
      down: after.down.filter(
        (x) => !(x.reason === 'breakdown' && failed.has(x.station)) && !(x.reason === 'unstaffed' && sick),
      ),
    };
  }

  #replanEvents(
    model: PlanModel,
    before: LineState,
    after: LineState,
    triggers: readonly TriggerEvent[],
  ): ReplanEvent[] {
    const plant = this.#o.plant;
    const out: ReplanEvent[] = [];
    const toS = (ms: number): number => Math.round((ms - model.epochMs) / 1000);
    const jobOf = new Map(model.orders.map((o, i) => [o.id, i] as const));
    if (triggers.some((t) => t.type === 'SupplierDeliveryDelayed')) {
      const until = model.epochMs + 4 * this.#o.horizonMs + 3 * 86_400_000;
      const late = completeKitReleases(plant, after, lineSequence(before.orders), until);
      for (const [id, job] of jobOf) {
        const was = model.releases.get(id) ?? model.epochMs;
        const now = late.get(id) ?? was;
        if (now > was) out.push({ kind: 'material-late', job, release: toS(now) });
      }
    }
    for (const d of after.down) {
      const isNew = !before.down.some((x) => x.station === d.station && x.reason === d.reason);
      const machine = plant.stations.findIndex((s) => s.id === d.station);
      if (isNew && machine >= 0 && d.untilMs > model.epochMs)
        out.push({
          kind: 'machine-down',
          machine,
          start: Math.max(0, toS(d.fromMs)),
          end: Math.max(1, toS(d.untilMs)),
        });
    }
    for (const t of triggers) {
      const order = typeof t.data['order'] === 'string' ? t.data['order'] : undefined;
      if (order === undefined) continue;
      if (t.type === 'OrderCancelled') {
        const job = jobOf.get(order);
        if (job !== undefined) out.push({ kind: 'order-cancelled', job });
      }
      if (t.type === 'OrderReceived') {
        const o = after.orders.find((x) => x.id === order);
        if (o === undefined) continue;
        const ops = orderOperations(plant, o, this.#o.lotSize).ops;
        if (ops.length === 0) continue;
        const release =
          completeKitReleases(plant, after, lineSequence(after.orders), model.epochMs + 3 * 86_400_000).get(
            order,
          ) ?? model.epochMs;
        out.push({
          kind: 'rush-order',
          order: {
            name: order,
            weight: 1,
            release: Math.max(0, toS(release)),
            due: toS(o.dueAt),
            operations: ops.map((op) => ({
              alternatives: [{ machine: op.machine, duration: op.duration }],
              predecessors: op.predecessors,
            })),
          },
        });
      }
    }
    return out;
  }

  /** Operation meanings after the events: rush orders appended their operations as `${job}.${index}`. */
  #opsAfter(model: PlanModel, problem: SchedulingProblem, after: LineState): Map<string, PlanOpInfo> {
    const ops = new Map(model.ops);
    for (let job = model.orders.length; job < problem.jobs.length; job++) {
      const o = after.orders.find((x) => x.id === problem.jobs[job]?.name);
      if (o === undefined) continue;
      orderOperations(this.#o.plant, o, this.#o.lotSize).ops.forEach((op, index) =>
        ops.set(`${job}.${index}`, op.info),
      );
    }
    return ops;
  }

  #proposal(
    ctx: StrategosProposalContext,
    priorities: readonly OrderPriority[],
    sim: WhatIfResult,
    triggers: readonly TriggerEvent[],
    planner: PlannerFigures,
    sequence: NonNullable<ReplanReport['sequence']>,
  ): ActionProposal {
    // Dexter's action table (server `actuation-actions.ts`): kind `order-priority`, tool `set-order-priority`.
    const p0 = priorities[0] ?? { order: '', priority: 0 };
    const change = { kind: 'order-priority', params: { order: p0.order, priority: p0.priority } };
    return {
      id: ctx.id,
      proposer: 'strategos',
      tool: 'set-order-priority',
      effect: 'actuate',
      actionClass: 'schedule-change',
      change,
      createdAt: ctx.createdAt,
      uncertainty: 0.2,
      evidence: {
        stateVersion: ctx.stateVersion,
        simulatedAt: ctx.createdAt,
        // The twin time the forks started from (plant age, evidenceMaxPlantAgeS) and their horizon (a refresh uses the same).
        plantTime: sim.fromMs,
        changeHash: hashRef(change),
        kpis: { ...sim.kpis },
        constraintsOk: true,
        horizonMs: sim.toMs - sim.fromMs,
      },
      expectedKpiDeltas: { ...sim.deltas },
      explanation: proposalText(triggers.map(describeTrigger), sim, planner, sequence).slice(0, 4000),
    };
  }
}
