/**
 * Job-shop results in the package-wide schedule shape (`{ assignments }`, operation ids `job.index`),
 * the one the independent validator checks.
 */
import type { JobShopInstance } from '../io/instances.ts';
import type { Solution } from './disjunctive-graph.ts';

export interface JobShopAssignment {
  /** `${job}.${index}` */
  readonly op: string;
  readonly job: number;
  readonly index: number;
  readonly machine: number;
  readonly start: number;
  readonly end: number;
}

export interface JobShopSchedule {
  readonly assignments: readonly JobShopAssignment[];
}

/** Semi-active schedule (every operation at its head) of an evaluated solution. */
export function scheduleOf(s: Solution): JobShopSchedule {
  const { n, job, index, mach, dur } = s.d;
  const assignments: JobShopAssignment[] = [];
  for (let o = 0; o < n; o++) {
    const start = s.r[o]!;
    assignments.push({
      op: `${job[o]!}.${index[o]!}`,
      job: job[o]!,
      index: index[o]!,
      machine: mach[o]!,
      start,
      end: start + dur[o]!,
    });
  }
  return { assignments };
}

/**
 * The classic trivial lower bound: the longest job and the most loaded machine.
 * A schedule that meets it is optimal, which lets the search stop early.
 */
export function jobShopLowerBound(inst: JobShopInstance): number {
  const load = new Array<number>(inst.machines).fill(0);
  let lb = 0;
  for (const ops of inst.ops) {
    let len = 0;
    for (const o of ops) {
      len += o.duration;
      load[o.machine] = (load[o.machine] ?? 0) + o.duration;
    }
    if (len > lb) lb = len;
  }
  for (const l of load) if (l > lb) lb = l;
  return lb;
}
