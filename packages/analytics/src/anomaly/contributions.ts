import { featureLayout } from './features.ts';
import type { AnomalyModel, ScorerParams } from './model.ts';
import { msetEstimator } from './mset.ts';
import { t2qStatistics } from './pca-t2q.ts';

/**
 * Which sensor drives an alarm: contribution plots (Miller, Swanson & Heckler 1998; Westerhuis, Gurden
 * & Smilde 2000). For PCA models the statistic that is further beyond its limit is decomposed:
 * Q into the squared residual of each variable, T² into cⱼ = xⱼ · Σᵢ pⱼᵢ tᵢ / λᵢ (negative parts set to
 * 0). For MSET, the squared standardised residual of each variable. Feature contributions are summed
 * per original column and normalised to shares that sum to 1.
 */
export interface ColumnContribution {
  readonly column: string;
  /** Share of the score in [0, 1]. */
  readonly share: number;
}

function t2qFeatureContributions(p: Extract<ScorerParams, { kind: 't2q' }>, x: readonly number[]): number[] {
  const c = x.map((v, j) => v - (p.mean[j] as number));
  if (p.inverseCovariance !== undefined) {
    return c.map((cj, j) =>
      Math.max(
        0,
        cj * (p.inverseCovariance as number[][])[j]!.reduce((s, m, l) => s + m * (c[l] as number), 0),
      ),
    );
  }
  const k = p.eigenvalues.length;
  const t = Array.from({ length: k }, (_, i) =>
    c.reduce((s, v, j) => s + ((p.loadings[j] as number[])[i] as number) * v, 0),
  );
  const stats = t2qStatistics(p, x);
  const useQ = p.useQ && p.qLimit !== undefined && stats.q / p.qLimit > stats.t2 / p.t2Limit;
  if (useQ) {
    // residual e = c − P t
    return c.map((v, j) => {
      const rec = t.reduce((s, ti, i) => s + ((p.loadings[j] as number[])[i] as number) * ti, 0);
      return (v - rec) ** 2;
    });
  }
  return c.map((v, j) =>
    Math.max(
      0,
      v *
        t.reduce(
          (s, ti, i) => s + (((p.loadings[j] as number[])[i] as number) * ti) / (p.eigenvalues[i] as number),
          0,
        ),
    ),
  );
}

/** Per-feature contributions of one scorer for a scaled feature vector x. */
export function featureContributions(p: ScorerParams, x: readonly number[]): number[] {
  if (p.kind === 't2q') return t2qFeatureContributions(p, x);
  const xh = msetEstimator(p)(x);
  return x.map((v, j) => ((v - (xh[j] as number)) / (p.residualScale[j] as number)) ** 2);
}

/** Column shares for a scaled feature vector, sorted by share (largest first). */
export function columnContributions(model: AnomalyModel, x: readonly number[]): ColumnContribution[] {
  const layout = featureLayout(model.features, model.columns.length);
  const perColumn = new Array<number>(model.columns.length).fill(0);
  model.scorers.forEach((p) => {
    const f = featureContributions(p, x);
    const total = f.reduce((s, v) => s + v, 0);
    if (!(total > 0)) return;
    // Each scorer counts equally, as in the ensemble's mean of calibrated scores.
    f.forEach((v, i) => {
      const col = (layout[i] as [string, number])[1];
      perColumn[col] = (perColumn[col] as number) + v / total;
    });
  });
  const sum = perColumn.reduce((s, v) => s + v, 0);
  return model.columns
    .map((column, j) => ({ column, share: sum > 0 ? (perColumn[j] as number) / sum : 0 }))
    .sort((a, b) => b.share - a.share);
}
