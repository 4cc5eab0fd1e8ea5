// B4: anomaly detection on SKAB. `npm run bench -- skab [--method …] [--data dir]`
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  ANOMALY_METHODS,
  baselineFitOptions,
  defaultFitOptions,
  type AnomalyMethod,
  type FitOptions,
} from '@aethercore/analytics';
import { progress, table } from '@aethercore/cli';
import { DEFAULT_DATA_DIR, writeResult } from '../lib/results.ts';
import { machineInfo } from '../lib/machine.ts';
import { detectionDelays } from '@aethercore/analytics';
import {
  crossValidate,
  evaluateThreshold,
  labelScores,
  loadSkab,
  scoreSkab,
  TRAIN_ROWS,
  type SkabFile,
} from './skab.ts';
import {
  crossValidateSelection,
  summariseDelays,
  type CandidateRun,
  type SelectionCriterion,
  type SelectionFolds,
} from './selection.ts';

/** SKAB's published outlier-detection leaderboard (README, current protocol): F1, FAR %, MAR %. */
export const LEADERBOARD = [
  { method: 'Conv-AE', f1: 0.78, far: 13.55, mar: 28.02 },
  { method: 'MSET', f1: 0.78, far: 39.73, mar: 14.13 },
  { method: 'T-squared+Q (PCA)', f1: 0.76, far: 26.62, mar: 24.92 },
  { method: 'LSTM-AE', f1: 0.74, far: 29.96, mar: 25.92 },
  { method: 'T-squared', f1: 0.66, far: 19.21, mar: 42.6 },
  { method: 'Isolation Forest', f1: 0.29, far: 2.56, mar: 82.89 },
] as const;

/**
 * Thresholds (multiples of the calibration level) the cross-validation chooses from. 4 and 5 were
 * added in session 2 because the choice often sat on the old edge, 3.
 */
export const THRESHOLD_GRID = [1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5] as const;
/** The thermal signals of the SKAB testbed (motor body, loop fluid): monitored by rate, not level. */
export const THERMAL_COLUMNS = ['Temperature', 'Thermocouple'] as const;
export const GOAL = { f1: 0.8, far: 0.15 } as const;
/**
 * Drift-index limit for detecting slow columns from each file's training part alone (no names). 4 was
 * picked from 3, 4 and 6 tried on all files; see docs/analytics-anomaly.md.
 */
export const AUTO_RATE_LIMIT = 4;

export interface Candidate {
  readonly name: string;
  readonly description: string;
  readonly options: FitOptions;
  /** Multi-scale: one model per window, calibrated scores averaged (`fitMultiScaleModel`). */
  readonly windows?: readonly number[];
}

function withThermalRate(o: FitOptions, columns: readonly string[]): FitOptions {
  const rateOnly = THERMAL_COLUMNS.map((c) => columns.indexOf(c)).filter((j) => j >= 0);
  return { ...o, features: { ...o.features, rateOnly } };
}

/** `session1`: the 15 candidates of session 1 only (the "before" figures); `all`: with the mean+std ones. */
export const CANDIDATE_SETS = ['all', 'session1'] as const;
export type CandidateSet = (typeof CANDIDATE_SETS)[number];

export function candidates(
  methods: readonly AnomalyMethod[],
  columns: readonly string[],
  set: CandidateSet = 'all',
): Candidate[] {
  const out: Candidate[] = [];
  for (const m of methods) {
    if (m !== 'ensemble')
      out.push({
        name: `${m}/classic`,
        description: 'raw signals, SKAB-style limits',
        options: baselineFitOptions(m),
      });
  }
  for (const m of methods) {
    out.push({
      name: `${m}/features`,
      description: '20-s rolling mean, all levels',
      options: defaultFitOptions(m),
    });
    out.push({
      name: `${m}/features+rate`,
      description: '20-s rolling mean, thermal by rate',
      options: withThermalRate(defaultFitOptions(m), columns),
    });
    out.push({
      name: `${m}/features+auto-rate`,
      description: '20-s rolling mean, drifting columns by rate',
      options: { ...defaultFitOptions(m), autoRateOnly: AUTO_RATE_LIMIT },
    });
  }
  if (set === 'session1') return out;
  // Session 2: the rolling standard deviation next to the mean (vibration, cavitation and a throttled
  // pump change the spread before or without the level), at three windows for the cheap PCA methods
  // and at 20 s for MSET and the ensemble. The window is thus chosen by cross-validation too.
  for (const m of methods) {
    for (const w of m === 't2' || m === 't2q' ? [10, 20, 40] : [20]) {
      const base = defaultFitOptions(m);
      out.push({
        name: `${m}/features+std+rate${w === 20 ? '' : `/w${w}`}`,
        description: `${w}-s rolling mean and std, thermal by rate`,
        options: withThermalRate(
          { ...base, features: { ...base.features, window: w, kinds: ['mean', 'std'] } },
          columns,
        ),
      });
    }
  }
  // Session 2: multi-scale T², the 20-s and 40-s mean+std models above averaged (fitMultiScaleModel).
  if (methods.includes('t2')) {
    const base = defaultFitOptions('t2');
    out.push({
      name: 't2/features+std+rate/w20+40',
      description: '20-s and 40-s mean+std models averaged, thermal by rate',
      options: withThermalRate({ ...base, features: { ...base.features, kinds: ['mean', 'std'] } }, columns),
      windows: [20, 40],
    });
  }
  return out;
}

export interface CandidateResult {
  readonly name: string;
  readonly description: string;
  readonly fixed: { threshold: number; f1: number; far: number; mar: number };
  readonly crossValidated: { f1: number; far: number; mar: number; chosen: Record<string, number> };
  readonly fitMsPerFile: number;
  readonly scoreUsPerRow: number;
  /** Detection delay at the fixed threshold: events starting in the test parts, detected, median samples. */
  readonly fixedDelay: { events: number; detected: number; medianDelay: number };
  readonly perFile: { name: string; f1: number; far: number; mar: number }[];
}

export interface SelectionResult {
  readonly folds: SelectionFolds;
  readonly criterion: SelectionCriterion;
  readonly f1: number;
  readonly far: number;
  readonly mar: number;
  readonly delay: { events: number; detected: number; medianDelay: number };
  readonly chosen: Record<string, { candidate: string; threshold: number }>;
}

/**
 * The honest figures: the whole choice (candidate and threshold) cross-validated three ways. The first
 * is session 1's rule and stays the headline; the two others show how much the figure depends on it.
 */
export const SELECTION_SCHEMES: readonly { folds: SelectionFolds; criterion: SelectionCriterion }[] = [
  { folds: 'group', criterion: 'pooled' },
  { folds: 'group', criterion: 'worst-group' },
  { folds: 'file', criterion: 'pooled' },
];

/** The benchmark's core: every candidate on the given files. Also used by the smoke test. */
export function runSkab(
  files: readonly SkabFile[],
  cands: readonly Candidate[],
  onCandidate?: (i: number, name: string) => void,
): { candidates: CandidateResult[]; selections: SelectionResult[] } {
  const runs: CandidateRun[] = [];
  const results = cands.map((c, i) => {
    onCandidate?.(i, c.name);
    const run = scoreSkab(files, c.options, undefined, c.windows);
    runs.push({ name: c.name, run, k: c.options.k, n: c.options.n });
    const fixed = evaluateThreshold(run, c.options.threshold, c.options.k, c.options.n);
    const groups = new Set(files.map((f) => f.group));
    const cv =
      groups.size > 1 ? crossValidate(run, THRESHOLD_GRID, c.options.k, c.options.n, GOAL.far) : undefined;
    const cvm = cv?.evaluation.metrics ?? fixed.metrics;
    const fixedDelays = run.files.flatMap((f) =>
      detectionDelays(f.truth, labelScoresFor(f.scores, c.options))
        .filter((e) => e.start > 0)
        .map((e) => e.delay),
    );
    return {
      name: c.name,
      description: c.description,
      fixed: { threshold: c.options.threshold, ...fixed.metrics },
      crossValidated: { ...cvm, chosen: cv?.chosen ?? {} },
      fitMsPerFile: run.fitMs / Math.max(1, files.length),
      scoreUsPerRow:
        (run.scoreMs * 1000) /
        Math.max(
          1,
          files.reduce((s, f) => s + f.rows.length, 0),
        ),
      fixedDelay: summariseDelays(fixedDelays),
      perFile: fixed.files.map((f) => ({ name: f.name, ...f.metrics })),
    };
  });
  const groups = new Set(files.map((f) => f.group));
  const selections =
    groups.size > 1
      ? SELECTION_SCHEMES.map(({ folds, criterion }) => {
          const sel = crossValidateSelection(runs, THRESHOLD_GRID, GOAL.far, folds, criterion);
          return {
            folds,
            criterion,
            ...sel.metrics,
            delay: summariseDelays(sel.delays),
            chosen: sel.chosen,
          };
        })
      : [];
  return { candidates: results, selections };
}

function labelScoresFor(scores: readonly number[], o: FitOptions): number[] {
  return labelScores(scores, o.threshold, o.k, o.n);
}

const HELP = `usage: npm run bench -- skab [options]

Anomaly detection on SKAB (Skoltech Anomaly Benchmark), current protocol: per file the first ${TRAIN_ROWS}
rows train, the rest test, no shuffling; binary F1 / FAR / MAR on the test parts, with TP/TN/FP/FN
summed over all 34 labelled files (as waico/tsad evaluating(metric='binary')).

options:
  --method <m>   one of ${ANOMALY_METHODS.join(', ')} (repeatable; default: all)
  --set <s>      candidate set: all (default) or session1 (the 15 candidates before the mean+std ones)
  --data <dir>   benchmark data root (default ${DEFAULT_DATA_DIR}); reads <dir>/skab/data
  --out <file>   JSON result (default bench/results/skab.json)
  --help`;

// eslint-disable-next-line @typescript-eslint/require-await -- the harness awaits every benchmark's main
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      method: { type: 'string', multiple: true },
      set: { type: 'string', default: 'all' },
      data: { type: 'string', default: DEFAULT_DATA_DIR },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const methods = (values.method ?? [...ANOMALY_METHODS]) as AnomalyMethod[];
  for (const m of methods) {
    if (!ANOMALY_METHODS.includes(m)) {
      console.error(
        `error bench.option-invalid: unknown method '${m}'. Use one of ${ANOMALY_METHODS.join(', ')}.`,
      );
      process.exitCode = 2;
      return;
    }
  }
  if (!CANDIDATE_SETS.includes(values.set as CandidateSet)) {
    console.error(
      `error bench.option-invalid: unknown set '${values.set}'. Use one of ${CANDIDATE_SETS.join(', ')}.`,
    );
    process.exitCode = 2;
    return;
  }
  const skabDir = path.join(values.data, 'skab');
  if (!existsSync(path.join(skabDir, 'data', 'valve1'))) {
    console.error(
      `error bench.data-missing: no SKAB data under ${skabDir}/data (valve1, valve2, other).\n  hint: pass --data <dir> with a skab/ folder (see ../shared/bench-data/README.md).`,
    );
    process.exitCode = 2;
    return;
  }
  const files = loadSkab(skabDir);
  const cands = candidates(methods, files[0]?.columns ?? [], values.set as CandidateSet);
  console.log(
    `SKAB protocol: ${files.length} files; per file rows 1–${TRAIN_ROWS} train, the rest test (${files.reduce((s, f) => s + f.rows.length - TRAIN_ROWS, 0)} test rows); no shuffling.`,
  );
  console.log(
    'Metrics: binary F1, FAR, MAR on test rows; TP/TN/FP/FN summed over all files, then F1 = TP/(TP+(FP+FN)/2).',
  );
  console.log(
    `"fixed": the a-priori alarm threshold. "CV": this candidate's threshold chosen from {${THRESHOLD_GRID.join(', ')}} by leave-one-group-out`,
  );
  console.log(
    'over valve1/valve2/other (best F1 with FAR ≤ 15% on the two other groups), applied to the held-out group.',
  );
  console.log(
    'Picking the best row of this table would peek at the test labels; the honest figures are the whole-choice rows below.\n',
  );
  const bar = progress('skab', cands.length);
  const { candidates: results, selections } = runSkab(files, cands, (i, name) => bar.tick(i, name));
  bar.done();
  const pct = (x: number): number => Math.round(x * 1000) / 10;
  const dash = (x: number): number | string => (Number.isFinite(x) ? x : '—');
  const rows: (string | number)[][] = results.map((r) => [
    r.name,
    r.description,
    r.fixed.threshold,
    r.fixed.f1,
    pct(r.fixed.far),
    pct(r.fixed.mar),
    dash(r.fixedDelay.medianDelay),
    r.crossValidated.f1,
    pct(r.crossValidated.far),
    pct(r.crossValidated.mar),
    Math.round(r.fitMsPerFile),
    Math.round(r.scoreUsPerRow),
  ]);
  for (const l of LEADERBOARD)
    rows.push([
      `[SKAB] ${l.method}`,
      'published leaderboard',
      '—',
      l.f1,
      l.far,
      l.mar,
      '—',
      '—',
      '—',
      '—',
      '—',
      '—',
    ]);
  console.log(
    table(
      [
        'candidate',
        'setup',
        'thr',
        'F1',
        'FAR %',
        'MAR %',
        'delay',
        'CV F1',
        'CV FAR %',
        'CV MAR %',
        'fit ms/file',
        'µs/row',
      ],
      rows,
    ),
  );
  console.log(
    '"delay": median samples (s) from the changepoint to the first alarm inside the event, at the fixed threshold.',
  );
  console.log(
    `\nWhole model choice cross-validated: candidate AND threshold picked on the training folds only (${cands.length} candidates × ${THRESHOLD_GRID.length} thresholds).`,
  );
  const selRows = selections.map((s) => {
    const counts = new Map<string, number>();
    for (const c of Object.values(s.chosen)) {
      const key = `${c.candidate} @ ${c.threshold}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const picks =
      s.folds === 'group'
        ? Object.entries(s.chosen)
            .map(([g, c]) => `${g}: ${c.candidate} @ ${c.threshold}`)
            .join('; ')
        : [...counts]
            .sort((a, b) => b[1] - a[1])
            .map(([k, n]) => `${k} ×${n}`)
            .join('; ');
    const met = s.f1 >= GOAL.f1 && s.far <= GOAL.far;
    return [
      s.folds === 'group' ? 'leave one group out' : 'leave one file out',
      s.criterion,
      s.f1,
      pct(s.far),
      pct(s.mar),
      `${dash(s.delay.medianDelay)} (${s.delay.detected}/${s.delay.events})`,
      met ? 'met' : 'NOT met',
      picks,
    ];
  });
  console.log(
    table(
      ['folds', 'criterion', 'F1', 'FAR %', 'MAR %', 'delay (found/events)', 'goal', 'chosen per fold'],
      selRows,
    ),
  );
  const headline = selections[0];
  if (headline !== undefined) {
    console.log(
      `\nheadline (session 1's rule: leave one group out, pooled F1 with FAR ≤ 15%): F1 ${headline.f1.toFixed(3)}, FAR ${pct(headline.far)}%, MAR ${pct(headline.mar)}%, ` +
        `median detection delay ${dash(headline.delay.medianDelay)} s. Goal F1 ≥ ${GOAL.f1} with FAR ≤ 15%: ${headline.f1 >= GOAL.f1 && headline.far <= GOAL.far ? 'met' : 'NOT met'}.`,
    );
  }
  const file = writeResult(
    'skab',
    {
      protocol: {
        trainRows: TRAIN_ROWS,
        files: files.length,
        aggregation: 'confusion summed over files (waico/tsad binary)',
        thresholdGrid: THRESHOLD_GRID,
        cv: 'leave-one-group-out (valve1, valve2, other), select best F1 with FAR <= 0.15',
        candidateSet: values.set,
      },
      machine: machineInfo(),
      leaderboard: LEADERBOARD,
      goal: GOAL,
      selectionSchemes: SELECTION_SCHEMES,
      selectionsCrossValidated: selections,
      candidates: results,
    },
    values.out,
  );
  console.log(`wrote ${file}`);
}
