// B5 core: generate labelled fault signatures, build the exact reference and the ANN indexes side
// by side, and measure build time, memory, query latency, recall@k and diagnosis accuracy.
import path from 'node:path';
import {
  HnswVectorIndex,
  UsearchVectorIndex,
  usearchExactSearch,
  type UsearchDtype,
} from '@aethercore/adapter-vector';
import {
  applySignatureScaler,
  calibrateUnknownThreshold,
  diagnose,
  FAILURE_MODES,
  fitSignatureScaler,
  generateSignatures,
  SIGNATURE_DIM,
  vote,
  type FaultLabels,
} from '@aethercore/analytics';
import {
  createRandom,
  ExactVectorIndex,
  exactSearchBatch,
  type VectorHit,
  type VectorIndex,
} from '@aethercore/core';
import { quantile } from '../lib/stats.ts';
import { probeQueries, type ProbeSummary } from './query-probe.ts';
import { recordSavedIndex, SAVED_FORMAT, writeSavedData } from './saved-index.ts';

export type IndexKind = 'hnsw' | 'usearch';

export interface FaultMemoryOptions {
  readonly size: number;
  readonly queries: number;
  readonly k: number;
  readonly indexes: readonly IndexKind[];
  readonly ef: number;
  readonly m: number;
  readonly efConstruction: number;
  readonly seed: number;
  /** Signatures held out to calibrate the unknown-pattern threshold. */
  readonly calibration: number;
  /** Ground truth: core's JavaScript scan, or USearch's SIMD brute force (checked against the former on 20 queries). */
  readonly truth?: 'js' | 'usearch';
  /** USearch vector storage (default f32). */
  readonly dtype?: UsearchDtype;
  /** Store the built indexes, the queries and the truth in this directory (see saved-index.ts). */
  readonly saveIndex?: string;
  readonly onPhase?: (phase: string) => void;
  readonly onProgress?: (phase: string, done: number, total: number) => void;
}

export interface IndexResult {
  readonly index: IndexKind;
  readonly buildS: number;
  readonly buildThreads: string;
  readonly rssDeltaMiB: number;
  readonly bytesPerVector: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly recallAtK: number;
  readonly top1Accuracy: number;
  readonly agreesWithExact: number;
  /** USearch vector storage, or '-' for hnswlib. */
  readonly dtype: string;
  /** First pass over the queries right after the build, and the timed second pass (the p50/p99 above). */
  readonly firstPass: ProbeSummary;
  readonly timed: ProbeSummary;
  /** File the index was saved to, when --save-index was given. */
  readonly savedTo?: string;
}

export interface FaultMemoryResult {
  readonly size: number;
  readonly dim: number;
  readonly queries: number;
  readonly k: number;
  readonly ef: number;
  readonly m: number;
  readonly efConstruction: number;
  readonly generateS: number;
  readonly generateUsPerSignature: number;
  readonly exact: {
    readonly p50Ms: number;
    readonly p99Ms: number;
    /** Single exact queries timed (the rest of the truth is computed in blocks). */
    readonly timedQueries: number;
    readonly truth: 'js' | 'usearch';
    /** Of the timed queries, how many have the same neighbour ids from the truth and the JS scan. */
    readonly truthAgreesOnTimed: number;
    readonly top1Accuracy: number;
    readonly totalS: number;
  };
  readonly indexes: readonly IndexResult[];
  readonly diagnosis: {
    readonly index: string;
    readonly unknownThreshold: number;
    readonly falseUnknownRate: number;
    readonly outlierUnknownRate: number;
    readonly perMode: Record<string, { readonly n: number; readonly exactTop1: number }>;
  };
}

const rssMiB = (): number => process.memoryUsage().rss / 2 ** 20;
/** Lets stderr flush between phases of a long synchronous run. */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

export async function runFaultMemory(o: FaultMemoryOptions): Promise<FaultMemoryResult> {
  const d = SIGNATURE_DIM;
  const total = o.size + o.queries + o.calibration;
  o.onPhase?.('generate');
  o.onProgress?.('generate', 0, total);
  let t0 = performance.now();
  const batch = generateSignatures({
    count: total,
    seed: o.seed,
    progressEvery: 50000,
    onProgress: (n) => o.onProgress?.('generate', n, total),
  });
  const generateS = (performance.now() - t0) / 1000;
  // Standardise with a scaler fitted on stored signatures only (never on the queries).
  const scaler = fitSignatureScaler(batch.vectors.subarray(0, Math.min(o.size, 20000) * d));
  applySignatureScaler(scaler, batch.vectors);
  const stored = batch.vectors.subarray(0, o.size * d);
  const queries = batch.vectors.subarray(o.size * d, (o.size + o.queries) * d);
  const calib = batch.vectors.subarray((o.size + o.queries) * d, total * d);
  const ids = new Uint32Array(o.size);
  for (let i = 0; i < o.size; i++) ids[i] = i;
  const labels: FaultLabels = {
    mode: batch.mode.subarray(0, o.size),
    severity: batch.severity.subarray(0, o.size),
    timeToFailureH: batch.timeToFailureH.subarray(0, o.size),
  };
  const truthMode = (q: number): number => batch.mode[o.size + q] as number;
  const query = (q: number): Float32Array => queries.subarray(q * d, q * d + d);

  // The exact reference (brute force over the same Float32Array, no copy).
  o.onPhase?.('exact');
  o.onProgress?.('exact', 0, o.queries);
  const exact = ExactVectorIndex.fromRows(d, stored);
  // Ground truth in blocks of 16 queries per scan; a few queries are also timed one by one
  // (the latency of exact search is what an index saves).
  t0 = performance.now();
  const exactHits =
    o.truth === 'usearch'
      ? usearchExactSearch(stored, queries, d, o.k)
      : exactSearchBatch(exact, queries, o.k, (done) => o.onProgress?.('exact', done, o.queries));
  const exactTotalS = (performance.now() - t0) / 1000;
  const exactLat: number[] = [];
  let truthChecked = 0;
  for (let q = 0; q < Math.min(o.queries, 20); q++) {
    const t = performance.now();
    const hits = exact.search(query(q), o.k);
    exactLat.push(performance.now() - t);
    if (hits.map((h) => h.id).join() === (exactHits[q] ?? []).map((h) => h.id).join()) truthChecked++;
  }
  const exactModes = exactHits.map((h) => voteModeOf(labels.mode, h));
  if (o.saveIndex !== undefined) {
    writeSavedData(
      o.saveIndex,
      {
        format: SAVED_FORMAT,
        size: o.size,
        queries: o.queries,
        k: o.k,
        seed: o.seed,
        m: o.m,
        efConstruction: o.efConstruction,
        calibration: o.calibration,
        dim: d,
        indexes: {},
        truth: o.truth ?? 'js',
        buildS: {},
        savedAt: new Date().toISOString(),
      },
      {
        queries,
        queryModes: batch.mode.subarray(o.size, o.size + o.queries),
        storedModes: batch.mode.subarray(0, o.size),
        truth: exactHits,
      },
    );
  }

  const results: IndexResult[] = [];
  let forDiagnosis: VectorIndex = exact;
  let diagnosisName = 'exact';
  for (const kind of o.indexes) {
    await tick();
    gc();
    const before = rssMiB();
    o.onPhase?.(`build ${kind}`);
    o.onProgress?.(`build ${kind}`, 0, o.size);
    t0 = performance.now();
    const { index, threads } = build(kind, o, ids, stored);
    const buildS = (performance.now() - t0) / 1000;
    gc();
    const delta = rssMiB() - before;
    let savedTo: string | undefined;
    if (o.saveIndex !== undefined) {
      o.onPhase?.(`save ${kind}`);
      const name = indexName(kind, o.dtype ?? 'f32');
      const file = kind === 'hnsw' ? 'hnsw.bin' : `${name}.usearch`;
      (index as HnswVectorIndex | UsearchVectorIndex).save(path.join(o.saveIndex, file));
      recordSavedIndex(o.saveIndex, name, file, buildS);
      savedTo = path.join(o.saveIndex, file);
    }
    o.onPhase?.(`query ${kind}`);
    // Two passes: the first touches every page the queries need (and warms the caches); the
    // second is the figure, measured with the GC forced beforehand.
    const search = (q: Float32Array): VectorHit[] => index.search(q, o.k);
    const first = await probeQueries(search, queries, d);
    gc();
    const timed = await probeQueries(search, queries, d);
    let hitsFound = 0;
    let correct = 0;
    let agree = 0;
    timed.hits.forEach((hits, q) => {
      const truth = new Set((exactHits[q] ?? []).map((h) => h.id));
      for (const h of hits) if (truth.has(h.id)) hitsFound++;
      const m = voteModeOf(labels.mode, hits);
      if (m === truthMode(q)) correct++;
      if (m === exactModes[q]) agree++;
    });
    results.push({
      index: kind,
      buildS,
      buildThreads: threads,
      rssDeltaMiB: delta,
      bytesPerVector: (delta * 2 ** 20) / o.size,
      p50Ms: timed.summary.p50Ms,
      p99Ms: timed.summary.p99Ms,
      recallAtK: hitsFound / (o.queries * Math.min(o.k, o.size)),
      top1Accuracy: correct / o.queries,
      agreesWithExact: agree / o.queries,
      dtype: kind === 'usearch' ? (o.dtype ?? 'f32') : '-',
      firstPass: first.summary,
      timed: timed.summary,
      ...(savedTo === undefined ? {} : { savedTo }),
    });
    // Keep the last ANN index for the diagnosis figures; drop the others to free memory.
    forDiagnosis = index;
    diagnosisName = kind;
  }

  // Diagnosis: the unknown threshold calibrated on held-out signatures, then the false-unknown
  // rate on genuine queries and the detection rate on far-off synthetic outliers.
  o.onPhase?.('diagnose');
  const memory = {
    index: forDiagnosis,
    labels,
    unknownThreshold: calibrateUnknownThreshold(forDiagnosis, calib),
  };
  let falseUnknown = 0;
  for (let q = 0; q < o.queries; q++) if (diagnose(memory, query(q), o.k).kind === 'unknown') falseUnknown++;
  const outliers = Math.min(200, o.queries);
  let caught = 0;
  const rng = createRandom(o.seed ^ 0x5eed);
  const out = new Float32Array(d);
  for (let i = 0; i < outliers; i++) {
    // A held-out signature pushed 8 standard deviations away in three random features.
    out.set(query(i % o.queries));
    for (let r = 0; r < 3; r++) out[rng.int(0, d - 1)] = rng.next() < 0.5 ? -8 : 8;
    if (diagnose(memory, out, o.k).kind === 'unknown') caught++;
  }
  const perMode: Record<string, { n: number; exactTop1: number }> = {};
  FAILURE_MODES.forEach((m, mi) => {
    let n = 0;
    let ok = 0;
    for (let q = 0; q < o.queries; q++) {
      if (truthMode(q) !== mi) continue;
      n++;
      if (exactModes[q] === mi) ok++;
    }
    perMode[m] = { n, exactTop1: n > 0 ? ok / n : Number.NaN };
  });
  let exactCorrect = 0;
  for (let q = 0; q < o.queries; q++) if (exactModes[q] === truthMode(q)) exactCorrect++;

  return {
    size: o.size,
    dim: d,
    queries: o.queries,
    k: o.k,
    ef: o.ef,
    m: o.m,
    efConstruction: o.efConstruction,
    generateS,
    generateUsPerSignature: (generateS * 1e6) / total,
    exact: {
      p50Ms: quantile(exactLat, 0.5),
      p99Ms: quantile(exactLat, 0.99),
      timedQueries: exactLat.length,
      truth: o.truth ?? 'js',
      truthAgreesOnTimed: truthChecked,
      top1Accuracy: exactCorrect / o.queries,
      totalS: exactTotalS,
    },
    indexes: results,
    diagnosis: {
      index: diagnosisName,
      unknownThreshold: memory.unknownThreshold,
      falseUnknownRate: falseUnknown / o.queries,
      outlierUnknownRate: caught / outliers,
      perMode,
    },
  };
}

function build(
  kind: IndexKind,
  o: FaultMemoryOptions,
  ids: Uint32Array,
  stored: Float32Array,
): { index: VectorIndex; threads: string } {
  const chunk = 100000;
  if (kind === 'hnsw') {
    const index = new HnswVectorIndex({
      dim: SIGNATURE_DIM,
      capacity: o.size,
      m: o.m,
      efConstruction: o.efConstruction,
      ef: o.ef,
      seed: o.seed,
    });
    for (let s = 0; s < o.size; s += chunk) {
      const e = Math.min(o.size, s + chunk);
      index.add(ids.subarray(s, e), stored.subarray(s * SIGNATURE_DIM, e * SIGNATURE_DIM));
      o.onProgress?.('build hnsw', e, o.size);
    }
    return { index, threads: '1 (hnswlib-node has no batch add)' };
  }
  const index = new UsearchVectorIndex({
    dim: SIGNATURE_DIM,
    connectivity: o.m,
    expansionAdd: o.efConstruction,
    expansionSearch: o.ef,
    threads: 0,
    dtype: o.dtype ?? 'f32',
  });
  for (let s = 0; s < o.size; s += chunk) {
    const e = Math.min(o.size, s + chunk);
    index.add(ids.subarray(s, e), stored.subarray(s * SIGNATURE_DIM, e * SIGNATURE_DIM));
    o.onProgress?.('build usearch', e, o.size);
  }
  return { index, threads: 'all cores (usearch add threads = 0)' };
}

/** Name of an index in a saved directory: `hnsw`, `usearch-f32`, `usearch-f16`. */
export function indexName(kind: IndexKind, dtype: UsearchDtype): string {
  return kind === 'hnsw' ? 'hnsw' : `usearch-${dtype}`;
}

/** The mode the distance-weighted vote picks from `hits`, as an index into FAILURE_MODES (−1: no hits). */
export function voteModeOf(modes: ArrayLike<number>, hits: readonly VectorHit[]): number {
  if (hits.length === 0) return -1;
  const v = vote(
    hits.map((h) => ({
      id: h.id,
      distance: h.distance,
      mode: FAILURE_MODES[modes[h.id] as number] ?? 'normal',
      severity: 0,
      timeToFailureH: 0,
    })),
  );
  return FAILURE_MODES.indexOf(v.mode);
}
