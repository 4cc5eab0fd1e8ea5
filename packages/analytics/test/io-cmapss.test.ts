import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AetherError } from '@aethercore/core';
import { parseFleetHistory, parseRulTruth } from '../src/io/cmapss.ts';

const FIX = path.resolve(import.meta.dirname, '..', '..', '..', 'fixtures', 'cmapss');
const read = (f: string): string => readFileSync(path.join(FIX, f), 'utf8');

function thrown(f: () => unknown): AetherError {
  try {
    f();
  } catch (e) {
    if (e instanceof AetherError) return e;
    throw e;
  }
  throw new Error('expected an AetherError');
}

describe('parseFleetHistory', () => {
  it('reads the C-MAPSS text layout into per-unit histories', () => {
    const fleet = parseFleetHistory(read('train_FD001.txt'), { source: 'train_FD001.txt' });
    expect(fleet.settingNames).toEqual(['setting1', 'setting2', 'setting3']);
    expect(fleet.sensorNames).toHaveLength(21);
    expect(fleet.units.map((u) => u.unit)).toEqual(['24', '39', '57', '70', '91']);
    const u39 = fleet.units[1]!;
    expect(u39.cycles.length).toBe(128);
    expect(u39.cycles[0]).toBe(1);
    expect(u39.cycles[127]).toBe(128);
    expect(u39.sensors[0]![0]).toBe(518.67);
  });

  it('reads the CSV layout with text unit ids, any separator, and orders cycles', () => {
    const csv =
      'unit;cycle;setting_alt;op_setting_mach;T24;P30\nP-1;2;0;0.1;641.8;554.1\nP-1;1;0;0.1;641.2;554.4\nP-2;1;10;0.2;642.0;553.9\n';
    const fleet = parseFleetHistory(csv);
    expect(fleet.settingNames).toEqual(['setting_alt', 'op_setting_mach']);
    expect(fleet.sensorNames).toEqual(['T24', 'P30']);
    expect(fleet.units.map((u) => u.unit)).toEqual(['P-1', 'P-2']);
    expect(Array.from(fleet.units[0]!.cycles)).toEqual([1, 2]);
    expect(Array.from(fleet.units[0]!.sensors[0]!)).toEqual([641.2, 641.8]);
    const explicit = parseFleetHistory('unit,cycle,alt,T24\n1,1,0,5\n', { settingColumns: ['alt'] });
    expect(explicit.settingNames).toEqual(['alt']);
  });

  it('names row and column for bad input', () => {
    const ok = read('test_FD001.txt').split('\n').slice(0, 3);
    const nan = [...ok.slice(0, 2), ok[2]!.replace(' 518.67 ', ' NaN ')].join('\n');
    const e1 = thrown(() => parseFleetHistory(nan, { source: 'f.txt' }));
    expect(e1.code).toBe('csv.value-not-numeric');
    expect(e1.message).toContain('line 3, column 6 (s1)');
    const short = [...ok.slice(0, 2), ok[2]!.split(' ').slice(0, 25).join(' ')].join('\n');
    const e2 = thrown(() => parseFleetHistory(short, { source: 'f.txt' }));
    expect(e2.code).toBe('csv.column-count');
    expect(e2.path).toBe('f.txt:3');
    expect(thrown(() => parseFleetHistory('1 2 3\n', { source: 'f.txt' })).code).toBe('fleet.layout-unknown');
    expect(thrown(() => parseFleetHistory('')).code).toBe('csv.empty');
    expect(thrown(() => parseFleetHistory('unit,cycle,s1\n1,1,x\n')).message).toContain(
      'line 2, column 3 (s1)',
    );
    expect(thrown(() => parseFleetHistory('cycle,unit,s1\n1,1,2\n')).code).toBe('fleet.header-invalid');
    expect(thrown(() => parseFleetHistory('unit,cycle,setting1\n1,1,2\n')).code).toBe(
      'fleet.sensors-missing',
    );
    const dup = thrown(() => parseFleetHistory('unit,cycle,s1\n1,1,2\n1,1,3\n'));
    expect(dup.code).toBe('fleet.cycle-duplicate');
    expect(dup.path).toBe('input:3:2');
  });

  it('reads RUL truth files', () => {
    expect(Array.from(parseRulTruth(read('RUL_FD001.txt')))).toEqual([112, 142, 118]);
    expect(thrown(() => parseRulTruth('1 2\n3 4\n')).code).toBe('fleet.truth-invalid');
  });

  it('a malformed number on the first data line is a data error on line 1, not a header (regression: CI fuzz)', () => {
    const lines = read('test_FD001.txt').split('\n');
    const fields = lines[0]!.split(' ');
    fields[1] = '1,5';
    lines[0] = fields.join(' ');
    const err = thrown(() => parseFleetHistory(lines.join('\n'), { source: 'f.txt' }));
    expect(err.path).toMatch(/^f\.txt:1(:|$)/);
  });

  it('fuzz: a corrupted token anywhere gives a coded error naming its line, never a crash', () => {
    const lines = read('test_FD001.txt')
      .split('\n')
      .filter((l) => l !== '');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: lines.length - 1 }),
        fc.integer({ min: 0, max: 25 }),
        fc.constantFrom('NaN', 'abc', '', '1,5', '--3', 'Infinity', '0x10', '1e'),
        (li, col, junk) => {
          const copy = [...lines];
          const fields = copy[li]!.split(' ');
          fields[col] = junk;
          copy[li] = fields.join(' ');
          try {
            parseFleetHistory(copy.join('\n'), { source: 'f.txt' });
          } catch (e) {
            expect(e).toBeInstanceOf(AetherError);
            const err = e as AetherError;
            // A removed field on line 1 changes the layout, anything else points at the line.
            if (err.code !== 'fleet.layout-unknown')
              expect(err.path).toMatch(new RegExp(`^f\\.txt:${li + 1}(:|$)`));
            return;
          }
          throw new Error(`accepted corrupted input: line ${li + 1} field ${col + 1} = '${junk}'`);
        },
      ),
      { numRuns: 200 },
    );
  });
});
