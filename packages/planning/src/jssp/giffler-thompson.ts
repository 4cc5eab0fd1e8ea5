/**
 * Giffler & Thompson (1960) active-schedule generation with a priority rule. At each step the
 * operation with the earliest possible completion c* fixes a machine; among the operations that
 * could start on that machine before c* (the conflict set) the priority rule picks one. Every active
 * schedule, and hence an optimal one, can be generated this way.
 *
 * MWR (most work remaining) is the strongest simple rule on the Taillard set and serves as the
 * dispatching baseline that the benchmark reports beside the tabu search.
 */
import type { Random } from '@aethercore/core';
import { Solution, type JobShopData } from './disjunctive-graph.ts';

export type PriorityRule = 'mwr' | 'spt' | 'random';

/**
 * Build an active schedule; the machine sequences are written into a new `Solution`, evaluated.
 * `random` breaks ties (and is the whole rule for `'random'`); without it ties go to the lower job.
 */
export function gifflerThompson(d: JobShopData, rule: PriorityRule, random?: Random): Solution {
  const { jobs, machines, dur, mach, jobStart, machStart } = d;
  const next = new Int32Array(jobs);
  const jobReady = new Float64Array(jobs);
  const machReady = new Float64Array(machines);
  const machFill = new Int32Array(machines);
  const remaining = new Float64Array(jobs);
  for (let j = 0; j < jobs; j++) {
    next[j] = jobStart[j]!;
    for (let o = jobStart[j]!; o < jobStart[j + 1]!; o++) remaining[j] = remaining[j]! + dur[o]!;
  }
  const sol = new Solution(d);
  for (let step = 0; step < d.n; step++) {
    // c* = min earliest completion over the schedulable operations; m* = its machine.
    let best = Infinity;
    let mStar = -1;
    for (let j = 0; j < jobs; j++) {
      const o = next[j]!;
      if (o >= jobStart[j + 1]!) continue;
      const m = mach[o]!;
      const ect = Math.max(jobReady[j]!, machReady[m]!) + dur[o]!;
      if (ect < best) {
        best = ect;
        mStar = m;
      }
    }
    let pick = -1;
    let pickKey = -Infinity;
    for (let j = 0; j < jobs; j++) {
      const o = next[j]!;
      if (o >= jobStart[j + 1]!) continue;
      if (mach[o] !== mStar) continue;
      const est = Math.max(jobReady[j]!, machReady[mStar]!);
      if (est >= best && dur[o]! > 0) continue;
      let key: number;
      if (rule === 'mwr') key = remaining[j]!;
      else if (rule === 'spt') key = -dur[o]!;
      else key = 0;
      // Break ties randomly when a generator is given (a tiny fraction keeps the rule's order).
      if (random !== undefined) key += random.next() * 0.5;
      if (key > pickKey) {
        pickKey = key;
        pick = j;
      }
    }
    const o = next[pick]!;
    const start = Math.max(jobReady[pick]!, machReady[mStar]!);
    const end = start + dur[o]!;
    jobReady[pick] = end;
    machReady[mStar] = end;
    remaining[pick] = remaining[pick]! - dur[o]!;
    sol.seq[machStart[mStar]! + machFill[mStar]!] = o;
    machFill[mStar] = machFill[mStar]! + 1;
    next[pick] = o + 1;
  }
  sol.relink();
  if (!sol.evaluate()) throw new Error('gifflerThompson produced a cyclic solution (bug)');
  return sol;
}
