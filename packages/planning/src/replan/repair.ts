/**
 * Schedule repair: keep history and the frozen horizon, then re-insert every other operation
 * into the resource timelines in a given order. Two placement modes:
 * - right-shift: same machine, never earlier than planned (Sabuncuoglu & Bayiz 2000, "right
 *   shift rescheduling") — the most stable repair;
 * - insertion: earliest completion on any eligible machine, from the re-planning instant on.
 */
import type { Random } from '@aethercore/core';
import { Placer, type Placement } from '../dispatch/placer.ts';
import type { Operation, SchedulingProblem } from '../model/problem.ts';
import type { Assignment, Schedule } from '../model/schedule.ts';

export interface RepairInput {
  readonly problem: SchedulingProblem;
  /** The plan before the event. */
  readonly previous: ReadonlyMap<string, Assignment>;
  readonly now: number;
  /** Operations starting before this time stay where they are if still feasible. */
  readonly frozenUntil: number;
}

export interface RepairPlan {
  /** Sort key per free operation (smaller first, precedence permitting). */
  readonly key: (o: Operation) => number;
  /** Probability of placing an operation by insertion instead of right shift (0 = pure right shift). */
  readonly insertion: number;
  readonly random?: Random;
}

export interface RepairOutcome {
  readonly schedule: Schedule;
  /** Frozen-horizon operations that could not keep their place (forced to move by the event). */
  readonly unfrozen: readonly string[];
  /** Operations that found no feasible placement (e.g. no eligible machine has time left). */
  readonly unplaced: readonly string[];
}

export function repair(input: RepairInput, plan: RepairPlan): RepairOutcome {
  const { problem, previous, now, frozenUntil } = input;
  const placer = new Placer(problem);
  const ops = problem.operations;
  // 1. History: started before now. Kept as it is; durations come from the (updated) problem.
  for (const o of ops) {
    const a = previous.get(o.id);
    if (a === undefined || a.start >= now) continue;
    const alt = o.alternatives.find((x) => x.machine === a.machine);
    placer.fix({ ...a, end: a.start + (alt?.duration ?? a.end - a.start) });
  }
  // 2. Frozen horizon: kept if its old slot is still feasible, in start order.
  const unfrozen: string[] = [];
  const frozen = ops
    .filter((o) => {
      const a = previous.get(o.id);
      return a !== undefined && a.start >= now && a.start < frozenUntil;
    })
    .sort((x, y) => previous.get(x.id)!.start - previous.get(y.id)!.start);
  for (const o of frozen) {
    const a = previous.get(o.id)!;
    const alt = o.alternatives.find((x) => x.machine === a.machine);
    const ready = placer.readyTime(o, now);
    const mt = placer.machines[a.machine];
    const wt = a.worker === undefined ? undefined : placer.workers.get(a.worker);
    const needsWorker = o.qualification !== undefined;
    const workerOk = !needsWorker || (wt !== undefined && (problem.workers ?? []).some((w) => w.id === a.worker && w.qualifications.includes(o.qualification!)));
    if (alt !== undefined && mt !== undefined && ready <= a.start && workerOk && placer.jointFit(mt, wt, a.start, alt.duration, o.setupFamily) === a.start) {
      placer.commit(o, { machine: a.machine, duration: alt.duration, start: a.start, ...(a.worker === undefined ? {} : { worker: a.worker }) });
    } else unfrozen.push(o.id);
  }
  // 3. Everything else, by key with precedence.
  const pending = ops.filter((o) => !placer.done.has(o.id)).map((o) => ({ o, k: plan.key(o) }));
  pending.sort((x, y) => x.k - y.k);
  const unplaced: string[] = [];
  const blocked = new Set<string>();
  while (pending.length > 0) {
    let idx = pending.findIndex((p) => p.o.predecessors.every((q) => placer.done.has(q)));
    if (idx < 0) {
      unplaced.push(...pending.map((p) => p.o.id));
      break;
    }
    const o = pending[idx]!.o;
    pending.splice(idx, 1);
    idx = -1;
    if (o.predecessors.some((q) => blocked.has(q))) {
      blocked.add(o.id);
      unplaced.push(o.id);
      continue;
    }
    const p = place(placer, o, previous.get(o.id), now, plan);
    if (p === undefined) {
      blocked.add(o.id);
      unplaced.push(o.id);
      continue;
    }
    placer.commit(o, p);
  }
  return { schedule: { assignments: [...placer.done.values()] }, unfrozen, unplaced };
}

function place(placer: Placer, o: Operation, old: Assignment | undefined, now: number, plan: RepairPlan): Placement | undefined {
  const ready = placer.readyTime(o, now);
  const insertion = old === undefined || (plan.insertion > 0 && (plan.insertion >= 1 || (plan.random?.next() ?? 1) < plan.insertion));
  if (!insertion && old !== undefined) {
    const p = placer.best(o, Math.max(ready, old.start), [old.machine]);
    if (p !== undefined) return p;
  }
  return placer.best(o, ready);
}
