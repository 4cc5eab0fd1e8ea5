import type { Logger } from '@aethercore/core';
import type { Governance } from '../governance/governance.ts';
import type { ActuationOutcome, DexterGateway } from './dexter-gateway.ts';

/**
 * Watches the approval inbox and hands every newly approved proposal to the gateway, once. After a
 * restart, proposals Dexter already attempted (its audit entries name them as subject) are not run
 * again; an approval refused by stop-all is not retried after the resume (a person re-proposes).
 */
export class DexterLoop {
  readonly #gateway: DexterGateway;
  readonly #gov: Governance;
  readonly #log: Logger;
  readonly #attempted = new Set<string>();
  #busy: Promise<readonly ActuationOutcome[]> | undefined;

  constructor(o: { gateway: DexterGateway; governance: Governance; logger: Logger }) {
    this.#gateway = o.gateway;
    this.#gov = o.governance;
    this.#log = o.logger;
  }

  /** Marks proposals Dexter (or Sentinel on its behalf) already acted on since `since` as done. */
  async restore(since: number, identity = 'dexter'): Promise<number> {
    const actor = `agent:${identity}`;
    const PAGE = 5000;
    const before = this.#attempted.size;
    for (let hi = this.#gov.log.size; hi > 0; hi -= PAGE) {
      const rows = await this.#gov.log.entries(Math.max(0, hi - PAGE), hi);
      let newest = Number.NEGATIVE_INFINITY;
      for (const r of rows) {
        const e = r.entry;
        if (e === undefined) continue;
        newest = Math.max(newest, e.time);
        if (e.actor === actor && e.subject !== undefined && e.time >= since) this.#attempted.add(e.subject);
      }
      if (newest < since) break;
    }
    return this.#attempted.size - before;
  }

  /** One pass: executes approved proposals not attempted yet, one after the other. Never overlaps itself. */
  tick(): Promise<readonly ActuationOutcome[]> {
    this.#busy ??= this.#run().finally(() => {
      this.#busy = undefined;
    });
    return this.#busy;
  }

  /** Resolves when a running pass has finished (shutdown waits for it; it starts none). */
  async idle(): Promise<void> {
    await this.#busy?.catch(() => undefined);
  }

  async #run(): Promise<readonly ActuationOutcome[]> {
    const out: ActuationOutcome[] = [];
    for (const item of this.#gov.sentinel.inbox.list({ status: 'approved' })) {
      if (this.#attempted.has(item.id)) continue;
      this.#attempted.add(item.id);
      try {
        const r = await this.#gateway.execute(item.proposal);
        this.#log.log('info', 'approved proposal handled', { id: item.id, status: r.status });
        out.push(r);
      } catch (e) {
        this.#log.log('error', 'approved proposal failed', { id: item.id, error: String(e) });
      }
    }
    return out;
  }
}
