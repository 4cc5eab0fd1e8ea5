import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCycle, parseQuantity, topologicalOrder } from '../src/index.ts';

describe('parseQuantity', () => {
  it('converts time, power and energy units to the field unit', () => {
    expect(parseQuantity('1.5 min', 'time-s')).toEqual({ ok: true, value: 90 });
    expect(parseQuantity('90 s', 'time-min')).toEqual({ ok: true, value: 1.5 });
    expect(parseQuantity('2200 W', 'power-kW')).toEqual({ ok: true, value: 2.2 });
    expect(parseQuantity('18 h', 'time-h')).toEqual({ ok: true, value: 18 });
    expect(parseQuantity('50 µm', 'length-mm')).toEqual({ ok: true, value: 0.05 });
    expect(parseQuantity(42, 'power-kW')).toEqual({ ok: true, value: 42 });
    expect(parseQuantity('42', 'power-kW')).toEqual({ ok: true, value: 42 });
  });

  it('rejects unknown units, wrong dimensions and junk', () => {
    expect(parseQuantity('3 furlongs', 'length-mm').ok).toBe(false);
    expect(parseQuantity('3 kW', 'time-s').ok).toBe(false);
    expect(parseQuantity('fast', 'time-s').ok).toBe(false);
    expect(parseQuantity(Number.NaN, 'time-s').ok).toBe(false);
  });

  it('round-trips any number written in seconds as minutes', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), (x) => {
        const r = parseQuantity(`${x} s`, 'time-min');
        expect(r.ok && Math.abs(r.value * 60 - x) <= 1e-9 * Math.max(1, x)).toBe(true);
      }),
    );
  });
});

describe('routing graph', () => {
  it('finds no cycle in a DAG with a join and orders predecessors first', () => {
    const steps = [
      { id: 'a', after: [] },
      { id: 'b', after: ['a'] },
      { id: 'c', after: ['a'] },
      { id: 'd', after: ['b', 'c'] },
    ];
    expect(findCycle(steps)).toBeUndefined();
    const order = topologicalOrder(steps);
    expect(order.indexOf('a')).toBeLessThan(order.indexOf('b'));
    expect(order.indexOf('c')).toBeLessThan(order.indexOf('d'));
  });

  it('names a cycle', () => {
    expect(
      findCycle([
        { id: 'a', after: ['c'] },
        { id: 'b', after: ['a'] },
        { id: 'c', after: ['b'] },
      ]),
    ).toEqual(['a', 'b', 'c', 'a']);
  });
});
