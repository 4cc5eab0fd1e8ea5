import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAetherError } from '@aethercore/core';
import { parseJobShop } from '../src/index.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/jssp');
const SHARED = path.resolve(import.meta.dirname, '../../../../shared/bench-data/jssp/instances');

/** Run `f`, expect a planning.instance-malformed error, return it. */
function malformed(f: () => unknown): {
  message: string;
  path: string | undefined;
  hint: string | undefined;
} {
  try {
    f();
  } catch (e) {
    if (!isAetherError(e)) throw e;
    expect(e.code).toBe('planning.instance-malformed');
    return { message: e.message, path: e.path, hint: e.hint };
  }
  throw new Error('expected a planning.instance-malformed error');
}

describe('parseJobShop', () => {
  it('reads ft06 (6 jobs × 6 machines, 0-based)', () => {
    const i = parseJobShop(readFileSync(path.join(FIXTURES, 'ft06.txt'), 'utf8'), 'ft06');
    expect(i.name).toBe('ft06');
    expect(i.jobs).toBe(6);
    expect(i.machines).toBe(6);
    expect(i.ops).toHaveLength(6);
    expect(i.ops[0]).toEqual([
      { machine: 2, duration: 1 },
      { machine: 0, duration: 3 },
      { machine: 1, duration: 6 },
      { machine: 3, duration: 7 },
      { machine: 5, duration: 3 },
      { machine: 4, duration: 6 },
    ]);
    expect(i.ops[5]?.[5]).toEqual({ machine: 2, duration: 1 });
  });

  it('accepts recirculation (a job visiting a machine twice)', () => {
    expect(parseJobShop('1 2\n0 3 1 1 0 2\n', 'r').ops[0]).toHaveLength(3);
  });

  it('tolerates comments, blank lines, tabs and CRLF', () => {
    const text = '# a comment\r\n\r\n2\t2\r\n// job 0\r\n0 3 1 2\r\n\r\n1 4   0 1\r\n; end\r\n';
    expect(parseJobShop(text, 'tiny')).toEqual({
      name: 'tiny',
      jobs: 2,
      machines: 2,
      ops: [
        [
          { machine: 0, duration: 3 },
          { machine: 1, duration: 2 },
        ],
        [
          { machine: 1, duration: 4 },
          { machine: 0, duration: 1 },
        ],
      ],
    });
  });

  it('names the line of an odd number of values', () => {
    const e = malformed(() => parseJobShop('2 2\n0 3 1 2\n1 4 0\n', 'bad'));
    expect(e.path).toBe('line 3');
    expect(e.message).toMatch(/line 3: .*pairs for job 1/);
    expect(e.hint).toMatch(/machine duration/);
  });

  it('rejects a machine out of range, with the range', () => {
    const e = malformed(() => parseJobShop('1 2\n0 3 2 2\n', 'bad'));
    expect(e.path).toBe('line 2');
    expect(e.message).toMatch(/machine number \(0\.\.1\).*found 2/);
  });

  it('rejects a missing job line at the line after the end', () => {
    const e = malformed(() => parseJobShop('3 2\n0 3 1 2\n1 4 0 1\n', 'bad'));
    expect(e.path).toBe('line 4');
    expect(e.message).toMatch(/job 2 .*end of file/);
  });

  it('rejects trailing data, non-numbers, negatives, fractions, bad headers and empty files', () => {
    expect(malformed(() => parseJobShop('1 2\n0 3 1 2\n0 1 1 1\n', 'x')).path).toBe('line 3');
    expect(malformed(() => parseJobShop('1 2\n0 3 1 x2\n', 'x')).message).toMatch(
      /line 2: expected a number as token 4, found 'x2'/,
    );
    expect(malformed(() => parseJobShop('1 2\n0 -3 1 2\n', 'x')).message).toMatch(/duration/);
    expect(malformed(() => parseJobShop('1 2\n0 3.5 1 2\n', 'x')).message).toMatch(/duration .*3\.5/);
    expect(malformed(() => parseJobShop('1 2 3\n0 3 1 2\n', 'x')).path).toBe('line 1');
    expect(malformed(() => parseJobShop('0 2\n', 'x')).message).toMatch(/number of jobs/);
    expect(malformed(() => parseJobShop('\n\n', 'x')).message).toMatch(/empty file/);
  });

  describe.skipIf(!existsSync(SHARED))('every instance of the shared JSPLib data', () => {
    it('parses, with a line of operations per job', () => {
      let count = 0;
      for (const family of readdirSync(SHARED)) {
        for (const f of readdirSync(path.join(SHARED, family))) {
          const i = parseJobShop(readFileSync(path.join(SHARED, family, f), 'utf8'), f);
          expect(i.ops).toHaveLength(i.jobs);
          for (const ops of i.ops) expect(ops.length).toBeGreaterThan(0);
          if (family !== 'BoverouxErnstLouveaux2025')
            for (const ops of i.ops) expect(ops).toHaveLength(i.machines);
          count++;
        }
      }
      expect(count).toBeGreaterThanOrEqual(160);
    });
  });
});
