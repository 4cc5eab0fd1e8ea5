import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePlantYaml, type Plant } from '@aethercore/core';
import { createTwin, type Twin } from '@aethercore/twin';
import type { AgentFinding } from '../src/finding.ts';
import { Analytika, type ProposalRequest } from '../src/analytika/index.ts';

let cached: Plant | undefined;
export function werkhalle4(): Plant {
  cached ??= parsePlantYaml(
    readFileSync(path.resolve(import.meta.dirname, '../../../plants/werkhalle4.yaml'), 'utf8'),
  );
  return cached;
}

export const at = (hh: number, mm = 0): number => Date.UTC(2026, 2, 10, hh, mm);

let agentCache: Analytika | undefined;

export interface DayRun {
  readonly twin: Twin;
  readonly agent: Analytika;
  readonly findings: AgentFinding[];
  readonly requests: { readonly request: ProposalRequest; readonly finding: AgentFinding }[];
  /** Source time of the first part of the heated station whose measured characteristic is out of tolerance. */
  readonly firstOutOfTolerance: number | undefined;
}

/**
 * One simulated day fed to a fresh agent the way the server does: every 15 s of sim time (the live
 * mode's OPC UA sampling at speed 60) the twin's readings, as the platform receives them.
 */
export function runDay(
  scenario: string,
  seed: number,
  untilH = 10.5,
  stopAt?: (f: AgentFinding) => boolean,
): DayRun {
  const plant = werkhalle4();
  const agent = new Analytika({ plant });
  agentCache = agent;
  const twin = createTwin({ plant, scenario, seed });
  const heated = plant.stations.find((s) => s.thermal !== undefined)!;
  const th = heated.thermal!;
  const findings: AgentFinding[] = [];
  const requests: DayRun['requests'] = [];
  let firstOutOfTolerance: number | undefined;
  let lastCount = 0;
  const end = twin.now() + untilH * 3_600_000;
  for (let t = twin.now() + 15_000; t <= end; t += 15_000) {
    twin.advanceTo(t);
    const readings = twin.readings();
    const step = agent.observe(readings);
    for (const r of step.requests) requests.push({ request: r, finding: step.findings[r.finding]! });
    findings.push(...step.findings);
    const v = new Map(readings.map((r) => [r.seriesId, r.value]));
    const count = v.get(`${heated.id}/partsProduced`) ?? 0;
    const dim = v.get(`${heated.id}/dimensionMm`)!;
    if (
      count > lastCount &&
      firstOutOfTolerance === undefined &&
      Math.abs(dim - th.nominalMm) > th.toleranceMm
    )
      firstOutOfTolerance = t;
    lastCount = count;
    if (stopAt !== undefined && step.findings.some(stopAt)) break;
  }
  return { twin, agent, findings, requests, firstOutOfTolerance };
}

export function lastAgent(): Analytika | undefined {
  return agentCache;
}
