/**
 * A small pool of good, mutually different solutions for path relinking (Peng, Lü & Cheng 2015):
 * a candidate enters when it is better than the worst member and not already in the pool; the
 * worst member leaves. Solutions are preallocated, so the pool allocates nothing after creation.
 */
import type { Random } from '@aethercore/core';
import { Solution, type JobShopData } from './disjunctive-graph.ts';

/** Number of (machine, position) slots where two solutions hold different operations. */
export function sequenceDistance(a: Solution, b: Solution): number {
  let d = 0;
  const x = a.seq;
  const y = b.seq;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) d++;
  return d;
}

export class ElitePool {
  readonly members: Solution[] = [];
  size = 0;

  constructor(d: JobShopData, capacity: number) {
    for (let i = 0; i < capacity; i++) this.members.push(new Solution(d));
  }

  /** Offer a solution; returns true if it entered the pool. */
  offer(s: Solution): boolean {
    let worst = -1;
    for (let i = 0; i < this.size; i++) {
      const m = this.members[i]!;
      if (m.makespan === s.makespan && sequenceDistance(m, s) === 0) return false;
      if (worst < 0 || m.makespan > this.members[worst]!.makespan) worst = i;
    }
    if (this.size < this.members.length) {
      this.members[this.size++]!.copyFrom(s);
      return true;
    }
    if (worst >= 0 && s.makespan < this.members[worst]!.makespan) {
      this.members[worst]!.copyFrom(s);
      return true;
    }
    return false;
  }

  /** Forget every member (a fresh start). */
  clear(): void {
    this.size = 0;
  }

  pick(random: Random, not = -1): number {
    if (this.size <= 1) return 0;
    let i = random.int(0, this.size - 1);
    if (i === not) i = (i + 1 + random.int(0, this.size - 2)) % this.size;
    return i;
  }
}
