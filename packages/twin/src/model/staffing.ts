import type { Worker } from '@aethercore/core';

/**
 * Assigns present workers to stations that need a qualification, one station each: the station with
 * the fewest qualified candidates picks first, and takes the candidate with the fewest
 * qualifications (keeps the multi-skilled floater free for the rest). Returns the worker id per
 * station (undefined: unmanned cell or nobody qualified).
 */
export function assignWorkers(
  qualification: readonly (string | undefined)[],
  present: readonly Worker[],
): (string | undefined)[] {
  const staffedBy: (string | undefined)[] = qualification.map(() => undefined);
  const needs = qualification
    .map((q, i) => ({ i, q }))
    .filter((x): x is { i: number; q: string } => x.q !== undefined)
    .map(({ i, q }) => ({ i, cands: present.filter((w) => w.qualifications.includes(q)) }))
    .sort((a, b) => a.cands.length - b.cands.length || a.i - b.i);
  const taken = new Set<string>();
  for (const { i, cands } of needs) {
    const w = cands
      .filter((c) => !taken.has(c.id))
      .sort((a, b) => a.qualifications.length - b.qualifications.length || (a.id < b.id ? -1 : 1))[0];
    if (w !== undefined) {
      taken.add(w.id);
      staffedBy[i] = w.id;
    }
  }
  return staffedBy;
}
