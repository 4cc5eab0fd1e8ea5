/**
 * Feature engineering over a sliding window of the raw sensor rows, computed causally (only past rows)
 * so that the same code serves recorded files and the live stream with O(window) memory.
 *
 * - `raw`:  the current value.
 * - `mean`: the rolling mean over the last `window` rows. Averaging w rows divides the variance of
 *           white sensor noise by w, so a sustained shift (a valve closing, a leak) stands out by √w more.
 * - `std`:  the rolling standard deviation: vibration and cavitation change the spread before the level.
 * - `diff`: the difference between the rolling mean and the mean of the window before it (a slope).
 */
export const ANOMALY_FEATURE_KINDS = ['raw', 'mean', 'std', 'diff'] as const;
export type AnomalyFeatureKind = (typeof ANOMALY_FEATURE_KINDS)[number];

export interface AnomalyFeatureSpec {
  readonly window: number;
  readonly kinds: readonly AnomalyFeatureKind[];
  /**
   * Columns (indices) monitored by their rate of change only (`diff`), not by their level: slow thermal
   * signals whose time constant is far longer than the training window. Their level in a short training
   * window is not a stationary reference, so a level limit would alarm on ordinary warm-up or cool-down.
   */
  readonly rateOnly?: readonly number[];
}

export const RAW_FEATURES: AnomalyFeatureSpec = { window: 1, kinds: ['raw'] };

export interface FeatureExtractor {
  /** Push one raw row; returns the feature vector for this instant. */
  push(row: readonly number[]): number[];
  readonly dimension: number;
}

/** Names of the features, e.g. `Pressure:mean`. */
export function featureNames(columns: readonly string[], spec: AnomalyFeatureSpec): string[] {
  return featureLayout(spec, columns.length).map(([k, j]) =>
    k === 'raw' ? (columns[j] as string) : `${columns[j]}:${k}`,
  );
}

/** The (kind, column) pairs of the feature vector, in order. */
export function featureLayout(spec: AnomalyFeatureSpec, columns: number): [AnomalyFeatureKind, number][] {
  const rate = new Set(spec.rateOnly ?? []);
  const out: [AnomalyFeatureKind, number][] = [];
  for (const k of spec.kinds)
    for (let j = 0; j < columns; j++) if (!rate.has(j) || k === 'diff') out.push([k, j]);
  if (!spec.kinds.includes('diff')) for (let j = 0; j < columns; j++) if (rate.has(j)) out.push(['diff', j]);
  return out;
}

export function createFeatureExtractor(spec: AnomalyFeatureSpec, columns: number): FeatureExtractor {
  const w = Math.max(1, Math.floor(spec.window));
  const layout = featureLayout(spec, columns);
  const needsHistory = layout.some(([k]) => k === 'diff');
  const capacity = needsHistory ? 2 * w : w;
  const ring: number[][] = [];
  let head = 0;
  const nth = (age: number): readonly number[] | undefined => {
    // age 0 = newest
    if (age >= ring.length) return undefined;
    return ring[(head - 1 - age + 2 * capacity) % capacity];
  };
  return {
    dimension: layout.length,
    push(row) {
      if (ring.length < capacity) ring.push([...row]);
      else ring[head % capacity] = [...row];
      head = (head + 1) % capacity;
      const n = Math.min(w, ring.length);
      const mean = new Array<number>(columns).fill(0);
      for (let a = 0; a < n; a++) {
        const r = nth(a) as readonly number[];
        for (let j = 0; j < columns; j++) mean[j] = (mean[j] as number) + (r[j] as number) / n;
      }
      const out: number[] = [];
      const m = Math.min(w, ring.length - n);
      for (const [kind, j] of layout) {
        if (kind === 'raw') out.push(row[j] as number);
        else if (kind === 'mean') out.push(mean[j] as number);
        else if (kind === 'std') {
          let s = 0;
          for (let a = 0; a < n; a++)
            s += (((nth(a) as readonly number[])[j] as number) - (mean[j] as number)) ** 2;
          out.push(n > 1 ? Math.sqrt(s / (n - 1)) : 0);
        } else if (m <= 0) out.push(0);
        else {
          let s = 0;
          for (let a = n; a < n + m; a++) s += (nth(a) as readonly number[])[j] as number;
          out.push((mean[j] as number) - s / m);
        }
      }
      return out;
    },
  };
}
