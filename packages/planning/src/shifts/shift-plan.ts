/**
 * Shift re-planning after a worker absence ("re-plan the night shift so that no overtime is
 * needed"): cover every position's needed window with qualified staff, so that
 * - each hour of a window is held by one worker with the qualification (or reported uncovered),
 * - a window may be split into a few pieces: the shift before stays longer, the shift after comes
 *   earlier, someone is called in for just the hours needed (see shift-options.ts),
 * - nobody holds two posts at once, works more than 10 h in a working day (ArbZG §3) or rests less
 *   than 11 h between working days (ArbZG §5), both configurable, or exceeds their shift count,
 * minimising lexicographically uncovered hours, then overtime hours (hours outside the roster plus
 * the call-in minimum's top-up), then changes to the previous plan. The instance is small (a few
 * shifts, tens of positions), so the search is exact over the generated pieces: depth-first branch
 * and bound, most-constrained position first, with a node limit as a guard.
 */
import { AetherError } from '@aethercore/core';
import {
  positionWindow,
  shiftRules,
  type ShiftAssignment,
  type ShiftPiece,
  type ShiftPlanOptions,
  type ShiftPlanResult,
  type ShiftProblem,
  type TimeInterval,
  type UncoveredPiece,
  type WorkerDay,
} from './shift-model.ts';
import { crewCliques, crewDeficit, nonCrewCost, type BoundSlot } from './shift-bound.ts';
import { instantExtra, instantSets, instantTimes, type InstantSlot } from './shift-instant-bound.ts';
import {
  crewOptions,
  otherOptions,
  pieceSuperset,
  windowGrid,
  type OptionPiece,
  type PositionInput,
  type PositionOption,
} from './shift-options.ts';
import {
  evaluateDay,
  pieceKinds,
  rosterOverlap,
  type DayCost,
  type HeldPiece,
  type WorkerFrame,
} from './worker-day.ts';

const EPS = 1e-6;

interface Slot {
  readonly shift: number;
  readonly position: string;
  readonly qualification: string;
  readonly window: TimeInterval;
  readonly input: PositionInput;
  /** The crew's options first; the rest appended when the search first gets past them. */
  readonly options: PositionOption[];
  pending: boolean;
  /** Crew options (whole window without overtime). */
  readonly free: number;
  readonly width: number;
  /** Least time outside rosters of any option by outsiders. */
  readonly rawLb: number;
  readonly cands: ReadonlySet<number>;
  /** Crew candidates (each has a whole-window option at no overtime). */
  readonly crew: readonly number[];
  /** Least (uncovered, outside-roster time) without the crew (shift-bound.ts). */
  readonly other: { readonly u: number; readonly o: number };
}

function invalid(code: string, message: string, hint: string, path: string): AetherError {
  return new AetherError({ code, message, hint, path });
}

export function planShifts(problem: ShiftProblem, opts: ShiftPlanOptions = {}): ShiftPlanResult {
  const rules = shiftRules(problem);
  if (!(rules.unit > 0) || !(rules.step > 0))
    throw invalid(
      'planning.shift-invalid',
      'unitS and step must be positive',
      'Give positive numbers.',
      'unitS',
    );
  const { shifts, staff } = problem;
  const shiftIdx = new Map(shifts.map((s, i) => [s.id, i] as const));
  const staffIdx = new Map(staff.map((w, i) => [w.id, i] as const));
  for (const s of shifts) {
    if (!(s.end > s.start))
      throw invalid(
        'planning.shift-invalid',
        `shift ${s.id} needs start < end`,
        'Give shifts as [start, end).',
        `shifts.${s.id}`,
      );
    for (const p of s.positions) {
      const w = positionWindow(s, p);
      if (!(w.end > w.start) || w.start < s.start || w.end > s.end)
        throw invalid(
          'planning.position-window-invalid',
          `position ${p.id} in shift ${s.id} needs a window from < to inside the shift`,
          'Give the needed window [from, to) within [start, end) of its shift, or leave it out for the whole shift.',
          `shifts.${s.id}.positions.${p.id}`,
        );
    }
  }
  const absent = new Set<string>();
  for (const a of opts.absences ?? []) {
    if (!staffIdx.has(a.worker))
      throw invalid(
        'planning.worker-unknown',
        `unknown worker ${a.worker}`,
        'Use an id from staff.',
        'absences',
      );
    for (const s of a.shifts ?? shifts.map((x) => x.id)) absent.add(`${a.worker}@${s}`);
  }
  const isAbsent = (w: string, s: string): boolean => absent.has(`${w}@${s}`);
  const frames: WorkerFrame[] = staff.map((w) => ({
    regular: w.regularShifts
      .filter((id) => shiftIdx.has(id) && !isAbsent(w.id, id))
      .map((id) => {
        const si = shiftIdx.get(id)!;
        return {
          start: shifts[si]!.start,
          end: shifts[si]!.end,
          shift: si,
          forced: w.present?.includes(id) === true,
        };
      }),
    busy: w.busy ?? [],
    maxShifts: w.maxShifts,
  }));

  const prevPieces = new Map<string, OptionPiece[]>();
  for (const a of opts.previous ?? []) {
    const si = shiftIdx.get(a.shift);
    const wi = staffIdx.get(a.worker);
    const pos = si === undefined ? undefined : shifts[si]!.positions.find((p) => p.id === a.position);
    if (si === undefined || wi === undefined || pos === undefined) continue;
    const win = positionWindow(shifts[si]!, pos);
    const key = `${a.shift}/${a.position}`;
    prevPieces.set(key, [
      ...(prevPieces.get(key) ?? []),
      { w: wi, start: a.from ?? win.start, end: a.to ?? win.end },
    ]);
  }

  // An option with a piece its worker cannot hold even alone (rest after yesterday's work, fixed
  // work, the daily limit) is never part of a feasible plan: more pieces only add work to a day.
  // Dropping such options keeps the search exact and tells the crew-matching bound who the crew
  // really is.
  const feasibleAlone =
    (si: number) =>
    (o: PositionOption): boolean =>
      o.pieces.every(
        (p) =>
          p.w < 0 ||
          evaluateDay(frames[p.w]!, [{ start: p.start, end: p.end, shift: si }], rules) !== undefined,
      );

  const slots: Slot[] = [];
  shifts.forEach((s, si) => {
    for (const p of s.positions) {
      const cands: number[] = [];
      const crew = new Set<number>();
      staff.forEach((w, wi) => {
        const regular = w.regularShifts.includes(s.id);
        if (!w.qualifications.includes(p.qualification) || isAbsent(w.id, s.id)) return;
        if (w.available !== undefined && !w.available.includes(s.id) && !regular) return;
        cands.push(wi);
        if (regular) crew.add(wi);
      });
      const window = positionWindow(s, p);
      const input: PositionInput = {
        window,
        cands,
        crew,
        frames,
        rules,
        previous: prevPieces.get(`${s.id}/${p.id}`) ?? [],
      };
      const own = crewOptions(input).filter(feasibleAlone(si));
      // Positions no crew member can hold get every option now: they set the bounds.
      const eager = own.length === 0;
      const outsiders = cands.filter((w) => !crew.has(w));
      slots.push({
        shift: si,
        position: p.id,
        qualification: p.qualification,
        window,
        input,
        options: eager ? otherOptions(input).filter(feasibleAlone(si)) : own,
        pending: !eager,
        free: own.length,
        width: cands.length,
        rawLb: Math.min(
          ...outsiders.map((w) => window.end - window.start - rosterOverlap(frames[w]!, window)),
          Infinity,
        ),
        cands: new Set(cands),
        crew: cands.filter((w) => own.some((o) => o.pieces[0]!.w === w)),
        other: nonCrewCost(window, outsiders, frames),
      });
    }
  });
  // Most constrained first: positions only overtime can fill, then fewest choices.
  slots.sort((a, b) => a.free - b.free || a.width - b.width);
  const more = (sl: Slot): void => {
    if (!sl.pending) return;
    sl.options.push(...otherOptions(sl.input).filter(feasibleAlone(sl.shift)));
    sl.pending = false;
  };

  // Lower bounds of the rest, lexicographic: the least uncovered time; among options reaching it,
  // the least time outside rosters; among those, the fewest changes. A position with a crew option
  // has (0, 0, its crew options' fewest changes).
  const n = slots.length;
  const sufU = new Array<number>(n + 1).fill(0);
  const sufO = new Array<number>(n + 1).fill(0);
  const sufC = new Array<number>(n + 1).fill(0);
  // Least time outside rosters of any option, whatever its uncovered time: what a bound that raises
  // the uncovered time can still say about overtime (the lexicographic pair (u, o) of the options
  // at least uncovered time no longer holds once some position is known to take more).
  const sufOAny = new Array<number>(n + 1).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    const os = slots[i]!.options;
    const mu = Math.min(...os.map((o) => o.u));
    const atU = os.filter((o) => o.u <= mu + EPS);
    const mo = Math.min(...atU.map((o) => o.raw));
    const mc = Math.min(...atU.filter((o) => o.raw <= mo + EPS).map((o) => o.c));
    sufU[i] = sufU[i + 1]! + mu;
    sufO[i] = sufO[i + 1]! + mo;
    sufC[i] = sufC[i + 1]! + mc;
    sufOAny[i] = sufOAny[i + 1]! + Math.min(...os.map((o) => o.raw));
  }

  // Lower bound on overtime: time outside rosters (additive) plus the part of each call-in's top-up
  // that no later piece can remove. Later pieces of the same worker can lower a top-up only by
  // lengthening the call-in; pieces at positions whose least time outside rosters is 0 add their
  // own hours on top of the bound, which compensates, except where the lengthening reaches rostered
  // or fixed work (or the window of a position that needs overtime anyway), so at least
  // min(top-up, distance to the nearest such anchor) stays; half the distance to another call-in
  // of the same worker (the gap between them is shared).
  const minRaw = slots.map((_, i) => sufO[i]! - sufO[i + 1]!);
  const slotsOf: number[][] = staff.map(() => []);
  slots.forEach((sl, i) => {
    for (const w of sl.cands) slotsOf[w]!.push(i);
  });
  const gap = (a: TimeInterval, b: TimeInterval): number => Math.max(0, b.start - a.end, a.start - b.end);
  /** Per worker, the settled part of their call-in top-ups. */
  const settledTopUps = (from: number): number[] => {
    const out = staff.map(() => 0);
    cost.forEach((c, w) => {
      if (c === undefined || c.topUp <= EPS) return;
      const f = frames[w]!;
      // Anchors with the least stretch reaching them needs: an anchor whose stretch from the call-in
      // would be longer than a working day cannot be reached (ArbZG §3).
      const anchors: { x: TimeInterval; whole: boolean }[] = [
        ...[...f.busy, ...f.regular, ...held[w]!].map((x) => ({ x, whole: true })),
      ];
      for (const j of slotsOf[w]!)
        if (j >= from && minRaw[j]! > EPS) anchors.push({ x: slots[j]!.window, whole: false });
      for (const t of c.callIns) {
        const top = Math.max(0, rules.minCallIn - (t.end - t.start));
        let d = Infinity;
        for (const { x, whole } of anchors) {
          // Fixed work and held pieces never overlap a call-in; a window may (distance 0).
          if (whole && !(x.end <= t.start + EPS || x.start >= t.end - EPS)) continue;
          const g = gap(t, x);
          const stretch = t.end - t.start + g + (whole ? x.end - x.start : 0);
          if (stretch > Math.max(rules.maxDaily, whole ? x.end - x.start : 0) + EPS) continue;
          d = Math.min(d, g);
        }
        for (const u of c.callIns) if (u !== t) d = Math.min(d, gap(t, u) / 2);
        out[w]! += Math.min(top, d);
      }
    });
    return out;
  };
  const held: HeldPiece[][] = staff.map(() => []);
  // The crew-matching bound (shift-bound.ts): positions of a shift at one time beyond what its free
  // crew can hold take a non-crew option.
  const boundSlots: BoundSlot[] = slots.map((sl) => ({
    shift: sl.shift,
    window: sl.window,
    crew: sl.crew,
    otherU: sl.other.u,
    otherO: sl.other.o,
  }));
  const kind = opts.lowerBound ?? 'instant-matching';
  const cliques = kind === 'position' ? [] : crewCliques(boundSlots);
  // The instant-matching bound (shift-instant-bound.ts): who can be at a position at one or two
  // instants across shifts, from every piece the options can contain that its worker can hold alone.
  const instant = kind === 'instant-matching' ? instantBound(slots, frames, rules, sufU) : undefined;
  const freeAt = instant?.free(held);
  const deficit = (from: number): { u: number; o: number } => {
    const crew = cliques.length === 0 ? { u: 0, o: 0 } : crewDeficit(boundSlots, cliques, from, held);
    let u = 0;
    if (instant !== undefined && freeAt !== undefined)
      for (const set of instant.sets) u = Math.max(u, instantExtra(set, from, freeAt));
    // Both are lexicographic lower bounds of the extra over (sufU, sufO); the larger one holds. The
    // instant bound says nothing of overtime, so with it only sufOAny is left (o may be negative).
    return u > crew.u + EPS ? { u, o: sufOAny[from]! - sufO[from]! } : crew;
  };
  const root = deficit(0);
  const cost: (DayCost | undefined)[] = staff.map(() => undefined);
  const choice = new Array<number>(n).fill(-1);
  let best: number[] | undefined;
  let bestU = Infinity;
  let bestO = Infinity;
  let bestC = Infinity;
  let nodes = 0;
  const maxNodes = opts.maxNodes ?? 2_000_000;
  let exhausted = true;
  // The first phase gets half the guard; if it does not finish, the second starts from its
  // incumbent with the rest (and the uncovered time stays unproven).
  let limit = kind === 'instant-matching' ? maxNodes / 2 : maxNodes;
  let paid = 0;

  // Two phases. First the least uncovered time alone: a subtree is cut as soon as it cannot beat
  // the incumbent's uncovered time, and the phase stops when the incumbent meets the root bound.
  // Then the full lexicographic search from that incumbent (uncovered, overtime, changes), which
  // stops when the incumbent meets the root bound in all three.
  // (Only with the instant-matching bound: the other two keep the one-phase search they were
  // measured with.)
  const phased = kind === 'instant-matching';
  let uncoveredOnly = phased;
  let stop = false;
  const rootDeficit = root.u > EPS || Math.abs(root.o) > EPS;
  const rootU = sufU[0]! + root.u;
  // Overtime given a budget of uncovered time (second phase). A plan no worse than the incumbent
  // leaves at most `slack` = bestU − (held and least open time) more open than the positions'
  // least, in all positions together. A position no crew member can hold takes outsiders' pieces
  // and gaps: its time outside rosters is at least its window's time outside every qualified
  // outsider's roster (`other.o`) less its extra open time; so are the `d` deficit positions of a
  // crew clique (crew matching, priced by `other.o` alone); the rest cost at least 0. Summed:
  // worked overtime ≥ floor − slack (each hour left open lowers one position's floor by at most an
  // hour).
  const sufFloor = new Array<number>(n + 1).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    const sl = slots[i]!;
    const noCrew = sl.free === 0 && sufU[i]! - sufU[i + 1]! <= EPS;
    sufFloor[i] = sufFloor[i + 1]! + (noCrew ? sl.other.o : 0);
  }
  const overtimeFloor = (from: number): number =>
    sufFloor[from]! + (cliques.length === 0 ? 0 : crewDeficit(boundSlots, cliques, from, held, 'overtime').o);
  // With the open time at its root bound, the floor holds with slack rootU − sufU[0] for every plan
  // (none has less open time), so (rootU, max of both) is a lexicographic bound.
  const rootO = phased
    ? Math.max(sufO[0]! + root.o, overtimeFloor(0) - Math.max(0, rootU - sufU[0]!))
    : sufO[0]! + root.o;
  // Fewest changes of a plan with the open time at its root bound (every plan has at least that):
  // a position whose window exceeds its least open time plus the budget holds at least one piece;
  // each option's changes are known where its options are (min over those within the budget), and a
  // position with only its crew's options so far changes at least min(crew's, 1), or 0 if a present
  // outsider held it before (any other option has a piece by an outsider).
  const changesFloor = (slack: number): number => {
    let c = 0;
    for (let i = 0; i < n; i++) {
      const sl = slots[i]!;
      const mu = sufU[i]! - sufU[i + 1]!;
      if (sl.window.end - sl.window.start <= mu + slack + EPS) continue;
      if (!sl.pending) {
        c += Math.min(...sl.options.filter((o) => o.u <= mu + slack + EPS).map((o) => o.c));
        continue;
      }
      const crewC = Math.min(...sl.options.map((o) => o.c));
      const outsiderBefore = sl.input.previous.some((q) => !sl.input.crew.has(q.w) && sl.cands.has(q.w));
      c += Math.min(crewC, outsiderBefore ? 0 : 1);
    }
    return c;
  };
  const rootC = phased
    ? Math.max(rootDeficit ? 0 : sufC[0]!, changesFloor(Math.max(0, rootU - sufU[0]!)))
    : rootDeficit
      ? 0
      : sufC[0]!;

  /** 0: may improve; 1: cannot (changes); 2: cannot (uncovered or overtime): nor can later options. */
  const bound = (u: number, o: number, c: number): 0 | 1 | 2 => {
    if (uncoveredOnly) return u < bestU - EPS ? 0 : 2;
    if (u > bestU + EPS) return 2;
    if (u < bestU - EPS) return 0;
    if (o > bestO + EPS) return 2;
    if (o < bestO - EPS) return 0;
    return c >= bestC ? 1 : 0;
  };

  const dfs = (i: number, accU: number, accRaw: number, accC: number): void => {
    if (i === n) {
      if (
        accU < bestU - EPS ||
        (accU <= bestU + EPS && (paid < bestO - EPS || (paid <= bestO + EPS && accC < bestC)))
      ) {
        bestU = accU;
        bestO = paid;
        bestC = accC;
        best = choice.slice();
        if (!phased) return;
        if (
          uncoveredOnly
            ? bestU <= rootU + EPS
            : bestU <= rootU + EPS && bestO <= rootO + EPS && bestC <= rootC
        )
          stop = true;
      }
      return;
    }
    if (++nodes > limit && best !== undefined) {
      exhausted = false;
      return;
    }
    // The whole subtree: per-position bounds plus the crew deficit of the positions left (a valid
    // bound on uncovered and on worked overtime, which paid overtime is never below; the changes'
    // bound is only those made so far, as deficit positions may change less than their crew options).
    const all = deficit(i);
    // Second phase: when no plan below can have less open time than the incumbent, the overtime
    // floor under the remaining budget of open time must beat the incumbent's overtime.
    if (phased && !uncoveredOnly && accU + sufU[i]! + all.u >= bestU - EPS) {
      const of = accRaw + overtimeFloor(i) - Math.max(0, bestU - accU - sufU[i]!);
      if (of > bestO + EPS || (of >= bestO - EPS && accC >= bestC)) return;
    }
    if (
      (all.u > EPS || all.o > EPS || all.o < -EPS) &&
      bound(accU + sufU[i]! + all.u, accRaw + sufO[i]! + all.o, accC) !== 0
    )
      return;
    // For the options here: the deficit of the later positions given what is held now; holding
    // more only lowers the free crew, so it holds for every option of this position.
    const later = deficit(i + 1);
    const extra = later.u > EPS || Math.abs(later.o) > EPS;
    const s = slots[i]!;
    // The top-ups settled for later positions; a piece at this position for the same worker could
    // lower one, and its own hours are counted here already, so an option giving that worker a
    // piece does not count that worker's settled top-up (the floor drops every candidate's).
    const settledOf = settledTopUps(i + 1);
    let settled = 0;
    for (const x of settledOf) settled += x;
    let floor = settled;
    for (const w of s.cands) floor -= settledOf[w]!;
    for (let k = 0; k < s.options.length || s.pending; k++) {
      if (k === s.options.length) {
        // Past the crew: outsiders and splits cost at least the window outside rosters.
        const lb = s.rawLb === Infinity ? { u: s.window.end - s.window.start, o: 0 } : { u: 0, o: s.rawLb };
        if (
          bound(accU + lb.u + sufU[i + 1]!, accRaw + lb.o + sufO[i + 1]! + floor, accC + sufC[i + 1]!) === 2
        )
          break;
        if (
          extra &&
          bound(accU + lb.u + sufU[i + 1]! + later.u, accRaw + lb.o + sufO[i + 1]! + later.o, accC) === 2
        )
          break;
        more(s);
      }
      const o = s.options[k]!;
      const u = accU + o.u + sufU[i + 1]!;
      const c = accC + o.c + sufC[i + 1]!;
      if (bound(u, accRaw + o.raw + sufO[i + 1]! + floor, c) === 2) break;
      if (extra && bound(u + later.u, accRaw + o.raw + sufO[i + 1]! + later.o, accC + o.c) === 2) break;
      let mine = settled;
      for (const p of o.pieces) if (p.w >= 0) mine -= settledOf[p.w]!;
      if (bound(u, accRaw + o.raw + sufO[i + 1]! + mine, c) !== 0) continue;
      const touched: { w: number; before: DayCost | undefined }[] = [];
      let ok = true;
      for (const p of o.pieces) {
        if (p.w < 0) continue;
        held[p.w]!.push({ start: p.start, end: p.end, shift: s.shift });
        touched.push({ w: p.w, before: cost[p.w] });
        const ev = evaluateDay(frames[p.w]!, held[p.w]!, rules);
        if (ev === undefined) {
          ok = false;
          break;
        }
        paid += ev.paid - (cost[p.w]?.paid ?? 0);
        cost[p.w] = ev;
      }
      // Every option tried counts against the guard (a node can try thousands), once a first plan
      // exists: the first descent always reaches one (leaving a position uncovered is always allowed).
      nodes += ok ? 1 : 0.05;
      if (ok) {
        choice[i] = k;
        dfs(i + 1, accU + o.u, accRaw + o.raw, accC + o.c);
      }
      for (let j = touched.length - 1; j >= 0; j--) {
        const { w, before } = touched[j]!;
        held[w]!.pop();
        paid -= (cost[w]?.paid ?? 0) - (before?.paid ?? 0);
        cost[w] = before;
      }
      if (!exhausted || stop) return;
    }
  };
  dfs(0, 0, 0, 0);
  let uncoveredExact = exhausted;
  if (phased) {
    uncoveredOnly = false;
    stop = false;
    exhausted = true;
    limit = maxNodes;
    // The incumbent's overtime and changes are now the bar to beat (and its uncovered time, when
    // the first phase proved it least).
    if (!(bestU <= rootU + EPS && bestO <= rootO + EPS && bestC <= rootC)) dfs(0, 0, 0, 0);
    exhausted &&= uncoveredExact;
  }
  // Meeting the root bound proves a part whatever the guard did.
  const atU = bestU <= rootU + EPS;
  const atO = atU && bestO <= rootO + EPS;
  uncoveredExact ||= atU;
  const overtimeExact = exhausted || atO;
  if (phased) exhausted ||= atO && bestC <= rootC;
  // The all-uncovered plan is always feasible, so `best` is set unless the node limit hit first.
  const chosen =
    best ??
    slots.map((sl) => {
      more(sl);
      return sl.options.findIndex((o) => o.pieces.every((p) => p.w < 0));
    });
  const h = (units: number): number => Math.round(((units * rules.unit) / 3600) * 1e6) / 1e6;
  const lowerBound = { uncoveredHours: h(rootU), overtimeHours: h(rootO) };
  return buildResult(
    problem,
    slots,
    chosen,
    frames,
    rules,
    { exact: exhausted, uncoveredExact, overtimeExact },
    lowerBound,
  );
}

/** Instant sets the search re-evaluates at its nodes (the strongest at the root). */
const INSTANT_SETS = 4;

function instantBound(
  slots: readonly Slot[],
  frames: readonly WorkerFrame[],
  rules: ReturnType<typeof shiftRules>,
  sufU: readonly number[],
): ReturnType<typeof instantSets> {
  const inst: InstantSlot[] = slots.map((sl, i) => {
    const { pieces, gaps } = pieceSuperset(
      sl.input,
      (w, start, end) => evaluateDay(frames[w]!, [{ start, end, shift: sl.shift }], rules) !== undefined,
    );
    return {
      shift: sl.shift,
      window: sl.window,
      pieces,
      gaps,
      mu: sufU[i]! - sufU[i + 1]!,
    };
  });
  const times = instantTimes(inst, (s) => windowGrid(s.window, rules.step));
  return instantSets(inst, times, frames, rules, INSTANT_SETS);
}

function buildResult(
  problem: ShiftProblem,
  slots: readonly Slot[],
  chosen: readonly number[],
  frames: readonly WorkerFrame[],
  rules: ReturnType<typeof shiftRules>,
  proof: { readonly exact: boolean; readonly uncoveredExact: boolean; readonly overtimeExact: boolean },
  lowerBound: ShiftPlanResult['lowerBound'],
): ShiftPlanResult {
  const { shifts, staff } = problem;
  const h = (units: number): number => Math.round(((units * rules.unit) / 3600) * 1e6) / 1e6;
  const mine: { slot: Slot; p: OptionPiece }[][] = staff.map(() => []);
  const uncovered: UncoveredPiece[] = [];
  let changes = 0;
  slots.forEach((sl, i) => {
    const o = sl.options[chosen[i]!]!;
    changes += o.c;
    for (const p of o.pieces) {
      if (p.w >= 0) mine[p.w]!.push({ slot: sl, p });
      else
        uncovered.push({
          shift: shifts[sl.shift]!.id,
          position: sl.position,
          qualification: sl.qualification,
          from: p.start,
          to: p.end,
          hours: h(p.end - p.start),
        });
    }
  });
  const pieces: ShiftPiece[] = [];
  const workers: WorkerDay[] = [];
  let raw = 0;
  let topUp = 0;
  staff.forEach((w, wi) => {
    const list = mine[wi]!;
    if (list.length === 0) return;
    const hp: HeldPiece[] = list.map((x) => ({ start: x.p.start, end: x.p.end, shift: x.slot.shift }));
    const ev = evaluateDay(frames[wi]!, hp, rules);
    if (ev === undefined) throw new Error('shift plan: infeasible day in the chosen plan');
    raw += ev.raw;
    topUp += ev.topUp;
    const kinds = pieceKinds(frames[wi]!, hp, ev.present);
    list.forEach((x, k) => {
      const len = x.p.end - x.p.start;
      const out = len - rosterTime(frames[wi]!, hp[k]!);
      pieces.push({
        shift: shifts[x.slot.shift]!.id,
        position: x.slot.position,
        qualification: x.slot.qualification,
        worker: w.id,
        from: x.p.start,
        to: x.p.end,
        hours: h(len),
        overtimeHours: h(out),
        kind: kinds[k]!,
      });
    });
    workers.push({
      worker: w.id,
      present: frames[wi]!.regular.filter((_, i) => ev.present[i]).map((r) => shifts[r.shift]!.id),
      overtimeHours: h(ev.paid),
    });
  });
  const order = new Map(shifts.map((s, i) => [s.id, i] as const));
  const byTime = (a: { shift: string; position: string; from: number }, b: typeof a): number =>
    order.get(a.shift)! - order.get(b.shift)! || a.position.localeCompare(b.position) || a.from - b.from;
  pieces.sort(byTime);
  uncovered.sort(byTime);
  const windowOf = new Map(slots.map((s) => [`${shifts[s.shift]!.id}/${s.position}`, s.window] as const));
  const assignments: ShiftAssignment[] = pieces.map((p) => {
    const win = windowOf.get(`${p.shift}/${p.position}`)!;
    const whole = Math.abs(p.from - win.start) < EPS && Math.abs(p.to - win.end) < EPS;
    return {
      shift: p.shift,
      position: p.position,
      worker: p.worker,
      ...(whole ? {} : { from: p.from, to: p.to }),
    };
  });
  const base = { assignments, pieces, workers, changes, ...proof, lowerBound };
  const uncoveredHours = h(uncovered.reduce((s, u) => s + (u.to - u.from), 0));
  const figures = { overtimeHours: h(raw + topUp), workedOvertimeHours: h(raw), callInTopUpHours: h(topUp) };
  if (uncovered.length > 0)
    return { ...base, ok: false, reason: 'uncoverable', uncovered, uncoveredHours, ...figures };
  if (figures.overtimeHours > 0) return { ...base, ok: false, reason: 'overtime-needed', ...figures };
  return { ...base, ok: true, overtimeHours: 0, workedOvertimeHours: 0, callInTopUpHours: 0 };
}

function rosterTime(frame: WorkerFrame, p: HeldPiece): number {
  let s = 0;
  for (const r of frame.regular) s += Math.max(0, Math.min(r.end, p.end) - Math.max(r.start, p.start));
  return s;
}
