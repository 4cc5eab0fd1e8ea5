// B5 query phase on a saved index: latency, recall and vote accuracy at several search beams
// (ef) on one built graph, without generating or building anything.
import { HnswVectorIndex, UsearchVectorIndex, type UsearchDtype } from '@aethercore/adapter-vector';
import type { VectorHit } from '@aethercore/core';
import { indexName, voteModeOf, type IndexKind } from './fault-memory.ts';
import { probeQueries, recallAt, type ProbeSummary } from './query-probe.ts';
import {
  readSavedData,
  readSavedMeta,
  savedIndexFile,
  type SavedMeta,
  type SavedParams,
} from './saved-index.ts';
import { diagnoseTail, type TailDiagnosis } from './tail-diagnosis.ts';

export interface SweepOptions {
  readonly dir: string;
  /** Options given on the command line; each must equal the saved one. */
  readonly expected: Partial<SavedParams>;
  readonly indexes: readonly IndexKind[];
  readonly dtype: UsearchDtype;
  readonly efs: readonly number[];
  /** USearch: `load` copies the file into RAM, `view` memory-maps it (pages from the page cache). */
  readonly loadMode: 'load' | 'view';
  readonly diagnoseTail?: boolean;
  readonly onPhase?: (phase: string) => void;
}

export interface SweepRow {
  readonly index: string;
  readonly ef: number;
  readonly loadMode: string;
  readonly openS: number;
  readonly recallAtK: number;
  readonly top1Accuracy: number;
  readonly agreesWithExact: number;
  /** First pass right after opening (page faults, cold caches), then the timed pass. */
  readonly firstPass: ProbeSummary;
  readonly timed: ProbeSummary;
  readonly tail?: TailDiagnosis;
}

export interface SweepResult {
  readonly meta: SavedMeta;
  readonly readS: number;
  readonly rows: readonly SweepRow[];
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function runSavedQueries(o: SweepOptions): Promise<SweepResult> {
  const meta = readSavedMeta(o.dir, o.expected);
  let t0 = performance.now();
  const data = readSavedData(o.dir, meta);
  const readS = (performance.now() - t0) / 1000;
  const { k, dim } = meta;
  const exactModes = data.truth.map((h) => voteModeOf(data.storedModes, h));
  const rows: SweepRow[] = [];
  for (const kind of o.indexes) {
    const name = indexName(kind, o.dtype);
    const file = savedIndexFile(o.dir, meta, name);
    let hnsw: HnswVectorIndex | undefined;
    for (const ef of o.efs) {
      o.onPhase?.(`${name} ef=${ef}`);
      await tick();
      gc();
      t0 = performance.now();
      let index: HnswVectorIndex | UsearchVectorIndex;
      if (kind === 'hnsw') {
        // hnswlib's beam can change in place: load once.
        hnsw ??= HnswVectorIndex.load(file, { dim, m: meta.m, efConstruction: meta.efConstruction, ef });
        hnsw.setEf(ef);
        index = hnsw;
      } else {
        const opts = {
          dim,
          connectivity: meta.m,
          expansionAdd: meta.efConstruction,
          expansionSearch: ef,
          dtype: o.dtype,
        };
        index =
          o.loadMode === 'view' ? UsearchVectorIndex.view(file, opts) : UsearchVectorIndex.load(file, opts);
      }
      const openS = (performance.now() - t0) / 1000;
      const search = (q: Float32Array): VectorHit[] => index.search(q, k);
      const first = await probeQueries(search, data.queries, dim);
      gc();
      const timed = await probeQueries(search, data.queries, dim);
      let correct = 0;
      let agree = 0;
      timed.hits.forEach((hits, q) => {
        const m = voteModeOf(data.storedModes, hits);
        if (m === data.queryModes[q]) correct++;
        if (m === exactModes[q]) agree++;
      });
      const tail =
        o.diagnoseTail === true && index instanceof UsearchVectorIndex
          ? await diagnoseTail(index, data.queries, dim, k)
          : undefined;
      rows.push({
        index: name,
        ef,
        loadMode: kind === 'hnsw' ? 'load' : o.loadMode,
        openS,
        recallAtK: recallAt(timed.hits, data.truth, k),
        top1Accuracy: correct / meta.queries,
        agreesWithExact: agree / meta.queries,
        firstPass: first.summary,
        timed: timed.summary,
        ...(tail === undefined ? {} : { tail }),
      });
    }
  }
  return { meta, readS, rows };
}
