import type { Plant } from '@aethercore/core';
import { hashRef, type ActionProposal } from '@aethercore/governance';
import type { AgentFinding, BilingualText } from '../finding.ts';
import type { ShiftCoverage } from './shift-coverage.ts';
import type { StrategosProposalContext } from './strategos.ts';

const hm = (ms: number): string => new Date(ms).toISOString().slice(11, 16);

function shiftName(c: ShiftCoverage, id: string): string {
  const s = c.shifts.find((x) => x.id === id);
  return s === undefined ? id : `${s.name} ${hm(s.start)}`;
}

/** "W039 → ST11 (Nachtschicht 22:00, overtime)". */
function changeList(c: ShiftCoverage, plant: Plant, lang: 'en' | 'de'): string {
  const name = (id: string): string => plant.workers.find((w) => w.id === id)?.name ?? id;
  return c.changes
    .map((x) => {
      const ot = x.overtime ? (lang === 'en' ? ', overtime' : ', Mehrarbeit') : '';
      const was =
        x.from === undefined ? '' : lang === 'en' ? ` instead of ${name(x.from)}` : ` statt ${name(x.from)}`;
      return `${name(x.to)} (${x.to}) → ${x.station} ${x.qualification} (${shiftName(c, x.shift)}${ot})${was}`;
    })
    .join('; ');
}

/** Who is absent, for titles. */
const absentText = (c: ShiftCoverage, plant: Plant): string =>
  c.absent.map((w) => `${plant.workers.find((x) => x.id === w)?.name ?? w} (${w})`).join(', ');

/**
 * The shift plan as a finding (notify level: nothing runs by itself). Covered, least overtime with
 * who and where, or uncoverable with the positions left empty.
 */
export function rosterFinding(c: ShiftCoverage, plant: Plant, proposalId?: string): AgentFinding {
  const positions = c.shifts.reduce((n, s) => n + s.positions, 0);
  const cause: BilingualText =
    c.reason === 'absence'
      ? { en: `${absentText(c, plant)} off sick`, de: `${absentText(c, plant)} krank` }
      : {
          en: 'the re-plan needs people in another shift',
          de: 'die Neuplanung braucht Personal in einer anderen Schicht',
        };
  let title: BilingualText;
  if (c.outcome === 'covered')
    title = {
      en: `Shift plan: ${cause.en}; all ${positions} positions covered without overtime (${c.changes.length} changes)`,
      de: `Schichtplan: ${cause.de}; alle ${positions} Plätze ohne Mehrarbeit besetzt (${c.changes.length} Änderungen)`,
    };
  else if (c.outcome === 'overtime')
    title = {
      en: `Shift plan: ${cause.en}; no plan without overtime, least overtime ${c.overtimeHours} h`,
      de: `Schichtplan: ${cause.de}; kein Plan ohne Mehrarbeit, geringste Mehrarbeit ${c.overtimeHours} h`,
    };
  else
    title = {
      en: `Shift plan: ${cause.en}; ${c.uncovered.length} positions cannot be staffed within the rest rules`,
      de: `Schichtplan: ${cause.de}; ${c.uncovered.length} Plätze sind innerhalb der Ruhezeiten nicht besetzbar`,
    };
  const noExec = {
    en: 'No executor: the roster is not an actuation Dexter can carry out; the shift lead applies an approved change.',
    de: 'Kein Ausführer: den Dienstplan kann Dexter nicht ändern; die Schichtleitung setzt eine genehmigte Änderung um.',
  };
  const detail: BilingualText =
    c.outcome === 'uncoverable'
      ? {
          en: `Empty: ${c.uncovered.map((u) => `${u.station} ${u.qualification} (${shiftName(c, u.shift)})`).join('; ')}. Rest ≥ 11 h (ArbZG §5) and one post per shift are kept.`,
          de: `Unbesetzt: ${c.uncovered.map((u) => `${u.station} ${u.qualification} (${shiftName(c, u.shift)})`).join('; ')}. Ruhezeit ≥ 11 h (ArbZG §5) und ein Platz je Schicht eingehalten.`,
        }
      : c.changes.length === 0
        ? {
            en: 'The standing roster already covers every position the plan needs.',
            de: 'Der bestehende Dienstplan besetzt alle Plätze, die der Plan braucht.',
          }
        : {
            en: `Changes: ${changeList(c, plant, 'en')}. ${noExec.en}`,
            de: `Änderungen: ${changeList(c, plant, 'de')}. ${noExec.de}`,
          };
  return {
    agent: 'strategos',
    kind: 'shift-plan',
    severity: c.outcome === 'covered' ? 'info' : 'warning',
    time: c.time,
    subject: c.absent[0] ?? plant.line.id,
    title,
    detail,
    evidence: {
      outcome: c.outcome,
      reason: c.reason,
      overtimeHours: c.overtimeHours,
      shifts: c.shifts,
      changes: c.changes,
      uncovered: c.uncovered,
      exact: c.exact,
      valid: c.valid,
      executor: 'none',
    },
    ...(proposalId === undefined ? {} : { proposalId }),
  };
}

/**
 * The roster change as a proposal for Sentinel: action class `schedule-change` (tool
 * `apply-schedule`), which the policy routes to a person. Its evidence is the shift planner's
 * (uncovered positions and overtime hours without and with the change), not a twin run: the twin
 * has no roster. Dexter has no executor for `shift-roster`, and the proposal says so.
 */
export function rosterProposal(c: ShiftCoverage, ctx: StrategosProposalContext): ActionProposal | undefined {
  if (c.changes.length === 0 || c.outcome === 'uncoverable' || !c.valid) return undefined;
  const uncoveredBefore = countOpen(c);
  const change = {
    kind: 'shift-roster',
    params: {
      changes: c.changes.map((x) => ({ ...x })),
      overtimeHours: c.overtimeHours,
      executor: 'none',
    },
  };
  const kpis = {
    uncoveredPositions: { baseline: uncoveredBefore, withChange: 0 },
    overtimeHours: { baseline: 0, withChange: c.overtimeHours },
    rosterChanges: { baseline: 0, withChange: c.changes.length },
  };
  const deltas: Record<string, number> = {};
  for (const [k, v] of Object.entries(kpis))
    if (v.withChange !== v.baseline) deltas[k] = v.withChange - v.baseline;
  return {
    id: `${ctx.id}-roster`,
    proposer: 'strategos',
    tool: 'apply-schedule',
    effect: 'actuate',
    actionClass: 'schedule-change',
    change,
    createdAt: ctx.createdAt,
    uncertainty: c.exact ? 0.1 : 0.3,
    evidence: {
      stateVersion: ctx.stateVersion,
      simulatedAt: ctx.createdAt,
      changeHash: hashRef(change),
      kpis,
      constraintsOk: c.valid,
    },
    expectedKpiDeltas: deltas,
    explanation: (
      `Shift plan (${c.reason === 'absence' ? `absent: ${c.absent.join(', ')}` : 'new work in a shift'}): ` +
      `${c.outcome === 'covered' ? 'covered without overtime' : `least overtime ${c.overtimeHours} h`}; ` +
      `changes: ${c.changes.map((x) => `${x.to} → ${x.station} (${x.shift}${x.overtime ? ', overtime' : ''})${x.from === undefined ? '' : ` instead of ${x.from}`}`).join('; ')}. ` +
      'Evidence from the shift planner (exact branch and bound, rest ≥ 11 h), not from a twin run: the twin has no roster. ' +
      'No executor: Dexter cannot change the roster; after approval the shift lead applies it.'
    ).slice(0, 4000),
  };
}

/** Positions the standing roster leaves empty because of the absence: those the change fills with someone else. */
function countOpen(c: ShiftCoverage): number {
  return c.changes.filter((x) => x.from !== undefined && c.absent.includes(x.from)).length;
}
