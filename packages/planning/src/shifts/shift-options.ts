/**
 * The ways one position's window can be covered. Whole: one qualified worker for the whole window
 * (or nobody). Split (when the shift's own crew cannot cover it): up to `maxPieces` contiguous pieces,
 * each by a different worker from outside the shift's crew — a worker of the shift before staying
 * longer (extension forward), a worker of the shift after coming earlier (extension backward), and
 * between them one called-in worker or a gap left uncovered. Piece boundaries lie on a grid of
 * `step` counted from the window's ends. Restricting splits to outsiders is the documented limit of
 * exactness: a crew member present for the whole shift who can cover part of a window can cover
 * all of it, unless they split their shift between two stations, which is not generated.
 */
import type { ShiftRules, TimeInterval } from './shift-model.ts';
import { rosterOverlap, type WorkerFrame } from './worker-day.ts';

const EPS = 1e-6;

/** `w` is a staff index, -1 for nobody (uncovered). */
export interface OptionPiece extends TimeInterval {
  readonly w: number;
}

export interface PositionOption {
  readonly pieces: readonly OptionPiece[];
  /** Uncovered time. */
  readonly u: number;
  /** Time outside the holders' rosters (a lower bound of the paid overtime this option adds). */
  readonly raw: number;
  /** raw plus the call-in top-up the option would pay on its own (for ordering only). */
  readonly est: number;
  /** Pieces held by someone other than in the previous plan. */
  readonly c: number;
}

export interface PositionInput {
  readonly window: TimeInterval;
  /** Qualified, not absent, allowed in this shift. */
  readonly cands: readonly number[];
  /** Candidates whose roster includes this shift. */
  readonly crew: ReadonlySet<number>;
  readonly frames: readonly WorkerFrame[];
  readonly rules: ShiftRules;
  /** The previous plan's pieces on this position. */
  readonly previous: readonly OptionPiece[];
}

/** Fixed or rostered work of a worker: what an extension attaches to. */
const bases = (f: WorkerFrame): TimeInterval[] => [...f.regular, ...f.busy];

/** The shift's own crew holding the whole window: no overtime, tried first. */
export function crewOptions(inp: PositionInput): PositionOption[] {
  return positionOptions(inp, 'crew');
}

/** Everything else: outsiders, nobody, splits (generated only when the search gets to them). */
export function otherOptions(inp: PositionInput): PositionOption[] {
  return positionOptions(inp, 'others');
}

/** The grid points of a window: its ends and every `step` from either end. */
export function windowGrid(win: TimeInterval, step: number): number[] {
  const pts = new Set<number>([win.start, win.end]);
  for (let k = 1; k * step < win.end - win.start - EPS; k++) {
    pts.add(win.start + k * step);
    pts.add(win.end - k * step);
  }
  return [...pts].sort((x, y) => x - y);
}

export function positionOptions(
  inp: PositionInput,
  which: 'crew' | 'others' | 'all' = 'all',
): PositionOption[] {
  const { window: win, cands, crew, frames, rules } = inp;
  const { start: a, end: b } = win;
  const out = new Map<string, PositionOption>();
  const add = (pieces: OptionPiece[]): void => {
    const ws = pieces.filter((p) => p.w >= 0).map((p) => p.w);
    if (new Set(ws).size !== ws.length) return;
    if (pieces.some((p) => !(p.end - p.start > EPS))) return;
    const key = pieces.map((p) => `${p.w}:${p.start}-${p.end}`).join('|');
    if (out.has(key)) return;
    let u = 0;
    let raw = 0;
    let est = 0;
    let c = 0;
    for (const p of pieces) {
      const len = p.end - p.start;
      if (p.w < 0) {
        u += len;
        continue;
      }
      const f = frames[p.w]!;
      const r = len - rosterOverlap(f, p);
      raw += r;
      est += r;
      const attached = bases(f).some(
        (x) => Math.abs(x.end - p.start) < EPS || Math.abs(x.start - p.end) < EPS,
      );
      if (r > EPS && !attached) est += Math.max(0, rules.minCallIn - len);
      if (!inp.previous.some((q) => q.w === p.w && q.start <= p.start + EPS && q.end >= p.end - EPS)) c++;
    }
    out.set(key, { pieces, u, raw, est, c });
  };

  for (const w of cands)
    if (which === 'all' || (which === 'crew') === crew.has(w)) add([{ w, start: a, end: b }]);
  if (which === 'crew') return sorted(out);
  add([{ w: -1, start: a, end: b }]);
  if (rules.maxPieces >= 2 && b - a > rules.step + EPS) {
    const outsiders = cands.filter((w) => !crew.has(w));
    const extLens = (w: number, at: 'end' | 'start'): number[] => extensionLengths(inp, w, at);
    const fwd = outsiders.map((w) => ({ w, lens: extLens(w, 'end') })).filter((x) => x.lens.length > 0);
    const bwd = outsiders.map((w) => ({ w, lens: extLens(w, 'start') })).filter((x) => x.lens.length > 0);
    const fillers = [...outsiders, -1];
    for (const x of fwd)
      for (const lx of x.lens) {
        const c = a + lx;
        for (const z of fillers)
          add([
            { w: x.w, start: a, end: c },
            { w: z, start: c, end: b },
          ]);
        for (const y of bwd)
          if (y.lens.some((l) => Math.abs(l - (b - c)) < EPS))
            add([
              { w: x.w, start: a, end: c },
              { w: y.w, start: c, end: b },
            ]);
      }
    for (const y of bwd)
      for (const ly of y.lens) {
        const c = b - ly;
        for (const z of fillers)
          add([
            { w: z, start: a, end: c },
            { w: y.w, start: c, end: b },
          ]);
      }
    // A call-in for part of the window, the rest left open: only matters when nothing covers it all.
    for (const z of outsiders)
      for (let k = 1; k * rules.step < b - a - EPS; k++) {
        add([
          { w: z, start: a, end: a + k * rules.step },
          { w: -1, start: a + k * rules.step, end: b },
        ]);
        add([
          { w: -1, start: a, end: b - k * rules.step },
          { w: z, start: b - k * rules.step, end: b },
        ]);
      }
    if (rules.maxPieces >= 3)
      for (const x of fwd)
        for (const lx of x.lens)
          for (const y of bwd)
            for (const ly of y.lens) {
              const c1 = a + lx;
              const c2 = b - ly;
              if (!(c2 - c1 > EPS)) continue;
              for (const z of fillers)
                add([
                  { w: x.w, start: a, end: c1 },
                  { w: z, start: c1, end: c2 },
                  { w: y.w, start: c2, end: b },
                ]);
            }
  }
  return sorted(out);
}

/**
 * Extension lengths on the grid that fit the daily limit next to the base the worker's piece
 * attaches to: forward (`'end'`, a base ending at the window's start) or backward (`'start'`).
 */
export function extensionLengths(inp: PositionInput, w: number, at: 'end' | 'start'): number[] {
  const { start: a, end: b } = inp.window;
  const { rules } = inp;
  const base = bases(inp.frames[w]!).find((x) =>
    at === 'end' ? Math.abs(x.end - a) < EPS : Math.abs(x.start - b) < EPS,
  );
  if (base === undefined) return [];
  const room = rules.maxDaily - (base.end - base.start);
  const lens: number[] = [];
  for (let k = 1; k * rules.step < b - a - EPS && k * rules.step <= room + EPS; k++)
    lens.push(k * rules.step);
  return lens;
}

/**
 * Every piece and every open gap that some option of `positionOptions(inp)` can contain, given
 * which single pieces their worker can hold at all (`ok`; the search drops options with any other
 * piece). A superset: the generator's pairing rules — distinct workers, which filler goes with which
 * extension — are dropped, but a gap is kept only next to pieces someone can hold (a gap after a
 * 5-h extension that no day allows is no gap). For the instant-matching bound
 * (shift-instant-bound.ts), which needs who can be at a position at a time and the shortest gap
 * through a time, without building the options (their number grows with extensions × fillers).
 */
export function pieceSuperset(
  inp: PositionInput,
  ok: (w: number, start: number, end: number) => boolean,
): { pieces: OptionPiece[]; gaps: TimeInterval[] } {
  const { window: win, cands, crew, rules } = inp;
  const { start: a, end: b } = win;
  const pieces = new Map<string, OptionPiece>();
  const gaps = new Map<string, TimeInterval>();
  const piece = (w: number, start: number, end: number): boolean => {
    if (!(end - start > EPS) || !ok(w, start, end)) return false;
    pieces.set(`${w}:${start}-${end}`, { w, start, end });
    return true;
  };
  const gap = (start: number, end: number): void => {
    if (end - start > EPS) gaps.set(`${start}-${end}`, { start, end });
  };
  for (const w of cands) piece(w, a, b);
  gap(a, b);
  if (rules.maxPieces >= 2 && b - a > rules.step + EPS) {
    const outsiders = cands.filter((w) => !crew.has(w));
    const fwdLens = new Set<number>();
    const bwdLens = new Set<number>();
    for (const w of outsiders) {
      for (const l of extensionLengths(inp, w, 'end')) if (piece(w, a, a + l)) fwdLens.add(l);
      for (const l of extensionLengths(inp, w, 'start')) if (piece(w, b - l, b)) bwdLens.add(l);
    }
    for (const l of fwdLens) {
      for (const z of outsiders) piece(z, a + l, b);
      gap(a + l, b);
    }
    for (const l of bwdLens) {
      for (const z of outsiders) piece(z, a, b - l);
      gap(a, b - l);
    }
    for (let k = 1; k * rules.step < b - a - EPS; k++) {
      let head = false;
      let tail = false;
      for (const z of outsiders) {
        head = piece(z, a, a + k * rules.step) || head;
        tail = piece(z, b - k * rules.step, b) || tail;
      }
      if (head) gap(a + k * rules.step, b);
      if (tail) gap(a, b - k * rules.step);
    }
    if (rules.maxPieces >= 3)
      for (const lx of fwdLens)
        for (const ly of bwdLens) {
          if (!(b - ly - (a + lx) > EPS)) continue;
          for (const z of outsiders) piece(z, a + lx, b - ly);
          gap(a + lx, b - ly);
        }
  }
  return { pieces: [...pieces.values()], gaps: [...gaps.values()] };
}

const sorted = (out: Map<string, PositionOption>): PositionOption[] =>
  [...out.values()].sort(
    (p, q) => p.u - q.u || p.raw - q.raw || p.est - q.est || p.c - q.c || p.pieces.length - q.pieces.length,
  );
