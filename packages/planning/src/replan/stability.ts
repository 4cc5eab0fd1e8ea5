import type { Schedule } from '../model/schedule.ts';

/** How much a repaired plan differs from the plan it replaces (the shop floor's "nervousness"). */
export interface Stability {
  /** Operations present in both plans whose start, machine or worker changed. */
  readonly moved: number;
  /** Of those, operations on another machine. */
  readonly machineChanged: number;
  /** Σ |Δstart| over operations present in both plans (time units). */
  readonly totalShift: number;
  /** totalShift / moved (0 when nothing moved). */
  readonly meanShift: number;
}

export function stability(before: Schedule, after: Schedule): Stability {
  const old = new Map(before.assignments.map((a) => [a.op, a] as const));
  let moved = 0;
  let machineChanged = 0;
  let totalShift = 0;
  for (const a of after.assignments) {
    const b = old.get(a.op);
    if (b === undefined) continue;
    if (a.start !== b.start || a.machine !== b.machine || a.worker !== b.worker) moved++;
    if (a.machine !== b.machine) machineChanged++;
    totalShift += Math.abs(a.start - b.start);
  }
  return { moved, machineChanged, totalShift, meanShift: moved === 0 ? 0 : totalShift / moved };
}
