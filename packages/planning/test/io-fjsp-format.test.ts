import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAetherError } from '@aethercore/core';
import { parseFlexibleJobShop } from '../src/index.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/jssp/fjsp');
const SHARED = path.resolve(import.meta.dirname, '../../../../shared/bench-data/fjsp/instances');

function malformedAt(f: () => unknown): { message: string; path: string | undefined } {
  try {
    f();
  } catch (e) {
    if (!isAetherError(e)) throw e;
    expect(e.code).toBe('planning.instance-malformed');
    return { message: e.message, path: e.path };
  }
  throw new Error('expected a planning.instance-malformed error');
}

describe('parseFlexibleJobShop', () => {
  it('reads Brandimarte mk01 and converts machines to 0-based', () => {
    const i = parseFlexibleJobShop(readFileSync(path.join(FIXTURES, 'mk01.txt'), 'utf8'), 'mk01');
    expect(i.jobs).toBe(10);
    expect(i.machines).toBe(6);
    expect(i.ops).toHaveLength(10);
    // Job 1: "6  2 1 5 3 4  3 5 3 3 5 2 1 …" → 6 operations; the first has (m1, 5) and (m3, 4).
    expect(i.ops[0]).toHaveLength(6);
    expect(i.ops[0]?.[0]).toEqual([
      { machine: 0, duration: 5 },
      { machine: 2, duration: 4 },
    ]);
    expect(i.ops[0]?.[1]).toEqual([
      { machine: 4, duration: 3 },
      { machine: 2, duration: 5 },
      { machine: 1, duration: 1 },
    ]);
    for (const job of i.ops) for (const op of job) for (const a of op) expect(a.machine).toBeLessThan(6);
  });

  it('accepts a header without the average flexibility', () => {
    const i = parseFlexibleJobShop('1 2\n2 1 1 3 2 1 4 2 5\n', 'tiny');
    expect(i.ops).toEqual([
      [
        [{ machine: 0, duration: 3 }],
        [
          { machine: 0, duration: 4 },
          { machine: 1, duration: 5 },
        ],
      ],
    ]);
  });

  it('names the line and what was expected', () => {
    expect(malformedAt(() => parseFlexibleJobShop('1 2 1\n1 1 0 3\n', 'x'))).toMatchObject({
      path: 'line 2',
    });
    expect(malformedAt(() => parseFlexibleJobShop('1 2 1\n1 1 0 3\n', 'x')).message).toMatch(
      /1-based machine number \(1\.\.2\)/,
    );
    expect(malformedAt(() => parseFlexibleJobShop('1 2 1\n2 1 1 3\n', 'x')).message).toMatch(
      /line 2: .*alternatives of operation 2.*end of line/,
    );
    expect(malformedAt(() => parseFlexibleJobShop('1 2 1\n1 1 1 3 7\n', 'x')).message).toMatch(
      /expected 4 numbers .*found 5/,
    );
    expect(malformedAt(() => parseFlexibleJobShop('1 2 1\n1 0\n', 'x')).message).toMatch(/alternatives/);
    expect(malformedAt(() => parseFlexibleJobShop('2 2 1\n1 1 1 3\n', 'x'))).toMatchObject({
      path: 'line 3',
    });
    expect(malformedAt(() => parseFlexibleJobShop('1 2 1\n1 2 1 3 1 4\n', 'x')).message).toMatch(
      /machine 1 twice/,
    );
    expect(malformedAt(() => parseFlexibleJobShop('', 'x')).message).toMatch(/empty file/);
  });

  describe.skipIf(!existsSync(SHARED))('every instance of the shared FJSP data', () => {
    it('parses', () => {
      let count = 0;
      const files = readdirSync(SHARED, { recursive: true, encoding: 'utf8' }).filter((f) =>
        f.endsWith('.txt'),
      );
      for (const f of files) {
        const i = parseFlexibleJobShop(readFileSync(path.join(SHARED, f), 'utf8'), f);
        expect(i.ops).toHaveLength(i.jobs);
        count++;
      }
      expect(count).toBeGreaterThanOrEqual(300);
    });
  });
});
