import { describe, expect, it } from 'vitest';
import { isAetherError } from '@aethercore/core';
import {
  assertValidProblem,
  fromFlexibleJobShop,
  fromJobShop,
  type SchedulingProblem,
} from '../src/index.ts';

describe('model converters', () => {
  it('turns a classic job shop into chains with one alternative each', () => {
    const p = fromJobShop({
      name: 't',
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
    expect(p.operations.map((o) => o.id)).toEqual(['0.0', '0.1', '1.0', '1.1']);
    expect(p.operations[1]!.predecessors).toEqual(['0.0']);
    expect(p.operations[2]!.alternatives).toEqual([{ machine: 1, duration: 4 }]);
    expect(p.machines).toHaveLength(2);
    assertValidProblem(p);
  });

  it('keeps every alternative of a flexible job shop', () => {
    const p = fromFlexibleJobShop({
      name: 'f',
      jobs: 1,
      machines: 3,
      ops: [
        [
          [
            { machine: 0, duration: 3 },
            { machine: 2, duration: 5 },
          ],
          [{ machine: 1, duration: 1 }],
        ],
      ],
    });
    expect(p.operations[0]!.alternatives).toHaveLength(2);
    expect(p.operations[1]!.predecessors).toEqual(['0.0']);
    assertValidProblem(p);
  });

  it('rejects cycles, unknown machines and bad times with coded errors', () => {
    const base: SchedulingProblem = {
      name: 'bad',
      jobs: [{ id: 0, weight: 1, release: 0 }],
      machines: [{ id: 0 }],
      operations: [
        { id: 'a', job: 0, index: 0, alternatives: [{ machine: 0, duration: 1 }], predecessors: ['b'] },
        { id: 'b', job: 0, index: 1, alternatives: [{ machine: 0, duration: 1 }], predecessors: ['a'] },
      ],
    };
    const code = (p: SchedulingProblem): string | undefined => {
      try {
        assertValidProblem(p);
        return undefined;
      } catch (e) {
        return isAetherError(e) ? `${e.code}@${e.path}` : 'crash';
      }
    };
    expect(code(base)).toBe('planning.problem-invalid@operations');
    const o0 = base.operations[0]!;
    expect(
      code({
        ...base,
        operations: [{ ...o0, predecessors: [], alternatives: [{ machine: 3, duration: 1 }] }],
      }),
    ).toBe('planning.problem-invalid@operations[0].alternatives[0].machine');
    expect(
      code({
        ...base,
        operations: [{ ...o0, predecessors: [], alternatives: [{ machine: 0, duration: 1.5 }] }],
      }),
    ).toBe('planning.problem-invalid@operations[0].alternatives[0].duration');
    expect(code({ ...base, operations: [{ ...o0, predecessors: [] }] })).toBeUndefined();
  });
});
