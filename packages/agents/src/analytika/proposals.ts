import type { Plant } from '@aethercore/core';
import { hashRef, type ActionProposal } from '@aethercore/governance';
import { computeKpis, type Twin, type TwinCommand } from '@aethercore/twin';
import type { MaintenanceRequest, ProposalRequest, ThermalCorrectionRequest } from './analytika-agent.ts';
import { hhmm, round } from './texts.ts';

/** KPIs reported as the twin evidence (ISO 22400 line figures over the horizon). */
const EVIDENCE_KPIS = ['downtimeS', 'goodParts', 'scrappedParts', 'failures', 'availability'] as const;

export interface WhatIf {
  readonly fromMs: number;
  readonly toMs: number;
  readonly kpis: Record<string, { baseline: number; withChange: number }>;
  /** withChange − baseline where they differ: exactly what the proposal may claim. */
  readonly deltas: Record<string, number>;
}

/**
 * Simulate before actuate: two forks of the running twin at its current state (`Twin.fork()` drops the
 * scenario's future disruptions, so the comparison is not clairvoyant), one with the command, both run
 * over the horizon; the KPIs are computed from each fork's event log. Undefined when the twin refuses
 * the command. Pure computation (the twin is a deterministic simulation), so it lives with the agent.
 */
export function simulateWhatIf(
  twin: Twin,
  command: TwinCommand,
  plant: Plant,
  horizonMs: number,
): WhatIf | undefined {
  const from = twin.now();
  const to = from + horizonMs;
  const without = twin.fork();
  const withChange = twin.fork();
  if (!withChange.apply(command)) return undefined;
  without.run(to);
  withChange.run(to);
  const kb = computeKpis(without.events(), plant, { fromMs: from, toMs: to }).line;
  const kw = computeKpis(withChange.events(), plant, { fromMs: from, toMs: to }).line;
  const kpis: Record<string, { baseline: number; withChange: number }> = {};
  const deltas: Record<string, number> = {};
  for (const k of EVIDENCE_KPIS) {
    const b = round(kb[k]);
    const w = round(kw[k]);
    kpis[k] = { baseline: b, withChange: w };
    if (w !== b) deltas[k] = round(w - b);
  }
  return { fromMs: from, toMs: to, kpis, deltas };
}

/** The twin command a request asks for. */
export function requestCommand(r: ProposalRequest): TwinCommand {
  return r.kind === 'maintenance'
    ? { type: 'PerformMaintenance', station: r.station, durationMin: r.durationMin }
    : { type: 'CorrectThermalDrift', station: r.station };
}

/** What-if horizon per request: half a shift for maintenance (as before), 8 h for a drift (scrap comes late). */
export function requestHorizonMs(r: ProposalRequest): number {
  return r.kind === 'maintenance' ? 4 * 3_600_000 : 8 * 3_600_000;
}

export interface ProposalContext {
  /** Proposal id (the server keeps its per-date-and-day scheme so restarts do not duplicate). */
  readonly id: string;
  /** Clock time (ms) of the proposal and the simulation. */
  readonly now: number;
  readonly stateVersion: number;
  readonly whatIf: WhatIf;
}

/** The action proposal for Sentinel: same shape as every agent's, identity `analytika`. */
export function buildProposal(r: ProposalRequest, ctx: ProposalContext): ActionProposal {
  return r.kind === 'maintenance' ? maintenanceProposal(r, ctx) : thermalProposal(r, ctx);
}

const fmt = (v: number | undefined): string => (v === undefined ? 'open' : String(round(v, 1)));

function maintenanceProposal(r: MaintenanceRequest, ctx: ProposalContext): ActionProposal {
  const { whatIf: w } = ctx;
  const d = r.detector;
  const change = {
    kind: 'work-order',
    params: {
      station: r.station,
      equipment: r.equipment,
      task: `inspect ${r.equipment} axis drive and bearings (anomalous vibration/temperature)`,
      durationMin: r.durationMin,
      trigger: {
        detector: 'PCA T²+Q',
        score: d.score,
        threshold: d.threshold,
        mainCause: d.mainCause,
        at: r.time,
        rul:
          r.rul === undefined
            ? null
            : {
                rulH: r.rul.rulH === undefined ? null : round(r.rul.rulH, 1),
                lowerH: round(r.rul.lowerH, 1),
                upperH: r.rul.upperH === undefined ? null : round(r.rul.upperH, 1),
                uncertain: r.rul.uncertain,
              },
      },
    },
  };
  const hours = round((w.toMs - w.fromMs) / 3_600_000);
  const k = w.kpis;
  const rul = r.rul;
  const rulSentence =
    rul === undefined
      ? 'Remaining life: too few samples for a trend yet.'
      : `Remaining life from the vibration trend (power-law wear model, 90% profile interval): ${fmt(rul.rulH)} h (${fmt(rul.lowerH)}–${fmt(rul.upperH)} h) to ${rul.failureLevel} mm/s` +
        (rul.uncertain ? `, uncertain (${rul.reasons.join(', ')}).` : '.');
  return {
    id: ctx.id,
    proposer: 'analytika',
    tool: 'create-work-order',
    effect: 'actuate',
    actionClass: 'maintenance-work-order',
    equipment: r.station,
    change,
    createdAt: ctx.now,
    uncertainty: r.uncertainty,
    evidence: {
      stateVersion: ctx.stateVersion,
      simulatedAt: ctx.now,
      // The twin time the forks started from: Sentinel judges the plant age too (evidenceMaxPlantAgeS).
      plantTime: w.fromMs,
      changeHash: hashRef(change),
      kpis: k,
      constraintsOk: true,
      horizonMs: w.toMs - w.fromMs,
    },
    expectedKpiDeltas: w.deltas,
    explanation:
      `The anomaly detector flagged ${r.equipment} at ${hhmm(r.time)}: score ${d.score} > ${d.threshold} (${d.method}, ` +
      `main contribution ${d.mainCause}); vibration ${d.vibrationMmS} mm/s vs ${d.referenceMmS} mm/s healthy. ${rulSentence} ` +
      `Proposed: ${r.durationMin} min maintenance of ${r.station}. Twin what-if over the next ${hours} h (no knowledge of future disruptions): ` +
      `downtime ${k['downtimeS']?.baseline} s → ${k['downtimeS']?.withChange} s, good parts ${k['goodParts']?.baseline} → ${k['goodParts']?.withChange}. ` +
      `Uncertainty ${r.uncertainty} from the remaining-life interval; a person decides whether to take the stop now.`,
  };
}

function thermalProposal(r: ThermalCorrectionRequest, ctx: ProposalContext): ActionProposal {
  const { whatIf: w } = ctx;
  const rep = r.alarm.report;
  const top = rep.attribution[0];
  const change = { kind: 'thermal-correction', params: { station: r.station } };
  const k = w.kpis;
  const hours = round((w.toMs - w.fromMs) / 3_600_000);
  return {
    id: ctx.id,
    proposer: 'analytika',
    tool: 'correct-thermal-drift',
    effect: 'actuate',
    actionClass: 'thermal-correction',
    equipment: r.station,
    change,
    createdAt: ctx.now,
    uncertainty: r.uncertainty,
    evidence: {
      stateVersion: ctx.stateVersion,
      simulatedAt: ctx.now,
      // The twin time the forks started from: Sentinel judges the plant age too (evidenceMaxPlantAgeS).
      plantTime: w.fromMs,
      changeHash: hashRef(change),
      kpis: k,
      constraintsOk: true,
      horizonMs: w.toMs - w.fromMs,
    },
    expectedKpiDeltas: w.deltas,
    explanation:
      `${rep.message.en} ` +
      (top === undefined
        ? ''
        : `Attribution: ${top.station} ${top.signal}, r = ${round(top.correlation, 2)}, leading ${top.lagParts} parts. `) +
      `Proposed: correct the thermal drift of ${r.station} (CorrectThermalDrift). Twin what-if over the next ${hours} h: ` +
      `scrapped parts ${k['scrappedParts']?.baseline} → ${k['scrappedParts']?.withChange}, good parts ${k['goodParts']?.baseline} → ${k['goodParts']?.withChange}.`,
  };
}
