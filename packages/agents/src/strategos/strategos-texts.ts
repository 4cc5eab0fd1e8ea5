import type { AgentFinding, BilingualText } from '../finding.ts';
import type { PlannerFigures, ReplanReport } from './strategos.ts';
import type { WhatIfResult } from './what-if.ts';

const signed = (v: number, digits = 0): string =>
  (v > 0 ? '+' : v < 0 ? '−' : '±') + Math.abs(v).toFixed(digits);
const hours = (ms: number): string => String(Math.round(ms / 360_000) / 10);

/** "O-1003 before O-1002": the first place where the planned sequence differs from the line's. */
export function firstSwap(
  sequence: NonNullable<ReplanReport['sequence']>,
): { readonly moved: string; readonly ahead: string } | undefined {
  for (let i = 0; i < sequence.planned.length; i++) {
    const p = sequence.planned[i];
    const l = sequence.line[i];
    if (p !== undefined && l !== undefined && p !== l) return { moved: p, ahead: l };
  }
  return undefined;
}

function simulatedLine(sim: WhatIfResult): BilingualText {
  const k = sim.kpis;
  const h = hours(sim.toMs - sim.fromMs);
  return {
    en:
      `twin what-if over ${h} h (no knowledge of future disruptions): good parts ${k.goodParts.baseline} → ${k.goodParts.withChange}, ` +
      `late orders ${k.ordersLate.baseline} → ${k.ordersLate.withChange}, tardiness ${k.totalTardinessMin.baseline} → ${k.totalTardinessMin.withChange} min, ` +
      `throughput ${k.throughputPerH.baseline} → ${k.throughputPerH.withChange} parts/h`,
    de:
      `Zwillings-Simulation über ${h} h (ohne Wissen über künftige Störungen): Gutteile ${k.goodParts.baseline} → ${k.goodParts.withChange}, ` +
      `verspätete Aufträge ${k.ordersLate.baseline} → ${k.ordersLate.withChange}, Verspätung ${k.totalTardinessMin.baseline} → ${k.totalTardinessMin.withChange} min, ` +
      `Durchsatz ${k.throughputPerH.baseline} → ${k.throughputPerH.withChange} Teile/h`,
  };
}

function plannerLine(p: PlannerFigures): BilingualText {
  return {
    en: `plan vs right shift: end ${signed(p.delta.makespanMin)} min, tardiness ${signed(p.delta.totalTardinessMin)} min; ${p.stability.moved} lot operations moved (mean ${Math.round(p.stability.meanShift / 60)} min), method ${p.method}`,
    de: `Plan gegenüber Rechtsverschiebung: Ende ${signed(p.delta.makespanMin)} min, Verspätung ${signed(p.delta.totalTardinessMin)} min; ${p.stability.moved} Los-Arbeitsgänge verschoben (im Mittel ${Math.round(p.stability.meanShift / 60)} min), Verfahren ${p.method}`,
  };
}

/** The proposal's explanation (English: Sentinel's inbox text; the finding carries both languages). */
export function proposalText(
  triggers: readonly BilingualText[],
  sim: WhatIfResult,
  planner: PlannerFigures,
  sequence: NonNullable<ReplanReport['sequence']>,
): string {
  const swap = firstSwap(sequence);
  return (
    `After ${triggers.map((t) => t.en).join('; ')}: release ${sequence.planned.join(' → ')} instead of ${sequence.line.join(' → ')}` +
    `${swap === undefined ? '' : `: raise ${swap.moved}'s priority so the line releases it before ${swap.ahead}`}. ` +
    `${simulatedLine(sim).en}. ${plannerLine(planner).en}. The claimed deltas are the simulated ones.`
  );
}

/** The finding(s) of one re-plan, bilingual, with the figures as evidence. */
export function replanFindings(
  report: ReplanReport,
  triggers: readonly BilingualText[],
  time: number,
): AgentFinding[] {
  const cause: BilingualText = {
    en: triggers.map((t) => t.en).join('; '),
    de: triggers.map((t) => t.de).join('; '),
  };
  const subject = report.triggers[0]?.subject ?? 'line';
  const evidence: Record<string, unknown> = {
    outcome: report.outcome,
    events: report.events,
    ...(report.planner === undefined ? {} : { planner: report.planner }),
    ...(report.sequence === undefined ? {} : { sequence: report.sequence }),
    ...(report.simulated === undefined
      ? {}
      : {
          simulated: {
            kpis: report.simulated.kpis,
            deltas: report.simulated.deltas,
            fromMs: report.simulated.fromMs,
            toMs: report.simulated.toMs,
          },
        }),
  };
  const base = { agent: 'strategos' as const, kind: 'replan', time, subject, evidence };
  const swap = report.sequence === undefined ? undefined : firstSwap(report.sequence);
  switch (report.outcome) {
    case 'no-effect':
      return [
        {
          ...base,
          severity: 'info',
          title: {
            en: `Re-plan check after ${cause.en}: the plan is not affected`,
            de: `Plan geprüft nach ${cause.de}: der Plan ist nicht betroffen`,
          },
        },
      ];
    case 'infeasible':
      return [
        {
          ...base,
          severity: 'alarm',
          title: { en: `No feasible plan after ${cause.en}`, de: `Kein zulässiger Plan nach ${cause.de}` },
        },
      ];
    case 'no-change':
      return [
        {
          ...base,
          severity: 'info',
          title: {
            en: `Re-planned after ${cause.en}: the release sequence stays`,
            de: `Neu geplant nach ${cause.de}: die Freigabereihenfolge bleibt`,
          },
          ...(report.planner === undefined ? {} : { detail: plannerLine(report.planner) }),
        },
      ];
    case 'no-improvement': {
      const sim = report.simulated;
      return [
        {
          ...base,
          severity: 'info',
          title: {
            en: `Re-plan after ${cause.en}${swap === undefined ? '' : ` (${swap.moved} before ${swap.ahead})`} gives no gain in the twin: nothing proposed`,
            de: `Neuplanung nach ${cause.de}${swap === undefined ? '' : ` (${swap.moved} vor ${swap.ahead})`} bringt im Zwilling keinen Vorteil: kein Vorschlag`,
          },
          ...(sim === undefined ? {} : { detail: simulatedLine(sim) }),
        },
      ];
    }
    case 'proposed': {
      const sim = report.simulated;
      const dGood = sim?.deltas.goodParts ?? 0;
      const dLate = sim?.deltas.totalTardinessMin ?? 0;
      const gain = {
        en: `${signed(dGood)} good parts, tardiness ${signed(dLate)} min`,
        de: `${signed(dGood)} Gutteile, Verspätung ${signed(dLate)} min`,
      };
      const s = sim === undefined ? { en: '', de: '' } : simulatedLine(sim);
      const p = report.planner === undefined ? { en: '', de: '' } : plannerLine(report.planner);
      return [
        {
          ...base,
          severity: 'warning',
          title: {
            en: `Re-plan after ${cause.en}: ${swap === undefined ? 'new release sequence' : `${swap.moved} before ${swap.ahead}`}, ${gain.en} in ${sim === undefined ? '?' : hours(sim.toMs - sim.fromMs)} h`,
            de: `Neuplanung nach ${cause.de}: ${swap === undefined ? 'neue Freigabereihenfolge' : `${swap.moved} vor ${swap.ahead}`}, ${gain.de} in ${sim === undefined ? '?' : hours(sim.toMs - sim.fromMs)} h`,
          },
          detail: { en: `${s.en}. ${p.en}.`, de: `${s.de}. ${p.de}.` },
          ...(report.proposalId === undefined ? {} : { proposalId: report.proposalId }),
        },
      ];
    }
  }
}
