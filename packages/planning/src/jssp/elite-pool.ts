/**
 * A small pool of good, mutually different solutions for path relinking (Peng, Lü & Cheng 2015).
 * Updated by quality alone, the pool filled with solutions of the same few makespans within a second
 * or two on the hard Lawrence instances, and a seed then sat on one value for the rest of the run.
 * So the update also looks at distance, as crowding does (De Jong 1975; Mahfoud 1995): a candidate
 * close to a member (fewer than 5% of the machine positions differ) may only replace that member,
 * and only if it is better; a distant candidate replaces the worst member if it is better than it.
 * Solutions are preallocated, so the pool allocates nothing after creation.
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
    let nearest = -1;
    let nearestDistance = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.size; i++) {
      const m = this.members[i]!;
      const d = sequenceDistance(m, s);
      if (d === 0) return false;
      if (d < nearestDistance) {
        nearestDistance = d;
        nearest = i;
      }
      if (worst < 0 || m.makespan > this.members[worst]!.makespan) worst = i;
    }
    if (this.size < this.members.length) {
      this.members[this.size++]!.copyFrom(s);
      return true;
    }
    const target = nearestDistance < Math.max(1, Math.floor(0.05 * s.seq.length)) ? nearest : worst;
    if (target >= 0 && s.makespan < this.members[target]!.makespan) {
      this.members[target]!.copyFrom(s);
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
