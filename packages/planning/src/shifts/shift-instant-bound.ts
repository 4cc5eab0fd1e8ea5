/**
 * The instant-matching lower bound on uncovered time, across shifts. The crew-matching bound
 * (shift-bound.ts) works inside one shift and prices a position without crew by its outsiders'
 * roster overlap, as if one of them could hold the whole window; it does not see that the same few
 * qualified people cannot stand in for positions in two shifts (ArbZG §3: 10 h a working day; §5:
 * 11 h rest) nor that a generated piece through a given hour is long (an outsider reaches 00:30 of
 * a night window only with a call-in or a late start that keeps them from their own late shift).
 *
 * The argument. Take one or two instants `t1`, `t2` such that no position's window contains both.
 * In any feasible plan, each position whose window contains `t` is, at `t`, either held by one
 * worker through a generated piece containing `t` (shift-options.ts) or inside an open gap of its
 * option. A worker is at one post per instant (one post at a time), and at both instants only if
 * some pair of their pieces, one through `t1` and one through `t2`, is feasible together under the
 * day rules (worker-day.ts: rest, 10 h, fixed work, shift count); this pair test is a relaxation of
 * the worker's whole day, so the true set of plans maps into the matchings below. Hence the
 * positions held at the instants form a matching between (position, instant) demands and worker
 * slots — one slot per instant for a worker who can be at both, else one slot for either — and at
 * least `d = demands − maximum matching` positions are open at their instant (König; augmenting
 * paths, Kuhn 1955). An open position `p` at `t` leaves at least the shortest generated gap through
 * `t` uncovered (`gap(p, t)`, over a superset of the generated gaps, so never too long), which is
 * at least `gap(p, t) − mu(p)` more than the per-position bound `mu(p)` the search already counts;
 * the `d` unknown positions are priced at the `d` smallest such extras. Demands are distinct
 * positions, so no gap is counted twice. Given pieces held in the search, a worker holding a piece
 * through `t` is taken at `t` (and at the other instant unless the pair test passes); more held
 * pieces only remove slots, so the bound of the positions left never falls below what it is
 * with fewer pieces held, which is what the search's per-option check needs.
 */
import type { ShiftRules, TimeInterval } from './shift-model.ts';
import type { OptionPiece } from './shift-options.ts';
import { evaluateDay, type HeldPiece, type WorkerFrame } from './worker-day.ts';

const EPS = 1e-6;

export interface InstantSlot {
  readonly shift: number;
  readonly window: TimeInterval;
  /** Pieces of the position's generated options (a superset), each feasible for its worker alone. */
  readonly pieces: readonly OptionPiece[];
  /** Open gaps of the position's generated options (a superset). */
  readonly gaps: readonly TimeInterval[];
  /** The position's least uncovered time, already in the search's per-position bound. */
  readonly mu: number;
}

/** One or two instants with their demands (slot indices) and what each worker can do there. */
export interface InstantSet {
  readonly times: readonly number[];
  /** Per instant: slot indices whose window contains it, with the extra uncovered time if open. */
  readonly demands: readonly { readonly slot: number; readonly k: number; readonly extra: number }[];
  /** Per demand: the workers with a piece through the demand's instant. */
  readonly eligible: readonly (readonly number[])[];
  /** Workers that can be at both instants (for one instant, every worker). */
  readonly both: ReadonlySet<number>;
}

/** `t` in `[start, end)`: pieces are half-open, so two pieces of one worker never share an instant. */
const contains = (x: TimeInterval, t: number): boolean => x.start <= t + EPS && x.end > t + EPS;

/** Candidate instants: midpoints between consecutive grid points of the windows, per shift. */
export function instantTimes(slots: readonly InstantSlot[], grid: (s: InstantSlot) => number[]): number[] {
  const out = new Set<number>();
  const byShift = new Map<number, Set<number>>();
  for (const s of slots) {
    const pts = byShift.get(s.shift) ?? new Set<number>();
    for (const x of grid(s)) pts.add(x);
    byShift.set(s.shift, pts);
  }
  for (const pts of byShift.values()) {
    const xs = [...pts].sort((a, b) => a - b);
    for (let i = 1; i < xs.length; i++) if (xs[i]! - xs[i - 1]! > EPS) out.add((xs[i]! + xs[i - 1]!) / 2);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Every single instant and every pair of instants no window contains both of, with the
 * pair test per worker (memoised per pair of piece intervals). Only sets with a positive root
 * value are kept, best first; `limit` caps how many the search re-evaluates at its nodes.
 */
export function instantSets(
  slots: readonly InstantSlot[],
  times: readonly number[],
  frames: readonly WorkerFrame[],
  rules: ShiftRules,
  limit: number,
): { sets: InstantSet[]; root: number; free: Availability } {
  const demandsAt = times.map((t) =>
    slots
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => contains(s.window, t))
      .map(({ s, i }) => {
        const g = Math.min(...s.gaps.filter((x) => contains(x, t)).map((x) => x.end - x.start));
        return {
          slot: i,
          extra: Math.max(0, g - s.mu),
          eligible: [...new Set(s.pieces.filter((p) => p.w >= 0 && contains(p, t)).map((p) => p.w))],
        };
      }),
  );
  // Per worker and instant: the distinct piece intervals through it (with their shift).
  const through = times.map((t) => {
    const m = new Map<number, HeldPiece[]>();
    for (const s of slots)
      if (contains(s.window, t))
        for (const p of s.pieces)
          if (p.w >= 0 && contains(p, t)) {
            const list = m.get(p.w) ?? [];
            if (!list.some((q) => q.start === p.start && q.end === p.end && q.shift === s.shift))
              list.push({ start: p.start, end: p.end, shift: s.shift });
            m.set(p.w, list);
          }
    return m;
  });
  const memo = new Map<string, boolean>();
  const pairOk = (w: number, a: HeldPiece, b: HeldPiece): boolean => {
    const key = `${w}|${a.start}-${a.end}@${a.shift}|${b.start}-${b.end}@${b.shift}`;
    let ok = memo.get(key);
    if (ok === undefined) {
      ok = evaluateDay(frames[w]!, [a, b], rules) !== undefined;
      memo.set(key, ok);
    }
    return ok;
  };
  const scored: { set: InstantSet; value: number }[] = [];
  const singles: InstantSet[] = [];
  const singleSigs = new Set<string>();
  const consider = (set: InstantSet): void => {
    const value = instantExtra(set, 0, () => FREE);
    if (set.times.length === 1) {
      // Instants with the same demands, extras and eligible workers differ only in what held pieces
      // rule out; one of them is enough for the nodes (any subset of the sets is still a bound).
      const sig = JSON.stringify([set.demands.map((d) => [d.slot, d.extra]), set.eligible]);
      if (!singleSigs.has(sig)) {
        singleSigs.add(sig);
        singles.push(set);
      }
    } else if (value > EPS) scored.push({ set, value });
    if (value > EPS && set.times.length === 1) scored.push({ set, value });
  };
  const make = (ks: readonly number[], both: ReadonlySet<number>): InstantSet => {
    const demands = ks.flatMap((k) =>
      demandsAt[k]!.map((d) => ({ slot: d.slot, k: ks.indexOf(k), extra: d.extra, eligible: d.eligible })),
    );
    return {
      times: ks.map((k) => times[k]!),
      demands: demands.map(({ slot, k, extra }) => ({ slot, k, extra })),
      eligible: demands.map((d) => d.eligible),
      both,
    };
  };
  times.forEach((_, k) => consider(make([k], new Set())));
  for (let k1 = 0; k1 < times.length; k1++)
    for (let k2 = k1 + 1; k2 < times.length; k2++) {
      const s1 = new Set(demandsAt[k1]!.map((d) => d.slot));
      if (demandsAt[k2]!.some((d) => s1.has(d.slot))) continue;
      if (demandsAt[k1]!.length === 0 || demandsAt[k2]!.length === 0) continue;
      const both = new Set<number>();
      for (const [w, as] of through[k1]!) {
        const bs = through[k2]!.get(w);
        if (bs !== undefined && as.some((a) => bs.some((b) => pairOk(w, a, b)))) both.add(w);
      }
      consider(make([k1, k2], both));
    }
  scored.sort((a, b) => b.value - a.value);
  const pairs = scored.filter((x) => x.set.times.length === 2).slice(0, limit);
  // Every single instant (cheap, and strong once pieces are held: see `availability`) and the
  // strongest pairs at the root.
  return {
    sets: [...singles, ...pairs.map((x) => x.set)],
    root: scored[0]?.value ?? 0,
    free: (held) => availability(slots, frames, rules, held),
  };
}

/**
 * Whether worker `w` can still be at instant `t`, given the pieces held: `AT` (holds a piece
 * through `t`), `BLOCKED` (a held piece rules out every piece through `t`), `FREE`.
 */
export type Availability = (held: readonly (readonly HeldPiece[])[]) => (w: number, t: number) => Presence;
export type Presence = 0 | 1 | 2;
export const AT = 0;
export const BLOCKED = 1;
export const FREE = 2;

/**
 * A worker is free at `t` unless they hold a piece through `t` or a held piece rules out every
 * piece of theirs through `t` (the pair of pieces fails the day rules: rest, 10 h, shift count).
 * Pairwise, so a relaxation of the worker's whole day; memoised per (worker, held piece, instant).
 */
function availability(
  slots: readonly InstantSlot[],
  frames: readonly WorkerFrame[],
  rules: ShiftRules,
  heldNow: readonly (readonly HeldPiece[])[],
): (w: number, t: number) => Presence {
  const through = new Map<number, Map<number, HeldPiece[]>>();
  const piecesThrough = (t: number): Map<number, HeldPiece[]> => {
    let m = through.get(t);
    if (m === undefined) {
      m = new Map();
      for (const s of slots)
        if (contains(s.window, t))
          for (const p of s.pieces)
            if (p.w >= 0 && contains(p, t)) {
              const list = m.get(p.w) ?? [];
              list.push({ start: p.start, end: p.end, shift: s.shift });
              m.set(p.w, list);
            }
      through.set(t, m);
    }
    return m;
  };
  // Per worker: held piece (start, end, shift) → instant → compatible.
  const memo = frames.map(() => new Map<string, Map<number, boolean>>());
  return (w: number, t: number): Presence => {
    for (const p of heldNow[w]!) if (contains(p, t)) return AT;
    for (const p of heldNow[w]!) {
      const pk = `${p.start}-${p.end}@${p.shift}`;
      let byT = memo[w]!.get(pk);
      if (byT === undefined) memo[w]!.set(pk, (byT = new Map<number, boolean>()));
      let ok = byT.get(t);
      if (ok === undefined) {
        ok = (piecesThrough(t).get(w) ?? []).some(
          (q) => evaluateDay(frames[w]!, [p, q], rules) !== undefined,
        );
        byT.set(t, ok);
      }
      if (!ok) return BLOCKED;
    }
    return FREE;
  };
}

/**
 * The extra uncovered time of the positions `from`… of one instant set, given who is still free at
 * each instant (`free`, from the pieces held; at the root everyone). Demands of decided positions
 * (index < from) are dropped; a worker not free at one instant of a pair keeps one slot for the
 * other only if they can be at both.
 */
export function instantExtra(
  set: InstantSet,
  from: number,
  free: (w: number, t: number) => Presence,
): number {
  const live: number[] = [];
  for (let i = 0; i < set.demands.length; i++) if (set.demands[i]!.slot >= from) live.push(i);
  if (live.length === 0) return 0;
  const m = matcher(set);
  m.call++;
  m.free = free;
  m.owner.fill(-1);
  let matched = 0;
  for (const i of live) {
    m.visit++;
    if (augment(m, set, i)) matched++;
  }
  const d = live.length - matched;
  if (d <= 0) return 0;
  const extras = live.map((i) => set.demands[i]!.extra).sort((a, b) => a - b);
  let sum = 0;
  for (let k = 0; k < d; k++) sum += extras[k]!;
  return sum;
}

/** Scratch arrays of one set's matching (worker slots 2w + k; 2w for either instant). */
interface Matcher {
  readonly owner: Int32Array;
  readonly seen: Int32Array;
  readonly freeCall: Int32Array;
  readonly freeVal: Uint8Array;
  call: number;
  visit: number;
  free: (w: number, t: number) => Presence;
}

const matchers = new WeakMap<InstantSet, Matcher>();

function matcher(set: InstantSet): Matcher {
  let m = matchers.get(set);
  if (m === undefined) {
    let n = 1;
    for (const e of set.eligible) for (const w of e) n = Math.max(n, w + 1);
    m = {
      owner: new Int32Array(2 * n),
      seen: new Int32Array(2 * n),
      freeCall: new Int32Array(2 * n),
      freeVal: new Uint8Array(2 * n),
      call: 0,
      visit: 0,
      free: () => FREE,
    };
    matchers.set(set, m);
  }
  return m;
}

function presence(m: Matcher, set: InstantSet, w: number, k: number): Presence {
  const key = 2 * w + k;
  if (m.freeCall[key] !== m.call) {
    m.freeCall[key] = m.call;
    m.freeVal[key] = m.free(w, set.times[k]!);
  }
  return m.freeVal[key] as Presence;
}

/** Kuhn's augmenting path from demand `j`. */
function augment(m: Matcher, set: InstantSet, j: number): boolean {
  const k = set.demands[j]!.k;
  const two = set.times.length === 2;
  for (const w of set.eligible[j]!) {
    if (presence(m, set, w, k) !== FREE) continue;
    let key: number;
    if (!two) key = 2 * w;
    else if (set.both.has(w)) key = 2 * w + k;
    // A worker who cannot be at both is out if already at the other instant.
    else if (presence(m, set, w, 1 - k) !== AT) key = 2 * w;
    else continue;
    if (m.seen[key] === m.visit) continue;
    m.seen[key] = m.visit;
    const o = m.owner[key]!;
    if (o < 0 || augment(m, set, o)) {
      m.owner[key] = j;
      return true;
    }
  }
  return false;
}
