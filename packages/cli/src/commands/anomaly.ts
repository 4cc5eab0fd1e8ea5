/**
 * `aethercore anomaly fit|score`: fit a multivariate anomaly detector on a recorded CSV (a time column
 * plus numeric sensor columns, separator auto-detected) and score another recording with it, one score
 * and one 0/1 label per row. The model is a JSON file that the server and the live twin load as well.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AetherError } from '@aethercore/core';
import {
  ANOMALY_FEATURE_KINDS,
  ANOMALY_METHODS,
  ANOMALY_MULTI_SCALE_FORMAT,
  baselineFitOptions,
  createMultiScaleDetector,
  createStreamingDetector,
  defaultFitOptions,
  fitAnomalyModel,
  fitMultiScaleModel,
  parseAnomalyModel,
  parseMultiScaleModel,
  parseNumericTable,
  type AnomalyFeatureKind,
  type AnomalyMethod,
  type FitOptions,
  type NumericTable,
  type StreamingDetector,
} from '@aethercore/analytics';
import { badOption, readTextFile } from '../input.ts';

interface FitCliOptions {
  readonly data: string;
  readonly out: string;
  readonly method: string;
  readonly trainRows?: string;
  readonly exclude?: string;
  readonly rateOnly?: string;
  readonly autoRateOnly?: string;
  readonly window?: string;
  readonly features?: string;
  readonly threshold?: string;
  readonly classic?: boolean;
}

interface ScoreCliOptions {
  readonly model: string;
  readonly data: string;
  readonly csv?: boolean;
  readonly json?: boolean;
  readonly explain?: boolean;
}

const list = (s: string | undefined): string[] =>
  s === undefined
    ? []
    : s
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');

function positiveNumber(value: string | undefined, name: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw badOption(
      `${name} must be a positive ${integer ? 'integer' : 'number'}, got '${value}'`,
      `e.g. ${name} ${integer ? '400' : '1.5'}`,
    );
  }
  return n;
}

/** `--window 20` or `--window 20,40` (several windows: a multi-scale model). */
export function windowsFromCli(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const parts = list(value);
  const windows = parts.map((w) => positiveNumber(w, '--window', true) as number);
  if (windows.length === 0)
    throw badOption(`--window needs a number, got '${value}'`, 'e.g. --window 20 or --window 20,40');
  return [...new Set(windows)];
}

/** Build fit options from the CLI flags on top of the method's defaults (the first --window if several). */
export function fitOptionsFromCli(opts: FitCliOptions, columns: readonly string[]): FitOptions {
  if (!ANOMALY_METHODS.includes(opts.method as AnomalyMethod)) {
    throw badOption(`unknown method '${opts.method}'`, `Use one of ${ANOMALY_METHODS.join(', ')}.`);
  }
  const method = opts.method as AnomalyMethod;
  const base = opts.classic === true ? baselineFitOptions(method) : defaultFitOptions(method);
  const rateOnly = list(opts.rateOnly).map((c) => {
    const j = columns.indexOf(c);
    if (j < 0)
      throw badOption(
        `--rate-only names '${c}', which is not a column of the data`,
        `Columns: ${columns.join(', ')}`,
      );
    return j;
  });
  const window = windowsFromCli(opts.window)?.[0];
  const kinds = list(opts.features);
  const unknownKind = kinds.find((k) => !ANOMALY_FEATURE_KINDS.includes(k as AnomalyFeatureKind));
  if (unknownKind !== undefined)
    throw badOption(
      `--features names '${unknownKind}', which is not a feature kind`,
      `Use a comma-separated list of ${ANOMALY_FEATURE_KINDS.join(', ')}, e.g. --features mean,std`,
    );
  const threshold = positiveNumber(opts.threshold, '--threshold', false);
  const autoRateOnly = positiveNumber(opts.autoRateOnly, '--auto-rate-only', false);
  return {
    ...base,
    ...(autoRateOnly === undefined ? {} : { autoRateOnly }),
    features: {
      ...base.features,
      ...(window === undefined ? {} : { window }),
      ...(kinds.length === 0 ? {} : { kinds: [...new Set(kinds)] as AnomalyFeatureKind[] }),
      ...(rateOnly.length > 0 ? { rateOnly } : {}),
    },
    ...(threshold === undefined ? {} : { threshold }),
  };
}

/** The model's columns picked by name from a table (extra columns such as labels are ignored). */
export function selectColumns(
  model: { readonly columns: readonly string[] },
  table: NumericTable,
): number[][] {
  const idx = model.columns.map((c) => {
    const j = table.columns.indexOf(c);
    if (j < 0) {
      throw new AetherError({
        code: 'anomaly.column-missing',
        message: `the data has no column '${c}', which the model was fitted on`,
        hint: `Model columns: ${model.columns.join(', ')}. Data columns: ${table.columns.join(', ')}.`,
        path: c,
      });
    }
    return j;
  });
  return table.rows.map((r) => idx.map((j) => r[j] as number));
}

export function register(program: Command): void {
  const anomaly = program
    .command('anomaly')
    .description('multivariate anomaly detection on sensor recordings (PCA T²+Q, MSET, ensemble)')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  aethercore anomaly fit --data fixtures/skab/valve1-1.csv --train-rows 400 --exclude anomaly,changepoint \\\n' +
        '      --rate-only Temperature,Thermocouple --method t2q --out /tmp/model.json\n' +
        '  aethercore anomaly score --model /tmp/model.json --data fixtures/skab/valve1-1.csv --csv',
    );

  anomaly
    .command('fit')
    .description(
      'fit a detector on anomaly-free rows of a CSV (time column + numeric columns) and write the model JSON',
    )
    .requiredOption(
      '--data <csv>',
      'training recording: a time column, then numeric sensor columns (separator ; , or tab)',
    )
    .requiredOption('--out <model.json>', 'where to write the model')
    .option('--method <method>', `${ANOMALY_METHODS.join(' | ')}`, 't2q')
    .option('--train-rows <n>', 'use only the first n data rows for training (default: all)')
    .option(
      '--exclude <cols>',
      'comma-separated columns to leave out (e.g. label columns anomaly,changepoint)',
    )
    .option(
      '--rate-only <cols>',
      'comma-separated slow columns (temperatures) monitored by rate of change, not level',
    )
    .option(
      '--auto-rate-only <limit>',
      'also monitor by rate every column whose training mean drifts by more than <limit> short-term σ (e.g. 4)',
    )
    .option(
      '--window <n>',
      'rolling feature window in rows (default 20; 1 with --classic); several (20,40) fit a multi-scale model whose scores are averaged',
    )
    .option(
      '--features <kinds>',
      `comma-separated feature kinds per column: ${ANOMALY_FEATURE_KINDS.join(', ')} (default mean; mean,std is what cross-validation picks on SKAB)`,
    )
    .option(
      '--threshold <x>',
      'alarm threshold in multiples of the calibration level (default 1.5; 1 with --classic)',
    )
    .option('--classic', "raw signals and textbook control limits, as SKAB's baselines")
    .action((opts: FitCliOptions) => {
      const table = parseNumericTable(readTextFile(opts.data, 'data file'), {
        source: opts.data,
        exclude: list(opts.exclude),
      });
      const trainRows = positiveNumber(opts.trainRows, '--train-rows', true) ?? table.rows.length;
      const options = fitOptionsFromCli(opts, table.columns);
      const windows = windowsFromCli(opts.window) ?? [];
      const train = table.rows.slice(0, trainRows);
      if (windows.length > 1) {
        const multi = fitMultiScaleModel(table.columns, train, options, windows);
        writeFileSync(opts.out, `${JSON.stringify(multi)}\n`);
        console.log(
          `fitted a multi-scale ${options.method} on ${train.length} rows × ${multi.columns.length} columns ` +
            `(windows ${windows.join(', ')}, scores averaged, alarm > ${multi.alarm.threshold}); wrote ${opts.out}`,
        );
        return;
      }
      const model = fitAnomalyModel(table.columns, train, options);
      writeFileSync(opts.out, `${JSON.stringify(model)}\n`);
      console.log(
        `fitted ${model.method} on ${Math.min(trainRows, table.rows.length)} rows × ${model.columns.length} columns ` +
          `(window ${model.features.window}, alarm > ${model.alarm.threshold} × ${model.training.calibration === 'control-limit' ? 'control limit' : `training q${model.training.calibrationQuantile ?? ''}`}); wrote ${opts.out}`,
      );
    });

  anomaly
    .command('score')
    .description('score every row of a CSV with a fitted model: a score and a 0/1 label per row')
    .requiredOption('--model <model.json>', 'model written by `aethercore anomaly fit`')
    .requiredOption('--data <csv>', "recording with (at least) the model's columns")
    .option('--csv', 'print CSV: time,score,label')
    .option('--json', 'print JSON: { rows: [{ time, score, label }], anomalies }')
    .option('--explain', 'add the column that drives the score most, and its share, to labelled rows')
    .action((opts: ScoreCliOptions) => {
      let raw: unknown;
      try {
        raw = JSON.parse(readTextFile(opts.model, 'model file'));
      } catch (e) {
        if (e instanceof AetherError) throw e;
        throw new AetherError({
          code: 'anomaly.model-invalid',
          message: `${opts.model} is not valid JSON`,
          hint: 'Pass the file written by `aethercore anomaly fit --out`.',
          path: opts.model,
          cause: e,
        });
      }
      const multi =
        typeof raw === 'object' &&
        raw !== null &&
        (raw as { format?: unknown }).format === ANOMALY_MULTI_SCALE_FORMAT;
      const model = multi ? parseMultiScaleModel(raw) : parseAnomalyModel(raw);
      const table = parseNumericTable(readTextFile(opts.data, 'data file'), { source: opts.data });
      const rows = selectColumns(model, table);
      const det: StreamingDetector =
        'members' in model ? createMultiScaleDetector(model) : createStreamingDetector(model);
      const top: string[] = [];
      const verdicts = rows.map((r) => {
        const v = det.update(r);
        if (opts.explain === true) {
          const c = v.label === 1 ? det.explain()[0] : undefined;
          top.push(c === undefined ? '' : `${c.column} (${Math.round(c.share * 100)}%)`);
        }
        return v;
      });
      const extra = (i: number): string => (opts.explain === true ? (top[i] ?? '') : '');
      const anomalies = verdicts.reduce((s, v) => s + v.label, 0);
      if (opts.json === true) {
        console.log(
          JSON.stringify({
            rows: verdicts.map((v, i) => ({
              time: table.times[i],
              score: v.score,
              label: v.label,
              ...(opts.explain === true ? { top: extra(i) } : {}),
            })),
            anomalies,
          }),
        );
        return;
      }
      if (opts.csv === true) {
        console.log(`${table.timeColumn},score,label${opts.explain === true ? ',top' : ''}`);
        verdicts.forEach((v, i) =>
          console.log(
            `${table.times[i] ?? ''},${v.score.toFixed(6)},${v.label}${opts.explain === true ? `,${extra(i)}` : ''}`,
          ),
        );
      } else {
        const w = Math.max(table.timeColumn.length, ...table.times.map((t) => t.length));
        console.log(`${table.timeColumn.padEnd(w)}  ${'score'.padStart(10)}  label`);
        verdicts.forEach((v, i) =>
          console.log(
            `${(table.times[i] ?? '').padEnd(w)}  ${v.score.toFixed(4).padStart(10)}  ${v.label}${extra(i) === '' ? '' : `  ${extra(i)}`}`,
          ),
        );
      }
      console.error(
        `${anomalies} of ${verdicts.length} rows labelled anomalous (threshold ${model.alarm.threshold})`,
      );
    });
}
