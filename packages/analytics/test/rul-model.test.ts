import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AetherError, createRandom } from '@aethercore/core';
import { parseFleetHistory, type FleetHistory, type UnitHistory } from '../src/io/cmapss.ts';
import { crossValidateRul } from '../src/rul/cross-validation.ts';
import { calibrateConformal } from '../src/ml/conformal.ts';
import { parseRulModel } from '../src/rul/rul-model-file.ts';
import {
  predictRul,
  trainRulModel,
  type CalibrationCut,
  type RulShiftSummary,
} from '../src/rul/rul-model.ts';
import { scoreRul } from '../src/rul/rul-metrics.ts';

/**
 * A synthetic fleet with known physics: three operating regimes shift every sensor's level; two
 * sensors degrade exponentially towards failure, one is pure noise, one is constant.
 */
function syntheticFleet(units: number, seed: number): FleetHistory {
  const rng = createRandom(seed);
  const regimes = [
    [0, 0.2],
    [20, 0.6],
    [40, 0.8],
  ];
  const out: UnitHistory[] = [];
  for (let u = 0; u < units; u++) {
    const life = rng.int(150, 300);
    const onset = rng.next() * 0.4 + 0.3;
    const cycles = new Float64Array(life);
    const s1 = new Float64Array(life);
    const s2 = new Float64Array(life);
    const alt = new Float64Array(life);
    const mach = new Float64Array(life);
    const noise = new Float64Array(life);
    const flat = new Float64Array(life).fill(7);
    for (let i = 0; i < life; i++) {
      const r = regimes[rng.int(0, 2)]!;
      const wear = Math.max(0, i / life - onset) / (1 - onset);
      cycles[i] = i + 1;
      alt[i] = r[0]! + 0.001 * rng.normal();
      mach[i] = r[1]! + 0.0001 * rng.normal();
      s1[i] = 500 + 3 * r[0]! + 8 * wear ** 2 + 0.5 * rng.normal();
      s2[i] = 40 - 10 * r[1]! - 2 * wear ** 1.5 + 0.2 * rng.normal();
      noise[i] = 100 + r[0]! + rng.normal();
    }
    out.push({ unit: String(u + 1), cycles, settings: [alt, mach], sensors: [s1, s2, noise, flat] });
  }
  return {
    source: 'synthetic',
    settingNames: ['alt', 'mach'],
    sensorNames: ['s1', 's2', 'noise', 'flat'],
    units: out,
  };
}

const fast = { gbt: { trees: 80, learningRate: 0.1 }, rowStride: 2 } as const;

describe('trainRulModel / predictRul', () => {
  const fleet = syntheticFleet(40, 1);
  // 5 members leaving out 1 fold each keeps this file fast; the defaults (10 members, 2 left out)
  // are checked below with the cheap ridge family.
  const model = trainRulModel(fleet, { ...fast, seed: 3, members: 5, leaveOut: 1 });

  it('finds the regimes, drops the constant sensor and learns RUL far better than a constant', () => {
    expect(model.regimes.k).toBe(3);
    expect(model.normaliser.kept.map((k) => fleet.sensorNames[k])).toEqual(['s1', 's2', 'noise']);
    const cv = crossValidateRul(syntheticFleet(40, 2), {
      ...fast,
      members: 3,
      folds: 4,
      evalCutsPerUnit: 3,
      seed: 5,
    });
    const s = scoreRul(
      cv.map((p) => p.rul),
      cv.map((p) => p.truth),
      cv.map((p) => p.lower),
      cv.map((p) => p.upper),
    );
    const truths = cv.map((p) => p.truth);
    const m = truths.reduce((a, b) => a + b, 0) / truths.length;
    const constant = scoreRul(new Array<number>(truths.length).fill(m), truths);
    // The wear onset is random and unobservable before it starts, so even perfect physics leaves
    // a floor; both families must still beat the best constant clearly.
    expect(s.rmse).toBeLessThan(0.7 * constant.rmse);
    expect(rmseOf(cv, 'gbt')).toBeLessThan(0.7 * constant.rmse);
    expect(rmseOf(cv, 'ridge')).toBeLessThan(0.8 * constant.rmse);
    expect(s.coverage).toBeGreaterThan(0.75);
    expect(cv.filter((p) => p.ood).length / cv.length).toBeLessThan(0.1);
  }, 120_000);

  it('is a cross-fitted ensemble: one member per fold, every unit calibrated out of fold', () => {
    expect(model.format).toBe('aethercore.rul/3');
    expect(model.gbt).toHaveLength(5);
    expect(model.ridge).toHaveLength(5);
    expect(model.training.members).toBe(5);
    expect(model.training.calibrationUnits).toBe(40);
    expect(model.training.calibrationPoints).toBe(400);
    // The ensemble is the member mean: members differ (other folds, other seeds).
    const trees = model.gbt.map((m) => JSON.stringify(m.trees[0]));
    expect(new Set(trees).size).toBe(5);
    // Each member leaves out 1 of 5 folds: it trains on about 4/5 of the units' rows.
    const rowsAll = fleet.units.reduce((a, u) => a + u.cycles.length, 0) / 2; // stride 2
    expect(model.training.rows / 5 / rowsAll).toBeGreaterThan(0.7);
    expect(model.training.rows / 5 / rowsAll).toBeLessThan(0.9);
    const twice = trainRulModel(fleet, { ...fast, seed: 3, members: 5, leaveOut: 2, families: ['ridge'] });
    expect(twice.training.rows / 5 / rowsAll).toBeGreaterThan(0.5);
    expect(twice.training.rows / 5 / rowsAll).toBeLessThan(0.7);
    // Defaults: 10 members, each leaving out 2 of 10 folds, so each still sees about 4/5 of the rows.
    const byDefault = trainRulModel(fleet, { ...fast, seed: 3, families: ['ridge'] });
    expect(byDefault.ridge).toHaveLength(10);
    expect(byDefault.training.members).toBe(10);
    expect(byDefault.training.leaveOut).toBe(2);
    expect(byDefault.training.rows / 10 / rowsAll).toBeGreaterThan(0.7);
    expect(byDefault.training.rows / 10 / rowsAll).toBeLessThan(0.9);
    const three = trainRulModel(fleet, { ...fast, seed: 3, members: 3, families: ['gbt'] });
    expect(three.gbt).toHaveLength(3);
    expect(three.ridge).toHaveLength(0);
    expect(three.family).toBe('gbt');
  });

  it('calibrates each cut on the mean of the h members that never saw its unit (jackknife+-after-bootstrap)', () => {
    for (const leaveOut of [1, 2, 3]) {
      let cuts: readonly CalibrationCut[] = [];
      const m = trainRulModel(fleet, {
        ...fast,
        seed: 6,
        members: 6,
        leaveOut,
        families: ['ridge'],
        onCalibrationCuts: (c) => (cuts = c),
      });
      expect(m.training.leaveOut).toBe(leaveOut);
      expect(cuts).toHaveLength(m.training.calibrationPoints);
      for (const c of cuts) {
        expect(c.unseen).toHaveLength(leaveOut);
        for (const p of c.unseen) expect(Number.isFinite(p)).toBe(true);
      }
      // The model's quantiles are exactly those of the clamped unseen-member means (one bin, σ = 10 + ŷ).
      const pred = cuts.map((c) =>
        Math.min(m.cap, Math.max(0, c.unseen.reduce((a, b) => a + b, 0) / c.unseen.length)),
      );
      const cal = calibrateConformal(
        cuts.map((c) => c.truth),
        pred,
        pred.map((p) => m.conformal.sigmaFloor + p),
        0.1,
      );
      expect(m.conformal.bins).toHaveLength(1);
      expect(m.conformal.bins[0]?.lower).toBe(cal.lower);
      expect(m.conformal.bins[0]?.upper).toBe(cal.upper);
    }
  }, 120_000);

  it('refuses a model file of the old format 1 with a coded version error', () => {
    let err: unknown;
    try {
      parseRulModel({ ...JSON.parse(JSON.stringify(model)), format: 'aethercore.rul/1' }, 'old.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AetherError);
    expect((err as AetherError).code).toBe('rul.model-version');
    expect((err as AetherError).message).toMatch(/old\.json.*aethercore\.rul\/1/);
  });

  it('is deterministic for a seed', () => {
    const again = trainRulModel(fleet, { ...fast, seed: 3, members: 5, leaveOut: 1 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(model));
    const other = trainRulModel(fleet, { ...fast, seed: 4, members: 5, leaveOut: 1 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(model));
  }, 120_000);

  it('flags units unlike the training data as out of distribution', () => {
    const normal = syntheticFleet(5, 9);
    const shifted: UnitHistory = {
      ...normal.units[0]!,
      sensors: normal.units[0]!.sensors.map((s, k) => (k === 0 ? s.map((v) => v + 60) : s)),
    };
    const offRegime: UnitHistory = {
      ...normal.units[1]!,
      settings: [normal.units[1]!.settings[0]!.map(() => 30), normal.units[1]!.settings[1]!],
    };
    const pred = predictRul(model, { ...normal, units: [...normal.units, shifted, offRegime] });
    expect(pred.slice(0, 5).filter((p) => p.ood).length).toBeLessThanOrEqual(1);
    expect(pred[5]!.ood).toBe(true);
    expect(pred[5]!.status).toBe('uncertain');
    expect(pred[6]!.ood).toBe(true);
    for (const p of pred) {
      expect(p.rul).toBeGreaterThanOrEqual(0);
      expect(p.rul).toBeLessThanOrEqual(125);
      expect(p.lower).toBeLessThanOrEqual(p.rul);
      expect(p.upper).toBeGreaterThanOrEqual(p.rul);
    }
  });

  it('survives a JSON round trip and rejects foreign JSON and other layouts', () => {
    const back = parseRulModel(JSON.parse(JSON.stringify(model)));
    const data = syntheticFleet(3, 11);
    expect(predictRul(back, data)).toEqual(predictRul(model, data));
    expect(() => parseRulModel({ hello: 1 })).toThrow(AetherError);
    for (const hostile of [
      null,
      7,
      'x',
      [],
      { format: { toString: {} } },
      { ...back, gbt: 'no' },
      { ...back, [back.family]: [] },
    ])
      expect(() => parseRulModel(hostile)).toThrow(/rul\.model-invalid|not an AetherCore RUL model/);
    const other = { ...data, sensorNames: ['a', 'b', 'c', 'd'] };
    expect(() => predictRul(model, other)).toThrow(/rul.columns-mismatch|trained on/);
  });

  it('keeps the calibration cuts (format 3) and reweights a whole batch for covariate shift, never moving the point prediction', () => {
    const cal = model.calibration!;
    expect(cal.seen).toHaveLength(400);
    expect(cal.pred).toHaveLength(400);
    expect(cal.score).toHaveLength(400);
    for (const s of cal.seen) expect(s).toBeGreaterThanOrEqual(20);
    // The stored scores are those the split interval was calibrated on.
    const split = calibrateConformal(cal.score, new Float64Array(400), new Float64Array(400).fill(1), 0.1);
    expect(split.lower).toBe(model.conformal.bins[0]?.lower);
    expect(split.upper).toBe(model.conformal.bins[0]?.upper);

    // Whole run-to-failure histories: every record sees its unit's full life and ŷ is near 0, far
    // from the calibration cuts (a real shift the weights must see).
    const batch = syntheticFleet(30, 12);
    const off = predictRul(model, batch, { shiftWeights: 'off' });
    let summary: RulShiftSummary | undefined;
    const on = predictRul(model, batch, { shiftWeights: 'auto', onShift: (s) => (summary = s) });
    expect(on.map((p) => p.rul)).toEqual(off.map((p) => p.rul));
    expect(summary?.applied).toBe(true);
    expect(summary?.batch).toBe(30);
    expect(summary?.calibrationPoints).toBe(400);
    expect(summary?.weights?.nEff).toBeLessThan(200);
    for (const p of off) expect(p.interval).toBe('split');
    for (const p of on) {
      expect(p.interval).toBe('shift-weighted');
      expect(p.shiftWeight).toBeGreaterThanOrEqual(0.05);
      expect(p.shiftWeight).toBeLessThanOrEqual(20);
    }
    expect(on.map((p) => [p.lower, p.upper])).not.toEqual(off.map((p) => [p.lower, p.upper]));
    // Survives a JSON round trip with the calibration set.
    expect(
      predictRul(parseRulModel(JSON.parse(JSON.stringify(model))), batch, { shiftWeights: 'auto' }),
    ).toEqual(on);

    // Fewer than 20 records: no batch to weigh against, the split interval.
    const few = syntheticFleet(3, 11);
    predictRul(model, few, { shiftWeights: 'auto', onShift: (s) => (summary = s) });
    expect(summary).toMatchObject({ applied: false, reason: 'batch-too-small' });

    // A format-2 file (no calibration set) still predicts, with the split interval.
    const { calibration: _dropped, ...v2 } = JSON.parse(JSON.stringify(model)) as Record<string, unknown>;
    const old = parseRulModel({ ...v2, format: 'aethercore.rul/2' }, 'v2.json');
    const oldPred = predictRul(old, batch, { shiftWeights: 'auto', onShift: (s) => (summary = s) });
    expect(summary).toMatchObject({ applied: false, reason: 'no-calibration-set' });
    expect(oldPred).toEqual(off);

    for (const calibration of [
      null,
      { seen: [1], pred: [], score: [] },
      { seen: [1], pred: [2], score: ['x'] },
    ])
      expect(() => parseRulModel({ ...JSON.parse(JSON.stringify(model)), calibration })).toThrow(
        /rul\.model-invalid|not an AetherCore/,
      );
  });

  it('trains on the C-MAPSS fixture and refuses too few units', () => {
    const FIX = path.resolve(import.meta.dirname, '..', '..', '..', 'fixtures', 'cmapss');
    const train = parseFleetHistory(readFileSync(path.join(FIX, 'train_FD001.txt'), 'utf8'));
    const test = parseFleetHistory(readFileSync(path.join(FIX, 'test_FD001.txt'), 'utf8'));
    const m = trainRulModel(train, { gbt: { trees: 30 } });
    expect(m.normaliser.kept).toHaveLength(14);
    const pred = predictRul(m, test);
    expect(pred.map((p) => p.unit)).toEqual(['1', '39', '85']);
    expect(pred.map((p) => p.cycle)).toEqual([31, 37, 34]);
    // Early-life units: the model should say "long life left", near the cap.
    for (const p of pred) expect(p.rul).toBeGreaterThan(60);
    let err: unknown;
    try {
      trainRulModel({ ...train, units: train.units.slice(0, 2) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AetherError);
    expect((err as AetherError).code).toBe('rul.too-few-units');
  });
});

function rmseOf(
  cv: readonly { truth: number; byFamily: Partial<Record<string, number>> }[],
  f: string,
): number {
  return Math.sqrt(cv.reduce((a, p) => a + ((p.byFamily[f] ?? 0) - p.truth) ** 2, 0) / cv.length);
}
