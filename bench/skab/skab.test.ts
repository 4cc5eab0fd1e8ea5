// Smoke test of the SKAB benchmark's core on the fixture (one SKAB file), without the shared data.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { candidates, runSkab } from './main.ts';
import { crossValidate, labelScores, parseSkabFile, scoreSkab, TRAIN_ROWS } from './skab.ts';

const text = readFileSync(new URL('../../fixtures/skab/valve1-1.csv', import.meta.url), 'utf8');
const file = parseSkabFile('valve1/1.csv', text);

describe('bench skab (smoke, fixture)', () => {
  it('parses a SKAB file into 8 sensors and the anomaly labels', () => {
    expect(file.columns).toHaveLength(8);
    expect(file.columns).not.toContain('anomaly');
    expect(file.rows).toHaveLength(1145);
    expect(file.anomaly.slice(TRAIN_ROWS).some((a) => a === 1)).toBe(true);
    expect(file.anomaly.slice(0, TRAIN_ROWS).every((a) => a === 0)).toBe(true);
  });

  it('runs every candidate under the protocol and computes F1/FAR/MAR from the run', () => {
    const { candidates: results, selections } = runSkab([file], candidates(['t2', 't2q'], file.columns));
    expect(selections).toEqual([]); // one group: nothing to cross-validate across
    expect(results.map((r) => r.name)).toEqual([
      't2/classic',
      't2q/classic',
      't2/features',
      't2/features+rate',
      't2/features+auto-rate',
      't2q/features',
      't2q/features+rate',
      't2q/features+auto-rate',
      't2/features+std+rate/w10',
      't2/features+std+rate',
      't2/features+std+rate/w40',
      't2q/features+std+rate/w10',
      't2q/features+std+rate',
      't2q/features+std+rate/w40',
      't2/features+std+rate/w20+40',
    ]);
    for (const r of results) {
      for (const v of [r.fixed.f1, r.fixed.far, r.fixed.mar]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      expect(r.perFile).toHaveLength(1);
    }
    // On this file the engineered T²+Q finds most of the anomaly with few false alarms.
    const best = results.find((r) => r.name === 't2q/features+rate')!;
    expect(best.fixed.f1).toBeGreaterThan(0.6);
    expect(best.fixed.far).toBeLessThan(0.1);
  });

  it('labels with k-of-n persistence and cross-validates thresholds across groups only', () => {
    expect(labelScores([2, 0, 2, 2, 0], 1, 2, 3)).toEqual([0, 0, 1, 1, 1]);
    const run = scoreSkab(
      [file, { ...file, name: 'other/x.csv', group: 'other' }],
      candidates(['t2q'], file.columns)[2]!.options,
    );
    const cv = crossValidate(run, [1, 2], 1, 1, 0.15);
    expect(Object.keys(cv.chosen).sort()).toEqual(['other', 'valve1']);
    expect(cv.evaluation.files).toHaveLength(2);
  });
});
