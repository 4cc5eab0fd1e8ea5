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

type Change = ShiftCoverage['changes'][number];

/** "22:00–00:00" of a piece, from its shift's start. */
function hours(c: ShiftCoverage, x: { shift: string; fromMin: number; toMin: number }): string {
  const start = c.shifts.find((s) => s.id === x.shift)?.start ?? 0;
  return `${hm(start + x.fromMin * 60_000)}–${hm(start + x.toMin * 60_000)}`;
}

/** How the worker holds the piece: own shift, staying longer, coming earlier, called in. */
function how(c: ShiftCoverage, plant: Plant, x: Change, lang: 'en' | 'de'): string {
  const own = plant.workers.find((w) => w.id === x.to)?.shift;
  const ownName = plant.shiftCalendar.shifts.find((s) => s.id === own)?.name ?? own ?? '';
  const s = c.shifts.find((i) => i.id === x.shift);
  const length = s === undefined ? Infinity : Math.round((s.end - s.start) / 60_000);
  const ot =
    x.overtimeHours > 0
      ? lang === 'en'
        ? `, ${x.overtimeHours} h overtime`
        : `, ${x.overtimeHours} h Mehrarbeit`
      : '';
  if (x.kind === 'regular') return lang === 'en' ? 'own shift' : 'eigene Schicht';
  if (x.kind === 'call-in') return (lang === 'en' ? 'called in' : 'kommt extra') + ot;
  if (x.fromMin === 0) return (lang === 'en' ? `extends the ${ownName}` : `verlängert die ${ownName}`) + ot;
  if (x.toMin >= length)
    return (lang === 'en' ? `comes in before the ${ownName}` : `kommt vor der ${ownName}`) + ot;
  return (lang === 'en' ? `extends the ${ownName}` : `verlängert die ${ownName}`) + ot;
}

/** "22:00–00:00 Xenia (W024) → ST09 soldering (Nachtschicht; extends the Spätschicht, 2 h overtime) instead of Lotte". */
function changeList(c: ShiftCoverage, plant: Plant, lang: 'en' | 'de'): string {
  const name = (id: string): string => plant.workers.find((w) => w.id === id)?.name ?? id;
  return c.changes
    .map((x) => {
      const was =
        x.from === undefined ? '' : lang === 'en' ? ` instead of ${name(x.from)}` : ` statt ${name(x.from)}`;
      const where = c.shifts.find((s) => s.id === x.shift)?.name ?? x.shift;
      return `${hours(c, x)} ${name(x.to)} (${x.to}) → ${x.station} ${x.qualification} (${where}; ${how(c, plant, x, lang)})${was}`;
    })
    .join('; ');
}

/** "24:00–01:00 ST09 soldering (Nachtschicht)". */
const openList = (c: ShiftCoverage): string =>
  c.uncovered
    .map((u) => `${hours(c, u)} ${u.station} ${u.qualification} (${shiftName(c, u.shift)})`)
    .join('; ');

/** "8 h (6 h worked + 2 h call-in minimum)". */
function overtimeText(c: ShiftCoverage, lang: 'en' | 'de'): string {
  if (c.callInTopUpHours <= 0) return `${c.overtimeHours} h`;
  return lang === 'en'
    ? `${c.overtimeHours} h (${c.workedOvertimeHours} h worked + ${c.callInTopUpHours} h call-in minimum)`
    : `${c.overtimeHours} h (${c.workedOvertimeHours} h gearbeitet + ${c.callInTopUpHours} h Mindestvergütung Ruf)`;
}

const RULES = {
  en: 'Labour rules kept: one post at a time, at most 10 h a day (ArbZG §3), rest ≥ 11 h (ArbZG §5); a call-in pays at least 4 h (assumed agreement).',
  de: 'Eingehalten: ein Platz zur Zeit, höchstens 10 h am Tag (ArbZG §3), Ruhezeit ≥ 11 h (ArbZG §5); ein Ruf wird mit mindestens 4 h vergütet (angenommene Vereinbarung).',
};

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
      en: `Shift plan: ${cause.en}; no plan without overtime, least overtime ${overtimeText(c, 'en')}`,
      de: `Schichtplan: ${cause.de}; kein Plan ohne Mehrarbeit, geringste Mehrarbeit ${overtimeText(c, 'de')}`,
    };
  else
    title = {
      en: `Shift plan: ${cause.en}; ${c.uncoveredHours} h at ${new Set(c.uncovered.map((u) => `${u.shift}/${u.station}`)).size} positions cannot be staffed within the labour rules`,
      de: `Schichtplan: ${cause.de}; ${c.uncoveredHours} h an ${new Set(c.uncovered.map((u) => `${u.shift}/${u.station}`)).size} Plätzen sind innerhalb der Arbeitszeitregeln nicht besetzbar`,
    };
  const noExec = {
    en: 'No executor: the roster is not an actuation Dexter can carry out; the shift lead applies an approved change.',
    de: 'Kein Ausführer: den Dienstplan kann Dexter nicht ändern; die Schichtleitung setzt eine genehmigte Änderung um.',
  };
  const detail: BilingualText =
    c.outcome === 'uncoverable'
      ? {
          en: `Empty: ${openList(c)}.${c.changes.length === 0 ? '' : ` Best partial cover: ${changeList(c, plant, 'en')}.`} ${RULES.en}`,
          de: `Unbesetzt: ${openList(c)}.${c.changes.length === 0 ? '' : ` Beste Teilbesetzung: ${changeList(c, plant, 'de')}.`} ${RULES.de}`,
        }
      : c.changes.length === 0
        ? {
            en: 'The standing roster already covers every position the plan needs.',
            de: 'Der bestehende Dienstplan besetzt alle Plätze, die der Plan braucht.',
          }
        : {
            en: `Changes: ${changeList(c, plant, 'en')}. Overtime in total: ${overtimeText(c, 'en')}. ${RULES.en} ${noExec.en}`,
            de: `Änderungen: ${changeList(c, plant, 'de')}. Mehrarbeit gesamt: ${overtimeText(c, 'de')}. ${RULES.de} ${noExec.de}`,
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
      workedOvertimeHours: c.workedOvertimeHours,
      callInTopUpHours: c.callInTopUpHours,
      uncoveredHours: c.uncoveredHours,
      shifts: c.shifts,
      changes: c.changes,
      uncovered: c.uncovered,
      exact: c.exact,
      uncoveredExact: c.uncoveredExact,
      overtimeExact: c.overtimeExact,
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
    // The open hours and the overtime proven least: the plan is sure; only fewer changes may be unproven.
    uncertainty: c.uncoveredExact && c.overtimeExact ? 0.1 : 0.3,
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
      `${c.outcome === 'covered' ? 'covered without overtime' : `least overtime ${overtimeText(c, 'en')}`}; ` +
      `changes: ${c.changes.map((x) => `${hours(c, x)} ${x.to} → ${x.station} (${x.shift}, ${x.kind}${x.overtime ? `, ${x.overtimeHours} h overtime` : ''})${x.from === undefined ? '' : ` instead of ${x.from}`}`).join('; ')}. ` +
      'Evidence from the shift planner (exact branch and bound over hour pieces, at most 10 h a day, rest ≥ 11 h), not from a twin run: the twin has no roster. ' +
      'No executor: Dexter cannot change the roster; after approval the shift lead applies it.'
    ).slice(0, 4000),
  };
}

/** Positions the standing roster leaves empty because of the absence: those the change fills with someone else. */
function countOpen(c: ShiftCoverage): number {
  return new Set(
    c.changes
      .filter((x) => x.from !== undefined && c.absent.includes(x.from))
      .map((x) => `${x.shift}/${x.station}`),
  ).size;
}
