// B5: time queries one at a time and say where each millisecond of the tail went: running on the
// CPU, waiting in the kernel's run queue for a core (other processes), page faults (first touch
// of a memory-mapped or fresh index), or garbage collection.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import type { VectorHit } from '@aethercore/core';
import { quantile } from '../lib/stats.ts';

/** Per-thread scheduler statistics (Linux): ns on the CPU, ns waiting on the run queue, timeslices. */
const SCHEDSTAT = '/proc/thread-self/schedstat';
const hasSchedstat = existsSync(SCHEDSTAT);

function schedstat(): [number, number] {
  if (!hasSchedstat) return [0, 0];
  const [run, wait] = readFileSync(SCHEDSTAT, 'utf8').split(' ');
  return [Number(run), Number(wait)];
}

export interface QuerySample {
  readonly ms: number;
  /**
   * CPU time of the process during the query (ms; getrusage, exact to the µs; the process's other
   * threads are idle during a search). schedstat's own run time is only updated at scheduler ticks,
   * too coarse for a 0.1 ms query; its run-queue wait is exact (accounted when the thread is picked).
   */
  readonly cpuMs: number;
  /** Time runnable but waiting for a core (ms; schedstat; NaN off Linux). */
  readonly waitMs: number;
  readonly minorFaults: number;
  readonly majorFaults: number;
}

export interface ProbeSummary {
  readonly queries: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  /** Median on-CPU time per query: the work itself, free of scheduling. */
  readonly cpuP50Ms: number;
  readonly cpuP99Ms: number;
  /** Over the slowest 1 % of queries: mean wall, on-CPU and run-queue wait time, and faults. */
  readonly tail: {
    readonly n: number;
    readonly meanMs: number;
    readonly meanCpuMs: number;
    readonly meanWaitMs: number;
    readonly minorFaults: number;
    readonly majorFaults: number;
  };
  /** Minor / major page faults during the whole pass. */
  readonly minorFaults: number;
  readonly majorFaults: number;
  /** Garbage-collection pauses observed during the pass. */
  readonly gcCount: number;
  readonly gcMs: number;
  /** 1-minute load average before and after the pass (2 cores: above 2 means queueing). */
  readonly loadBefore: number;
  readonly loadAfter: number;
  readonly schedstat: boolean;
}

/** Runs `search` on every query once, in order, timing each; returns the hits and a summary. */
export async function probeQueries(
  search: (q: Float32Array) => readonly VectorHit[],
  queries: Float32Array,
  dim: number,
): Promise<{ hits: (readonly VectorHit[])[]; samples: QuerySample[]; summary: ProbeSummary }> {
  const n = queries.length / dim;
  const samples: QuerySample[] = [];
  const hits: (readonly VectorHit[])[] = [];
  let gcCount = 0;
  let gcMs = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcCount++;
      gcMs += e.duration;
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  const loadBefore = os.loadavg()[0] ?? Number.NaN;
  const ru0 = process.resourceUsage();
  for (let q = 0; q < n; q++) {
    const query = queries.subarray(q * dim, q * dim + dim);
    const f0 = process.resourceUsage();
    const [, w0] = schedstat();
    const c0 = process.cpuUsage();
    const t = performance.now();
    const h = search(query);
    const ms = performance.now() - t;
    const c1 = process.cpuUsage(c0);
    const [, w1] = schedstat();
    const f1 = process.resourceUsage();
    hits.push(h);
    samples.push({
      ms,
      cpuMs: (c1.user + c1.system) / 1000,
      waitMs: hasSchedstat ? (w1 - w0) / 1e6 : Number.NaN,
      minorFaults: f1.minorPageFault - f0.minorPageFault,
      majorFaults: f1.majorPageFault - f0.majorPageFault,
    });
  }
  const ru1 = process.resourceUsage();
  // GC entries are delivered asynchronously: let them arrive before disconnecting.
  await new Promise((resolve) => setImmediate(resolve));
  obs.disconnect();
  const loadAfter = os.loadavg()[0] ?? Number.NaN;
  return { hits, samples, summary: summarise(samples, { gcCount, gcMs, loadBefore, loadAfter, ru0, ru1 }) };
}

function summarise(
  s: readonly QuerySample[],
  x: {
    gcCount: number;
    gcMs: number;
    loadBefore: number;
    loadAfter: number;
    ru0: NodeJS.ResourceUsage;
    ru1: NodeJS.ResourceUsage;
  },
): ProbeSummary {
  const ms = s.map((v) => v.ms);
  const cpu = s.map((v) => v.cpuMs);
  const slow = [...s].sort((a, b) => b.ms - a.ms).slice(0, Math.max(1, Math.ceil(s.length / 100)));
  const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  return {
    queries: s.length,
    p50Ms: quantile(ms, 0.5),
    p90Ms: quantile(ms, 0.9),
    p99Ms: quantile(ms, 0.99),
    maxMs: Math.max(...ms),
    meanMs: mean(ms),
    cpuP50Ms: quantile(cpu, 0.5),
    cpuP99Ms: quantile(cpu, 0.99),
    tail: {
      n: slow.length,
      meanMs: mean(slow.map((v) => v.ms)),
      meanCpuMs: mean(slow.map((v) => v.cpuMs)),
      meanWaitMs: mean(slow.map((v) => v.waitMs)),
      minorFaults: slow.reduce((a, v) => a + v.minorFaults, 0),
      majorFaults: slow.reduce((a, v) => a + v.majorFaults, 0),
    },
    minorFaults: x.ru1.minorPageFault - x.ru0.minorPageFault,
    majorFaults: x.ru1.majorPageFault - x.ru0.majorPageFault,
    gcCount: x.gcCount,
    gcMs: x.gcMs,
    loadBefore: x.loadBefore,
    loadAfter: x.loadAfter,
    schedstat: hasSchedstat,
  };
}

/** Recall@k of `hits` against the exact top-k `truth` (same query order). */
export function recallAt(
  hits: readonly (readonly VectorHit[])[],
  truth: readonly (readonly VectorHit[])[],
  k: number,
): number {
  let found = 0;
  let total = 0;
  hits.forEach((h, q) => {
    const t = new Set((truth[q] ?? []).slice(0, k).map((v) => v.id));
    total += t.size;
    for (const v of h.slice(0, k)) if (t.has(v.id)) found++;
  });
  return total === 0 ? Number.NaN : found / total;
}
