import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assertValidReadings, describeValue, isAetherError } from '../src/index.ts';

describe('describeValue', () => {
  it('describes values whose toString throws or is not callable', () => {
    expect(describeValue({ toString: {} })).toBe('{"toString":{}}');
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(describeValue(cyclic)).toBe('[object Object]');
    expect(describeValue(Object.create(null))).toBe('{}');
    expect(describeValue(12n)).toBe('12n');
    expect(describeValue(Symbol('x'))).toBe('symbol');
    expect(describeValue('a'.repeat(100))).toHaveLength(60);
  });

  it('never throws, whatever the value (property)', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withMap: true, withSet: true, withNullPrototype: true }),
        (v) => typeof describeValue(v) === 'string',
      ),
    );
  });

  it('lets the telemetry validator reject a hostile value with its code (regression: CI fuzz found a TypeError)', () => {
    let code: string | undefined;
    try {
      assertValidReadings([
        { seriesId: 'a', value: { toString: {} } as unknown as number, quality: 'good', sourceTime: 0 },
      ]);
    } catch (e) {
      code = isAetherError(e) ? e.code : String(e);
    }
    expect(code).toBe('telemetry.reading-invalid');
  });
});
