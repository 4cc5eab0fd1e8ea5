/**
 * `aethercore rul train|predict`: remaining useful life with a calibrated 90 % interval and an
 * out-of-distribution flag. Data: NASA C-MAPSS text (26 numbers per row, no header) or a CSV whose
 * header is `unit,cycle,<settings…>,<sensors…>` (settings = columns named setting*, op_setting*, os*).
 * Training data must run to failure (the last cycle of each unit is its failure).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AetherError } from '@aethercore/core';
import {
  DEFAULT_SHIFT_WEIGHTING,
  parseFleetHistory,
  parseRulModel,
  predictRul,
  trainRulModel,
  type FleetHistory,
  type RulPrediction,
  type RulShiftSummary,
  type ShiftWeighting,
} from '@aethercore/analytics';
import { progress } from '../term/progress.ts';
import { table } from '../term/table.ts';
import { badOption, readTextFile } from '../input.ts';

interface TrainCliOptions {
  readonly data: string[];
  readonly out: string;
  readonly seed: string;
  readonly trees?: string;
  readonly cap?: string;
  readonly regimes?: string;
  readonly settings?: string;
  readonly members?: string;
}

interface PredictCliOptions {
  readonly model: string;
  readonly data: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly settings?: string;
  readonly shiftWeights: string;
}

function integer(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min)
    throw badOption(
      `${name} must be an integer ≥ ${min}, got '${value}'`,
      `e.g. ${name} ${Math.max(min, 1)}`,
    );
  return n;
}

const list = (s: string | undefined): string[] | undefined =>
  s === undefined
    ? undefined
    : s
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');

function readFleet(file: string, settings: string[] | undefined): FleetHistory {
  const text = readTextFile(file, 'data file');
  return parseFleetHistory(text, {
    source: path.basename(file),
    ...(settings === undefined ? {} : { settingColumns: settings }),
  });
}

/** Several files become one fleet; unit ids are prefixed with the file name so they stay distinct. */
function mergeFleets(fleets: readonly FleetHistory[]): FleetHistory {
  const [first] = fleets;
  if (first === undefined) throw badOption('--data needs at least one file', 'e.g. --data train_FD001.txt');
  if (fleets.length === 1) return first;
  for (const f of fleets) {
    if (
      f.sensorNames.join(',') !== first.sensorNames.join(',') ||
      f.settingNames.join(',') !== first.settingNames.join(',')
    ) {
      throw new AetherError({
        code: 'rul.columns-mismatch',
        message: `${f.source} has different columns than ${first.source}`,
        hint: 'All training files need the same settings and sensors in the same order.',
        path: f.source,
      });
    }
  }
  return {
    ...first,
    source: fleets.map((f) => f.source).join('+'),
    units: fleets.flatMap((f) => f.units.map((u) => ({ ...u, unit: `${f.source}:${u.unit}` }))),
  };
}

function shiftNote(s: RulShiftSummary | undefined): string {
  if (s?.applied === true && s.weights !== undefined)
    return `interval: reweighted for the covariate shift of this batch of ${s.batch} records (effective ${s.weights.nEff.toFixed(0)} of ${s.calibrationPoints} calibration cuts)`;
  const why =
    s?.reason === 'batch-too-small'
      ? `fewer than 20 records in the batch`
      : s?.reason === 'no-calibration-set'
        ? 'the model file (format 2) keeps no calibration cuts; retrain to enable shift weights'
        : '--shift-weights off';
  return `interval: unweighted split-conformal (${why})`;
}

function formatRul(p: RulPrediction): string {
  return p.ood ? `uncertain (≈${p.rul.toFixed(0)})` : p.rul.toFixed(1);
}

export function register(program: Command): void {
  const rul = program
    .command('rul')
    .description(
      'Remaining useful life: train a model on run-to-failure histories, predict RUL with a 90 % interval and an OOD flag',
    );

  rul
    .command('train')
    .description(
      'Train a RUL model (an ensemble of gradient-boosted trees or ridge, cross-fitted over unit folds; conformal interval from the out-of-fold units; OOD detector) and save it as JSON',
    )
    .requiredOption(
      '--data <files...>',
      'run-to-failure histories: C-MAPSS text or CSV with header unit,cycle,<settings…>,<sensors…>',
    )
    .requiredOption('--out <model.json>', 'where to write the model')
    .option('--seed <n>', 'random seed (same seed and data → same model)', '1')
    .option('--trees <n>', 'boosting rounds (default 300)')
    .option('--cap <cycles>', 'piecewise-linear target cap (default 125)')
    .option('--regimes <k>', 'number of operating regimes (default: found from the settings)')
    .option(
      '--settings <names>',
      'CSV only: comma-separated operating-setting columns (default: setting*/op_setting*/os*)',
    )
    .option(
      '--members <k>',
      'ensemble members, cross-fitted over k folds of units, each leaving out 2 (default 10, at least 2)',
    )
    .addHelpText(
      'after',
      '\nExample:\n  aethercore rul train --data train_FD001.txt --out fd001.json --seed 1\n  aethercore rul predict --model fd001.json --data test_FD001.txt',
    )
    .action((opts: TrainCliOptions) => {
      const seed = integer(opts.seed, '--seed', 0) ?? 1;
      const trees = integer(opts.trees, '--trees', 1);
      const cap = integer(opts.cap, '--cap', 1);
      const regimes = integer(opts.regimes, '--regimes', 1);
      const fleet = mergeFleets(opts.data.map((f) => readFleet(f, list(opts.settings))));
      const members = integer(opts.members, '--members', 2);
      const total = (trees ?? 300) * Math.min(fleet.units.length, members ?? 10);
      const bar = progress('rul train', total);
      const started = performance.now();
      const model = trainRulModel(fleet, {
        seed,
        ...(cap === undefined ? {} : { cap }),
        ...(regimes === undefined ? {} : { regimes }),
        ...(trees === undefined ? {} : { gbt: { trees } }),
        ...(members === undefined ? {} : { members }),
        onProgress: (_stage, done) => bar.tick(done),
      });
      bar.done();
      writeFileSync(opts.out, `${JSON.stringify(model)}\n`);
      const kept = model.normaliser.kept.map((k) => model.sensorNames[k] ?? `#${k}`);
      console.log(
        table(
          ['item', 'value'],
          [
            ['units', String(model.training.units)],
            ['training rows', String(model.training.rows)],
            ['operating regimes', String(model.regimes.k)],
            ['sensors kept', `${kept.length} (${kept.join(' ')})`],
            ['features', String(model.featureNames.length)],
            [
              'model family',
              `${model.family} × ${model.training.members} members (out-of-fold RMSE ${Object.entries(
                model.gating,
              )
                .map(([f, r]) => `${f} ${r.toFixed(2)}`)
                .join(', ')})`,
            ],
            [
              'calibration',
              `${model.training.calibrationUnits} units out of fold, ${model.training.calibrationPoints} cuts`,
            ],
            [
              'interval',
              `${(1 - model.conformal.alpha) * 100}% split-conformal${model.conformal.bins.length > 1 ? ` in ${model.conformal.bins.length} bins of RUL (edges ${model.conformal.edges.map((e) => e.toFixed(0)).join(', ')})` : ''}, scores ${model.conformal.bins.map((b) => `[${b.lower.toFixed(2)}, ${b.upper.toFixed(2)}]`).join(' ')} × (${model.conformal.sigmaFloor} + RUL)`,
            ],
            ['OOD threshold', `Mahalanobis ${model.ood.threshold.toFixed(2)} (q${model.ood.quantile})`],
            ['seconds', ((performance.now() - started) / 1000).toFixed(1)],
          ],
        ),
      );
      console.log(`\nwrote ${opts.out}`);
      if (model.conformal.bins.some((b) => !Number.isFinite(b.lower) || !Number.isFinite(b.upper))) {
        console.log(
          `note: ${model.training.calibrationPoints} calibration points are too few for a finite ${(1 - model.conformal.alpha) * 100}% interval (need ≥ 19); intervals are unbounded. Train on more units.`,
        );
      }
    });

  rul
    .command('predict')
    .description('Predict the RUL at the last cycle of every unit, with its 90 % interval and an OOD flag')
    .requiredOption('--model <model.json>', 'a model written by `aethercore rul train`')
    .requiredOption(
      '--data <file>',
      'histories in the same layout as the training data (need not run to failure)',
    )
    .option('--settings <names>', 'CSV only: comma-separated operating-setting columns (as in training)')
    .option(
      '--shift-weights <mode>',
      'auto = reweight the interval for the covariate shift of this batch of units (≥ 20 records, model format 3; label-free: cycles seen and predicted RUL), off = the unweighted split-conformal interval',
      DEFAULT_SHIFT_WEIGHTING,
    )
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV: unit,cycle,rul,lower,upper,ood')
    .action((opts: PredictCliOptions) => {
      if (opts.json === true && opts.csv === true)
        throw badOption('--json and --csv exclude each other', 'Pick one output format.');
      let raw: unknown;
      try {
        raw = JSON.parse(readTextFile(opts.model, 'model file'));
      } catch (e) {
        if (e instanceof AetherError) throw e;
        throw new AetherError({
          code: 'rul.model-invalid',
          message: `${opts.model} is not valid JSON`,
          hint: 'Train a model with `aethercore rul train`.',
          path: opts.model,
        });
      }
      const model = parseRulModel(raw, opts.model);
      if (opts.shiftWeights !== 'auto' && opts.shiftWeights !== 'off')
        throw badOption(
          `--shift-weights takes auto or off, got '${opts.shiftWeights}'`,
          'e.g. --shift-weights auto',
        );
      const shiftWeights: ShiftWeighting = opts.shiftWeights;
      let shift: RulShiftSummary | undefined;
      const pred = predictRul(model, readFleet(opts.data, list(opts.settings)), {
        shiftWeights,
        onShift: (s) => (shift = s),
      });
      const intervalNote = shiftNote(shift);
      if (opts.json === true) {
        console.log(
          JSON.stringify(
            {
              model: opts.model,
              interval: 1 - model.conformal.alpha,
              shiftWeights: {
                mode: shiftWeights,
                applied: shift?.applied ?? false,
                ...(shift?.reason === undefined ? {} : { reason: shift.reason }),
                ...(shift?.weights === undefined
                  ? {}
                  : { nEff: shift.weights.nEff, calibrationPoints: shift.calibrationPoints }),
              },
              predictions: pred,
            },
            (_k, v: unknown) => (v === Infinity ? null : v),
            2,
          ),
        );
        return;
      }
      if (opts.csv === true) {
        console.log('unit,cycle,rul,lower,upper,ood');
        for (const p of pred)
          console.log(
            [
              p.unit,
              p.cycle,
              p.rul.toFixed(2),
              p.lower.toFixed(2),
              Number.isFinite(p.upper) ? p.upper.toFixed(2) : '',
              p.ood,
            ].join(','),
          );
        return;
      }
      console.log(
        table(
          ['unit', 'cycle', 'RUL', 'lower 90%', 'upper 90%', 'status'],
          pred.map((p) => [
            p.unit,
            p.cycle,
            formatRul(p),
            p.lower,
            p.upper,
            p.ood ? 'uncertain: unlike the training data' : 'ok',
          ]),
        ),
      );
      console.log(`\n${intervalNote}`);
      const n = pred.filter((p) => p.ood).length;
      if (n > 0)
        console.log(`\n${n} of ${pred.length} units are out of distribution: their RUL is not trustworthy.`);
    });
}
