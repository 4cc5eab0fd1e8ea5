import type { FlexibleJobShopInstance, JobShopInstance } from '../io/instances.ts';
import type { Job, Machine, Operation, SchedulingProblem } from './problem.ts';

/** The operation id used by the converters: `${job}.${index}`. */
export const opId = (job: number, index: number): string => `${job}.${index}`;

function plainJobs(n: number): Job[] {
  return Array.from({ length: n }, (_, id) => ({ id, weight: 1, release: 0 }));
}

function plainMachines(n: number): Machine[] {
  return Array.from({ length: n }, (_, id) => ({ id }));
}

/** A classic job shop (JSPLib format) as a general problem: chains, one machine per operation. */
export function fromJobShop(i: JobShopInstance): SchedulingProblem {
  const operations: Operation[] = [];
  i.ops.forEach((route, job) => {
    route.forEach((o, index) => {
      operations.push({
        id: opId(job, index),
        job,
        index,
        alternatives: [{ machine: o.machine, duration: o.duration }],
        predecessors: index === 0 ? [] : [opId(job, index - 1)],
      });
    });
  });
  return { name: i.name, jobs: plainJobs(i.jobs), machines: plainMachines(i.machines), operations };
}

/** A flexible job shop (Brandimarte format) as a general problem: chains with alternatives. */
export function fromFlexibleJobShop(i: FlexibleJobShopInstance): SchedulingProblem {
  const operations: Operation[] = [];
  i.ops.forEach((route, job) => {
    route.forEach((alts, index) => {
      operations.push({
        id: opId(job, index),
        job,
        index,
        alternatives: alts.map((a) => ({ machine: a.machine, duration: a.duration })),
        predecessors: index === 0 ? [] : [opId(job, index - 1)],
      });
    });
  });
  return { name: i.name, jobs: plainJobs(i.jobs), machines: plainMachines(i.machines), operations };
}
