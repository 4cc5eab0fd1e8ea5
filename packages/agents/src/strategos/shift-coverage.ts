import type { Plant } from '@aethercore/core';
import {
  planShifts,
  validateShiftPlan,
  type Absence,
  type PieceKind,
  type ShiftAssignment,
  type ShiftPlanResult,
  type ShiftProblem,
  type StaffMember,
} from '@aethercore/planning';
import { isoWeekday } from './calendar.ts';
import type { PlanView } from './plan-view.ts';

const DAY_MS = 86_400_000;

/** A worker off sick: the twin's sick note runs 24 h from the report (the event carries no end). */
export interface WorkerAbsence {
  readonly worker: string;
  readonly fromMs: number;
  readonly untilMs: number;
}

/** One shift on one day (`night@2026-03-10`), ms since epoch. */
export interface ShiftInstance {
  readonly id: string;
  readonly shift: string;
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

export interface ShiftCoverage {
  /** Sim ms of the shift plan. */
  readonly time: number;
  /** Why it ran: a worker absence, or the re-plan put work into a shift that had none at a station. */
  readonly reason: 'absence' | 'shift-demand';
  readonly absent: readonly string[];
  /** covered: every needed hour without overtime; overtime: only with the least overtime shown; uncoverable: not every hour. */
  readonly outcome: 'covered' | 'overtime' | 'uncoverable';
  /** Paid overtime: hours worked outside the roster plus call-in top-ups (a call-in pays at least 4 h). */
  readonly overtimeHours: number;
  readonly workedOvertimeHours: number;
  readonly callInTopUpHours: number;
  /** Needed hours nobody can hold within the labour rules. */
  readonly uncoveredHours: number;
  /** False when the search's node limit stopped it (the plan is still feasible, maybe not least). */
  readonly exact: boolean;
  /** The uncovered hours are proven least (even when `exact` is false). */
  readonly uncoveredExact: boolean;
  /** The overtime is proven least given those uncovered hours (even when `exact` is false). */
  readonly overtimeExact: boolean;
  readonly shifts: readonly {
    readonly id: string;
    readonly shift: string;
    readonly name: string;
    readonly start: number;
    readonly end: number;
    /** Manned stations the plan has work for in this shift. */
    readonly positions: number;
    /** Filled by the shift's own crew only, with overtime hours in them, with hours left empty. */
    readonly regular: number;
    readonly overtime: number;
    readonly uncovered: number;
    /** Hours the plan needs the stations staffed, and of those held as overtime. */
    readonly neededHours: number;
    readonly overtimeHours: number;
  }[];
  /**
   * Pieces held by someone else than in the standing roster: who (`to`) works which minutes of the
   * shift (`fromMin`–`toMin` after the shift's start) at which station, instead of whom (`from`), and
   * how (own shift, extension of their shift, call-in).
   */
  readonly changes: readonly {
    readonly shift: string;
    readonly station: string;
    readonly qualification: string;
    readonly from?: string;
    readonly to: string;
    readonly overtime: boolean;
    readonly fromMin: number;
    readonly toMin: number;
    readonly hours: number;
    readonly overtimeHours: number;
    readonly kind: PieceKind;
  }[];
  readonly uncovered: readonly {
    readonly shift: string;
    readonly station: string;
    readonly qualification: string;
    readonly fromMin: number;
    readonly toMin: number;
    readonly hours: number;
  }[];
  /** The independent check of the plan (qualification, absence, one post at a time, 10 h a day, rest, overtime sums). */
  readonly valid: boolean;
}

export interface ShiftCoverageOptions {
  /** Shifts starting within this of now are planned (default 24 h). */
  readonly horizonMs?: number;
  /** Minimum rest between two working days of one worker (ArbZG §5: 11 h). */
  readonly minRestH?: number;
  /** Most work hours a day (ArbZG §3: 10 h). */
  readonly maxDailyH?: number;
  /** A call-in pays at least this (assumed collective-agreement rule, default 4 h). */
  readonly minCallInH?: number;
  readonly maxNodes?: number;
  /** The search's lower bound (default instant-matching; the others only to measure the difference). */
  readonly lowerBound?: 'position' | 'crew-matching' | 'instant-matching';
}

/** The shift instances overlapping [fromMs, toMs) by the plant's calendar (a shift belongs to the day it starts). */
export function shiftInstances(plant: Plant, fromMs: number, toMs: number): ShiftInstance[] {
  const out: ShiftInstance[] = [];
  const cal = plant.shiftCalendar;
  for (let day = Math.floor(fromMs / DAY_MS) * DAY_MS - DAY_MS; day < toMs; day += DAY_MS) {
    if (!cal.workingDays.includes(isoWeekday(day))) continue;
    const date = new Date(day).toISOString().slice(0, 10);
    for (const s of cal.shifts) {
      const start = day + s.startMin * 60_000;
      const end = start + s.durationMin * 60_000;
      if (end > fromMs && start < toMs)
        out.push({ id: `${s.id}@${date}`, shift: s.id, name: s.name, start, end });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Manned stations the plan keeps busy during [from, to), each with its needed window: first start
 * to last end of its operations there, clipped to [from, to). Only these hours need a person, so
 * work moved into a shift creates only the hours it needs.
 */
function demand(
  plant: Plant,
  plan: PlanView,
  from: number,
  to: number,
): { station: string; from: number; to: number }[] {
  const win = new Map<string, { from: number; to: number }>();
  for (const op of plan.operations) {
    if (!(op.start < to && op.end > from)) continue;
    const w = win.get(op.station);
    win.set(op.station, {
      from: Math.min(w?.from ?? Infinity, Math.max(op.start, from)),
      to: Math.max(w?.to ?? -Infinity, Math.min(op.end, to)),
    });
  }
  return plant.stations.flatMap((s) => {
    const w = win.get(s.id);
    return s.qualification === undefined || w === undefined || !(w.to > w.from)
      ? []
      : [{ station: s.id, ...w }];
  });
}

/** Positions (station @ shift) the plan needs in shifts that have not started yet. */
export function futureDemand(plant: Plant, plan: PlanView, nowMs: number, horizonMs = DAY_MS): Set<string> {
  const out = new Set<string>();
  for (const i of shiftInstances(plant, nowMs, nowMs + horizonMs))
    if (i.start >= nowMs)
      for (const d of demand(plant, plan, i.start, i.end)) out.add(`${d.station}@${i.id}`);
  return out;
}

/**
 * Shift re-planning (issue 3 §3) in hours: the positions the plan needs (a manned station with
 * planned work in a shift, for the window from its first operation's start to its last's end), the
 * roster from the plant file (each worker's own shift is regular time, any other hour overtime),
 * absences, and the labour rules: one post at a time, at most 10 h a working day (ArbZG §3), 11 h
 * rest between working days (ArbZG §5), counting the shift a worker has worked or is working now,
 * and a call-in paying at least 4 h (an assumed collective-agreement rule). A window may be split:
 * the shift before stays longer, the shift after comes earlier, someone is called in for the hours
 * between. Shifts after the 24-h window are re-planned when they enter it (rolling horizon).
 * `planShifts` (exact branch and bound over those pieces) finds a plan without overtime if one
 * exists, else the least uncovered hours, then the least overtime hours, changing the standing
 * roster as little as possible.
 */
export function planShiftCoverage(
  plant: Plant,
  plan: PlanView,
  absences: readonly WorkerAbsence[],
  nowMs: number,
  reason: ShiftCoverage['reason'],
  o: ShiftCoverageOptions = {},
): ShiftCoverage {
  const horizon = o.horizonMs ?? DAY_MS;
  const inst = shiftInstances(plant, nowMs, nowMs + horizon);
  const inProblem = new Set(inst.map((i) => i.id));
  // Every shift instance near the window: a worker's own shifts before now bind rest and daily hours.
  const around = shiftInstances(plant, nowMs - DAY_MS, nowMs + horizon + DAY_MS);
  const qual = new Map(plant.stations.map((s) => [s.id, s.qualification ?? ''] as const));
  const sec = (ms: number): number => ms / 1000;
  const shifts: ShiftProblem['shifts'] = inst.map((i) => ({
    id: i.id,
    start: sec(Math.max(i.start, nowMs)),
    end: sec(i.end),
    positions: demand(plant, plan, Math.max(i.start, nowMs), i.end).map((d) => ({
      id: d.station,
      qualification: qual.get(d.station) ?? '',
      from: sec(d.from),
      to: sec(d.to),
    })),
  }));
  const absentIn = (w: string, i: { start: number; end: number }): boolean =>
    absences.some((a) => a.worker === w && a.fromMs < i.end && a.untilMs > i.start);
  const staffOf = (withAbsences: boolean): StaffMember[] =>
    plant.workers.map((w) => {
      const own = around.filter((i) => i.shift === w.shift && !(withAbsences && absentIn(w.id, i)));
      // Worked or at work now: fixed. The running shift is in the problem from now on (attended
      // whatever the plan says); the hours before now and earlier days are fixed work.
      const started = own.filter((i) => i.start < nowMs);
      return {
        id: w.id,
        qualifications: w.qualifications,
        regularShifts: own.filter((i) => inProblem.has(i.id)).map((i) => i.id),
        present: started.filter((i) => inProblem.has(i.id)).map((i) => i.id),
        busy: started.map((i) => ({ start: sec(i.start), end: sec(Math.min(i.end, nowMs)) })),
      };
    });
  const staff = staffOf(true);
  const problem: ShiftProblem = {
    shifts,
    staff,
    minRest: (o.minRestH ?? 11) * 3600,
    maxDailyHours: o.maxDailyH ?? 10,
    minCallInHours: o.minCallInH ?? 4,
  };
  const maxNodes = o.maxNodes ?? 20_000;
  const lowerBound = o.lowerBound ?? 'instant-matching';
  // The roster as it stands: everybody in their own shift, nobody absent.
  const standing = planShifts({ ...problem, staff: staffOf(false) }, { maxNodes, lowerBound });
  const previous = standing.assignments;
  const absent = [...new Set(absences.map((a) => a.worker))].filter((w) =>
    plant.workers.some((x) => x.id === w),
  );
  const planAbsences: Absence[] = absent.map((w) => ({
    worker: w,
    shifts: inst.filter((i) => absentIn(w, i)).map((i) => i.id),
  }));
  const r = planShifts(problem, { maxNodes, lowerBound, previous, absences: planAbsences });
  return coverageOf(r, { plant, inst, problem, previous, absent, planAbsences, nowMs, reason });
}

function coverageOf(
  r: ShiftPlanResult,
  c: {
    plant: Plant;
    inst: readonly ShiftInstance[];
    problem: ShiftProblem;
    previous: readonly ShiftAssignment[];
    absent: readonly string[];
    planAbsences: readonly Absence[];
    nowMs: number;
    reason: ShiftCoverage['reason'];
  },
): ShiftCoverage {
  const instOf = new Map(c.inst.map((i) => [i.id, i] as const));
  const minOf = (shift: string, s: number): number =>
    Math.round((s * 1000 - (instOf.get(shift)?.start ?? 0)) / 60_000);
  const qual = new Map(c.plant.stations.map((s) => [s.id, s.qualification ?? ''] as const));
  const prevOn = (shift: string, station: string) => {
    const win = c.problem.shifts.find((s) => s.id === shift)?.positions.find((p) => p.id === station);
    return c.previous
      .filter((a) => a.shift === shift && a.position === station)
      .map((a) => ({ worker: a.worker, from: a.from ?? win?.from ?? 0, to: a.to ?? win?.to ?? 0 }));
  };
  const changes = r.pieces.flatMap((p) => {
    const before = prevOn(p.shift, p.position);
    if (before.some((b) => b.worker === p.worker && b.from <= p.from && b.to >= p.to)) return [];
    const was = before.find((b) => b.from < p.to && b.to > p.from)?.worker;
    return [
      {
        shift: p.shift,
        station: p.position,
        qualification: p.qualification,
        ...(was === undefined ? {} : { from: was }),
        to: p.worker,
        overtime: p.overtimeHours > 0,
        fromMin: minOf(p.shift, p.from),
        toMin: minOf(p.shift, p.to),
        hours: round(p.hours),
        overtimeHours: round(p.overtimeHours),
        kind: p.kind,
      },
    ];
  });
  const uncoveredList = 'uncovered' in r ? r.uncovered : [];
  const uncovered = uncoveredList.map((u) => ({
    shift: u.shift,
    station: u.position,
    qualification: qual.get(u.position) ?? u.qualification,
    fromMin: minOf(u.shift, u.from),
    toMin: minOf(u.shift, u.to),
    hours: round(u.hours),
  }));
  const errors = validateShiftPlan(c.problem, r, c.planAbsences);
  return {
    time: c.nowMs,
    reason: c.reason,
    absent: c.absent,
    outcome: r.ok ? 'covered' : r.reason === 'overtime-needed' ? 'overtime' : 'uncoverable',
    overtimeHours: round(r.overtimeHours),
    workedOvertimeHours: round(r.workedOvertimeHours),
    callInTopUpHours: round(r.callInTopUpHours),
    uncoveredHours: round('uncoveredHours' in r ? r.uncoveredHours : 0),
    exact: r.exact,
    uncoveredExact: r.uncoveredExact,
    overtimeExact: r.overtimeExact,
    shifts: c.inst.map((i, k) => {
      const positions = c.problem.shifts[k]?.positions ?? [];
      const mine = r.pieces.filter((p) => p.shift === i.id);
      const open = new Set(uncoveredList.filter((u) => u.shift === i.id).map((u) => u.position));
      const ot = new Set(mine.filter((p) => p.overtimeHours > 0).map((p) => p.position));
      const overtime = positions.filter((p) => !open.has(p.id) && ot.has(p.id)).length;
      return {
        ...i,
        positions: positions.length,
        regular: positions.length - overtime - open.size,
        overtime,
        uncovered: open.size,
        neededHours: round(positions.reduce((s, p) => s + ((p.to ?? 0) - (p.from ?? 0)) / 3600, 0)),
        overtimeHours: round(mine.reduce((s, p) => s + p.overtimeHours, 0)),
      };
    }),
    changes,
    uncovered,
    valid: errors.length === 0,
  };
}

const round = (h: number): number => Math.round(h * 100) / 100;

/**
 * The independent check of a shift plan (`validateShiftPlan`, separate code from the search):
 * every needed hour held once by a qualified worker who is not absent or reported uncovered, one
 * post at a time, 10 h a working day, rest between working days, overtime sums.
 */
export function checkShiftPlan(
  problem: ShiftProblem,
  plan: ShiftPlanResult,
  absences: readonly Absence[],
): boolean {
  return validateShiftPlan(problem, plan, absences).length === 0;
}
