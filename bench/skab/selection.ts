// Honest model selection for SKAB: the whole configuration (method, features, window, threshold) is
// chosen inside a cross-validation, so no reported figure has seen its own test labels.
import {
  addConfusion,
  binaryMetrics,
  confusion,
  detectionDelays,
  type BinaryMetrics,
  type Confusion,
} from '@aethercore/analytics';
import { labelScores, type FileResult, type ScoredRun } from './skab.ts';

/** One fitted candidate (scores of every file) with its alarm persistence. */
export interface CandidateRun {
  readonly name: string;
  readonly run: ScoredRun;
  readonly k: number;
  readonly n: number;
}

/**
 * - `group`: leave one experiment group out (valve1, valve2, other): the configuration for a group is
 *   chosen on the two other groups, a different kind of fault. This is a domain-shift test, stricter
 *   than SKAB's protocol.
 * - `file`: leave one file out: the configuration for a file is chosen on the 33 others.
 */
export type SelectionFolds = 'group' | 'file';

/**
 * How a (candidate, threshold) pair is scored on the training folds; every rule prefers the best F1
 * among the pairs that keep FAR ≤ maxFar, else the lowest FAR.
 * - `pooled`: F1 and FAR of the confusions summed over all training files (SKAB's aggregation).
 * - `worst-group`: the lowest F1 and the highest FAR over the experiment groups in the training
 *   folds, so a pair must work on every kind of fault it has seen (group-robust selection in the sense
 *   of Sagawa et al. 2020, "Distributionally robust neural networks for group shifts").
 */
export type SelectionCriterion = 'pooled' | 'worst-group';

export interface SelectionOutcome {
  readonly folds: SelectionFolds;
  readonly criterion: SelectionCriterion;
  readonly confusion: Confusion;
  readonly metrics: BinaryMetrics;
  readonly files: FileResult[];
  /** Chosen pair per fold (fold = group name or file name). */
  readonly chosen: Record<string, { candidate: string; threshold: number }>;
  /** Detection delay (samples from the changepoint) of every anomaly event that starts in a test part. */
  readonly delays: (number | null)[];
}

const ZERO: Confusion = { tp: 0, tn: 0, fp: 0, fn: 0 };

/** Score of a pair on the training files under a criterion: { f1, far }. */
function trainScore(
  perFile: ReadonlyMap<string, Confusion>,
  train: readonly { name: string; group: string }[],
  criterion: SelectionCriterion,
): { f1: number; far: number } {
  if (criterion === 'pooled') {
    let c = ZERO;
    for (const f of train) c = addConfusion(c, perFile.get(f.name) ?? ZERO);
    return binaryMetrics(c);
  }
  const byGroup = new Map<string, Confusion>();
  for (const f of train)
    byGroup.set(f.group, addConfusion(byGroup.get(f.group) ?? ZERO, perFile.get(f.name) ?? ZERO));
  let f1 = Number.POSITIVE_INFINITY;
  let far = 0;
  for (const c of byGroup.values()) {
    const m = binaryMetrics(c);
    f1 = Math.min(f1, m.f1);
    far = Math.max(far, m.far);
  }
  return { f1: Number.isFinite(f1) ? f1 : 0, far };
}

/**
 * Cross-validate the whole model choice: for each fold, the (candidate, threshold) pair that the
 * criterion ranks best on the other folds is applied to the held-out files; the held-out confusions
 * are summed. Ties keep the earlier candidate and the lower threshold, so the result is deterministic.
 */
export function crossValidateSelection(
  runs: readonly CandidateRun[],
  thresholds: readonly number[],
  maxFar: number,
  folds: SelectionFolds = 'group',
  criterion: SelectionCriterion = 'pooled',
): SelectionOutcome {
  const files = runs[0]?.run.files ?? [];
  // Labels and per-file confusions of every pair, computed once.
  const labels = runs.map((r) =>
    thresholds.map((t) => r.run.files.map((f) => labelScores(f.scores, t, r.k, r.n))),
  );
  const conf = runs.map((r, i) =>
    thresholds.map(
      (_, j) =>
        new Map(r.run.files.map((f, x) => [f.name, confusion(f.truth, labels[i]?.[j]?.[x] ?? [])] as const)),
    ),
  );
  const foldOf = (f: { name: string; group: string }): string => (folds === 'group' ? f.group : f.name);
  const foldNames = [...new Set(files.map(foldOf))];
  let total = ZERO;
  const results: FileResult[] = [];
  const chosen: Record<string, { candidate: string; threshold: number }> = {};
  const delays: (number | null)[] = [];
  for (const fold of foldNames) {
    const train = files.filter((f) => foldOf(f) !== fold);
    let best: { i: number; j: number; f1: number; far: number } | undefined;
    conf.forEach((byThreshold, i) =>
      byThreshold.forEach((perFile, j) => {
        const m = trainScore(perFile, train, criterion);
        const better =
          best === undefined ||
          (m.far <= maxFar && (best.far > maxFar || m.f1 > best.f1)) ||
          (m.far > maxFar && best.far > maxFar && m.far < best.far);
        if (better) best = { i, j, f1: m.f1, far: m.far };
      }),
    );
    if (best === undefined) continue;
    const run = runs[best.i] as CandidateRun;
    chosen[fold] = { candidate: run.name, threshold: thresholds[best.j] as number };
    run.run.files.forEach((f, x) => {
      if (foldOf(f) !== fold) return;
      const c = conf[best!.i]?.[best!.j]?.get(f.name) ?? ZERO;
      total = addConfusion(total, c);
      results.push({ name: f.name, confusion: c, metrics: binaryMetrics(c) });
      // Only events that start inside the test part have a changepoint the detector could see (other/2's
      // anomaly starts at row 104, in the training part).
      const predicted = labels[best!.i]?.[best!.j]?.[x] ?? [];
      const events = detectionDelays(f.truth, predicted).filter((e) => e.start > 0);
      for (const e of events) delays.push(e.delay);
    });
  }
  return {
    folds,
    criterion,
    confusion: total,
    metrics: binaryMetrics(total),
    files: results,
    chosen,
    delays,
  };
}

/** Median of the detected events' delays and the count of missed events. */
export function summariseDelays(delays: readonly (number | null)[]): {
  events: number;
  detected: number;
  medianDelay: number;
} {
  const hit = delays.filter((d): d is number => d !== null).sort((a, b) => a - b);
  const mid = hit.length >> 1;
  const medianDelay =
    hit.length === 0
      ? Number.NaN
      : hit.length % 2 === 1
        ? (hit[mid] as number)
        : ((hit[mid - 1] as number) + (hit[mid] as number)) / 2;
  return { events: delays.length, detected: hit.length, medianDelay };
}
