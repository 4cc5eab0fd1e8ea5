import type { Plant } from '@aethercore/core';

/** A half-open interval of simulated time, ms since epoch. */
export interface MsInterval {
  readonly start: number;
  readonly end: number;
}

const DAY_MS = 86_400_000;

/** ISO weekday (1 = Monday … 7 = Sunday) of a UTC time; 1970-01-01 was a Thursday (4). */
export function isoWeekday(ms: number): number {
  const days = Math.floor(ms / DAY_MS);
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/**
 * The line's working time in [fromMs, toMs) from the plant's shift calendar, with adjacent shifts
 * merged: the planner's machine windows forbid preemption, and a lot that runs across the
 * 14:00 shift change is normal on a three-shift line. A shift belongs to the day it starts on.
 */
export function workingIntervals(plant: Plant, fromMs: number, toMs: number): MsInterval[] {
  const raw: MsInterval[] = [];
  const cal = plant.shiftCalendar;
  for (let day = Math.floor(fromMs / DAY_MS) * DAY_MS - DAY_MS; day < toMs; day += DAY_MS) {
    if (!cal.workingDays.includes(isoWeekday(day))) continue;
    for (const s of cal.shifts) {
      const start = day + s.startMin * 60_000;
      const end = start + s.durationMin * 60_000;
      if (end > fromMs && start < toMs)
        raw.push({ start: Math.max(start, fromMs), end: Math.min(end, toMs) });
    }
  }
  raw.sort((a, b) => a.start - b.start);
  const out: MsInterval[] = [];
  for (const i of raw) {
    const last = out[out.length - 1];
    if (last !== undefined && i.start <= last.end)
      out[out.length - 1] = { start: last.start, end: Math.max(last.end, i.end) };
    else out.push(i);
  }
  return out;
}

/** End of the shift running at `ms` (the twin re-staffs at every shift start), or `ms` outside shifts. */
export function shiftEnd(plant: Plant, ms: number): number {
  const cal = plant.shiftCalendar;
  for (let day = Math.floor(ms / DAY_MS) * DAY_MS - DAY_MS; day <= ms; day += DAY_MS) {
    if (!cal.workingDays.includes(isoWeekday(day))) continue;
    for (const s of cal.shifts) {
      const start = day + s.startMin * 60_000;
      const end = start + s.durationMin * 60_000;
      if (start <= ms && ms < end) return end;
    }
  }
  return ms;
}
