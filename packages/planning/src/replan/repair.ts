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
    const workerOk =
      !needsWorker ||
      (wt !== undefined &&
        (problem.workers ?? []).some(
          (w) => w.id === a.worker && w.qualifications.includes(o.qualification!),
        ));
    if (
      alt !== undefined &&
      mt !== undefined &&
      ready <= a.start &&
      workerOk &&
      placer.jointFit(mt, wt, a.start, alt.duration, o.setupFamily) === a.start
    ) {
      placer.commit(o, {
        machine: a.machine,
        duration: alt.duration,
        start: a.start,
        ...(a.worker === undefined ? {} : { worker: a.worker }),
      });
    } else unfrozen.push(o.id);
  }
  // 3. Everything else, by key with precedence: a binary heap of ready operations.
  const free = ops.filter((o) => !placer.done.has(o.id));
  const key = new Map(free.map((o) => [o.id, plan.key(o)] as const));
  const waiting = new Map<string, number>();
  const succ = new Map<string, Operation[]>();
  const heap: Operation[] = [];
  const less = (a: Operation, b: Operation): boolean =>
    key.get(a.id)! < key.get(b.id)! || (key.get(a.id) === key.get(b.id) && a.id < b.id);
  const push = (o: Operation): void => {
    heap.push(o);
    for (let i = heap.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!less(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const pop = (): Operation | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  };
  for (const o of free) {
    let open = 0;
    for (const q of o.predecessors) {
      if (placer.done.has(q)) continue;
      open++;
      const l = succ.get(q);
      if (l === undefined) succ.set(q, [o]);
      else l.push(o);
    }
    waiting.set(o.id, open);
    if (open === 0) push(o);
  }
  const unplaced: string[] = [];
  for (let o = pop(); o !== undefined; o = pop()) {
    const p = place(placer, o, previous.get(o.id), now, plan);
    if (p === undefined) {
      unplaced.push(o.id);
      continue; // its successors never become ready
    }
    placer.commit(o, p);
    for (const s of succ.get(o.id) ?? []) {
      const left = waiting.get(s.id)! - 1;
      waiting.set(s.id, left);
      if (left === 0) push(s);
    }
  }
  for (const o of free) if (!placer.done.has(o.id) && !unplaced.includes(o.id)) unplaced.push(o.id);
  return { schedule: { assignments: [...placer.done.values()] }, unfrozen, unplaced };
}

function place(
  placer: Placer,
  o: Operation,
  old: Assignment | undefined,
  now: number,
  plan: RepairPlan,
): Placement | undefined {
  const ready = placer.readyTime(o, now);
  const insertion =
    old === undefined ||
    (plan.insertion > 0 && (plan.insertion >= 1 || (plan.random?.next() ?? 1) < plan.insertion));
  if (!insertion && old !== undefined) {
    const p = placer.best(o, Math.max(ready, old.start), [old.machine]);
    if (p !== undefined) return p;
  }
  return placer.best(o, ready);
}
