// SKAB (Skoltech Anomaly Benchmark, Katser & Kozitsin 2020, GPL-3.0 data) under its current protocol:
// per file the first 400 rows train and the rest test, no shuffling; binary F1/FAR/MAR on the test
// parts, confusion counts summed over all files (waico/tsad `evaluating(metric='binary')`).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  addConfusion,
  binaryMetrics,
  confusion,
  createMultiScaleDetector,
  fitAnomalyModel,
  fitMultiScaleModel,
  parseNumericTable,
  scoreRows,
  type BinaryMetrics,
  type Confusion,
  type FitOptions,
  type StreamingDetector,
} from '@aethercore/analytics';

export const TRAIN_ROWS = 400;

export interface SkabFile {
  /** e.g. `valve1/3.csv` */
  readonly name: string;
  readonly group: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly number[])[];
  readonly anomaly: readonly number[];
}

export function parseSkabFile(name: string, text: string): SkabFile {
  const t = parseNumericTable(text, { source: name });
  const ia = t.columns.indexOf('anomaly');
  const ic = t.columns.indexOf('changepoint');
  if (ia < 0) throw new Error(`${name}: no 'anomaly' column`);
  const sensors = t.columns.map((_, j) => j).filter((j) => j !== ia && j !== ic);
  return {
    name,
    group: name.split('/')[0] ?? name,
    columns: sensors.map((j) => t.columns[j] as string),
    rows: t.rows.map((r) => sensors.map((j) => r[j] as number)),
    anomaly: t.rows.map((r) => ((r[ia] as number) > 0.5 ? 1 : 0)),
  };
}

/** The 34 labelled experiments (valve1, valve2, other); the anomaly-free run is not part of the score. */
export function loadSkab(skabDir: string): SkabFile[] {
  const dataDir = path.join(skabDir, 'data');
  const files: SkabFile[] = [];
  for (const group of ['valve1', 'valve2', 'other']) {
    const dir = path.join(dataDir, group);
    const names = readdirSync(dir)
      .filter((f) => f.endsWith('.csv'))
      .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
    for (const f of names)
      files.push(parseSkabFile(`${group}/${f}`, readFileSync(path.join(dir, f), 'utf8')));
  }
  return files;
}

export interface FileResult {
  readonly name: string;
  readonly confusion: Confusion;
  readonly metrics: BinaryMetrics;
}

/** Scores of one candidate on every file: fitted once, then any threshold can be applied. */
export interface ScoredRun {
  readonly files: readonly {
    readonly name: string;
    readonly group: string;
    readonly truth: readonly number[];
    readonly scores: readonly number[];
  }[];
  readonly fitMs: number;
  readonly scoreMs: number;
  readonly testRows: number;
}

export interface SkabEvaluation {
  readonly threshold: number;
  readonly confusion: Confusion;
  readonly metrics: BinaryMetrics;
  readonly files: FileResult[];
}

/**
 * Fit on each file's first 400 rows, score the whole file as one stream, keep the test part's scores.
 * With `windows` (two or more), a multi-scale model: one member per window, scores averaged.
 */
export function scoreSkab(
  files: readonly SkabFile[],
  options: FitOptions,
  onFile?: (i: number) => void,
  windows?: readonly number[],
): ScoredRun {
  let fitMs = 0;
  let scoreMs = 0;
  let testRows = 0;
  const out = files.map((f, i) => {
    const t0 = performance.now();
    const train = f.rows.slice(0, TRAIN_ROWS);
    const detector =
      windows === undefined
        ? undefined
        : createMultiScaleDetector(fitMultiScaleModel(f.columns, train, options, windows));
    const model = detector === undefined ? fitAnomalyModel(f.columns, train, options) : undefined;
    const t1 = performance.now();
    const verdicts =
      model !== undefined
        ? scoreRows(model, f.rows)
        : f.rows.map((r) => (detector as StreamingDetector).update(r));
    fitMs += t1 - t0;
    scoreMs += performance.now() - t1;
    const scores = verdicts.slice(TRAIN_ROWS).map((v) => v.score);
    testRows += scores.length;
    onFile?.(i + 1);
    return { name: f.name, group: f.group, truth: f.anomaly.slice(TRAIN_ROWS), scores };
  });
  return { files: out, fitMs, scoreMs, testRows };
}

/** Labels from scores with the alarm rule "k of the last n above the threshold" (per file, causal). */
export function labelScores(scores: readonly number[], threshold: number, k: number, n: number): number[] {
  const window: number[] = [];
  return scores.map((s) => {
    window.push(s > threshold ? 1 : 0);
    if (window.length > n) window.shift();
    return window.reduce((a, b) => a + b, 0) >= k ? 1 : 0;
  });
}

/** SKAB's binary evaluation of one threshold over the chosen files (confusions summed over files). */
export function evaluateThreshold(
  run: ScoredRun,
  threshold: number,
  k: number,
  n: number,
  groups?: readonly string[],
): SkabEvaluation {
  let total: Confusion = { tp: 0, tn: 0, fp: 0, fn: 0 };
  const files: FileResult[] = [];
  for (const f of run.files) {
    if (groups !== undefined && !groups.includes(f.group)) continue;
    const c = confusion(f.truth, labelScores(f.scores, threshold, k, n));
    total = addConfusion(total, c);
    files.push({ name: f.name, confusion: c, metrics: binaryMetrics(c) });
  }
  return { threshold, confusion: total, metrics: binaryMetrics(total), files };
}

/** Convenience: fit, score and evaluate at the model's own threshold. */
export function evaluateSkab(files: readonly SkabFile[], options: FitOptions): SkabEvaluation {
  return evaluateThreshold(scoreSkab(files, options), options.threshold, options.k, options.n);
}

/** Pick the threshold with the best F1 among those with FAR ≤ maxFar (else the lowest FAR). */
export function selectThreshold(
  run: ScoredRun,
  thresholds: readonly number[],
  k: number,
  n: number,
  maxFar: number,
  groups: readonly string[],
): number {
  const evals = thresholds.map((t) => evaluateThreshold(run, t, k, n, groups));
  const ok = evals.filter((e) => e.metrics.far <= maxFar);
  const pool = ok.length > 0 ? ok : [...evals].sort((a, b) => a.metrics.far - b.metrics.far).slice(0, 1);
  return pool.reduce((best, e) => (e.metrics.f1 > best.metrics.f1 ? e : best)).threshold;
}

/**
 * Leave-one-group-out cross-validation of the threshold: for each experiment group (valve1, valve2,
 * other) the threshold is chosen on the two other groups only, then applied to the held-out group;
 * the held-out confusions are summed. No figure here has seen its own test labels.
 */
export function crossValidate(
  run: ScoredRun,
  thresholds: readonly number[],
  k: number,
  n: number,
  maxFar: number,
): { evaluation: SkabEvaluation; chosen: Record<string, number> } {
  const groups = [...new Set(run.files.map((f) => f.group))];
  let total: Confusion = { tp: 0, tn: 0, fp: 0, fn: 0 };
  const files: FileResult[] = [];
  const chosen: Record<string, number> = {};
  for (const g of groups) {
    const t = selectThreshold(
      run,
      thresholds,
      k,
      n,
      maxFar,
      groups.filter((x) => x !== g),
    );
    chosen[g] = t;
    const e = evaluateThreshold(run, t, k, n, [g]);
    total = addConfusion(total, e.confusion);
    files.push(...e.files);
  }
  return {
    evaluation: { threshold: Number.NaN, confusion: total, metrics: binaryMetrics(total), files },
    chosen,
  };
}
