import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AetherError } from '@aethercore/core';
import { numericColumn, parseCsv, textColumn } from '../src/io/csv.ts';

function thrown(f: () => unknown): AetherError {
  try {
    f();
  } catch (e) {
    if (e instanceof AetherError) return e;
    throw e;
  }
  throw new Error('expected an AetherError');
}

describe('parseCsv', () => {
  it('detects comma, semicolon, tab and whitespace separators', () => {
    expect(parseCsv('a,b\n1,2\n').separator).toBe(',');
    expect(parseCsv('a;b\n1;2\n').separator).toBe(';');
    expect(parseCsv('a\tb\n1\t2\n').separator).toBe('\t');
    const ws = parseCsv('1 1 -0.0007  518.67  \n1 2 0.0019 518.67\n');
    expect(ws.separator).toBe('whitespace');
    expect(ws.hasHeader).toBe(false);
    expect(ws.columns.map((c) => c.name)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(Array.from(numericColumn(ws, 'c3'))).toEqual([-0.0007, 0.0019]);
  });

  it('reads SKAB-style files with a text datetime column when asked to infer types', () => {
    const text = 'datetime;Current;Pressure\n2020-03-09 10:14:33;0.5;1.2e-1\n2020-03-09 10:14:34;0.6;0.13\n';
    const t = parseCsv(text, { columnTypes: 'infer' });
    expect(t.separator).toBe(';');
    expect(textColumn(t, 'datetime')).toEqual(['2020-03-09 10:14:33', '2020-03-09 10:14:34']);
    expect(Array.from(numericColumn(t, 'Pressure'))).toEqual([0.12, 0.13]);
    expect(thrown(() => numericColumn(t, 'datetime')).code).toBe('csv.column-not-numeric');
    expect(thrown(() => numericColumn(t, 'Flow')).code).toBe('csv.column-unknown');
  });

  it('handles quotes, CRLF, BOM, comments and decimal comma', () => {
    const t = parseCsv('\uFEFF"name";"v"\r\n# note\r\n"a;b";"1,5"\r\n', {
      columnTypes: { text: ['name'] },
      decimal: ',',
      comment: '#',
    });
    expect(textColumn(t, 'name')).toEqual(['a;b']);
    expect(Array.from(numericColumn(t, 'v'))).toEqual([1.5]);
    expect(Array.from(t.lines)).toEqual([3]);
  });

  it('names line and column for text in a numeric column', () => {
    const e = thrown(() => parseCsv('unit,cycle,s1\n1,1,5\n1,2,abc\n', { source: 'plant.csv' }));
    expect(e.code).toBe('csv.value-not-numeric');
    expect(e.path).toBe('plant.csv:3:3');
    expect(e.message).toContain('line 3, column 3 (s1)');
    expect(e.details).toMatchObject({ line: 3, column: 3, columnName: 's1' });
  });

  it('rejects NaN, Infinity, hex and empty cells', () => {
    for (const bad of ['NaN', 'Infinity', '0x1f', '1.2.3', '5 kg']) {
      expect(thrown(() => parseCsv(`a,b\n1,${bad}\n`)).code).toBe('csv.value-not-numeric');
    }
    expect(thrown(() => parseCsv('a,b\n1,\n')).code).toBe('csv.value-missing');
    expect(Number.isNaN(numericColumn(parseCsv('a,b\n1,\n', { allowMissing: true }), 'b')[0])).toBe(true);
  });

  it('reports wrong column counts with the line', () => {
    const e = thrown(() => parseCsv('1 2 3\n4 5 6\n7 8\n', { source: 'x.txt' }));
    expect(e.code).toBe('csv.column-count');
    expect(e.path).toBe('x.txt:3');
    expect(e.details).toMatchObject({ expected: 3, found: 2 });
  });

  it('rejects empty input, a header without rows, and duplicate header names', () => {
    expect(thrown(() => parseCsv('')).code).toBe('csv.empty');
    expect(thrown(() => parseCsv(' \n\n')).code).toBe('csv.empty');
    expect(thrown(() => parseCsv('a,b\n')).code).toBe('csv.empty');
    expect(thrown(() => parseCsv('a,a\n1,2\n')).code).toBe('csv.header-invalid');
    expect(thrown(() => parseCsv('a;"b\n1;2\n')).code).toBe('csv.quote-unclosed');
  });

  it('never throws anything but an AetherError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        try {
          parseCsv(s);
        } catch (e) {
          expect(e).toBeInstanceOf(AetherError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips numeric matrices', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), {
            minLength: 3,
            maxLength: 3,
          }),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        fc.constantFrom(',', ';', '\t', ' '),
        (rows, sep) => {
          const text = [
            'x' + sep + 'y' + sep + 'z',
            ...rows.map((r) => r.map((v) => String(v)).join(sep)),
          ].join('\n');
          const t = parseCsv(text);
          expect(t.rowCount).toBe(rows.length);
          expect(Array.from(numericColumn(t, 'y'))).toEqual(
            rows.map((r) => (Object.is(r[1], -0) ? 0 : r[1])),
          );
        },
      ),
    );
  });
});
