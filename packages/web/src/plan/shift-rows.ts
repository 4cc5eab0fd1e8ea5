import type { StrategosPlanResponse } from '@aethercore/server';

export type Coverage = NonNullable<NonNullable<StrategosPlanResponse['lastReplan']>['shifts']>;

/** One row of the "who works when" table: a piece someone holds, or hours nobody can. */
export interface ShiftRow {
  readonly key: string;
  /** The shift's name ("Nachtschicht"), or its id when the shift is not listed. */
  readonly shift: string;
  /** Plant clock (UTC) "22:36", or '' when the shift is not listed. */
  readonly from: string;
  readonly to: string;
  readonly station: string;
  readonly qualification: string;
  /** Who holds the hours; undefined for open hours. */
  readonly worker?: string;
  /** Whom they stand in for, when someone held the piece in the standing roster. */
  readonly instead?: string;
  /** 'regular' | 'extension' | 'call-in' for a held piece, 'empty' for open hours. */
  readonly how: 'regular' | 'extension' | 'call-in' | 'empty';
  /** Overtime hours of the piece when it is overtime; undefined when not (or open). */
  readonly overtimeHours?: number;
  readonly open: boolean;
}

/** "22:36" in UTC, the plant clock of the dashboard. */
export const hm = (locale: string, ms: number): string =>
  new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(ms);

/** The rows of the "who works when" table: the changed pieces in the plan's order, then the open hours. */
export function shiftRows(c: Coverage, locale: string): ShiftRow[] {
  const clock = (shift: string) => {
    const s = c.shifts.find((i) => i.id === shift);
    return {
      name: s?.name ?? shift,
      at: (min: number): string => (s === undefined ? '' : hm(locale, s.start + min * 60_000)),
    };
  };
  const held = c.changes.map((x): ShiftRow => {
    const k = clock(x.shift);
    return {
      key: `${x.shift}/${x.station}/${x.fromMin}`,
      shift: k.name,
      from: k.at(x.fromMin),
      to: k.at(x.toMin),
      station: x.station,
      qualification: x.qualification,
      worker: x.to,
      ...(x.from === undefined ? {} : { instead: x.from }),
      how: x.kind,
      ...(x.overtime ? { overtimeHours: x.overtimeHours } : {}),
      open: false,
    };
  });
  const open = c.uncovered.map((u): ShiftRow => {
    const k = clock(u.shift);
    return {
      key: `open/${u.shift}/${u.station}/${u.fromMin}`,
      shift: k.name,
      from: k.at(u.fromMin),
      to: k.at(u.toMin),
      station: u.station,
      qualification: u.qualification,
      how: 'empty',
      open: true,
    };
  });
  return [...held, ...open];
}
