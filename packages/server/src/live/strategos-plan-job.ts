import { AetherError, type NewEvent, type Plant } from '@aethercore/core';
import {
  Strategos,
  type AgentFinding,
  type PlanView,
  type ReplanReport,
  type StrategosOptions,
  type StrategosProposalContext,
  type TriggerEvent,
} from '@aethercore/agents';
import type { ActionProposal } from '@aethercore/governance';
import type { Scenario, Twin, TwinCommand } from '@aethercore/twin';
import { snapshotHash, TwinReplica } from './twin-replica.ts';

/** A command the twin accepted, at the sim time it was applied. */
export interface AppliedCommand {
  readonly atMs: number;
  readonly command: TwinCommand;
}

/**
 * Everything needed to rebuild the running twin elsewhere (a worker thread): the twin is
 * deterministic, so plant + scenario + seed + the commands applied, replayed to `nowMs`, give
 * the same state (the same replay `Twin.fork` does). `snapshotHash` lets the receiver check it.
 */
export interface TwinRecipe {
  /** Which replay of the day (a new loop is a new twin). */
  readonly loop: number;
  readonly seed: number;
  readonly scenario: Scenario;
  readonly commands: readonly AppliedCommand[];
  readonly nowMs: number;
  readonly snapshotHash: string;
}

/** One plan request: serialisable (structured clone), self-contained (the agent is rebuilt from `knowledge`). */
export interface PlanJobRequest {
  readonly id: number;
  readonly kind: 'refresh' | 'react';
  readonly reason?: 'initial' | 'refresh';
  readonly twin: TwinRecipe;
  /** Every event the agent's knowledge is built from, in order (twin time). */
  readonly knowledge: readonly TriggerEvent[];
  readonly triggers: readonly TriggerEvent[];
  /** Wall ms for the planning engine's improvement step. */
  readonly budgetMs: number;
  readonly proposal?: StrategosProposalContext;
  readonly agent?: Omit<StrategosOptions, 'plant'>;
  /** Test hooks for the worker's failure handling (crash, hang); never set in production. */
  readonly fault?: 'crash' | 'hang' | 'throw';
}

export interface PlanJobResult {
  readonly id: number;
  readonly plan: PlanView;
  readonly report?: ReplanReport;
  readonly findings: readonly AgentFinding[];
  readonly proposal?: ActionProposal;
  /** The roster change for the shift plan (no executor; routed to a person). */
  readonly rosterProposal?: ActionProposal;
  /** How the replica twin was brought to the request's state. */
  readonly replica: 'kept' | 'advanced' | 'rebuilt';
  /** Wall ms spent in the job (replica sync included). */
  readonly workMs: number;
}

/** The event types a twin command leaves in the log, and the command each stands for. */
const COMMAND_EVENTS: Readonly<
  Record<string, (d: Readonly<Record<string, unknown>>) => TwinCommand | undefined>
> = {
  OrderPriorityChanged: (d) =>
    typeof d['order'] === 'string' && typeof d['priority'] === 'number'
      ? { type: 'SetOrderPriority', order: d['order'], priority: d['priority'] }
      : undefined,
  // A scenario's own cancellation logs the same event; replaying it as a command at the same time is a
  // no-op (the order is cancelled already), so the replay stays exact.
  OrderCancelled: (d) =>
    typeof d['order'] === 'string' ? { type: 'CancelOrder', order: d['order'] } : undefined,
  MaintenanceStarted: (d) =>
    typeof d['station'] === 'string' && typeof d['durationMin'] === 'number'
      ? { type: 'PerformMaintenance', station: d['station'], durationMin: d['durationMin'] }
      : undefined,
  StationSpeedChanged: (d) =>
    typeof d['station'] === 'string' && typeof d['speedFactor'] === 'number'
      ? { type: 'SetStationSpeed', station: d['station'], speedFactor: d['speedFactor'] }
      : undefined,
  // Only a reported sick note logs its duration; the scenario's random one does not and is replayed
  // with the scenario, not as a command.
  WorkerReportedSick: (d) =>
    typeof d['worker'] === 'string' && typeof d['durationMs'] === 'number'
      ? { type: 'ReportWorkerSick', worker: d['worker'], durationMs: d['durationMs'] }
      : undefined,
  ThermalDriftCorrected: (d) =>
    typeof d['station'] === 'string' ? { type: 'CorrectThermalDrift', station: d['station'] } : undefined,
};

/**
 * The commands applied to a twin, read back from its own event log: every accepted command logs
 * exactly one event at the time it was applied (`applyCommand` in the twin). Incremental: pass the
 * previous scan to read only the new part of the log.
 */
export function scanCommands(
  events: readonly NewEvent[],
  from: { readonly upTo: number; readonly commands: readonly AppliedCommand[] } = { upTo: 0, commands: [] },
): { upTo: number; commands: AppliedCommand[] } {
  const commands = [...from.commands];
  for (let i = from.upTo; i < events.length; i++) {
    const e = events[i];
    const make = e === undefined ? undefined : COMMAND_EVENTS[e.type];
    const c = e === undefined || make === undefined ? undefined : make(e.data);
    if (e !== undefined && c !== undefined) commands.push({ atMs: e.time, command: c });
  }
  return { upTo: events.length, commands };
}

export { snapshotHash } from './twin-replica.ts';

/** The request's view of a running twin. */
export function twinRecipe(
  twin: Twin,
  loop: number,
  seed: number,
  commands: readonly AppliedCommand[],
): TwinRecipe {
  return {
    loop,
    seed,
    scenario: twin.scenario,
    commands,
    nowMs: twin.now(),
    snapshotHash: snapshotHash(twin),
  };
}

/**
 * The planning side of Strategos as a job: a replica of the running twin (kept between jobs and
 * advanced, or rebuilt by replay when it cannot be advanced or does not match), a fresh agent fed
 * with the knowledge events, then `refresh` or `react`. The same code runs in the worker thread
 * and, without a worker, on the caller's thread.
 */
export class PlanJobRunner {
  readonly #plant: Plant;
  readonly #now: () => number;
  readonly #replica: TwinReplica;

  constructor(plant: Plant, now: () => number) {
    this.#plant = plant;
    this.#now = now;
    this.#replica = new TwinReplica(
      plant,
      (r) =>
        new AetherError({
          code: 'strategos.replica-diverged',
          message: `the planning worker's replay of the twin (loop ${r.loop}, seed ${r.seed}) does not match the running twin at ${new Date(r.nowMs).toISOString()}`,
          hint: "a command reached the twin without leaving its event in the log, or the seed is not the twin's; the re-plan is skipped",
          category: 'system',
        }),
    );
  }

  run(req: PlanJobRequest): PlanJobResult {
    const started = this.#now();
    const { twin, how } = this.#replica.sync(req.twin);
    return this.#run(twin, req, how, started);
  }

  /** The same job on a twin at hand (no replica): the in-process path. */
  runOn(twin: Twin, req: Omit<PlanJobRequest, 'twin'>): PlanJobResult {
    return this.#run(twin, req, 'kept', this.#now());
  }

  #run(
    twin: Twin,
    req: Omit<PlanJobRequest, 'twin'>,
    how: PlanJobResult['replica'],
    started: number,
  ): PlanJobResult {
    const agent = new Strategos({ plant: this.#plant, ...req.agent });
    agent.observe(req.knowledge);
    if (req.kind === 'refresh') {
      const plan = agent.refresh(twin, req.reason ?? 'refresh');
      return { id: req.id, plan, findings: [], replica: how, workMs: this.#now() - started };
    }
    const t0 = this.#now();
    const r = agent.react(twin, req.triggers, {
      deadline: { expired: () => this.#now() - t0 > req.budgetMs },
      clock: { now: () => this.#now() },
      ...(req.proposal === undefined ? {} : { proposal: req.proposal }),
    });
    return {
      id: req.id,
      plan: r.plan,
      ...(r.report === undefined ? {} : { report: r.report }),
      findings: r.findings,
      ...(r.proposal === undefined ? {} : { proposal: r.proposal }),
      ...(r.rosterProposal === undefined ? {} : { rosterProposal: r.rosterProposal }),
      replica: how,
      workMs: this.#now() - started,
    };
  }
}
