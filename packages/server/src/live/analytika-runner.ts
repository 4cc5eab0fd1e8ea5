import type { Logger, Plant, Reading } from '@aethercore/core';
import {
  Analytika,
  buildProposal,
  requestCommand,
  requestHorizonMs,
  simulateWhatIf,
  type AgentFinding,
  type AnalytikaStep,
  type ProposalRequest,
} from '@aethercore/agents';
import type { ActionProposal, Principal } from '@aethercore/governance';
import type { Twin } from '@aethercore/twin';
import type { Governance } from '../governance/governance.ts';

/** Where a within-limits proposal is executed (Dexter's gateway in the live mode). */
export interface ProposalExecutor {
  proposeAndExecute(proposal: ActionProposal, requester: Principal): Promise<{ readonly status: string }>;
}

export interface AnalytikaRunnerOptions {
  readonly plant: Plant;
  /** The running twin (the current day's), forked for the what-if evidence. */
  readonly twin: () => Twin;
  /** Which replayed day it is: one proposal per trigger per day. */
  readonly day: () => number;
  readonly governance: Governance;
  /** `createFindingSink(…)`: the event log and SSE. */
  readonly sink: (findings: readonly AgentFinding[]) => Promise<void>;
  readonly logger: Logger;
  /** A ready agent (tests); by default one is built for the plant (healthy reference run ≈ 0.5 s). */
  readonly agent?: Analytika;
}

/**
 * Analytika in the live mode. It is fed from the ingest path — every batch of readings the platform's
 * OPC UA subscription delivered, the same values that go to the telemetry store — never from the
 * twin's internals. The agent itself is pure and synchronous; this runner does the rest in order, one
 * step after the other: for each proposal request a twin what-if (two forks at the current state),
 * the proposal to Sentinel (through Dexter when it is connected, so a within-limits action runs at
 * once), then the findings, marked with the proposal id, to the sink. Proposal ids are per wall
 * date and replayed day (`WO-ST05-2026-11-24-d0`, `TC-ST04-…`): a restart neither duplicates an
 * inbox item nor stays silent on a new day.
 */
export class AnalytikaRunner {
  readonly agent: Analytika;
  readonly #o: AnalytikaRunnerOptions;
  #executor: ProposalExecutor | undefined;
  #chain: Promise<void> = Promise.resolve();
  #pending = 0;
  readonly #proposed = new Set<string>();
  findings = 0;
  proposals = 0;

  constructor(o: AnalytikaRunnerOptions) {
    this.#o = o;
    this.agent = o.agent ?? new Analytika({ plant: o.plant });
  }

  /** Dexter's gateway, once it is up: within-limits proposals are then executed at once. */
  connectExecutor(executor: ProposalExecutor): void {
    this.#executor = executor;
  }

  /** From the OPC UA subscription (synchronous, cheap); the consequences run in order in the background. */
  push(readings: readonly Reading[]): void {
    let step: AnalytikaStep;
    try {
      step = this.agent.observe(readings);
    } catch (e) {
      this.#o.logger.log('warn', 'analytika could not take readings', {
        error: e instanceof Error ? e.message : String(e),
      });
      return;
    }
    if (step.findings.length === 0) return;
    this.#pending++;
    this.#chain = this.#chain
      .then(() => this.#handle(step))
      .catch((e: unknown) =>
        this.#o.logger.log('warn', 'analytika step failed', {
          error: e instanceof Error ? e.message : String(e),
        }),
      )
      .finally(() => this.#pending--);
  }

  /** Resolves when every step pushed so far is handled (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#pending > 0) await this.#chain;
  }

  async #handle(step: AnalytikaStep): Promise<void> {
    const findings = [...step.findings];
    for (const r of step.requests) {
      const id = await this.#propose(r);
      const f = findings[r.finding];
      if (id !== undefined && f !== undefined) findings[r.finding] = { ...f, proposalId: id };
    }
    this.findings += findings.length;
    await this.#o.sink(findings);
  }

  /** Simulates, builds and submits one proposal; returns its id (also when it was already in the inbox). */
  async #propose(r: ProposalRequest): Promise<string | undefined> {
    const gov = this.#o.governance;
    const now = gov.clock.now();
    const wallDate = new Date(now).toISOString().slice(0, 10);
    const id = `${r.kind === 'maintenance' ? 'WO' : 'TC'}-${r.station}-${wallDate}-d${this.#o.day()}`;
    if (this.#proposed.has(id) || gov.sentinel.inbox.get(id) !== undefined) return id; // restored from before a restart
    this.#proposed.add(id);
    const requester = gov.identities.get('analytika');
    if (requester === undefined) {
      this.#o.logger.log('warn', 'analytika has no identity in the directory: nothing proposed', { id });
      return undefined;
    }
    const whatIf = simulateWhatIf(this.#o.twin(), requestCommand(r), this.#o.plant, requestHorizonMs(r));
    if (whatIf === undefined) {
      this.#o.logger.log('warn', 'the twin refused the what-if command: nothing proposed', {
        id,
        kind: r.kind,
      });
      return undefined;
    }
    const proposal = buildProposal(r, { id, now, stateVersion: gov.stateVersion(), whatIf });
    let outcome: string;
    if (this.#executor !== undefined) {
      outcome = (await this.#executor.proposeAndExecute(proposal, requester)).status;
    } else {
      const { route } = await gov.sentinel.review(proposal, requester, gov.stateVersion());
      outcome = route === 'execute' ? 'within-limits (no executor connected)' : route;
    }
    this.proposals++;
    this.#o.logger.log(outcome === 'rejected' ? 'warn' : 'info', 'analytika proposed', {
      id,
      kind: r.kind,
      uncertainty: r.uncertainty,
      outcome,
    });
    return id;
  }
}
