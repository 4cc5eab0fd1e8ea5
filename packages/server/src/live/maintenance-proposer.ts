import type { Logger, Plant } from '@aethercore/core';
import { computeKpis, type Twin } from '@aethercore/twin';
import { hashRef, type ActionProposal, type ReviewRoute } from '@aethercore/governance';
import type { TrendSpec } from '../api/types.ts';
import type { Governance } from '../governance/governance.ts';

/** What the simulated comparison reports (ISO 22400 line KPIs over the horizon). */
const EVIDENCE_KPIS = ['downtimeS', 'goodParts', 'failures', 'availability'] as const;

export interface MaintenanceProposerOptions {
  /** The running twin (the current day's), forked for the what-if. */
  readonly twin: () => Twin;
  /** Which replayed day it is: one proposal per trigger per day. */
  readonly day: () => number;
  readonly plant: Plant;
  /** The charted vibration trend and its alarm limit (the OPC UA EURange high). */
  readonly trend: TrendSpec;
  readonly governance: Governance;
  readonly logger: Logger;
  /** How far ahead both forks run (sim ms); default 4 h, half a shift ahead. */
  readonly horizonMs?: number;
  readonly durationMin?: number;
}

/**
 * A deterministic source for the approval inbox in the live mode, standing in for the predictive
 * maintenance agent (Analytika) until agents run live: when the robot cell's vibration exceeds its
 * alarm limit (ISO 10816-3 zone boundary in the plant file), it proposes a maintenance work order.
 * The evidence is real: two what-if forks of the twin at the current state (`Twin.fork()`, not
 * clairvoyant about future disruptions), one with `PerformMaintenance`, both run over the horizon,
 * and the claimed KPI deltas are exactly the simulated differences. Sentinel verifies it like any
 * other proposal; it enters the inbox only if the verdict passes.
 */
export class MaintenanceProposer {
  readonly #o: MaintenanceProposerOptions;
  readonly #done = new Set<string>();

  constructor(options: MaintenanceProposerOptions) {
    this.#o = options;
  }

  /** Checks the latest reading; proposes at most once per day. Returns the review route when it proposed. */
  async check(): Promise<ReviewRoute | undefined> {
    const { trend, governance: gov } = this.#o;
    const limit = trend.limits.high;
    const twin = this.#o.twin();
    const reading = twin.readings().find((r) => r.seriesId === trend.seriesId);
    if (limit === undefined || reading === undefined || !(reading.value > limit)) return undefined;
    const station = trend.seriesId.split('/')[0] ?? trend.equipmentId;
    // Unique per wall-clock date and replayed day, so a restart (which replays from day 0) neither
    // re-submits yesterday's item nor stays silent today.
    const wallDate = new Date(gov.clock.now()).toISOString().slice(0, 10);
    const id = `WO-${station}-${wallDate}-d${this.#o.day()}`;
    if (this.#done.has(id)) return undefined;
    this.#done.add(id);
    if (gov.sentinel.inbox.get(id) !== undefined) return undefined; // restored from before a restart

    const durationMin = this.#o.durationMin ?? 45;
    const from = twin.now();
    const to = from + (this.#o.horizonMs ?? 4 * 3_600_000);
    const without = twin.fork();
    const withWo = twin.fork();
    if (!withWo.apply({ type: 'PerformMaintenance', station, durationMin })) return undefined;
    without.run(to);
    withWo.run(to);
    const kb = computeKpis(without.events(), this.#o.plant, { fromMs: from, toMs: to }).line;
    const kw = computeKpis(withWo.events(), this.#o.plant, { fromMs: from, toMs: to }).line;
    const kpis: Record<string, { baseline: number; withChange: number }> = {};
    const deltas: Record<string, number> = {};
    for (const k of EVIDENCE_KPIS) {
      const b = round(kb[k]);
      const w = round(kw[k]);
      kpis[k] = { baseline: b, withChange: w };
      if (w !== b) deltas[k] = round(w - b);
    }
    const change = {
      kind: 'work-order',
      params: {
        station,
        equipment: trend.equipmentId,
        task: 'inspect robot axis drive and bearings (vibration above alarm limit)',
        durationMin,
        trigger: { series: trend.seriesId, value: round(reading.value), limit, unit: trend.unit },
      },
    };
    const now = gov.clock.now();
    const hours = round((to - from) / 3_600_000);
    const proposal: ActionProposal = {
      id,
      proposer: 'analytika',
      tool: 'create-work-order',
      effect: 'actuate',
      actionClass: 'maintenance-work-order',
      equipment: station,
      change,
      createdAt: now,
      uncertainty: 0.2,
      evidence: {
        stateVersion: gov.stateVersion(),
        simulatedAt: now,
        changeHash: hashRef(change),
        kpis,
        constraintsOk: true,
      },
      expectedKpiDeltas: deltas,
      explanation:
        `${trend.equipmentId} vibration ${round(reading.value)} ${trend.unit} is above its alarm limit ${limit} ${trend.unit}. ` +
        `Proposed: ${durationMin} min maintenance of ${station} now. Twin what-if over the next ${hours} h ` +
        `(no knowledge of future disruptions): downtime ${kpis['downtimeS']!.baseline} s → ${kpis['downtimeS']!.withChange} s, ` +
        `good parts ${kpis['goodParts']!.baseline} → ${kpis['goodParts']!.withChange}. ` +
        'The benefit (avoiding a wear-out failure) lies beyond the horizon; a person decides whether to take the stop now.',
    };
    const agent = gov.identities.get('analytika');
    if (agent === undefined) return undefined;
    const { verdict, route } = await gov.sentinel.review(proposal, agent, gov.stateVersion());
    this.#o.logger.log(route === 'rejected' ? 'warn' : 'info', 'maintenance work order proposed', {
      id,
      route,
      pass: verdict.pass,
      reasons: verdict.reasons.map((r) => r.code),
    });
    return route;
  }
}

const round = (v: number): number => Math.round(v * 1000) / 1000;
