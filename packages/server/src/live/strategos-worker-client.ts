import { AetherError, type Logger, type Plant } from '@aethercore/core';
import type { PlanJobRequest, PlanJobResult } from './strategos-plan-job.ts';
import { WorkerHost } from './worker-host.ts';

export interface StrategosWorkerOptions {
  readonly plant: Plant;
  readonly logger: Logger;
  /** Wall ms a request may take beyond its planning budget (what-if forks, model, replica sync). Default 30 s. */
  readonly marginMs?: number;
  /** Wall ms a fresh worker may take to load (tsx transforms the packages on first use). Default 120 s. */
  readonly startTimeoutMs?: number;
  /** The worker's entry (tests); default `strategos-worker.js` next to this file. */
  readonly entry?: URL;
}

type Reply =
  | { readonly ready: true }
  | { readonly ok: true; readonly result: PlanJobResult }
  | {
      readonly ok: false;
      readonly id: number;
      readonly error: { code: string; message: string; hint?: string };
    };

/**
 * Strategos' planning engine on its own thread (`node:worker_threads`), so the server's event
 * loop (API, SSE, the real-time driver) stays responsive while it plans. One request at a time
 * (the runner serialises them). A worker that crashes, exits or overruns `budget + marginMs` is
 * terminated and the request fails with a coded error (`strategos.worker-crashed`,
 * `strategos.worker-timeout`); a new worker is started at once for the next request (`WorkerHost`).
 */
export class StrategosWorkerClient {
  readonly #o: StrategosWorkerOptions;
  readonly #host: WorkerHost;
  #busy = false;

  constructor(o: StrategosWorkerOptions) {
    this.#o = o;
    const startMs = o.startTimeoutMs ?? 120_000;
    this.#host = new WorkerHost({
      entry: o.entry ?? new URL('./strategos-worker.js', import.meta.url),
      workerData: { plant: o.plant },
      startTimeoutMs: startMs,
      startTimeout: () =>
        new AetherError({
          code: 'strategos.worker-timeout',
          message: `the planning worker did not start within ${startMs} ms`,
          category: 'system',
          kind: 'unavailable',
        }),
      crashed,
    });
  }

  /** Workers started since construction (1 + restarts). */
  get started(): number {
    return this.#host.started;
  }

  /** Starts the worker now (it loads in the background); requests also start it on demand. */
  warm(): void {
    this.#host.warm();
  }

  async run(req: PlanJobRequest): Promise<PlanJobResult> {
    if (this.#host.closed)
      throw new AetherError({
        code: 'strategos.worker-closed',
        message: 'the planning worker is shut down',
        category: 'system',
      });
    if (this.#busy)
      throw new AetherError({
        code: 'strategos.worker-busy',
        message: 'the planning worker already has a request in flight',
        hint: 'send one request at a time (the runner queues them)',
        category: 'system',
      });
    this.#busy = true;
    try {
      const limit = req.budgetMs + (this.#o.marginMs ?? 30_000);
      return await this.#host.request<PlanJobResult>(
        req,
        limit,
        (reply) => {
          const m = reply as Reply;
          if ('ready' in m) return undefined;
          if (m.ok) return m.result.id === req.id ? { value: m.result } : undefined;
          if (m.id !== req.id) return undefined;
          return {
            error: new AetherError({
              code: m.error.code,
              message: m.error.message,
              ...(m.error.hint === undefined ? {} : { hint: m.error.hint }),
              category: 'system',
            }),
          };
        },
        () => {
          this.#o.logger.log('warn', 'strategos worker overran its time; restarting it', {
            id: req.id,
            limitMs: limit,
          });
          return new AetherError({
            code: 'strategos.worker-timeout',
            message: `the planning worker did not answer request ${req.id} within ${limit} ms (budget ${req.budgetMs} ms + margin)`,
            hint: 'the worker was terminated and a new one started; the next trigger re-plans again',
            category: 'system',
            kind: 'unavailable',
          });
        },
      );
    } finally {
      this.#busy = false;
    }
  }

  close(): Promise<void> {
    return this.#host.close();
  }
}

const crashed = (why: string): AetherError =>
  new AetherError({
    code: 'strategos.worker-crashed',
    message: `the planning worker stopped (${why})`,
    hint: 'a new worker was started; the next trigger re-plans again',
    category: 'system',
    kind: 'unavailable',
  });
