import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Wall time of a run and the event-loop delays seen while it ran (ms). */
export interface LoopDelay {
  readonly wallMs: number;
  readonly maxDelayMs: number;
  readonly p99DelayMs: number;
}

/**
 * Run `run` and record how long the event loop was blocked meanwhile (`monitorEventLoopDelay`):
 * what a server's API, SSE stream and real-time driver would have waited.
 */
export async function measureLoopDelay<T>(
  run: () => Promise<T> | T,
  resolutionMs = 10,
): Promise<{ value: T } & LoopDelay> {
  const h = monitorEventLoopDelay({ resolution: resolutionMs });
  h.enable();
  // Let the histogram's timer arm before the work starts.
  await new Promise((r) => setTimeout(r, 20));
  const t0 = performance.now();
  const value = await run();
  const wallMs = performance.now() - t0;
  // One more turn so a delay caused by a blocking run is recorded.
  await new Promise((r) => setTimeout(r, 20));
  h.disable();
  return { value, wallMs, maxDelayMs: h.max / 1e6, p99DelayMs: h.percentile(99) / 1e6 };
}
