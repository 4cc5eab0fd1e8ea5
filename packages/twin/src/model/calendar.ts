import type { ShiftCalendar } from '@aethercore/core';

export const MS_PER_MIN = 60_000;
export const MS_PER_H = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** ISO weekday (1 = Monday … 7 = Sunday) of a UTC instant. 1970-01-01 was a Thursday (4). */
export function isoWeekday(ms: number): number {
  const days = Math.floor(ms / MS_PER_DAY);
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

export interface ShiftInstance {
  /** Index into calendar.shifts. */
  readonly shift: number;
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * The shift instances that overlap [fromMs, toMs), in start order. A shift belongs to the day it
 * starts on and runs only on working days (a Friday night shift runs into Saturday morning).
 */
export function shiftInstances(cal: ShiftCalendar, fromMs: number, toMs: number): ShiftInstance[] {
  const out: ShiftInstance[] = [];
  const firstDay = Math.floor(fromMs / MS_PER_DAY) - 1;
  const lastDay = Math.floor(toMs / MS_PER_DAY);
  for (let d = firstDay; d <= lastDay; d++) {
    const day = d * MS_PER_DAY;
    if (!cal.workingDays.includes(isoWeekday(day))) continue;
    cal.shifts.forEach((s, i) => {
      const startMs = day + s.startMin * MS_PER_MIN;
      const endMs = startMs + s.durationMin * MS_PER_MIN;
      if (endMs > fromMs && startMs < toMs) out.push({ shift: i, startMs, endMs });
    });
  }
  return out.sort((a, b) => a.startMs - b.startMs || a.shift - b.shift);
}

/** ISO 8601 text of a UTC instant (formatting only; no wall clock is read). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
