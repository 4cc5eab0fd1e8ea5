/**
 * The independent check of a shift plan (separate code from the search, used by tests and by the
 * live agent): every needed hour is held once by a qualified worker who is not absent, or reported
 * uncovered; nobody holds two posts at once or works during fixed work; every working day keeps the
 * daily limit (ArbZG §3) and working days are apart by the minimum rest (ArbZG §5); the overtime
 * reported equals the hours outside each worker's roster plus the call-in minimum's top-up.
 */
import {
  positionWindow,
  shiftRules,
  type Absence,
  type ShiftPiece,
  type ShiftProblem,
  type UncoveredPiece,
  type WorkerDay,
} from './shift-model.ts';

export interface CheckablePlan {
  readonly pieces: readonly ShiftPiece[];
  readonly uncovered?: readonly UncoveredPiece[];
  readonly workers: readonly WorkerDay[];
  readonly overtimeHours: number;
}

const TOL = 1e-4;

/** Violations found; empty when the plan is valid. */
export function validateShiftPlan(
  problem: ShiftProblem,
  plan: CheckablePlan,
  absences: readonly Absence[] = [],
): string[] {
  const errors: string[] = [];
  const rules = shiftRules(problem);
  const hours = (u: number): number => (u * rules.unit) / 3600;
  const shift = (id: string) => problem.shifts.find((s) => s.id === id);
  const away = (w: string, s: string): boolean =>
    absences.some((a) => a.worker === w && (a.shifts === undefined || a.shifts.includes(s)));

  // 1. Each position's window is tiled exactly by pieces and uncovered gaps.
  for (const s of problem.shifts)
    for (const p of s.positions) {
      const win = positionWindow(s, p);
      const parts = [
        ...plan.pieces.filter((x) => x.shift === s.id && x.position === p.id),
        ...(plan.uncovered ?? []).filter((x) => x.shift === s.id && x.position === p.id),
      ].sort((a, b) => a.from - b.from);
      let t = win.start;
      for (const x of parts) {
        if (Math.abs(x.from - t) > TOL) errors.push(`${s.id}/${p.id}: gap or overlap at ${t}`);
        t = x.to;
      }
      if (Math.abs(t - win.end) > TOL) errors.push(`${s.id}/${p.id}: window not covered to its end`);
    }

  // 2. Each piece: a real position, a qualified worker who is not absent and may work this shift.
  for (const x of plan.pieces) {
    const s = shift(x.shift);
    const pos = s?.positions.find((p) => p.id === x.position);
    const w = problem.staff.find((m) => m.id === x.worker);
    if (s === undefined || pos === undefined || w === undefined) {
      errors.push(`${x.shift}/${x.position}: unknown shift, position or worker ${x.worker}`);
      continue;
    }
    if (!w.qualifications.includes(pos.qualification)) errors.push(`${x.worker} lacks ${pos.qualification}`);
    if (away(w.id, s.id)) errors.push(`${x.worker} is absent in ${s.id}`);
    if (w.available !== undefined && !w.available.includes(s.id) && !w.regularShifts.includes(s.id))
      errors.push(`${x.worker} is not available in ${s.id}`);
  }

  // 3. Per worker: posts, fixed work, attendance, working days, overtime.
  let total = 0;
  for (const w of problem.staff) {
    const mine = plan.pieces.filter((x) => x.worker === w.id);
    const day = plan.workers.find((d) => d.worker === w.id);
    if (mine.length === 0) {
      if (day !== undefined && day.overtimeHours > TOL) errors.push(`${w.id}: overtime without work`);
      continue;
    }
    if (day === undefined) {
      errors.push(`${w.id}: holds pieces but has no day`);
      continue;
    }
    const roster = w.regularShifts
      .filter((id) => !away(w.id, id))
      .map((id) => shift(id))
      .filter((s) => s !== undefined);
    for (let i = 0; i < mine.length; i++)
      for (let j = i + 1; j < mine.length; j++)
        if (mine[i]!.from < mine[j]!.to - TOL && mine[j]!.from < mine[i]!.to - TOL)
          errors.push(`${w.id}: two posts at once`);
    for (const x of mine)
      for (const b of w.busy ?? [])
        if (x.from < b.end - TOL && b.start < x.to - TOL) errors.push(`${w.id}: piece during fixed work`);
    if (w.maxShifts !== undefined && new Set(mine.map((x) => x.shift)).size > w.maxShifts)
      errors.push(`${w.id}: more than ${w.maxShifts} shifts`);
    for (const r of roster) {
      const attended = day.present.includes(r.id);
      const must =
        w.present?.includes(r.id) === true || mine.some((x) => x.from < r.end - TOL && r.start < x.to - TOL);
      if (must && !attended) errors.push(`${w.id}: works in ${r.id} but is not counted present`);
    }
    // Everything the worker is at the plant for, as [start, end, fixed or rostered].
    const spans: [number, number, boolean][] = [
      ...(w.busy ?? []).map((b): [number, number, boolean] => [b.start, b.end, true]),
      ...roster
        .filter((r) => day.present.includes(r.id))
        .map((r): [number, number, boolean] => [r.start, r.end, true]),
      ...mine.map((x): [number, number, boolean] => [x.from, x.to, false]),
    ].sort((a, b) => a[0] - b[0]);
    // Union into trips (contiguous stretches), then working days (trips closer than the rest).
    const trips: [number, number, boolean, number][] = [];
    for (const [a, b, base] of spans) {
      const t = trips[trips.length - 1];
      if (t !== undefined && a <= t[1] + TOL) {
        t[1] = Math.max(t[1], b);
        t[2] = t[2] || base;
        if (base) t[3] = Math.max(t[3], b - a);
      } else trips.push([a, b, base, base ? b - a : 0]);
    }
    let dayStart = 0;
    for (let i = 0; i <= trips.length; i++) {
      const next = trips[i];
      const prev = trips[i - 1];
      if (i > 0 && (next === undefined || next[0] - prev![1] >= rules.minRest - TOL)) {
        const group = trips.slice(dayStart, i);
        const work = group.reduce((s, t) => s + t[1] - t[0], 0);
        const cap = Math.max(rules.maxDaily, ...group.map((t) => t[3]));
        if (work > cap + TOL) errors.push(`${w.id}: ${hours(work)} h in one working day`);
        dayStart = i;
      }
    }
    let outside = 0;
    for (const x of mine) {
      let inRoster = 0;
      for (const r of roster) inRoster += Math.max(0, Math.min(r.end, x.to) - Math.max(r.start, x.from));
      const o = x.to - x.from - inRoster;
      outside += o;
      if (Math.abs(hours(o) - x.overtimeHours) > TOL)
        errors.push(`${w.id}: piece overtime ${x.overtimeHours} h, expected ${hours(o)}`);
    }
    const topUp = trips
      .filter((t) => !t[2])
      .reduce((s, t) => s + Math.max(0, rules.minCallIn - (t[1] - t[0])), 0);
    const paid = hours(outside + topUp);
    if (Math.abs(paid - day.overtimeHours) > TOL)
      errors.push(`${w.id}: overtime ${day.overtimeHours} h, expected ${paid}`);
    total += paid;
  }
  if (Math.abs(total - plan.overtimeHours) > TOL * 10)
    errors.push(`overtime ${plan.overtimeHours} h, expected ${total}`);
  return errors;
}
