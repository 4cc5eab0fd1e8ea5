import type { Plant } from '@aethercore/core';
import { planShifts, type ShiftAssignment, type ShiftProblem, type StaffMember } from '@aethercore/planning';
import { isoWeekday } from './calendar.ts';
import type { PlanView } from './plan-view.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

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
  /** covered: every needed position without overtime; overtime: only with the least overtime shown; uncoverable: not at all. */
  readonly outcome: 'covered' | 'overtime' | 'uncoverable';
  readonly overtimeHours: number;
  /** False when the search's node limit stopped it (the plan is still feasible, maybe not least). */
  readonly exact: boolean;
  readonly shifts: readonly {
    readonly id: string;
    readonly shift: string;
    readonly name: string;
    readonly start: number;
    readonly end: number;
    /** Manned stations the plan has work for in this shift. */
    readonly positions: number;
    /** Filled by the shift's own crew, by others on overtime, not at all. */
    readonly regular: number;
    readonly overtime: number;
    readonly uncovered: number;
  }[];
  /** Assignments that differ from the roster as it stands (before the absence). */
  readonly changes: readonly {
    readonly shift: string;
    readonly station: string;
    readonly qualification: string;
    readonly from?: string;
    readonly to: string;
    readonly overtime: boolean;
  }[];
  readonly uncovered: readonly {
    readonly shift: string;
    readonly station: string;
    readonly qualification: string;
  }[];
  /** The independent check of the assignment (qualification, absence, one post per shift, rest). */
  readonly valid: boolean;
}

export interface ShiftCoverageOptions {
  /** Shifts starting within this of now are planned (default 24 h). */
  readonly horizonMs?: number;
  /** Minimum rest between two shifts of one worker (ArbZG §5: 11 h). */
  readonly minRestH?: number;
  readonly maxNodes?: number;
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

/** Stations needing a qualification that the plan keeps busy during [from, to). */
function demand(plant: Plant, plan: PlanView, from: number, to: number): string[] {
  const busy = new Set<string>();
  for (const op of plan.operations) if (op.start < to && op.end > from) busy.add(op.station);
  return plant.stations.filter((s) => s.qualification !== undefined && busy.has(s.id)).map((s) => s.id);
}

/** Positions (station @ shift) the plan needs in shifts that have not started yet. */
export function futureDemand(plant: Plant, plan: PlanView, nowMs: number, horizonMs = DAY_MS): Set<string> {
  const out = new Set<string>();
  for (const i of shiftInstances(plant, nowMs, nowMs + horizonMs))
    if (i.start >= nowMs) for (const st of demand(plant, plan, i.start, i.end)) out.add(`${st}@${i.id}`);
  return out;
}

const clash = (a: { start: number; end: number }, b: { start: number; end: number }, rest: number): boolean =>
  a.start < b.end + rest && b.start < a.end + rest;

/**
 * Shift re-planning (issue 3 §3): the positions the plan needs (a manned station with planned work
 * in a shift), the roster from the plant file (each worker's own shift is regular time, any other
 * shift overtime), absences, and the labour rules (one post per shift, 11 h rest, ArbZG §5, also
 * against the shift a worker has just worked or is working now; shifts after the 24-h window are
 * re-planned when they enter it, a rolling horizon). `planShifts` (exact branch and
 * bound) finds an assignment without overtime if one exists, else the one with the least overtime,
 * changing the standing roster as little as possible.
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
  const rest = (o.minRestH ?? 11) * HOUR_MS;
  const inst = shiftInstances(plant, nowMs, nowMs + horizon);
  const inProblem = new Set(inst.map((i) => i.id));
  // Every shift instance near the window: a worker's own shifts outside it still bind their rest.
  const around = shiftInstances(plant, nowMs - DAY_MS, nowMs + horizon + DAY_MS);
  const qual = new Map(plant.stations.map((s) => [s.id, s.qualification ?? ''] as const));
  const shifts: ShiftProblem['shifts'] = inst.map((i) => ({
    id: i.id,
    start: Math.max(i.start, nowMs) / 1000,
    end: i.end / 1000,
    positions: demand(plant, plan, Math.max(i.start, nowMs), i.end).map((st) => ({
      id: st,
      qualification: qual.get(st) ?? '',
    })),
  }));
  const absentIn = (w: string, i: { start: number; end: number }): boolean =>
    absences.some((a) => a.worker === w && a.fromMs < i.end && a.untilMs > i.start);
  const staffOf = (withAbsences: boolean): StaffMember[] =>
    plant.workers.map((w) => {
      const own = around.filter((i) => i.shift === w.shift && !(withAbsences && absentIn(w.id, i)));
      // Fixed: own shifts already worked and the one running now (the worker is at work). Own shifts
      // after the window are re-planned when they enter it (rolling horizon), so they bind nothing yet.
      const fixed = own.filter((i) => i.start <= nowMs && (!inProblem.has(i.id) || i.end > nowMs));
      return {
        id: w.id,
        qualifications: w.qualifications,
        regularShifts: own.filter((i) => inProblem.has(i.id)).map((i) => i.id),
        available: inst
          .filter((i) => fixed.every((f) => f.id === i.id || !clash(f, i, rest)))
          .map((i) => i.id),
      };
    });
  const staff = staffOf(true);
  const problem: ShiftProblem = { shifts, staff, minRest: rest / 1000 };
  const maxNodes = o.maxNodes ?? 200_000;
  // The roster as it stands: everybody in their own shift, nobody absent.
  const standing = planShifts({ ...problem, staff: staffOf(false) }, { maxNodes });
  const previous = 'assignments' in standing ? standing.assignments : [];
  const absent = [...new Set(absences.map((a) => a.worker))].filter((w) =>
    plant.workers.some((x) => x.id === w),
  );
  const r = planShifts(problem, {
    maxNodes,
    previous,
    absences: absent.map((w) => ({ worker: w, shifts: inst.filter((i) => absentIn(w, i)).map((i) => i.id) })),
  });
  const regularOf = new Map(staff.map((s) => [s.id, new Set(s.regularShifts)] as const));
  const isOvertime = (a: ShiftAssignment): boolean => regularOf.get(a.worker)?.has(a.shift) !== true;
  const assignments = 'assignments' in r ? r.assignments : [];
  const uncovered =
    r.ok || r.reason !== 'uncoverable'
      ? []
      : r.uncovered.map((u) => ({ shift: u.shift, station: u.position, qualification: u.qualification }));
  const before = new Map(previous.map((a) => [`${a.shift}/${a.position}`, a.worker] as const));
  const changes = assignments
    .filter((a) => before.get(`${a.shift}/${a.position}`) !== a.worker)
    .map((a) => {
      const from = before.get(`${a.shift}/${a.position}`);
      return {
        shift: a.shift,
        station: a.position,
        qualification: qual.get(a.position) ?? '',
        ...(from === undefined ? {} : { from }),
        to: a.worker,
        overtime: isOvertime(a),
      };
    });
  return {
    time: nowMs,
    reason,
    absent,
    outcome: r.ok ? 'covered' : r.reason === 'overtime-needed' ? 'overtime' : 'uncoverable',
    overtimeHours: r.ok ? 0 : r.reason === 'overtime-needed' ? Math.round(r.overtimeHours * 100) / 100 : 0,
    exact: 'exact' in r ? r.exact : true,
    shifts: inst.map((i, k) => {
      const positions = shifts[k]?.positions.length ?? 0;
      const mine = assignments.filter((a) => a.shift === i.id);
      const overtime = mine.filter(isOvertime).length;
      return {
        ...i,
        positions,
        regular: mine.length - overtime,
        overtime,
        uncovered: assignments.length === 0 ? positions : positions - mine.length,
      };
    }),
    changes,
    uncovered,
    valid: assignments.length === 0 || checkShiftPlan(problem, assignments, absent, absentIn, inst),
  };
}

/**
 * The independent check of a shift assignment (separate code from the search): every position
 * filled once by a qualified worker who is not absent, one post per worker and shift, and the
 * minimum rest between a worker's shifts.
 */
export function checkShiftPlan(
  problem: ShiftProblem,
  assignments: readonly ShiftAssignment[],
  absent: readonly string[],
  absentIn: (worker: string, i: { start: number; end: number }) => boolean,
  inst: readonly ShiftInstance[],
): boolean {
  const byId = new Map(problem.shifts.map((s) => [s.id, s] as const));
  const instById = new Map(inst.map((i) => [i.id, i] as const));
  const seen = new Set<string>();
  const perWorker = new Map<string, string[]>();
  for (const a of assignments) {
    const s = byId.get(a.shift);
    const p = s?.positions.find((x) => x.id === a.position);
    const w = problem.staff.find((x) => x.id === a.worker);
    const i = instById.get(a.shift);
    if (s === undefined || p === undefined || w === undefined || i === undefined) return false;
    if (!w.qualifications.includes(p.qualification)) return false;
    if (absent.includes(w.id) && absentIn(w.id, i)) return false;
    const key = `${a.shift}/${a.position}`;
    if (seen.has(key)) return false;
    seen.add(key);
    const list = perWorker.get(w.id) ?? [];
    if (list.includes(a.shift)) return false;
    list.push(a.shift);
    perWorker.set(w.id, list);
  }
  const rest = problem.minRest ?? 39_600;
  for (const list of perWorker.values())
    for (const x of list)
      for (const y of list) {
        const a = byId.get(x);
        const b = byId.get(y);
        if (x !== y && a !== undefined && b !== undefined && a.start < b.end + rest && b.start < a.end + rest)
          return false;
      }
  return problem.shifts.every((s) => s.positions.every((p) => seen.has(`${s.id}/${p.id}`)));
}
