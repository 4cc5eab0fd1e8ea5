import { Worker } from 'node:worker_threads';
import { AetherError, type Logger, type Plant } from '@aethercore/core';
import type { EvidenceRefresh } from '@aethercore/agents';
import type { ActionProposal } from '@aethercore/governance';
import type { TwinCommand } from '@aethercore/twin';
import type { TwinRecipe } from './strategos-plan-job.ts';
import type { ReplicaSync } from './twin-replica.ts';

/** One refresh: the running twin's recipe and what `refreshEvidence` needs (structured clone). */
export interface RefreshJob {
  readonly id: number;
  readonly twin: TwinRecipe;
  readonly proposal: ActionProposal;
  readonly command: TwinCommand;
  /** Wall ms recorded as `simulatedAt` (the moment the twin's state was taken). */
  readonly now: number;
  readonly stateVersion: number;
  readonly defaultHorizonMs: number;
  /** Test hooks for the failure handling (crash, hang, throw); never set in production. */
  readonly fault?: 'crash' | 'hang' | 'throw';
}

export type RefreshReply =
  | { readonly ready: true }
  | {
      readonly id: number;
      readonly ok: true;
      readonly result: EvidenceRefresh;
      readonly replica: ReplicaSync;
      readonly workMs: number;
    }
  | { readonly id: number; readonly ok: false; readonly error: { code: string; message: string } };

export interface RefreshOutcome {
  readonly result: EvidenceRefresh;
  readonly replica: ReplicaSync;
  /** Wall ms the worker spent (replica sync and the two forks). */
  readonly workMs: number;
}

export interface EvidenceRefreshWorkerOptions {
  readonly plant: Plant;
  readonly logger: Logger;
  /** Wall ms one refresh may take once the worker is up (default 60 s; the seed day takes ~0.1–0.5 s). */
  readonly timeoutMs?: number;
  /** Wall ms a fresh worker may take to load (tsx transforms the packages on first use). Default 120 s. */
  readonly startTimeoutMs?: number;
  /** The worker's entry (tests); default `evidence-refresh-worker.js` next to this file. */
  readonly entry?: URL;
}

interface Live {
  readonly worker: Worker;
  readonly ready: Promise<void>;
}

/**
 * Dexter's evidence refresh on its own thread (`node:worker_threads`): two twin forks over a 4–8 h
 * horizon take 50–400 ms of CPU, which on the event loop would stall the API, the SSE stream and the
 * real-time driver. Requests run one at a time, in order. A worker that crashes, exits, or overruns
 * `timeoutMs` is terminated and the request fails with a coded error (`evidence.refresh-crashed`,
 * `evidence.refresh-timeout`); a new worker is started at once for the next request.
 *
 * Its own worker rather than Strategos' planning worker: that one serialises re-plans that run for
 * seconds, and an approved action should not wait behind them.
 */
export class EvidenceRefreshWorker {
  readonly #o: EvidenceRefreshWorkerOptions;
  #live: Live | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  #closed = false;
  #seq = 0;
  /** Workers started since construction (1 + restarts). */
  started = 0;

  constructor(o: EvidenceRefreshWorkerOptions) {
    this.#o = o;
  }

  /** Starts the worker now (it loads in the background); requests also start it on demand. */
  warm(): void {
    if (!this.#closed) this.#ensure();
  }

  /** Runs one refresh after the ones before it; rejects with a coded error on crash, timeout or a failed replay. */
  run(job: Omit<RefreshJob, 'id'>): Promise<RefreshOutcome> {
    const next = this.#chain.then(() => this.#run({ ...job, id: ++this.#seq }));
    this.#chain = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const live = this.#live;
    this.#live = undefined;
    if (live !== undefined) await live.worker.terminate();
  }

  async #run(job: RefreshJob): Promise<RefreshOutcome> {
    if (this.#closed)
      throw new AetherError({
        code: 'evidence.refresh-closed',
        message: 'the evidence-refresh worker is shut down',
        category: 'system',
        kind: 'unavailable',
      });
    const live = this.#ensure();
    await live.ready;
    return this.#request(live, job);
  }

  #ensure(): Live {
    if (this.#live !== undefined) return this.#live;
    const worker = new Worker(this.#o.entry ?? new URL('./evidence-refresh-worker.js', import.meta.url), {
      workerData: { plant: this.#o.plant },
    });
    // The worker must never keep the process alive on its own (shutdown closes it; tests may forget).
    worker.unref();
    this.started++;
    const startMs = this.#o.startTimeoutMs ?? 120_000;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          fail(
            new AetherError({
              code: 'evidence.refresh-timeout',
              message: `the evidence-refresh worker did not start within ${startMs} ms`,
              category: 'system',
              kind: 'unavailable',
            }),
          ),
        startMs,
      );
      const onMessage = (m: RefreshReply): void => {
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

  #request(live: Live, job: RefreshJob): Promise<RefreshOutcome> {
    const { worker } = live;
    const limit = this.#o.timeoutMs ?? 60_000;
    return new Promise<RefreshOutcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#o.logger.log('warn', 'evidence-refresh worker overran its time; restarting it', { id: job.id, limitMs: limit });
        fail(
          new AetherError({
            code: 'evidence.refresh-timeout',
            message: `the evidence-refresh worker did not answer within ${limit} ms`,
            hint: 'the worker was terminated and a new one started; the stale proposal is refused, propose again',
            category: 'system',
            kind: 'unavailable',
          }),
        );
      }, limit);
      const onMessage = (m: RefreshReply): void => {
        if ('ready' in m || m.id !== job.id) return;
        cleanup();
        if (m.ok) resolve({ result: m.result, replica: m.replica, workMs: m.workMs });
        else reject(new AetherError({ code: m.error.code, message: m.error.message, category: 'system' }));
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
      worker.postMessage(job);
    });
  }
}

const crashed = (why: string): AetherError =>
  new AetherError({
    code: 'evidence.refresh-crashed',
    message: `the evidence-refresh worker stopped (${why})`,
    hint: 'a new worker was started; the stale proposal is refused, propose again',
    category: 'system',
    kind: 'unavailable',
  });
