import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AetherError, parsePlantYaml, validatePlant } from '../src/index.ts';
import { MINI_PLANT } from './plant-fixture.ts';

const errorsOf = (text: string): AetherError[] => {
  const r = validatePlant(text);
  if (r.ok) throw new Error('expected the plant to be invalid');
  return r.error;
};
const one = (text: string, code: string): AetherError => {
  const e = errorsOf(text).find((x) => x.code === code);
  if (e === undefined)
    throw new Error(
      `no ${code} in ${errorsOf(text)
        .map((x) => x.code)
        .join(', ')}`,
    );
  return e;
};

describe('parsePlantYaml', () => {
  it('reads the minimal plant and converts units to the field unit', () => {
    const p = parsePlantYaml(MINI_PLANT);
    expect(p.stations.map((s) => s.id)).toEqual(['ST1', 'ST2', 'ST3']);
    expect(p.stations[1]?.cycleTimeS).toBeCloseTo(54);
    expect(p.stations[1]?.energy.idleKW).toBeCloseTo(0.8);
    expect(p.stations[2]?.cycleTimeS).toBe(45);
    expect(p.shiftCalendar.shifts[2]).toEqual({
      id: 'night',
      name: 'Night',
      startMin: 22 * 60,
      durationMin: 8 * 60,
    });
    expect(p.orders[0]?.dueInH).toBe(8);
    expect(p.namespaceUri).toBe('urn:aethercore:mini');
  });

  it('validates plants/werkhalle4.yaml: 20 stations, robot R7, one heat-driven station, EOL test, 3 variants', () => {
    const text = readFileSync(path.resolve(import.meta.dirname, '../../../plants/werkhalle4.yaml'), 'utf8');
    const r = validatePlant(text);
    expect(r.ok ? [] : r.error.map((e) => `${e.code} ${e.path ?? ''}`)).toEqual([]);
    const p = parsePlantYaml(text);
    expect(p.stations).toHaveLength(20);
    expect(p.stations.some((s) => s.equipment.some((e) => e.id === 'R7') && s.failure !== undefined)).toBe(
      true,
    );
    expect(p.stations.filter((s) => s.thermal !== undefined)).toHaveLength(1);
    expect(p.stations.some((s) => s.test !== undefined)).toBe(true);
    expect(p.products[0]?.variants).toHaveLength(3);
    expect(p.suppliers).toHaveLength(2);
    expect(p.shiftCalendar.shifts).toHaveLength(3);
    for (const s of p.stations) expect(s.cycleTimeS).toBeGreaterThanOrEqual(30);
    expect(p.stations.find((s) => s.id === 'ST05')?.minorStops).toEqual({ perHour: 1.5, meanS: 45 });
  });

  it('throws the first error as an AetherError', () => {
    expect(() => parsePlantYaml(MINI_PLANT.replace('station: ST2, after', 'station: ST9, after'))).toThrow(
      AetherError,
    );
  });
});

describe('validatePlant errors', () => {
  it('plant.station-unknown with the path of the routing step', () => {
    const e = one(
      MINI_PLANT.replace('{ id: s3, station: ST3', '{ id: s3, station: ST99'),
      'plant.station-unknown',
    );
    expect(e.path).toBe('routings[0].steps[2].station');
    expect(e.message).toContain('ST99');
    expect(e.hint).toContain('ST1');
  });

  it('plant.routing-cycle names the cycle', () => {
    const e = one(
      MINI_PLANT.replace('{ id: s1, station: ST1 }', '{ id: s1, station: ST1, after: [s3] }'),
      'plant.routing-cycle',
    );
    expect(e.path).toBe('routings[0].steps');
    expect(e.message).toMatch(/s1 → s2 → s3 → s1|s3 → s1 → s2 → s3|s2 → s3 → s1 → s2/);
    expect(e.hint).toMatch(/acyclic/);
  });

  it('plant.duration-negative', () => {
    const e = one(MINI_PLANT.replace('cycleTimeS: 40', 'cycleTimeS: -40'), 'plant.duration-negative');
    expect(e.path).toBe('stations[0].cycleTimeS');
    expect(e.hint).toBeDefined();
  });

  it('plant.shifts-missing', () => {
    const text = MINI_PLANT.replace(/shiftCalendar:[\s\S]*?workers:/, 'workers:');
    const e = one(text, 'plant.shifts-missing');
    expect(e.path).toBe('shiftCalendar');
    expect(e.hint).toContain('shifts');
  });

  it('plant.unit-unknown for an unknown unit and for a unit of the wrong dimension', () => {
    const e = one(MINI_PLANT.replace('cycleTimeS: 40', 'cycleTimeS: "40 parsecs"'), 'plant.unit-unknown');
    expect(e.path).toBe('stations[0].cycleTimeS');
    expect(e.message).toContain('parsecs');
    expect(e.hint).toContain('min');
    const w = one(MINI_PLANT.replace('producingKW: 4', 'producingKW: "4 kWh"'), 'plant.unit-unknown');
    expect(w.path).toBe('stations[1].energy.producingKW');
    expect(w.message).toMatch(/energy/);
  });

  it('plant.yaml-syntax with line and column', () => {
    const e = one(MINI_PLANT.replace('name: Mini line', 'name: [Mini line'), 'plant.yaml-syntax');
    expect(e.message).toMatch(/line \d+, column \d+/);
    expect(e.details?.line).toBeTypeOf('number');
    expect(e.hint).toBeDefined();
  });

  it('schema errors carry the field path and its line', () => {
    const e = one(MINI_PLANT.replace('kind: pressing', 'kind: hammering'), 'plant.schema');
    expect(e.path).toBe('stations[1].kind');
    expect(e.details?.line).toBe(18);
  });

  it('collects several errors in one pass', () => {
    const text = MINI_PLANT.replace('cycleTimeS: 40', 'cycleTimeS: -40')
      .replace('{ id: s3, station: ST3', '{ id: s3, station: ST99')
      .replace('material: M1, quantity: 1', 'material: M7, quantity: 1');
    const codes = errorsOf(text).map((e) => e.code);
    expect(codes).toEqual(
      expect.arrayContaining(['plant.duration-negative', 'plant.station-unknown', 'plant.material-unknown']),
    );
  });

  it('rejects a routing step upstream of its predecessor and a buffer between non-neighbours', () => {
    expect(
      one(
        MINI_PLANT.replace('{ id: s1, station: ST1 }', '{ id: s1, station: ST3 }').replace(
          '{ id: s3, station: ST3',
          '{ id: s3, station: ST1',
        ),
        'plant.routing-order',
      ).path,
    ).toMatch(/^routings\[0\]\.steps\[\d\]\.after$/);
    expect(
      one(MINI_PLANT.replace('to: ST2, capacity', 'to: ST3, capacity'), 'plant.buffer-topology').path,
    ).toBe('buffers[0]');
  });
});

describe('validatePlant on arbitrary input', () => {
  it('never throws: any text gives a plant or coded errors', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.constantFrom('', '[]', '- a\n- b', 'null', '42', 'stations: 3', MINI_PLANT.slice(0, 400)),
        ),
        (text) => {
          const r = validatePlant(text);
          if (!r.ok) {
            expect(r.error.length).toBeGreaterThan(0);
            for (const e of r.error) expect(e.code).toMatch(/^plant\./);
          }
        },
      ),
    );
  });

  it('an unresolved alias is a coded YAML error, not a crash (fast-check counterexample [0, "*!"])', () => {
    const r = validatePlant('schemaVersion: *!\nid: x\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error[0]?.code).toBe('plant.yaml-syntax');
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ].join('\n');
    const b = validatePlant(bomb);
    expect(b.ok).toBe(false);
  });

  it('mutating any one line of a valid plant never crashes the validator', () => {
    const lines = MINI_PLANT.split('\n');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: lines.length - 1 }), fc.string({ maxLength: 20 }), (i, junk) => {
        const text = lines.map((l, k) => (k === i ? l.replace(/:\s.*$/, `: ${junk}`) : l)).join('\n');
        expect(() => validatePlant(text)).not.toThrow();
      }),
    );
  });
});
