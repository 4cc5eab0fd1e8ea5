// B5: side-by-side measurements that separate the cost of one USearch query into its parts:
// the native search alone, the JS conversion around it, and the batched throughput on one and
// on all cores (a batch amortises the N-API crossing but is not the latency of one query).
import type { UsearchVectorIndex } from '@aethercore/adapter-vector';
import { quantile } from '../lib/stats.ts';

export interface TailDiagnosis {
  /** Per-query wall time of the native call only (`searchRaw`: typed arrays, no hit objects). */
  readonly rawP50Ms: number;
  readonly rawP99Ms: number;
  /** Per-query wall time of the adapter's `search` (checks + BigInt → number + hit objects). */
  readonly adapterP50Ms: number;
  readonly adapterP99Ms: number;
  /** All queries in one native call: mean ms per query on 1 thread and on all cores. */
  readonly batch1MsPerQuery: number;
  readonly batchAllMsPerQuery: number;
  /** Process CPU time per query of the two batches (ms): the work without the waits for a core. */
  readonly batch1CpuMsPerQuery: number;
  readonly batchAllCpuMsPerQuery: number;
}

/**
 * Raw and adapter calls are interleaved query by query, alternating which goes first, so that both
 * see the same machine load and the same cache state; the batches run right after.
 */
export async function diagnoseTail(
  index: UsearchVectorIndex,
  queries: Float32Array,
  dim: number,
  k: number,
): Promise<TailDiagnosis> {
  const n = queries.length / dim;
  const raw: number[] = [];
  const adapter: number[] = [];
  let sink = 0;
  for (let q = 0; q < n; q++) {
    const query = queries.subarray(q * dim, q * dim + dim);
    // Alternate which call goes first: the second one finds the query's graph nodes in cache.
    for (const which of q % 2 === 0 ? [0, 1] : [1, 0]) {
      const t = performance.now();
      sink += which === 0 ? index.searchRaw(query, k).distances.length : index.search(query, k).length;
      (which === 0 ? raw : adapter).push(performance.now() - t);
    }
  }
  await new Promise((resolve) => setImmediate(resolve));
  const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;
  let c0 = process.cpuUsage();
  let t = performance.now();
  sink += index.searchBatch(queries, k, 1).length;
  const batch1 = (performance.now() - t) / n;
  const batch1Cpu = cpuMs(process.cpuUsage(c0)) / n;
  c0 = process.cpuUsage();
  t = performance.now();
  sink += index.searchBatch(queries, k, 0).length;
  const batchAll = (performance.now() - t) / n;
  const batchAllCpu = cpuMs(process.cpuUsage(c0)) / n;
  if (sink < 0) throw new Error('unreachable');
  return {
    rawP50Ms: quantile(raw, 0.5),
    rawP99Ms: quantile(raw, 0.99),
    adapterP50Ms: quantile(adapter, 0.5),
    adapterP99Ms: quantile(adapter, 0.99),
    batch1MsPerQuery: batch1,
    batchAllMsPerQuery: batchAll,
    batch1CpuMsPerQuery: batch1Cpu,
    batchAllCpuMsPerQuery: batchAllCpu,
  };
}
