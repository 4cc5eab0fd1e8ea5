// The plan panel's "who works when" rows (shift-rows.ts): the seed day's night after Lotte's sick
// note (Birte called in 22:36–01:41 for ST09), a crew swap without overtime, and hours nobody holds.
import { describe, expect, it } from 'vitest';
import { shiftRows, type Coverage } from '../src/plan/shift-rows.ts';

const at = (hh: number, mm = 0): number => Date.UTC(2026, 2, 10, hh, mm);

const coverage: Coverage = {
  time: at(10, 5),
  reason: 'absence',
  absent: ['W038'],
  outcome: 'uncoverable',
  overtimeHours: 4,
  workedOvertimeHours: 3.083333,
  callInTopUpHours: 0.916667,
  uncoveredHours: 2,
  exact: true,
  uncoveredExact: true,
  overtimeExact: true,
  valid: true,
  shifts: [
    {
      id: 'late@2026-03-10',
      shift: 'late',
      name: 'Spätschicht',
      start: at(14),
      end: at(22),
      positions: 13,
      regular: 13,
      overtime: 0,
      uncovered: 0,
      neededHours: 104,
      overtimeHours: 0,
    },
    {
      id: 'night@2026-03-10',
      shift: 'night',
      name: 'Nachtschicht',
      start: at(22),
      end: at(30),
      positions: 2,
      regular: 0,
      overtime: 1,
      uncovered: 1,
      neededHours: 5.08,
      overtimeHours: 3.08,
    },
  ],
  changes: [
    {
      shift: 'late@2026-03-10',
      station: 'ST03',
      qualification: 'smt',
      from: 'W020',
      to: 'W021',
      overtime: false,
      fromMin: 0,
      toMin: 480,
      hours: 8,
      overtimeHours: 0,
      kind: 'regular',
    },
    {
      shift: 'night@2026-03-10',
      station: 'ST09',
      qualification: 'soldering',
      from: 'W038',
      to: 'W028',
      overtime: true,
      fromMin: 36,
      toMin: 221,
      hours: 3.083333,
      overtimeHours: 3.083333,
      kind: 'call-in',
    },
  ],
  uncovered: [
    {
      shift: 'night@2026-03-10',
      station: 'ST07',
      qualification: 'press',
      fromMin: 240,
      toMin: 360,
      hours: 2,
    },
  ],
};

describe('shiftRows', () => {
  it('names who works which hours where, how, and the overtime; then the open hours', () => {
    const rows = shiftRows(coverage, 'de-DE');
    expect(rows).toEqual([
      {
        key: 'late@2026-03-10/ST03/0',
        shift: 'Spätschicht',
        from: '14:00',
        to: '22:00',
        station: 'ST03',
        qualification: 'smt',
        worker: 'W021',
        instead: 'W020',
        how: 'regular',
        open: false,
      },
      {
        key: 'night@2026-03-10/ST09/36',
        shift: 'Nachtschicht',
        from: '22:36',
        to: '01:41',
        station: 'ST09',
        qualification: 'soldering',
        worker: 'W028',
        instead: 'W038',
        how: 'call-in',
        overtimeHours: 3.083333,
        open: false,
      },
      {
        key: 'open/night@2026-03-10/ST07/240',
        shift: 'Nachtschicht',
        from: '02:00',
        to: '04:00',
        station: 'ST07',
        qualification: 'press',
        how: 'empty',
        open: true,
      },
    ]);
  });

  it('uses the plant clock (UTC) in either language, and the shift id when the shift is not listed', () => {
    const en = shiftRows(coverage, 'en-GB');
    expect(en.map((r) => `${r.from}–${r.to}`)).toEqual(['14:00–22:00', '22:36–01:41', '02:00–04:00']);
    const orphan = shiftRows({ ...coverage, shifts: [] }, 'de-DE');
    expect(orphan[1]).toMatchObject({ shift: 'night@2026-03-10', from: '', to: '', worker: 'W028' });
    expect(shiftRows({ ...coverage, changes: [], uncovered: [] }, 'de-DE')).toEqual([]);
  });
});
