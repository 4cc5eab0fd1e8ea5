// B5: fault memory at the magazine's scale.
// `npm run bench -- fault-memory [--size N] [--queries 1000] [--index hnsw|usearch|both] [--ef 64]`
import { parseArgs } from 'node:util';
import { progress, table, type Progress } from '@aethercore/cli';
import { machineInfo } from '../lib/machine.ts';
import { DEFAULT_DATA_DIR, writeResult } from '../lib/results.ts';
import { runFaultMemory, type IndexKind } from './fault-memory.ts';
import { intOption } from '../lib/options.ts';

export const GOAL = { size: 6_200_000, recallAt10: 0.95, p99Ms: 5, memGiB: 24 } as const;

const HELP = `usage: npm run bench -- fault-memory [options]

Generates N labelled fault signatures (32 features) with the twin's degradation physics, builds
hnswlib-node and USearch HNSW indexes side by side, and measures build time, memory (RSS delta),
query latency p50/p99 at k, recall@k against exact brute-force search, and diagnosis accuracy.

  --size N           stored signatures (default 100000; the goal is 6200000)
  --dim d            signature length; only 32 is implemented (the fixed feature set)
  --queries Q        held-out live signatures for latency, recall and accuracy (default 1000)
  --k k              neighbours (default 10)
  --index which      hnsw | usearch | both (default both)
  --ef ef            search beam width of both indexes (default 64)
  --m M              graph degree (default 16)
  --ef-construction  build beam width (default 128)
  --seed s           generator seed (default 42)
  --truth js|usearch exact ground truth: core's JS scan (default) or USearch's SIMD brute force
                     (for millions of vectors; checked against the JS scan on 20 queries)
  --data dir         unused (B5 generates its data); accepted for uniformity, default ${DEFAULT_DATA_DIR}
  --out file         JSON result (default bench/results/fault-memory.json)
  --help`;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string', default: '100000' },
      dim: { type: 'string', default: '32' },
      queries: { type: 'string', default: '1000' },
      k: { type: 'string', default: '10' },
      index: { type: 'string', default: 'both' },
      ef: { type: 'string', default: '64' },
      m: { type: 'string', default: '16' },
      'ef-construction': { type: 'string', default: '128' },
      seed: { type: 'string', default: '42' },
      truth: { type: 'string', default: 'js' },
      data: { type: 'string', default: DEFAULT_DATA_DIR },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (values.dim !== '32') {
    console.error(
      `error bench.option-invalid: --dim ${values.dim}: the signature has a fixed 32-feature layout (SIGNATURE_FEATURES)`,
    );
    process.exit(2);
  }
  const which = values.index;
  if (which !== 'hnsw' && which !== 'usearch' && which !== 'both') {
    console.error(`error bench.option-invalid: --index must be hnsw, usearch or both, got '${which}'`);
    process.exit(2);
  }
  if (values.truth !== 'js' && values.truth !== 'usearch') {
    console.error(`error bench.option-invalid: --truth must be js or usearch, got '${values.truth}'`);
    process.exit(2);
  }
  const truth: 'js' | 'usearch' = values.truth;
  const indexes: IndexKind[] = which === 'both' ? ['hnsw', 'usearch'] : [which];
  const size = intOption('size', values.size, 1);
  const queries = intOption('queries', values.queries, 1);
  const opts = {
    size,
    queries,
    k: intOption('k', values.k, 1),
    indexes,
    ef: intOption('ef', values.ef, 1),
    m: intOption('m', values.m, 2),
    efConstruction: intOption('ef-construction', values['ef-construction'], 1),
    seed: intOption('seed', values.seed, 0),
    truth,
    calibration: Math.min(2000, Math.max(50, Math.floor(size / 100))),
  };
  const bars = new Map<string, Progress>();
  const rssStart = process.memoryUsage().rss;
  let peakRss = rssStart;
  const result = await runFaultMemory({
    ...opts,
    onProgress: (phase, done, total) => {
      let bar = bars.get(phase);
      if (bar === undefined) {
        bar = progress(phase.padEnd(13), total);
        bars.set(phase, bar);
      }
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (done >= total) bar.done();
      else bar.tick(done);
    },
  });
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const m = machineInfo();
  console.log(
    `\nB5 fault memory: ${result.size.toLocaleString('en')} signatures × ${result.dim} features, ${result.queries} held-out queries, k=${result.k}, ef=${result.ef}, M=${result.m}, efConstruction=${result.efConstruction}, ${m.cores} cores`,
  );
  console.log(
    `exact truth: ${result.exact.truth} in ${result.exact.totalS.toFixed(1)} s (same ids as the JS scan on ${result.exact.truthAgreesOnTimed}/${result.exact.timedQueries} checked queries)`,
  );
  console.log(
    `generated in ${result.generateS.toFixed(1)} s (${result.generateUsPerSignature.toFixed(1)} µs/signature); peak RSS ${(peakRss / 2 ** 30).toFixed(2)} GiB\n`,
  );
  console.log(
    table(
      [
        'index',
        'build s',
        'build threads',
        'RSS Δ MiB',
        'B/vector',
        'p50 ms',
        'p99 ms',
        `recall@${result.k}`,
        'top-1 acc',
        'agrees w/ exact',
      ],
      [
        [
          `exact (brute force, ${result.exact.timedQueries} timed)`,
          0,
          '-',
          0,
          0,
          result.exact.p50Ms,
          result.exact.p99Ms,
          1,
          result.exact.top1Accuracy,
          1,
        ],
        ...result.indexes.map((r) => [
          r.index,
          r.buildS,
          r.buildThreads,
          Math.round(r.rssDeltaMiB),
          Math.round(r.bytesPerVector),
          r.p50Ms,
          r.p99Ms,
          r.recallAtK,
          r.top1Accuracy,
          r.agreesWithExact,
        ]),
      ],
    ),
  );
  const dg = result.diagnosis;
  console.log(
    `\ndiagnosis (${dg.index}): unknown threshold ${dg.unknownThreshold.toFixed(2)} (squared L2), false "unknown" on genuine queries ${(dg.falseUnknownRate * 100).toFixed(1)} %, outliers flagged ${(dg.outlierUnknownRate * 100).toFixed(1)} %`,
  );
  console.log(
    table(
      ['mode', 'queries', 'exact top-1'],
      Object.entries(dg.perMode).map(([k, v]) => [k, v.n, v.exactTop1]),
    ),
  );
  const goal = result.indexes.map(
    (r) =>
      `${r.index}: recall ${r.recallAtK >= GOAL.recallAt10 ? 'meets' : 'misses'} ≥ ${GOAL.recallAt10}, p99 ${r.p99Ms <= GOAL.p99Ms ? 'meets' : 'misses'} ≤ ${GOAL.p99Ms} ms`,
  );
  console.log(
    `\ngoal (${GOAL.size.toLocaleString('en')} signatures): size ${result.size >= GOAL.size ? 'met' : `not reached (${result.size.toLocaleString('en')})`}; ${goal.join('; ')}`,
  );
  const file = writeResult(
    'fault-memory',
    { ...result, peakRssGiB: peakRss / 2 ** 30, goal: GOAL },
    values.out,
  );
  console.log(`\nwrote ${file}`);
}
