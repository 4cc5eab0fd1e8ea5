/**
 * Mondrian split-conformal intervals over bins of the predicted RUL (Vovk, Gammerman & Shafer,
 * "Algorithmic Learning in a Random World", 2005, ch. 4; Vovk et al., "Mondrian confidence
 * machine", 2003). The calibration points are grouped by the *prediction* ŷ (a function of the
 * input only), and each group gets its own normalised asymmetric quantiles (`ml/conformal.ts`).
 * Within every group the finite-sample guarantee holds, so it holds marginally too.
 *
 * Why: one score scale σ = floor + ŷ over-covers near failure (errors of 2–4 cycles against
 * intervals of 12–26 on FD003) and is just right near the cap, so the marginal coverage depends on
 * how many units of a test set sit near failure. Per-bin quantiles give about 90 % in each bin.
 */
import { calibrateConformal, conformalInterval, type ConformalCalibration } from '../ml/conformal.ts';

export interface MondrianCalibration {
  readonly alpha: number;
  /** Upper bin edges on ŷ: bin b holds ŷ ≤ edges[b]; the last bin (index edges.length) the rest. */
  readonly edges: number[];
  readonly bins: ConformalCalibration[];
  /** σ(ŷ) = sigmaFloor + ŷ inside a bin. */
  readonly sigmaFloor: number;
}

/**
 * Calibrate on held-out truths and predictions. The bins are equal-count bins of ŷ with at least
 * `minPerBin` points each (at most `maxBins` bins), so every bin's quantile is stable.
 */
export function calibrateMondrian(
  truth: readonly number[],
  pred: readonly number[],
  alpha: number,
  sigmaFloor: number,
  options: { readonly maxBins?: number; readonly minPerBin?: number } = {},
): MondrianCalibration {
  const n = pred.length;
  const nBins = Math.max(1, Math.min(options.maxBins ?? 5, Math.floor(n / (options.minPerBin ?? 200))));
  const sorted = [...pred].sort((a, b) => a - b);
  // Greedy equal-count edges: a bin closes after ≥ n/nBins points, only between distinct values
  // (many predictions sit exactly at the cap) and only if the rest still fills a bin.
  const target = Math.ceil(n / nBins);
  const edges: number[] = [];
  let count = 0;
  for (let i = 0; i < n - 1 && edges.length < nBins - 1; i++) {
    count++;
    const v = sorted[i] ?? 0;
    if (count >= target && (sorted[i + 1] ?? v) > v && n - 1 - i >= target) {
      edges.push(v);
      count = 0;
    }
  }
  const groups: number[][] = Array.from({ length: edges.length + 1 }, () => []);
  pred.forEach((p, i) => groups[binOf(edges, p)]?.push(i));
  const bins = groups.map((ix) =>
    calibrateConformal(
      ix.map((i) => truth[i] ?? 0),
      ix.map((i) => pred[i] ?? 0),
      ix.map((i) => sigmaFloor + (pred[i] ?? 0)),
      alpha,
      'asymmetric',
    ),
  );
  return { alpha, edges, bins, sigmaFloor };
}

export function mondrianInterval(cal: MondrianCalibration, pred: number): { lower: number; upper: number } {
  const bin = cal.bins[binOf(cal.edges, pred)] ?? cal.bins[cal.bins.length - 1];
  if (bin === undefined) return { lower: -Infinity, upper: Infinity };
  return conformalInterval(bin, pred, cal.sigmaFloor + pred);
}

/** The smallest calibration set of any bin (a bin needs ≥ 2/α − 1 points for a finite interval). */
export function smallestBin(cal: MondrianCalibration): number {
  return Math.min(...cal.bins.map((b) => b.n));
}

/** The bin index of a prediction ŷ (0 … edges.length). */
export function mondrianBin(cal: MondrianCalibration, pred: number): number {
  return binOf(cal.edges, pred);
}

function binOf(edges: readonly number[], p: number): number {
  let b = 0;
  while (b < edges.length && !(p <= (edges[b] ?? Infinity))) b++;
  return b;
}
