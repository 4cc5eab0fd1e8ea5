/**
 * The general scheduling problem Strategos plans: orders (jobs) made of operations with
 * precedence (a DAG per job, so assembly joins are allowed), flexible machine choice, optional
 * sequence-dependent setups, machine availability windows (shift calendars) and planned
 * downtimes (maintenance), and qualified workers as a capacity constraint.
 *
 * Times are integers in one unit per problem (seconds in the plant, abstract units in the
 * benchmark instances); `timeUnitS` says how many seconds one unit is, for hours and kWh.
 * Names follow the scheduling literature (Pinedo, "Scheduling", 5th ed.): release r_j,
 * due date d_j, weight w_j, processing time p_ij.
 */

/** A half-open interval [start, end) in problem time units. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/**
 * A window in which a resource works. `overtime: true` marks a window outside the regular
 * shift calendar: work there is allowed but counted as overtime by `evaluate`.
 */
export interface TimeWindow extends Interval {
  readonly overtime?: boolean;
}

/** A planned unavailability (maintenance, breakdown): no operation may overlap it. */
export interface Downtime extends Interval {
  readonly reason?: string;
}

/** One way to run an operation: on `machine` for `duration` time units. */
export interface Alternative {
  readonly machine: number;
  readonly duration: number;
}

export interface Operation {
  /** Unique id; the converters use `${job}.${index}`. */
  readonly id: string;
  readonly job: number;
  /** Position within the job's routing (0-based), for display and for the classic instances. */
  readonly index: number;
  /** Eligible machines with their processing times (flexible job shop). Non-empty. */
  readonly alternatives: readonly Alternative[];
  /** Ids of operations that must finish before this one starts (a DAG; joins allowed). */
  readonly predecessors: readonly string[];
  /** A worker holding this qualification must be assigned for the whole operation. */
  readonly qualification?: string;
  /** Setup family for sequence-dependent setups (see `Machine.setupTimes`). */
  readonly setupFamily?: string;
}

/** An order (ISA-95 work order). `id` equals its index in `SchedulingProblem.jobs`. */
export interface Job {
  readonly id: number;
  readonly name?: string;
  /** w_j: importance in total weighted tardiness. */
  readonly weight: number;
  /** r_j: no operation of the job may start before this (material arrival). */
  readonly release: number;
  /** d_j: due date; jobs without one never count as tardy. */
  readonly due?: number;
}

/** A machine (ISA-95 equipment / work unit). `id` equals its index in `SchedulingProblem.machines`. */
export interface Machine {
  readonly id: number;
  readonly name?: string;
  /**
   * Availability windows (shift calendar). An operation must lie inside one window (no
   * preemption). Absent means always available.
   */
  readonly windows?: readonly TimeWindow[];
  /** Planned maintenance or breakdowns: no operation may overlap one. */
  readonly downtimes?: readonly Downtime[];
  /**
   * Sequence-dependent setup times: `setupTimes[from][to]` time units must pass on this machine
   * between an operation of family `from` and a following one of family `to`. Missing = 0.
   */
  readonly setupTimes?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Electrical power while processing, for the energy KPI. */
  readonly powerKW?: number;
}

/** A worker with qualifications and shifts (capacity: one operation at a time). */
export interface Worker {
  readonly id: string;
  readonly qualifications: readonly string[];
  /** Shifts the worker is present in; absent means always present. */
  readonly shifts?: readonly TimeWindow[];
}

export interface SchedulingProblem {
  readonly name: string;
  readonly jobs: readonly Job[];
  readonly machines: readonly Machine[];
  readonly operations: readonly Operation[];
  readonly workers?: readonly Worker[];
  /** Seconds per time unit (default 1), used for overtime hours and energy. */
  readonly timeUnitS?: number;
}
