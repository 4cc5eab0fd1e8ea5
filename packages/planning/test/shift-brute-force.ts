// The test oracle of the shift planner: every combination of every position's generated options
// (the same `positionOptions` the search uses), each worker's pieces costed by the same day rules
// (`evaluateDay`). Exponential; for the small random instances of the fast-check properties only.
import { positionOptions } from '../src/shifts/shift-options.ts';
import { evaluateDay, type HeldPiece, type WorkerFrame } from '../src/shifts/worker-day.ts';
import { positionWindow, shiftRules, type Absence, type ShiftProblem } from '../src/index.ts';

const EPS = 1e-6;

/** The lexicographic optimum [uncovered, paid overtime] in the problem's time units. */
export function bruteForceShiftOptimum(p: ShiftProblem, absences: readonly Absence[] = []): [number, number] {
  const { shifts, staff } = p;
  const rules = shiftRules(p);
  const gone = new Set(absences.map((a) => a.worker));
  const frames: WorkerFrame[] = staff.map((w) => ({
    regular: gone.has(w.id)
      ? []
      : w.regularShifts.map((id) => {
          const si = shifts.findIndex((s) => s.id === id);
          return { start: shifts[si]!.start, end: shifts[si]!.end, shift: si, forced: false };
        }),
    busy: w.busy ?? [],
  }));
  const slots = shifts.flatMap((s, si) =>
    s.positions.map((q) => {
      const cands = staff
        .map((_, i) => i)
        .filter((i) => staff[i]!.qualifications.includes(q.qualification) && !gone.has(staff[i]!.id));
      const crew = new Set(cands.filter((i) => staff[i]!.regularShifts.includes(s.id)));
      return {
        si,
        opts: positionOptions({ window: positionWindow(s, q), cands, crew, frames, rules, previous: [] }),
      };
    }),
  );
  let best: [number, number] = [Infinity, Infinity];
  const pick: { si: number; pieces: readonly { w: number; start: number; end: number }[] }[] = [];
  const rec = (k: number, u: number): void => {
    if (k === slots.length) {
      let paid = 0;
      for (let w = 0; w < staff.length; w++) {
        const held: HeldPiece[] = [];
        for (const { si, pieces } of pick)
          for (const x of pieces) if (x.w === w) held.push({ start: x.start, end: x.end, shift: si });
        if (held.length === 0) continue;
        const ev = evaluateDay(frames[w]!, held, rules);
        if (ev === undefined) return;
        paid += ev.paid;
      }
      if (u < best[0] - EPS || (u < best[0] + EPS && paid < best[1] - EPS)) best = [u, paid];
      return;
    }
    for (const o of slots[k]!.opts) {
      pick.push({ si: slots[k]!.si, pieces: o.pieces });
      rec(k + 1, u + o.u);
      pick.pop();
    }
  };
  rec(0, 0);
  return best;
}
