import { Worker } from 'node:worker_threads';
import { AetherError, type Logger, type Plant } from '@aethercore/core';
import type { PlanJobRequest, PlanJobResult } from './strategos-plan-job.ts';

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

interface Live {
  readonly worker: Worker;
  readonly ready: Promise<void>;
}

/**
 * Strategos' planning engine on its own thread (`node:worker_threads`), so the server's event
 * loop (API, SSE, the real-time driver) stays responsive while it plans. One request at a time
 * (the runner serialises them). A worker that crashes, exits or overruns `budget + marginMs` is
 * terminated and the request fails with a coded error (`strategos.worker-crashed`,
 * `strategos.worker-timeout`); a new worker is started at once for the next request.
 */
export class StrategosWorkerClient {
  readonly #o: StrategosWorkerOptions;
  #live: Live | undefined;
  #busy = false;
  #closed = false;
  /** Workers started since construction (1 + restarts). */
  started = 0;

  constructor(o: StrategosWorkerOptions) {
    this.#o = o;
  }

  /** Starts the worker now (it loads in the background); requests also start it on demand. */
  warm(): void {
    if (!this.#closed) this.#ensure();
  }

  async run(req: PlanJobRequest): Promise<PlanJobResult> {
    if (this.#closed)
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
      const live = this.#ensure();
      await live.ready;
      return await this.#request(live, req);
    } finally {
      this.#busy = false;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    const live = this.#live;
    this.#live = undefined;
    if (live !== undefined) await live.worker.terminate();
  }

  #ensure(): Live {
    if (this.#live !== undefined) return this.#live;
    const worker = new Worker(this.#o.entry ?? new URL('./strategos-worker.js', import.meta.url), {
      workerData: { plant: this.#o.plant },
    });
    // The worker must never keep the process alive on its own (shutdown closes it; tests may forget).
    worker.unref();
    this.started++;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        fail(
          new AetherError({
            code: 'strategos.worker-timeout',
            message: `the planning worker did not start within ${this.#o.startTimeoutMs ?? 120_000} ms`,
            category: 'system',
            kind: 'unavailable',
          }),
        );
      }, this.#o.startTimeoutMs ?? 120_000);
      const onMessage = (m: Reply): void => {
        if ('ready' in m) done();
      };
      const onError = (e: Error): void => fail(crashed(e.message));
      const onExit = (code: number): void => fail(crashed(`exit code ${code}`));
      const cleanup = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      };
      const done = (): void => {
        cleanup();
        resolve();
      };
      const fail = (e: AetherError): void => {
        cleanup();
        this.#drop(worker);
        reject(e);
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    });
    // A start failure is reported to the request that waits for it; never unhandled.
    ready.catch(() => undefined);
    const live = { worker, ready };
    this.#live = live;
    return live;
  }

  /** Forget a failed worker, terminate it, and start the next one so it is warm for the next request. */
  #drop(worker: Worker): void {
    if (this.#live?.worker === worker) this.#live = undefined;
    void worker.terminate().catch(() => undefined);
    if (!this.#closed) this.#ensure();
  }

  #request(live: Live, req: PlanJobRequest): Promise<PlanJobResult> {
    const { worker } = live;
    const limit = req.budgetMs + (this.#o.marginMs ?? 30_000);
    return new Promise<PlanJobResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#o.logger.log('warn', 'strategos worker overran its time; restarting it', {
          id: req.id,
          limitMs: limit,
        });
        fail(
          new AetherError({
            code: 'strategos.worker-timeout',
            message: `the planning worker did not answer request ${req.id} within ${limit} ms (budget ${req.budgetMs} ms + margin)`,
            hint: 'the worker was terminated and a new one started; the next trigger re-plans again',
            category: 'system',
            kind: 'unavailable',
          }),
        );
      }, limit);
      const onMessage = (m: Reply): void => {
        if ('ready' in m) return;
        if (m.ok && m.result.id === req.id) {
          cleanup();
          resolve(m.result);
        } else if (!m.ok && m.id === req.id) {
          cleanup();
          reject(
            new AetherError({
              code: m.error.code,
              message: m.error.message,
              ...(m.error.hint === undefined ? {} : { hint: m.error.hint }),
              category: 'system',
            }),
          );
        }
      };
      const onError = (e: Error): void => fail(crashed(e.message));
      const onExit = (code: number): void => fail(crashed(`exit code ${code}`));
      const cleanup = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      };
      const fail = (e: AetherError): void => {
        cleanup();
        this.#drop(worker);
        reject(e);
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage(req);
    });
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
