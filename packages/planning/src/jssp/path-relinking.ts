/**
 * Path relinking for the job shop (Peng, Lü & Cheng 2015, after Glover's scatter search): walk from
 * an initiating solution towards a guiding one, one machine position at a time, and stop part of the
 * way, so the next tabu search starts between two good solutions rather than from a random kick.
 *
 * A step picks a machine where the two orders differ, takes the guiding solution's operation for the
 * first differing position and moves it there. A step that would close a cycle is skipped for that
 * machine; the walk stops early when every remaining step is blocked.
 */
import type { Random } from '@aethercore/core';
import type { Solution } from './disjunctive-graph.ts';
import { sequenceDistance } from './elite-pool.ts';

/**
 * Turn `cur` (a copy of the initiating solution, evaluated) towards `guide` until a fraction
 * `share` (0–1) of the initial distance is covered. Returns the number of steps taken.
 */
export function pathRelink(
  cur: Solution,
  guide: Solution,
  share: number,
  random: Random,
  blocked: Uint8Array,
): number {
  const { machines, machStart } = cur.d;
  const dist0 = sequenceDistance(cur, guide);
  const target = Math.ceil(dist0 * share);
  blocked.fill(0);
  let covered = 0;
  let steps = 0;
  let open = machines;
  while (covered < target && open > 0) {
    // A random machine that still differs and is not blocked.
    let m = random.int(0, machines - 1);
    let k = -1;
    for (let tries = 0; tries < machines; tries++, m = (m + 1) % machines) {
      if (blocked[m] === 1) continue;
      k = -1;
      for (let p = machStart[m]!; p < machStart[m + 1]!; p++) {
        if (cur.seq[p] !== guide.seq[p]) {
          k = p;
          break;
        }
      }
      if (k >= 0) break;
      blocked[m] = 1;
      open--;
    }
    if (k < 0) break;
    const x = guide.seq[k]!;
    const from = cur.pos[x]!;
    const before = differing(cur, guide, machStart[m]!, machStart[m + 1]!);
    if (!cur.moveAndEvaluate(from, k)) {
      blocked[m] = 1;
      open--;
      continue;
    }
    covered += before - differing(cur, guide, machStart[m]!, machStart[m + 1]!);
    steps++;
  }
  return steps;
}

function differing(a: Solution, b: Solution, lo: number, hi: number): number {
  let d = 0;
  for (let p = lo; p < hi; p++) if (a.seq[p] !== b.seq[p]) d++;
  return d;
}
