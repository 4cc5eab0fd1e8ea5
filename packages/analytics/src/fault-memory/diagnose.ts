import { AetherError, type VectorHit, type VectorIndex } from '@aethercore/core';
import { FAILURE_MODES, type FailureMode } from './generator.ts';

/**
 * Diagnosis by analogy (case-based reasoning): find the k stored fault patterns nearest to the
 * live signature and let them vote, weighted by 1/(distance + ε) as in distance-weighted kNN
 * (Dudani, IEEE SMC 1976). A live pattern farther from every stored one than a calibrated
 * threshold is reported as unknown rather than forced into the nearest class.
 */
export interface FaultLabels {
  /** Index into FAILURE_MODES, by stored id. */
  readonly mode: Uint8Array;
  readonly severity: Float32Array;
  readonly timeToFailureH: Float32Array;
}

export interface FaultMemory {
  readonly index: VectorIndex;
  readonly labels: FaultLabels;
  /** Nearest-neighbour distance (in the index's metric) beyond which a pattern is unknown. */
  readonly unknownThreshold: number;
}

export interface Evidence {
  readonly id: number;
  readonly distance: number;
  readonly mode: FailureMode;
  readonly severity: number;
  readonly timeToFailureH: number;
}

export type Diagnosis =
  | {
      readonly kind: 'known';
      readonly mode: FailureMode;
      /** The winning mode's share of the vote weight, in (0, 1]. */
      readonly confidence: number;
      /** Weighted mean severity and median time-to-failure of the neighbours of the winning mode. */
      readonly severity: number;
      readonly timeToFailureH: number;
      readonly evidence: readonly Evidence[];
    }
  | {
      readonly kind: 'unknown';
      readonly nearestDistance: number;
      readonly threshold: number;
      readonly evidence: readonly Evidence[];
    };

const EPS = 1e-6;

export function diagnose(memory: FaultMemory, signature: Float32Array, k = 10): Diagnosis {
  const hits = memory.index.search(signature, k);
  const evidence = hits.map((h) => toEvidence(memory.labels, h));
  const nearest = evidence[0];
  if (nearest === undefined || nearest.distance > memory.unknownThreshold) {
    return {
      kind: 'unknown',
      nearestDistance: nearest?.distance ?? Infinity,
      threshold: memory.unknownThreshold,
      evidence,
    };
  }
  return vote(evidence);
}

/** The weighted vote over an evidence list (exported for exact-vs-ANN comparisons). */
export function vote(evidence: readonly Evidence[]): Extract<Diagnosis, { kind: 'known' }> {
  const weight = new Float64Array(FAILURE_MODES.length);
  let total = 0;
  for (const e of evidence) {
    const w = 1 / (Math.sqrt(Math.max(0, e.distance)) + EPS);
    const m = FAILURE_MODES.indexOf(e.mode);
    weight[m] = (weight[m] as number) + w;
    total += w;
  }
  let best = 0;
  for (let m = 1; m < weight.length; m++) if ((weight[m] as number) > (weight[best] as number)) best = m;
  const mode = FAILURE_MODES[best] as FailureMode;
  const mine = evidence.filter((e) => e.mode === mode);
  let sw = 0;
  let ss = 0;
  for (const e of mine) {
    const w = 1 / (Math.sqrt(Math.max(0, e.distance)) + EPS);
    sw += w;
    ss += w * e.severity;
  }
  const ttf = mine.map((e) => e.timeToFailureH).sort((a, b) => a - b);
  const mid = ttf.length >> 1;
  const median =
    ttf.length % 2 === 1 ? (ttf[mid] as number) : ((ttf[mid - 1] as number) + (ttf[mid] as number)) / 2;
  return {
    kind: 'known',
    mode,
    confidence: total > 0 ? (weight[best] as number) / total : 0,
    severity: sw > 0 ? ss / sw : 0,
    timeToFailureH: median,
    evidence,
  };
}

function toEvidence(labels: FaultLabels, h: VectorHit): Evidence {
  const m = labels.mode[h.id];
  if (m === undefined) {
    throw new AetherError({
      code: 'fault-memory.label-missing',
      message: `stored id ${h.id} has no label`,
      hint: 'store labels for every id added to the index',
      kind: 'internal',
      category: 'system',
    });
  }
  return {
    id: h.id,
    distance: h.distance,
    mode: FAILURE_MODES[m] as FailureMode,
    severity: labels.severity[h.id] as number,
    timeToFailureH: labels.timeToFailureH[h.id] as number,
  };
}

/**
 * The unknown-pattern threshold: the q-quantile of nearest-neighbour distances of held-out
 * signatures from the same population as the memory (default q = 0.995), times a margin.
 * Patterns farther than nearly every genuine one are then flagged.
 */
export function calibrateUnknownThreshold(
  index: VectorIndex,
  heldOut: Float32Array,
  q = 0.995,
  margin = 1.5,
): number {
  const d = index.dim;
  const n = Math.floor(heldOut.length / d);
  if (n < 1 || index.size() < 1) {
    throw new AetherError({
      code: 'fault-memory.calibration-empty',
      message: 'calibration needs a non-empty index and ≥ 1 held-out signature',
      hint: 'store patterns first and hold some out',
    });
  }
  const nearest: number[] = [];
  for (let i = 0; i < n; i++)
    nearest.push(index.search(heldOut.subarray(i * d, i * d + d), 1)[0]?.distance ?? 0);
  nearest.sort((a, b) => a - b);
  const at = Math.min(n - 1, Math.floor(q * (n - 1)));
  return (nearest[at] as number) * margin;
}
