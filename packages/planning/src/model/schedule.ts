/** One operation placed on a machine in time, optionally with the worker who runs it. */
export interface Assignment {
  readonly op: string;
  readonly job: number;
  readonly index: number;
  readonly machine: number;
  readonly start: number;
  /** Exclusive: the operation occupies [start, end). */
  readonly end: number;
  readonly worker?: string;
}

/** A schedule: one assignment per operation, in any order. */
export interface Schedule {
  readonly assignments: readonly Assignment[];
}

/** The makespan C_max of a schedule (0 for an empty one). */
export function makespanOf(schedule: Schedule): number {
  let m = 0;
  for (const a of schedule.assignments) if (a.end > m) m = a.end;
  return m;
}
