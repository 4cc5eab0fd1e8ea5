import { AetherError, type Logger, type Plant } from '@aethercore/core';
import type { EvidenceRefresh } from '@aethercore/agents';
import type { ActionProposal } from '@aethercore/governance';
import type { TwinCommand } from '@aethercore/twin';
import type { TwinRecipe } from './strategos-plan-job.ts';
import type { ReplicaSync } from './twin-replica.ts';
import { WorkerHost } from './worker-host.ts';

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

/**
 * Dexter's evidence refresh on its own thread (`node:worker_threads`): two twin forks over a 4–8 h
 * horizon take 50–400 ms of CPU, which on the event loop would stall the API, the SSE stream and the
 * real-time driver. Requests run one at a time, in order. A worker that crashes, exits, or overruns
 * `timeoutMs` is terminated and the request fails with a coded error (`evidence.refresh-crashed`,
 * `evidence.refresh-timeout`); a new worker is started at once for the next request (`WorkerHost`).
 *
 * Its own worker rather than Strategos' planning worker: that one serialises re-plans that run for
 * seconds, and an approved action should not wait behind them.
 */
export class EvidenceRefreshWorker {
  readonly #o: EvidenceRefreshWorkerOptions;
  readonly #host: WorkerHost;
  #chain: Promise<unknown> = Promise.resolve();
  #seq = 0;

  constructor(o: EvidenceRefreshWorkerOptions) {
    this.#o = o;
    const startMs = o.startTimeoutMs ?? 120_000;
    this.#host = new WorkerHost({
      entry: o.entry ?? new URL('./evidence-refresh-worker.js', import.meta.url),
      workerData: { plant: o.plant },
      startTimeoutMs: startMs,
      startTimeout: () =>
        new AetherError({
          code: 'evidence.refresh-timeout',
          message: `the evidence-refresh worker did not start within ${startMs} ms`,
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

  /** Runs one refresh after the ones before it; rejects with a coded error on crash, timeout or a failed replay. */
  run(job: Omit<RefreshJob, 'id'>): Promise<RefreshOutcome> {
    const next = this.#chain.then(() => this.#run({ ...job, id: ++this.#seq }));
    this.#chain = next.catch(() => undefined);
    return next;
  }

  close(): Promise<void> {
    return this.#host.close();
  }

  async #run(job: RefreshJob): Promise<RefreshOutcome> {
    if (this.#host.closed)
      throw new AetherError({
        code: 'evidence.refresh-closed',
        message: 'the evidence-refresh worker is shut down',
        category: 'system',
        kind: 'unavailable',
      });
    const limit = this.#o.timeoutMs ?? 60_000;
    return this.#host.request<RefreshOutcome>(
      job,
      limit,
      (reply) => {
        const m = reply as RefreshReply;
        if ('ready' in m || m.id !== job.id) return undefined;
        if (m.ok) return { value: { result: m.result, replica: m.replica, workMs: m.workMs } };
        return {
          error: new AetherError({ code: m.error.code, message: m.error.message, category: 'system' }),
        };
      },
      () => {
        this.#o.logger.log('warn', 'evidence-refresh worker overran its time; restarting it', {
          id: job.id,
          limitMs: limit,
        });
        return new AetherError({
          code: 'evidence.refresh-timeout',
          message: `the evidence-refresh worker did not answer within ${limit} ms`,
          hint: 'the worker was terminated and a new one started; the stale proposal is refused, propose again',
          category: 'system',
          kind: 'unavailable',
        });
      },
    );
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
