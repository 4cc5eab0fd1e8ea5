/**
 * The shift re-planning model (issue 3 §3): shifts with positions, each position needed for a
 * window inside its shift; staff with qualifications and a roster; labour rules from the German
 * Arbeitszeitgesetz (ArbZG §3: at most 10 h work a day; §5: 11 h rest) and an assumed collective-
 * agreement call-in minimum. All times are in one consistent unit (`unitS` seconds per unit).
 */

export interface ShiftPosition {
  readonly id: string;
  readonly qualification: string;
  /** Needed window inside the shift (default: the whole shift): only these hours must be covered. */
  readonly from?: number;
  readonly to?: number;
}

export interface ShiftSlot {
  readonly id: string;
  /** Seconds (any consistent unit; `unitS` converts to hours). */
  readonly start: number;
  readonly end: number;
  readonly positions: readonly ShiftPosition[];
}

export interface TimeInterval {
  readonly start: number;
  readonly end: number;
}

export interface StaffMember {
  readonly id: string;
  readonly qualifications: readonly string[];
  /** Shifts in the worker's roster: working them is regular time; any other hour is overtime. */
  readonly regularShifts: readonly string[];
  /** Shifts the worker could work in (default: every shift). */
  readonly available?: readonly string[];
  /** Most shifts this worker holds pieces in (default: unlimited). */
  readonly maxShifts?: number;
  /**
   * Regular shifts the worker is at work for whatever the plan says (the shift running now): they
   * count for daily hours and rest even without a piece. Other regular shifts without a piece may be
   * dropped (the worker stays home or swaps), which the search decides.
   */
  readonly present?: readonly string[];
  /** Work fixed outside the plan's shifts (yesterday's shift, the running shift before the plan starts). */
  readonly busy?: readonly TimeInterval[];
}

export interface ShiftProblem {
  readonly shifts: readonly ShiftSlot[];
  readonly staff: readonly StaffMember[];
  /** Minimum rest between two working days of one worker, in time units (default 11 h, ArbZG §5). */
  readonly minRest?: number;
  /** Seconds per time unit (default 1). */
  readonly unitS?: number;
  /**
   * Most work hours in one working day (default 10, ArbZG §3). A rostered shift longer than this is
   * kept (the roster is given) but cannot be extended.
   */
  readonly maxDailyHours?: number;
  /**
   * A call-in (coming to the plant for work not attached to one's own shift) pays at least this many
   * hours (default 4). An assumption modelled on common collective-agreement rules; 0 switches it off.
   */
  readonly minCallInHours?: number;
  /**
   * Most pieces one position's window may be split into (default 3: an extension of the shift before,
   * a call-in or a gap, an early start of the shift after). 1 is the whole-window model.
   */
  readonly maxPieces?: number;
  /** Grid of piece boundaries, in time units, counted from the window's ends (default 1 h). */
  readonly step?: number;
}

export interface Absence {
  readonly worker: string;
  /** Shifts missed (default: all). */
  readonly shifts?: readonly string[];
}

/** One worker on one position; `from`/`to` only when the piece is not the position's whole window. */
export interface ShiftAssignment {
  readonly shift: string;
  readonly position: string;
  readonly worker: string;
  readonly from?: number;
  readonly to?: number;
}

/** How a worker comes to hold a piece: in the own shift, staying longer/coming earlier, or called in. */
export type PieceKind = 'regular' | 'extension' | 'call-in';

export interface ShiftPiece {
  readonly shift: string;
  readonly position: string;
  readonly qualification: string;
  readonly worker: string;
  readonly from: number;
  readonly to: number;
  readonly hours: number;
  /** Hours of this piece outside the worker's roster (worked overtime, without a call-in top-up). */
  readonly overtimeHours: number;
  readonly kind: PieceKind;
}

export interface UncoveredPiece {
  readonly shift: string;
  readonly position: string;
  readonly qualification: string;
  readonly from: number;
  readonly to: number;
  readonly hours: number;
}

/** Per worker with work in the plan: the roster shifts attended and the overtime paid. */
export interface WorkerDay {
  readonly worker: string;
  readonly present: readonly string[];
  readonly overtimeHours: number;
}

export interface ShiftPlanOptions {
  readonly absences?: readonly Absence[];
  /** The plan before the absence: kept where possible. */
  readonly previous?: readonly ShiftAssignment[];
  /** Search guard: nodes plus options tried (default 2,000,000). */
  readonly maxNodes?: number;
  /**
   * Lower bound of the search (default 'crew-matching'; 'position' is the per-position bound alone,
   * kept to measure the difference: `npm run bench -- shifts`).
   */
  readonly lowerBound?: 'position' | 'crew-matching' | 'instant-matching';
}

interface PlanFigures {
  readonly assignments: readonly ShiftAssignment[];
  readonly pieces: readonly ShiftPiece[];
  readonly workers: readonly WorkerDay[];
  /** Pieces held by someone other than in the previous plan. */
  readonly changes: number;
  /** False when the node limit stopped the search (the plan is still feasible, maybe not least). */
  readonly exact: boolean;
  /**
   * The least uncovered time is proven (the search's first phase finished), even when `exact` is
   * false because the overtime or changes were not proven least within the node limit.
   */
  readonly uncoveredExact: boolean;
  /** Uncovered time and then overtime are proven least (the changes among such plans may not be). */
  readonly overtimeExact: boolean;
  /** The search's lower bound at the root (before any choice): never above the optimum. */
  readonly lowerBound: { readonly uncoveredHours: number; readonly overtimeHours: number };
}

export type ShiftPlanResult =
  | (PlanFigures & {
      readonly ok: true;
      readonly overtimeHours: 0;
      readonly workedOvertimeHours: 0;
      readonly callInTopUpHours: 0;
    })
  | (PlanFigures & {
      readonly ok: false;
      readonly reason: 'overtime-needed';
      /** Paid overtime: hours outside the roster plus call-in top-ups. */
      readonly overtimeHours: number;
      readonly workedOvertimeHours: number;
      readonly callInTopUpHours: number;
    })
  | (PlanFigures & {
      readonly ok: false;
      readonly reason: 'uncoverable';
      readonly uncovered: readonly UncoveredPiece[];
      readonly uncoveredHours: number;
      readonly overtimeHours: number;
      readonly workedOvertimeHours: number;
      readonly callInTopUpHours: number;
    });

/** The problem's rules with defaults, in time units. */
export interface ShiftRules {
  readonly unit: number;
  readonly minRest: number;
  readonly maxDaily: number;
  readonly minCallIn: number;
  readonly maxPieces: number;
  readonly step: number;
}

export function shiftRules(p: ShiftProblem): ShiftRules {
  const unit = p.unitS ?? 1;
  const hour = 3600 / unit;
  return {
    unit,
    minRest: p.minRest ?? 11 * hour,
    maxDaily: (p.maxDailyHours ?? 10) * hour,
    minCallIn: (p.minCallInHours ?? 4) * hour,
    maxPieces: Math.max(1, Math.floor(p.maxPieces ?? 3)),
    step: p.step ?? hour,
  };
}

/** A position's needed window. */
export function positionWindow(s: ShiftSlot, p: ShiftPosition): TimeInterval {
  return { start: p.from ?? s.start, end: p.to ?? s.end };
}
