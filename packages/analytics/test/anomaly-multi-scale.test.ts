import { AetherError, createRandom } from '@aethercore/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createMultiScaleDetector,
  createStreamingDetector,
  defaultFitOptions,
  fitMultiScaleModel,
  parseAnomalyModel,
  parseMultiScaleModel,
} from '../src/index.ts';

const COLUMNS = ['flow', 'pressure', 'current'];

/** Two correlated sensors and one independent one; `pressure` shifts by +5σ from row 500 to 650. */
function rows(seed: number, n = 800): number[][] {
  const rnd = createRandom(seed);
  let f = 0;
  const out: number[][] = [];
  for (let t = 0; t < n; t++) {
    f = 0.9 * f + 0.4 * rnd.normal();
    const shift = t >= 500 && t < 650 ? 0.5 : 0;
    out.push([
      10 + f + 0.1 * rnd.normal(),
      2 + 0.1 * f + 0.02 * rnd.normal() + shift,
      5 + 0.1 * rnd.normal(),
    ]);
  }
  return out;
}

const OPTIONS = { ...defaultFitOptions('t2'), features: { window: 10, kinds: ['mean', 'std'] as const } };

describe('multi-scale anomaly model (one member per window, scores averaged)', () => {
  const data = rows(3);
  const model = fitMultiScaleModel(COLUMNS, data.slice(0, 300), OPTIONS, [10, 30]);

  it('averages the members’ calibrated scores and alarms on the mean', () => {
    expect(model.members.map((m) => m.features.window)).toEqual([10, 30]);
    const det = createMultiScaleDetector(model);
    const members = model.members.map(createStreamingDetector);
    for (const r of data) {
      const v = det.update(r);
      const mean = members.reduce((s, m) => s + m.update(r).score, 0) / members.length;
      expect(v.score).toBeCloseTo(mean, 12);
      if (!v.ready) expect(v.label).toBe(0);
    }
  });

  it('finds the shift with few false alarms and names pressure as its cause', () => {
    const det = createMultiScaleDetector(model);
    const v = data.map((r, i) => {
      const out = det.update(r);
      if (i === 600) expect(det.explain()[0]?.column).toBe('pressure');
      return out;
    });
    const inside = v.slice(540, 650).filter((x) => x.label === 1).length / 110;
    const outside = v.slice(330, 500).filter((x) => x.label === 1).length / 170;
    expect(inside).toBeGreaterThan(0.9);
    expect(outside).toBeLessThan(0.05);
  });

  it('survives a JSON round trip, and reset() replays identically', () => {
    const copy = parseMultiScaleModel(JSON.parse(JSON.stringify(model)));
    const a = createMultiScaleDetector(model);
    const b = createMultiScaleDetector(copy);
    const first = data.map((r) => a.update(r));
    expect(data.map((r) => b.update(r))).toEqual(first);
    a.reset();
    expect(data.map((r) => a.update(r))).toEqual(first);
  });

  it('rejects one window, and bad JSON with a coded error naming the field', () => {
    expect(() => fitMultiScaleModel(COLUMNS, data.slice(0, 300), OPTIONS, [20, 20])).toThrow(AetherError);
    const bad = (v: unknown, path: string): void => {
      try {
        parseMultiScaleModel(v);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(AetherError);
        expect((e as AetherError).code).toBe('anomaly.model-invalid');
        expect((e as AetherError).path).toContain(path);
      }
    };
    bad({ ...model, format: 'x' }, 'format');
    bad({ ...model, members: [model.members[0]] }, 'members');
    bad(
      { ...model, members: [model.members[0], { ...model.members[1], scaler: null }] },
      'members[1].scaler',
    );
    bad({ ...model, columns: ['a', 'b', 'c'] }, 'members[0].columns');
    bad({ ...model, alarm: { threshold: 1, k: 3, n: 2 } }, 'alarm');
  });

  it('property: any JSON value is either a valid model or a coded error, never a crash', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('format', 'columns', 'members', 'alarm'), (v, key) => {
        for (const candidate of [v, { ...model, [key]: v }]) {
          try {
            parseMultiScaleModel(candidate);
          } catch (e) {
            expect(e).toBeInstanceOf(AetherError);
          }
        }
      }),
    );
  });

  it('property: a single model with any JSON value in any field (null included) is a coded error or valid', () => {
    const member = model.members[0]!;
    const keys = ['format', 'method', 'columns', 'features', 'scaler', 'scorers', 'calibration', 'alarm'];
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(...keys), fc.boolean(), (v, key, inScorer) => {
        const candidate = inScorer ? { ...member, scorers: [v] } : { ...member, [key]: v };
        try {
          parseAnomalyModel(candidate);
        } catch (e) {
          expect(e).toBeInstanceOf(AetherError);
        }
      }),
    );
    expect(() => parseAnomalyModel({ ...member, scorers: [null] })).toThrow(/scorer must be an object/);
  });
});
