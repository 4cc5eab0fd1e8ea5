/**
 * The crew-matching lower bound of the shift search. The per-position bound prices every position
 * with a crew option at zero, so it does not see that a shift has fewer qualified crew than
 * positions. Here: all positions of one shift whose needed windows contain a time `t` form a clique
 * (interval graphs: any clique of windows shares a point, the latest start), and nobody holds two
 * posts at once, so at most a maximum bipartite matching between those positions and the crew
 * qualified for them (and not already holding a piece at `t`) can be held by the crew (König/Hall;
 * augmenting paths, Kuhn 1955). Every other position of the clique takes a non-crew option —
 * outsiders, splits or open hours — which costs at least its window (uncovered) when no outsider
 * qualifies, else the window's time outside all qualified outsiders' rosters. The `d` deficit
 * positions are unknown, so the bound takes the `d` cheapest, lexicographically (uncovered, then
 * overtime). Cliques of different shifts hold disjoint positions (their bounds add); within a
 * shift the best single clique counts. Only generated options are priced: splits use outsiders
 * (shift-options.ts), so the bound is admissible for the search's own option space.
 */
import type { TimeInterval } from './shift-model.ts';
import type { HeldPiece, WorkerFrame } from './worker-day.ts';

const EPS = 1e-6;

export interface BoundSlot {
  readonly shift: number;
  readonly window: TimeInterval;
  /** Crew members with a whole-window option (qualified, rostered in the shift, not absent). */
  readonly crew: readonly number[];
  /** Least (uncovered, time outside rosters) of any non-crew option. */
  readonly otherU: number;
  readonly otherO: number;
}

export interface CrewClique {
  readonly t: number;
  /** Indices into the search's slot order, ascending. */
  readonly slots: readonly number[];
}

/** Least (uncovered, outside-roster time) of covering `window` without the crew. */
export function nonCrewCost(
  window: TimeInterval,
  outsiders: readonly number[],
  frames: readonly WorkerFrame[],
): { u: number; o: number } {
  const w = window.end - window.start;
  if (outsiders.length === 0) return { u: w, o: 0 };
  // Time of the window inside some outsider's roster: the union, so splits among outsiders are priced too.
  const parts = outsiders
    .flatMap((x) => frames[x]!.regular)
    .map((r) => ({ start: Math.max(r.start, window.start), end: Math.min(r.end, window.end) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  let covered = 0;
  let at = window.start;
  for (const p of parts) {
    if (p.end <= at) continue;
    covered += p.end - Math.max(p.start, at);
    at = p.end;
  }
  return { u: 0, o: Math.max(0, w - covered) };
}

/** Per shift, the maximal cliques of positions with crew options (at window starts). */
export function crewCliques(slots: readonly BoundSlot[]): CrewClique[][] {
  const byShift = new Map<number, CrewClique[]>();
  const withCrew = slots.map((s, i) => ({ s, i })).filter((x) => x.s.crew.length > 0);
  const shifts = [...new Set(withCrew.map((x) => x.s.shift))];
  for (const sh of shifts) {
    const mine = withCrew.filter((x) => x.s.shift === sh);
    const points = [...new Set(mine.map((x) => x.s.window.start))];
    const all = points.map((t) => ({
      t,
      slots: mine
        .filter((x) => x.s.window.start <= t + EPS && x.s.window.end > t + EPS)
        .map((x) => x.i)
        .sort((a, b) => a - b),
    }));
    // Drop cliques contained in another (their bound is never larger).
    const keep = all.filter(
      (c, k) =>
        !all.some(
          (d, j) =>
            j !== k &&
            d.slots.length >= c.slots.length &&
            (d.slots.length > c.slots.length || j < k) &&
            c.slots.every((x) => d.slots.includes(x)),
        ),
    );
    if (keep.length > 0) byShift.set(sh, keep);
  }
  return [...byShift.values()];
}

/**
 * The extra (uncovered, outside-roster) time the positions `from`… must take beyond their own
 * per-position bounds, given the pieces held so far.
 */
export function crewDeficit(
  slots: readonly BoundSlot[],
  cliques: readonly (readonly CrewClique[])[],
  from: number,
  held: readonly (readonly HeldPiece[])[],
  /**
   * 'lex' (default): the `d` cheapest positions by (uncovered, overtime). 'overtime': by the time
   * outside rosters alone, for the bound given an uncovered-time budget (shift-plan.ts).
   */
  by: 'lex' | 'overtime' = 'lex',
): { u: number; o: number } {
  let u = 0;
  let o = 0;
  for (const shift of cliques) {
    let bu = 0;
    let bo = 0;
    for (const c of shift) {
      const rest = c.slots.filter((i) => i >= from);
      if (rest.length === 0) continue;
      const busy = (w: number): boolean => held[w]!.some((p) => p.start <= c.t + EPS && p.end > c.t + EPS);
      const matched = maxMatching(rest, slots, busy);
      const d = rest.length - matched;
      if (d <= 0) continue;
      const costs = rest
        .map((i) => slots[i]!)
        .map((s) => ({ u: s.otherU, o: s.otherO }))
        .sort(by === 'lex' ? (a, b) => a.u - b.u || a.o - b.o : (a, b) => a.o - b.o)
        .slice(0, d);
      const cu = costs.reduce((s, x) => s + x.u, 0);
      const co = costs.reduce((s, x) => s + x.o, 0);
      if (by === 'overtime' ? co > bo : cu > bu + EPS || (cu > bu - EPS && co > bo)) {
        bu = cu;
        bo = co;
      }
    }
    u += bu;
    o += bo;
  }
  return { u, o };
}

/** Maximum matching positions → free crew members (augmenting paths). */
function maxMatching(
  rest: readonly number[],
  slots: readonly BoundSlot[],
  busy: (w: number) => boolean,
): number {
  const owner = new Map<number, number>();
  const free = new Map<number, boolean>();
  const ok = (w: number): boolean => {
    let f = free.get(w);
    if (f === undefined) free.set(w, (f = !busy(w)));
    return f;
  };
  let size = 0;
  for (const i of rest) {
    const seen = new Set<number>();
    const augment = (j: number): boolean => {
      for (const w of slots[j]!.crew) {
        if (seen.has(w) || !ok(w)) continue;
        seen.add(w);
        const k = owner.get(w);
        if (k === undefined || augment(k)) {
          owner.set(w, j);
          return true;
        }
      }
      return false;
    };
    if (augment(i)) size++;
  }
  return size;
}
