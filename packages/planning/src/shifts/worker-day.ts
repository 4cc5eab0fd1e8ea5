/**
 * One worker's day under the labour rules, as the search sees it: the pieces held, the roster shifts
 * attended, fixed work. Feasible when no two pieces overlap (one post at a time), nothing overlaps
 * fixed work, each working day (work separated by less than the minimum rest, ArbZG §5) has at most
 * `maxDaily` hours (ArbZG §3; a longer rostered shift is kept but not extended), and the worker holds
 * pieces in at most `maxShifts` shifts. Cost: hours outside the roster, plus a top-up for every
 * call-in (a trip to the plant with no rostered or fixed work in it) shorter than `minCallIn`.
 */
import type { ShiftRules, TimeInterval } from './shift-model.ts';

const EPS = 1e-6;

export interface RosterShift extends TimeInterval {
  /** Index of the shift in the problem. */
  readonly shift: number;
  /** At work for it whatever the plan says. */
  readonly forced: boolean;
}

export interface WorkerFrame {
  readonly regular: readonly RosterShift[];
  readonly busy: readonly TimeInterval[];
  readonly maxShifts?: number | undefined;
}

export interface HeldPiece extends TimeInterval {
  readonly shift: number;
}

export interface DayCost {
  /** Paid overtime (raw + top-up), time units. */
  readonly paid: number;
  /** Hours outside the roster, time units. */
  readonly raw: number;
  readonly topUp: number;
  /** Call-in stretches paying a top-up (for the search's bound: a later piece touching one may lower it). */
  readonly callIns: readonly TimeInterval[];
  /** Per roster shift: attended. */
  readonly present: readonly boolean[];
}

const overlap = (a: TimeInterval, b: TimeInterval): number =>
  Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

/** Roster time a piece covers (roster shifts do not overlap each other). */
export function rosterOverlap(frame: WorkerFrame, p: TimeInterval): number {
  let s = 0;
  for (const r of frame.regular) s += overlap(r, p);
  return s;
}

interface Block extends TimeInterval {
  readonly base: boolean;
  readonly cap: number;
}

/** Undefined when infeasible. */
export function evaluateDay(
  frame: WorkerFrame,
  pieces: readonly HeldPiece[],
  rules: ShiftRules,
): DayCost | undefined {
  const ps = [...pieces].sort((a, b) => a.start - b.start);
  for (let i = 1; i < ps.length; i++) if (ps[i]!.start < ps[i - 1]!.end - EPS) return undefined;
  for (const p of ps) for (const b of frame.busy) if (overlap(p, b) > EPS) return undefined;
  if (frame.maxShifts !== undefined && new Set(ps.map((p) => p.shift)).size > frame.maxShifts)
    return undefined;
  const present = frame.regular.map((r) => r.forced || ps.some((p) => overlap(p, r) > EPS));
  // A roster shift without a piece is attended only if that turns an adjacent piece into an
  // extension (no call-in top-up); otherwise dropping it only frees the worker.
  const optional: number[] = [];
  frame.regular.forEach((r, i) => {
    if (!present[i] && ps.some((p) => Math.abs(p.end - r.start) < EPS || Math.abs(p.start - r.end) < EPS))
      optional.push(i);
  });
  let raw = 0;
  for (const p of ps) raw += p.end - p.start - rosterOverlap(frame, p);
  const opt = optional.slice(0, 4);
  let best: DayCost | undefined;
  for (let mask = 0; mask < 1 << opt.length; mask++) {
    const pres = present.slice();
    opt.forEach((r, k) => {
      if (mask & (1 << k)) pres[r] = true;
    });
    const day = dayTopUp(frame, ps, pres, rules);
    if (day === undefined) continue;
    if (best === undefined || day.topUp < best.topUp - EPS)
      best = { paid: raw + day.topUp, raw, topUp: day.topUp, callIns: day.callIns, present: pres };
  }
  return best;
}

/** Call-in top-up of a day, or undefined when a working day is too long. */
function dayTopUp(
  frame: WorkerFrame,
  ps: readonly HeldPiece[],
  present: readonly boolean[],
  rules: ShiftRules,
): { topUp: number; callIns: TimeInterval[] } | undefined {
  const blocks: Block[] = [];
  for (const b of frame.busy) blocks.push({ start: b.start, end: b.end, base: true, cap: b.end - b.start });
  frame.regular.forEach((r, i) => {
    if (present[i]) blocks.push({ start: r.start, end: r.end, base: true, cap: r.end - r.start });
  });
  for (const p of ps) blocks.push({ start: p.start, end: p.end, base: false, cap: 0 });
  if (blocks.length === 0) return { topUp: 0, callIns: [] };
  blocks.sort((a, b) => a.start - b.start);
  // Trips: contiguous stretches at the plant.
  const trips: Block[] = [];
  for (const b of blocks) {
    const last = trips.at(-1);
    if (last !== undefined && b.start <= last.end + EPS)
      trips[trips.length - 1] = {
        start: last.start,
        end: Math.max(last.end, b.end),
        base: last.base || b.base,
        cap: Math.max(last.cap, b.cap),
      };
    else trips.push(b);
  }
  let topUp = 0;
  const callIns: TimeInterval[] = [];
  let dayHours = 0;
  let dayCap = 0;
  let prevEnd = -Infinity;
  for (const t of trips) {
    if (t.start - prevEnd < rules.minRest - EPS) {
      dayHours += t.end - t.start;
      dayCap = Math.max(dayCap, t.cap);
    } else {
      dayHours = t.end - t.start;
      dayCap = t.cap;
    }
    if (dayHours > Math.max(rules.maxDaily, dayCap) + EPS) return undefined;
    prevEnd = t.end;
    const short = rules.minCallIn - (t.end - t.start);
    if (!t.base && short > EPS) {
      topUp += short;
      callIns.push({ start: t.start, end: t.end });
    }
  }
  return { topUp, callIns };
}

/** How each piece is held, given the attended roster shifts: regular, extension or call-in. */
export function pieceKinds(
  frame: WorkerFrame,
  pieces: readonly HeldPiece[],
  present: readonly boolean[],
): ('regular' | 'extension' | 'call-in')[] {
  const base: TimeInterval[] = [...frame.busy, ...frame.regular.filter((_, i) => present[i])];
  const all = [...base, ...pieces].sort((a, b) => a.start - b.start);
  // Contiguous stretches at the plant; a piece in one with rostered or fixed work is an extension.
  const trips: { start: number; end: number; base: boolean }[] = [];
  for (const x of all) {
    const isBase = base.includes(x);
    const last = trips.at(-1);
    if (last !== undefined && x.start <= last.end + EPS) {
      last.end = Math.max(last.end, x.end);
      last.base ||= isBase;
    } else trips.push({ start: x.start, end: x.end, base: isBase });
  }
  return pieces.map((p) => {
    if (p.end - p.start - rosterOverlap(frame, p) <= EPS) return 'regular';
    const t = trips.find((x) => x.start <= p.start + EPS && x.end >= p.end - EPS);
    return t?.base === true ? 'extension' : 'call-in';
  });
}
