import { AetherError } from '@aethercore/core';
import type { SchedulingProblem } from './problem.ts';

const isTime = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);

function bad(path: string, message: string, hint: string): AetherError {
  return new AetherError({ code: 'planning.problem-invalid', message, hint, path, kind: 'invalid' });
}

/**
 * Throws `planning.problem-invalid` (with a path into the problem) unless the problem is
 * well formed: integer times, ids equal to indices, known machines, eligible alternatives,
 * known predecessors and an acyclic precedence graph. Solvers call this before work so that bad
 * input is a coded error, never a crash or an endless loop.
 */
export function assertValidProblem(p: SchedulingProblem): void {
  p.jobs.forEach((j, k) => {
    if (j.id !== k)
      throw bad(
        `jobs[${k}].id`,
        `job id ${j.id} differs from its index ${k}`,
        'Number jobs 0..n-1 in order.',
      );
    if (!isTime(j.release) || j.release < 0)
      throw bad(`jobs[${k}].release`, 'release must be a non-negative integer', 'Use integer time units.');
    if (j.due !== undefined && !isTime(j.due))
      throw bad(`jobs[${k}].due`, 'due must be an integer', 'Use integer time units.');
    if (!(Number.isFinite(j.weight) && j.weight >= 0))
      throw bad(`jobs[${k}].weight`, 'weight must be a finite number ≥ 0', 'Use 1 for ordinary orders.');
  });
  p.machines.forEach((m, k) => {
    if (m.id !== k)
      throw bad(
        `machines[${k}].id`,
        `machine id ${m.id} differs from its index ${k}`,
        'Number machines 0..m-1 in order.',
      );
    for (const [w, win] of (m.windows ?? []).entries()) {
      if (!isTime(win.start) || !isTime(win.end) || win.end <= win.start) {
        throw bad(
          `machines[${k}].windows[${w}]`,
          'a window needs integer start < end',
          'Windows are half-open [start, end).',
        );
      }
    }
    for (const [w, d] of (m.downtimes ?? []).entries()) {
      if (!isTime(d.start) || !isTime(d.end) || d.end <= d.start) {
        throw bad(
          `machines[${k}].downtimes[${w}]`,
          'a downtime needs integer start < end',
          'Downtimes are half-open [start, end).',
        );
      }
    }
  });
  const workerIds = new Set<string>();
  (p.workers ?? []).forEach((w, k) => {
    if (workerIds.has(w.id))
      throw bad(`workers[${k}].id`, `duplicate worker id ${w.id}`, 'Worker ids must be unique.');
    workerIds.add(w.id);
    for (const [s, win] of (w.shifts ?? []).entries()) {
      if (!isTime(win.start) || !isTime(win.end) || win.end <= win.start) {
        throw bad(
          `workers[${k}].shifts[${s}]`,
          'a shift needs integer start < end',
          'Shifts are half-open [start, end).',
        );
      }
    }
  });
  const index = new Map<string, number>();
  p.operations.forEach((o, k) => {
    if (index.has(o.id))
      throw bad(`operations[${k}].id`, `duplicate operation id ${o.id}`, 'Operation ids must be unique.');
    index.set(o.id, k);
    if (p.jobs[o.job] === undefined)
      throw bad(`operations[${k}].job`, `unknown job ${o.job}`, 'Reference a job by its index.');
    if (o.alternatives.length === 0)
      throw bad(
        `operations[${k}].alternatives`,
        `operation ${o.id} has no eligible machine`,
        'Give at least one { machine, duration }.',
      );
    o.alternatives.forEach((a, i) => {
      if (p.machines[a.machine] === undefined)
        throw bad(
          `operations[${k}].alternatives[${i}].machine`,
          `unknown machine ${a.machine}`,
          'Machines are 0-based indices.',
        );
      if (!isTime(a.duration) || a.duration < 0)
        throw bad(
          `operations[${k}].alternatives[${i}].duration`,
          'duration must be a non-negative integer',
          'Use integer time units.',
        );
    });
  });
  p.operations.forEach((o, k) => {
    o.predecessors.forEach((q, i) => {
      if (!index.has(q))
        throw bad(
          `operations[${k}].predecessors[${i}]`,
          `unknown predecessor ${q}`,
          'Reference operations by id.',
        );
    });
  });
  // Kahn's algorithm: a cycle would make every scheduler wait forever.
  const indeg = p.operations.map((o) => o.predecessors.length);
  const succ: number[][] = p.operations.map(() => []);
  p.operations.forEach((o, k) => o.predecessors.forEach((q) => succ[index.get(q) ?? 0]?.push(k)));
  const queue: number[] = [];
  indeg.forEach((d, k) => d === 0 && queue.push(k));
  let seen = 0;
  while (queue.length > 0) {
    const k = queue.pop() ?? 0;
    seen++;
    for (const s of succ[k] ?? []) if (--indeg[s]! === 0) queue.push(s);
  }
  if (seen !== p.operations.length) {
    throw bad(
      'operations',
      'the precedence graph has a cycle',
      'Routings must be acyclic (a DAG per order).',
    );
  }
}
