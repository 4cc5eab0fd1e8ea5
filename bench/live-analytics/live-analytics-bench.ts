import type { Plant } from '@aethercore/core';
import { Analytika, type AgentFinding } from '@aethercore/agents';
import { createTwin } from '@aethercore/twin';

/** One simulated day fed to a fresh Analytika every `stepMs` of sim time (the server's OPC UA view). */
export interface DayResult {
  readonly scenario: string;
  readonly seed: number;
  readonly hours: number;
  readonly findings: readonly {
    readonly time: number;
    readonly kind: string;
    readonly subject: string;
    readonly title: string;
  }[];
  /** werkhalle4-day only: R7 wear onset and failure time, drift start, first out-of-tolerance ST04 part. */
  readonly truth?: {
    readonly wearOnset: number;
    readonly failAt: number;
    readonly driftStart: number;
    readonly firstOutOfTolerance: number | undefined;
  };
  readonly anomalyAt?: number;
  readonly driftAt?: number;
  readonly rul?: {
    readonly at: number;
    readonly rulH: number | null;
    readonly lowerH: number;
    readonly upperH: number | null;
    readonly truthH: number;
    readonly covered: boolean;
  };
  /** Findings that are not about a scripted disruption (baseline: every finding; seed day: anything but R7 wear and ST04 drift). */
  readonly falseAlarms: number;
  readonly cpuMs: number;
}

export function runDay(
  plant: Plant,
  scenario: string,
  seed: number,
  hours: number,
  stepMs = 15_000,
): DayResult {
  const cpu0 = process.cpuUsage();
  const agent = new Analytika({ plant });
  const twin = createTwin({ plant, scenario, seed });
  const heated = plant.stations.find((s) => s.thermal !== undefined);
  const findings: AgentFinding[] = [];
  let firstOutOfTolerance: number | undefined;
  let lastCount = 0;
  const end = twin.now() + hours * 3_600_000;
  for (let t = twin.now() + stepMs; t <= end; t += stepMs) {
    twin.advanceTo(t);
    const rs = twin.readings();
    findings.push(...agent.observe(rs).findings);
    if (heated?.thermal !== undefined && firstOutOfTolerance === undefined) {
      const v = new Map(rs.map((r) => [r.seriesId, r.value]));
      const count = v.get(`${heated.id}/partsProduced`) ?? 0;
      const dim = v.get(`${heated.id}/dimensionMm`) ?? heated.thermal.nominalMm;
      if (count > lastCount && Math.abs(dim - heated.thermal.nominalMm) > heated.thermal.toleranceMm)
        firstOutOfTolerance = t;
      lastCount = count;
    }
  }
  const wear = twin.scenario.disruptions.find((d) => d.kind === 'degradation');
  const drift = twin.scenario.disruptions.find((d) => d.kind === 'quality-drift');
  const truth =
    wear?.kind === 'degradation' && drift !== undefined
      ? { wearOnset: wear.atMs, failAt: wear.failAtMs, driftStart: drift.atMs, firstOutOfTolerance }
      : undefined;
  const anomaly = findings.find((f) => f.kind === 'anomaly' && f.subject === wear?.station);
  const driftF = findings.find((f) => f.kind === 'drift' && f.subject === drift?.station);
  const rulF = findings.find((f) => f.kind === 'rul');
  const rulE = rulF?.evidence?.['rul'] as
    { rulH: number | null; lowerH: number; upperH: number | null } | undefined;
  const truthH =
    truth === undefined || rulF === undefined ? undefined : (truth.failAt - rulF.time) / 3_600_000;
  const expected = new Set([anomaly, driftF, rulF].filter((f) => f !== undefined));
  const falseAlarms = findings.filter((f) => !expected.has(f)).length;
  const cpu = process.cpuUsage(cpu0);
  return {
    scenario,
    seed,
    hours,
    findings: findings.map((f) => ({ time: f.time, kind: f.kind, subject: f.subject, title: f.title.en })),
    ...(truth === undefined ? {} : { truth }),
    ...(anomaly === undefined ? {} : { anomalyAt: anomaly.time }),
    ...(driftF === undefined ? {} : { driftAt: driftF.time }),
    ...(rulF === undefined || rulE === undefined || truthH === undefined
      ? {}
      : {
          rul: {
            at: rulF.time,
            rulH: rulE.rulH,
            lowerH: rulE.lowerH,
            upperH: rulE.upperH,
            truthH: Math.round(truthH * 100) / 100,
            covered: rulE.lowerH <= truthH && (rulE.upperH ?? Infinity) >= truthH,
          },
        }),
    falseAlarms,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
}
