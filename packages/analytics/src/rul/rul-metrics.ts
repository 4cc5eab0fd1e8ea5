/**
 * Scores of RUL predictions. The PHM08 score (Saxena et al., PHM 2008) punishes late predictions
 * (ŷ > y, the engine fails before we said) harder than early ones:
 *   d = ŷ − y;  s = e^(−d/13) − 1 if d < 0, else e^(d/10) − 1;  S = Σ s.
 */
export interface RulScores {
  readonly n: number;
  readonly rmse: number;
  readonly mae: number;
  readonly phm08: number;
  /** Share of truths inside [lower, upper]. */
  readonly coverage: number;
  readonly meanWidth: number;
}

export function phm08Score(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < pred.length; i++) {
    const d = (pred[i] ?? 0) - (truth[i] ?? 0);
    s += d < 0 ? Math.exp(-d / 13) - 1 : Math.exp(d / 10) - 1;
  }
  return s;
}

export function scoreRul(
  pred: ArrayLike<number>,
  truth: ArrayLike<number>,
  lower?: ArrayLike<number>,
  upper?: ArrayLike<number>,
): RulScores {
  const n = pred.length;
  if (truth.length !== n) throw new Error(`scoreRul: ${n} predictions, ${truth.length} truths`);
  let se = 0;
  let ae = 0;
  let hit = 0;
  let width = 0;
  for (let i = 0; i < n; i++) {
    const d = (pred[i] ?? 0) - (truth[i] ?? 0);
    se += d * d;
    ae += Math.abs(d);
    if (lower !== undefined && upper !== undefined) {
      const lo = lower[i] ?? -Infinity;
      const hi = upper[i] ?? Infinity;
      const y = truth[i] ?? 0;
      if (y >= lo && y <= hi) hit++;
      width += hi - lo;
    }
  }
  const has = lower !== undefined && upper !== undefined && n > 0;
  return {
    n,
    rmse: Math.sqrt(se / n),
    mae: ae / n,
    phm08: phm08Score(pred, truth),
    coverage: has ? hit / n : Number.NaN,
    meanWidth: has ? width / n : Number.NaN,
  };
}
