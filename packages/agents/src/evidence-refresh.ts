import type { NewEvent, Plant } from '@aethercore/core';
import { hashRef, type ActionProposal, type TwinEvidence } from '@aethercore/governance';
import { computeKpis, type Twin, type TwinCommand } from '@aethercore/twin';

/**
 * Simulate before actuate, again: when a proposal waited in the approval inbox until its twin
 * evidence went stale, the agent team re-runs the same what-if from the plant's *current* state
 * right before Dexter acts. The same two-fork comparison as the proposing agents (one fork as the
 * line runs now, one with the command, both over the same horizon, no knowledge of future
 * disruptions), judged on the same KPIs the approved evidence named. Sentinel then decides whether
 * the approved effect still holds (sign and at least half its size); this function only measures.
 */
export interface EvidenceRefreshInput {
  readonly twin: Twin;
  readonly plant: Plant;
  readonly proposal: ActionProposal;
  /** The twin command the proposal's change maps to (Dexter's action table). */
  readonly command: TwinCommand;
  /** Clock time of the refresh (ms), recorded as `simulatedAt`; the twin's own time is recorded as `plantTime`. */
  readonly now: number;
  readonly stateVersion: number;
  /** Used when the approved evidence does not carry its horizon. */
  readonly defaultHorizonMs: number;
}

export type EvidenceRefresh =
  { readonly ok: true; readonly evidence: TwinEvidence } | { readonly ok: false; readonly reason: string };

const round = (v: number): number => Math.round(v * 1000) / 1000;

/** The KPI named `name` over the window: an ISO 22400 line figure, or the summed order tardiness. */
function kpiValue(
  name: string,
  events: readonly NewEvent[],
  plant: Plant,
  fromMs: number,
  toMs: number,
): number | undefined {
  if (name === 'totalTardinessMin') {
    let sum = 0;
    for (const e of events) {
      if (e.type !== 'OrderCompleted' || e.time < fromMs || e.time > toMs) continue;
      const t = e.data['tardinessMin'];
      if (typeof t === 'number' && Number.isFinite(t)) sum += t;
    }
    return round(sum);
  }
  const line = computeKpis(events, plant, { fromMs, toMs }).line as unknown as Record<string, unknown>;
  const v = line[name];
  return typeof v === 'number' && Number.isFinite(v) ? round(v) : undefined;
}

export function refreshEvidence(input: EvidenceRefreshInput): EvidenceRefresh {
  const old = input.proposal.evidence;
  if (old === undefined) return { ok: false, reason: 'the proposal carries no evidence to refresh' };
  const names = Object.keys(old.kpis);
  const horizonMs = old.horizonMs ?? input.defaultHorizonMs;
  const fromMs = input.twin.now();
  const toMs = fromMs + horizonMs;
  const without = input.twin.fork();
  const withChange = input.twin.fork();
  if (!withChange.apply(input.command))
    return { ok: false, reason: `the twin refuses ${input.command.type} in its current state` };
  without.run(toMs);
  withChange.run(toMs);
  const evB = without.events();
  const evW = withChange.events();
  const kpis: Record<string, { baseline: number; withChange: number }> = {};
  for (const name of names) {
    const b = kpiValue(name, evB, input.plant, fromMs, toMs);
    const w = kpiValue(name, evW, input.plant, fromMs, toMs);
    if (b === undefined || w === undefined)
      return { ok: false, reason: `KPI '${name}' cannot be re-simulated` };
    kpis[name] = { baseline: b, withChange: w };
  }
  return {
    ok: true,
    evidence: {
      stateVersion: input.stateVersion,
      simulatedAt: input.now,
      // The twin's time the forks started from: the plant age Sentinel judges (evidenceMaxPlantAgeS).
      plantTime: fromMs,
      changeHash: hashRef(input.proposal.change),
      kpis,
      constraintsOk: true,
      horizonMs,
    },
  };
}
