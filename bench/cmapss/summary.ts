// Across-seed summary of B3 rows: a figure that holds for one lucky seed is not a result, so each
// data set and protocol is judged on every seed (worst case) and reported with its median.
import { median } from '../lib/stats.ts';
import { GOAL_COVERAGE, GOAL_RMSE, type CmapssEvaluation } from './run-cmapss.ts';

export interface CmapssSummary {
  readonly dataset: string;
  readonly protocol: string;
  readonly seeds: number[];
  readonly rmse: number[];
  readonly coverage: number[];
  /** Coverage of the same models calibrated on one unseen member per cut (side by side). */
  readonly oneMemberCoverage: number[];
  /** Side by side, same models: the unweighted and the shift-weighted interval's coverage per seed. */
  readonly splitCoverage: number[];
  readonly weightedCoverage: number[];
  readonly splitCoverageMet: boolean;
  readonly weightedCoverageMet: boolean;
  /** Kish n_eff of the shift weights per seed (mean over CV folds). */
  readonly nEff: number[];
  readonly medianRmse: number;
  readonly maxRmse: number;
  readonly medianPhm08: number;
  readonly medianCoverage: number;
  readonly minCoverage: number;
  readonly maxCoverage: number;
  readonly medianWidth: number;
  readonly medianTrainSeconds: number;
  /** RMSE within the goal on every seed. */
  readonly rmseMet: boolean;
  /** Coverage within the band on every seed. */
  readonly coverageMet: boolean;
}

export function summariseSeeds(rows: readonly CmapssEvaluation[]): CmapssSummary[] {
  const groups = new Map<string, CmapssEvaluation[]>();
  for (const r of rows) {
    const key = `${r.dataset} ${r.protocol}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    const first = g[0];
    const rmse = g.map((r) => r.rmse);
    const coverage = g.map((r) => r.coverage);
    const goal = GOAL_RMSE[first?.dataset ?? ''] ?? Number.NaN;
    return {
      dataset: first?.dataset ?? '',
      protocol: first?.protocol ?? '',
      seeds: g.map((r) => r.seed),
      rmse,
      coverage,
      oneMemberCoverage: g.map((r) => r.oneMember.coverage),
      splitCoverage: g.map((r) => r.split.coverage),
      weightedCoverage: g.map((r) => r.weighted.coverage),
      splitCoverageMet: g.every((r) => inBand(r.split.coverage)),
      weightedCoverageMet: g.every((r) => inBand(r.weighted.coverage)),
      nEff: g.map((r) => r.weighted.nEff),
      medianRmse: median(rmse),
      maxRmse: Math.max(...rmse),
      medianPhm08: median(g.map((r) => r.phm08)),
      medianCoverage: median(coverage),
      minCoverage: Math.min(...coverage),
      maxCoverage: Math.max(...coverage),
      medianWidth: median(g.map((r) => r.meanWidth)),
      medianTrainSeconds: median(g.map((r) => r.trainSeconds)),
      rmseMet: rmse.every((v) => v <= goal),
      coverageMet: coverage.every(inBand),
    };
  });
}

function inBand(c: number): boolean {
  return c >= GOAL_COVERAGE[0] && c <= GOAL_COVERAGE[1];
}

/** `1-5`, `1,2,7` or `3` → the seeds, in order, without duplicates; undefined when malformed. */
export function parseSeeds(text: string): number[] | undefined {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (m === null) return undefined;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || b < a || b - a > 1000) return undefined;
    for (let s = a; s <= b; s++) if (!out.includes(s)) out.push(s);
  }
  return out.length === 0 ? undefined : out;
}
