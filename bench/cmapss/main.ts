// `npm run bench -- cmapss [--datasets FD001,FD003] [--seeds 1-5] [--data dir]`: B3 of BENCHMARKS.md.
// Trains the RUL engine on train_FD00x, predicts the last cycle of each test unit (FD001/FD003,
// whose truth is shared) and runs k-fold CV over training units for the data sets without
// published truth (FD002/FD004; `--cv all` for every set). Prints RMSE, PHM08 score, 90 % interval
// coverage/width, OOD rate and the published references side by side, per seed, then the
// across-seed summary (median, worst seed, coverage range).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { progress, table } from '@aethercore/cli';
import { machineInfo } from '../lib/machine.ts';
import { DEFAULT_DATA_DIR, writeResult } from '../lib/results.ts';
import { GOAL_COVERAGE, GOAL_RMSE, REFERENCE_RMSE, runCmapss } from './run-cmapss.ts';
import { intOption } from '../lib/options.ts';
import { parseSeeds, summariseSeeds } from './summary.ts';
import type { CmapssEvaluation } from './run-cmapss.ts';
import { DEFAULT_SHIFT_WEIGHTING } from '@aethercore/analytics';

const HELP = `usage: npm run bench -- cmapss [options]

  --datasets <list>  comma-separated subset of FD001,FD002,FD003,FD004 (default all four)
  --folds <k>        k-fold CV over training units, 0 = skip (default 4)
  --cv <which>       untested = CV only where no test truth is shared (FD002/FD004), all = every set (default untested)
  --cv-cuts <n>      truncation cuts scored per held-out unit (default 3)
  --members <k>      ensemble members, cross-fitted over k unit folds (default 10)
  --leave-out <h>    folds each member leaves out; each calibration cut is predicted by the mean
                     of its h unseen members (default 2; session 2 used --members 5 --leave-out 1)
  --trees <n>        boosting rounds per member (default 300)
  --stride <n>       use every n-th cycle of a training unit as a row (default 2)
  --seeds <list>     seeds, e.g. 1-5 or 1,3 (default 1); each seed is a full run
  --seed <n>         the same as --seeds <n>
  --data <dir>       data directory holding cmapss/ (default ${DEFAULT_DATA_DIR})
  --out <file>       JSON result file (default bench/results/cmapss.json)
  --help`;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      datasets: { type: 'string', default: 'FD001,FD002,FD003,FD004' },
      folds: { type: 'string', default: '4' },
      cv: { type: 'string', default: 'untested' },
      members: { type: 'string', default: '10' },
      'leave-out': { type: 'string', default: '2' },
      seeds: { type: 'string' },
      'cv-cuts': { type: 'string', default: '3' },
      trees: { type: 'string', default: '300' },
      stride: { type: 'string', default: '2' },
      seed: { type: 'string' },
      data: { type: 'string', default: DEFAULT_DATA_DIR },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const datasets = values.datasets
    .split(',')
    .map((d) => d.trim().toUpperCase())
    .filter((d) => d !== '');
  const bad = datasets.filter((d) => !/^FD00[1-4]$/.test(d));
  if (bad.length > 0 || datasets.length === 0) {
    console.error(`error bench.option-invalid: --datasets takes FD001..FD004, got '${values.datasets}'`);
    process.exit(2);
  }
  const folds = intOption('folds', values.folds, 0);
  const cvCuts = intOption('cv-cuts', values['cv-cuts'], 1);
  const trees = intOption('trees', values.trees, 1);
  const stride = intOption('stride', values.stride, 1);
  const members = intOption('members', values.members, 2);
  const leaveOut = intOption('leave-out', values['leave-out'], 1);
  const seedText = values.seeds ?? values.seed ?? '1';
  const seeds = parseSeeds(seedText);
  if (seeds === undefined || (values.seeds !== undefined && values.seed !== undefined)) {
    console.error(
      `error bench.option-invalid: --seeds takes e.g. 1-5 or 1,3 (and not together with --seed), got '${seedText}'`,
    );
    process.exit(2);
  }
  if (values.cv !== 'all' && values.cv !== 'untested') {
    console.error(`error bench.option-invalid: --cv takes all or untested, got '${values.cv}'`);
    process.exit(2);
  }
  const cvOn = values.cv;
  const dir = path.join(values.data, 'cmapss');
  const missing = datasets.filter((d) => !existsSync(path.join(dir, `train_${d}.txt`)));
  if (missing.length > 0) {
    console.error(
      `error bench.data-missing: no train_${missing[0]}.txt in ${dir}\n  hint: pass --data <dir> with a cmapss/ folder (e.g. --data fixtures for the tiny FD001 fixture)`,
    );
    process.exit(2);
  }
  const m = machineInfo();

  // One bar over all trainings: per dataset one test model (FD001/FD003) plus `folds` CV models.
  const tested = datasets.filter(
    (d) => existsSync(path.join(dir, `test_${d}.txt`)) && existsSync(path.join(dir, `RUL_${d}.txt`)),
  );
  const cvSets = datasets.filter((d) => cvOn === 'all' || !tested.includes(d));
  const perTraining = members * trees;
  const trainings = seeds.length * ((folds > 1 ? folds * cvSets.length : 0) + tested.length);
  const bar = progress('cmapss', trainings * perTraining);
  let finished = 0;
  const started = performance.now();
  const rows: CmapssEvaluation[] = [];
  for (const seed of seeds) {
    rows.push(
      ...(await runCmapss({
        dir,
        datasets,
        seed,
        folds,
        cvOn,
        cvCuts,
        train: { rowStride: stride, members, leaveOut, gbt: { trees } },
        onTree: (label, done, total) => {
          if (done === total) finished++;
          bar.tick(
            Math.min(trainings * perTraining, finished * perTraining + (done === total ? 0 : done)),
            `seed ${seed} ${label}`,
          );
        },
      })),
    );
  }
  bar.done();
  const seconds = (performance.now() - started) / 1000;

  const refNames = Object.keys(REFERENCE_RMSE);
  console.log(
    `\nB3 C-MAPSS RUL (Saxena et al., PHM 2008), seeds ${seeds.join(',')}, ${members} members × ${trees} trees, each leaving out ${leaveOut} fold(s), stride ${stride}, ${m.cores} cores (${m.cpu}), ${seconds.toFixed(0)} s\n`,
  );
  console.log(
    table(
      [
        'dataset',
        'seed',
        'protocol',
        'units',
        'RMSE',
        'goal',
        'family',
        'RMSE gbt',
        'RMSE ridge',
        'PHM08 S',
        'S/unit',
        'cover90',
        'width',
        'cover90 1-member',
        'width 1-member',
        'cover90 split',
        'width split',
        'cover90 weighted',
        'width weighted',
        'n_eff / n',
        'clipped lo/hi',
        'OOD',
        'regimes',
        'sensors',
        'train s',
        ...refNames.map((r) => `${r} ref`),
      ],
      rows.map((r) => [
        r.dataset,
        r.seed,
        r.protocol,
        r.n,
        r.rmse,
        GOAL_RMSE[r.dataset] ?? Number.NaN,
        r.family,
        r.rmseByFamily['gbt'] ?? Number.NaN,
        r.rmseByFamily['ridge'] ?? Number.NaN,
        r.phm08,
        r.phm08 / r.n,
        r.coverage,
        r.meanWidth,
        r.oneMember.coverage,
        r.oneMember.meanWidth,
        r.split.coverage,
        r.split.meanWidth,
        r.weighted.applied ? r.weighted.coverage : '(not applied)',
        r.weighted.applied ? r.weighted.meanWidth : '–',
        `${r.weighted.nEff.toFixed(0)} / ${r.weighted.calibrationPoints.toFixed(0)}`,
        `${(100 * r.weighted.clippedLow).toFixed(1)} % / ${(100 * r.weighted.clippedHigh).toFixed(1)} %`,
        r.oodRate,
        r.regimes,
        r.sensorsKept,
        r.trainSeconds,
        ...refNames.map((n) => REFERENCE_RMSE[n]?.[r.dataset] ?? Number.NaN),
      ]),
    ),
  );
  console.log(
    `\ntest = published test units and RUL truth (last cycle of each unit); cv-${folds} = ${folds}-fold CV over training units, each held-out unit cut ${cvCuts}× at a seeded cycle like the test set (remaining life 5–75 % of its life, ≤ 145 cycles).` +
      `\nRMSE and S against the uncapped truth, of the family chosen by gating (lower out-of-fold RMSE on the calibration cuts), the mean of the ensemble members; RMSE gbt/ridge = both families on the same units. cover90 = interval calibrated on the mean of the h members that never saw each calibration unit (--leave-out h); 1-member = the same models calibrated on one unseen member per cut (session-2 rule), side by side. split / weighted = the same models and point predictions, the interval unweighted or reweighted for covariate shift (label-free density ratio of the calibration cuts vs the batch: logistic regression on ln cycles seen and ŷ, weights clipped to [0.05, 20]; Tibshirani et al., NeurIPS 2019); cover90 = the default (${DEFAULT_SHIFT_WEIGHTING === 'off' ? 'split' : 'weighted'}). n_eff = Kish effective size of the calibration weights (mean over CV folds) of n calibration cuts; clipped = share of calibration weights at the bounds. Goal: RMSE ≤ 12.5/16/12.5/19, coverage ${GOAL_COVERAGE[0]}–${GOAL_COVERAGE[1]}. References: published test RMSE (BENCHMARKS.md; GB = gradient boosting, LSTM = deep LSTM, TCNN-T = TCNN-Transformer 2021), not run here.`,
  );
  const summary = summariseSeeds(rows);
  console.log(`\nAcross seeds ${seeds.join(',')} (met = on every seed):\n`);
  console.log(
    table(
      [
        'dataset',
        'protocol',
        'RMSE per seed',
        'median',
        'worst',
        'goal',
        'RMSE met',
        'cover90 per seed',
        'cover met',
        'cover90 1-member per seed',
        'cover90 split per seed',
        'split met',
        'cover90 weighted per seed',
        'weighted met',
        'n_eff per seed',
        'median width',
        'median S',
        'train s',
      ],
      summary.map((r) => [
        r.dataset,
        r.protocol,
        r.rmse.map((v) => v.toFixed(2)).join(' '),
        r.medianRmse,
        r.maxRmse,
        GOAL_RMSE[r.dataset] ?? Number.NaN,
        r.rmseMet ? 'yes' : 'NO',
        r.coverage.map((v) => v.toFixed(3)).join(' '),
        r.coverageMet ? 'yes' : 'NO',
        r.oneMemberCoverage.map((v) => v.toFixed(3)).join(' '),
        r.splitCoverage.map((v) => v.toFixed(3)).join(' '),
        r.splitCoverageMet ? 'yes' : 'NO',
        r.weightedCoverage.map((v) => v.toFixed(3)).join(' '),
        r.weightedCoverageMet ? 'yes' : 'NO',
        r.nEff.map((v) => v.toFixed(0)).join(' '),
        r.medianWidth,
        r.medianPhm08,
        r.medianTrainSeconds,
      ]),
    ),
  );
  const file = writeResult(
    'cmapss',
    {
      options: {
        datasets,
        folds,
        cv: cvOn,
        cvCuts,
        members,
        leaveOut,
        trees,
        stride,
        seeds,
        data: dir,
        shiftWeights: DEFAULT_SHIFT_WEIGHTING,
      },
      seconds,
      rows,
      summary,
      goals: { rmse: GOAL_RMSE, coverage: GOAL_COVERAGE },
      references: REFERENCE_RMSE,
      cores: m.cores,
    },
    values.out,
  );
  console.log(`\nwrote ${file}`);
}
