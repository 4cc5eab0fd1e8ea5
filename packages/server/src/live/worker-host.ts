import { Worker } from 'node:worker_threads';
import type { AetherError } from '@aethercore/core';

export interface WorkerHostOptions {
  /** The worker's entry (a `.js` shim that loads the TypeScript main through tsx). */
  readonly entry: URL;
  readonly workerData: unknown;
  /** Wall ms a fresh worker may take to load and say `{ ready: true }` (tsx transforms on first use). */
  readonly startTimeoutMs: number;
  /** The coded error when a fresh worker does not get ready in time. */
  readonly startTimeout: () => AetherError;
  /** The coded error when the worker throws at top level or exits. */
  readonly crashed: (why: string) => AetherError;
}

/** What a reply means for the request in flight: not ours, its result, or its coded error. */
export type ReplyVerdict<R> = undefined | { readonly value: R } | { readonly error: AetherError };

interface Live {
  readonly worker: Worker;
  readonly ready: Promise<void>;
}

/**
 * One `node:worker_threads` worker kept warm for requests, shared by Strategos' planning worker and
 * Dexter's evidence-refresh worker: the ready handshake with its start timeout, a timeout per
 * request, and crash handling. A worker that crashes, exits or overruns is terminated and the request
 * fails with the owner's coded error; a new worker is started at once, so it is warm for the next
 * request. The worker never keeps the process alive on its own (`unref`; shutdown closes it).
 * Callers send one request at a time (each owner serialises its own).
 */
export class WorkerHost {
  readonly #o: WorkerHostOptions;
  #live: Live | undefined;
  #closed = false;
  /** Workers started since construction (1 + restarts). */
  started = 0;

  constructor(o: WorkerHostOptions) {
    this.#o = o;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Starts the worker now (it loads in the background); requests also start it on demand. */
  warm(): void {
    if (!this.#closed) this.#ensure();
  }

  async close(): Promise<void> {
    this.#closed = true;
    const live = this.#live;
    this.#live = undefined;
    if (live !== undefined) await live.worker.terminate();
  }

  /**
   * Posts `message` once the worker is ready and settles with the first reply `judge` claims. After
   * `limitMs` the worker is restarted and the request fails with `overrun()` (which may log).
   */
  async request<R>(
    message: unknown,
    limitMs: number,
    judge: (reply: unknown) => ReplyVerdict<R>,
    overrun: () => AetherError,
  ): Promise<R> {
    const live = this.#ensure();
    await live.ready;
    const { worker } = live;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => fail(overrun()), limitMs);
      const onMessage = (m: unknown): void => {
        const v = judge(m);
        if (v === undefined) return;
        cleanup();
        if ('value' in v) resolve(v.value);
        else reject(v.error);
      };
      const onError = (e: Error): void => fail(this.#o.crashed(e.message));
      const onExit = (code: number): void => fail(this.#o.crashed(`exit code ${code}`));
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
      worker.postMessage(message);
    });
  }

  #ensure(): Live {
    if (this.#live !== undefined) return this.#live;
    const worker = new Worker(this.#o.entry, { workerData: this.#o.workerData });
    worker.unref();
    this.started++;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(this.#o.startTimeout()), this.#o.startTimeoutMs);
      const onMessage = (m: unknown): void => {
        if (typeof m === 'object' && m !== null && 'ready' in m) done();
      };
      const onError = (e: Error): void => fail(this.#o.crashed(e.message));
      const onExit = (code: number): void => fail(this.#o.crashed(`exit code ${code}`));
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
}
