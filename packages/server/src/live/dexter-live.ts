import { isAetherError, type Logger, type Plant } from '@aethercore/core';
import { connectActuator } from '@aethercore/adapter-opcua';
import { refreshEvidence } from '@aethercore/agents';
import type { Twin, TwinCommand } from '@aethercore/twin';
import type { Governance } from '../governance/governance.ts';
import { DexterGateway, type EvidenceRefresher } from './dexter-gateway.ts';
import { DexterLoop } from './dexter-loop.ts';
import { EvidenceRefreshWorker } from './evidence-refresh-worker-client.ts';
import { scanCommands, twinRecipe, type AppliedCommand } from './strategos-plan-job.ts';

export interface LiveDexter {
  readonly gateway: DexterGateway;
  readonly loop: DexterLoop;
  stop(): Promise<void>;
}

/**
 * Dexter in the live mode: its own OPC UA client session to the twin's server (the same wire a PLC
 * gateway would use), the gateway, and a loop that executes newly approved proposals every
 * `intervalMs` (default 1 s). Proposals Dexter already attempted in the last day are not re-run
 * after a restart.
 */
export async function startLiveDexter(o: {
  plant: Plant;
  endpointUrl: string;
  namespaceUri: string;
  governance: Governance;
  pkiDir: string;
  logger: Logger;
  /** After each pass that did something (the composition root persists the inbox). */
  afterPass?: () => void;
  intervalMs?: number;
  /** The running twin: a proposal approved after its evidence went stale is simulated again from it. */
  twin?: () => Twin;
  /**
   * Which replay of the day runs and its seed: with these the refresh runs in a worker thread on a
   * replica of the twin (checked by snapshot hash), off the event loop; without, on the loop.
   */
  replay?: { readonly loop: () => number; readonly seed: (loop: number) => number };
}): Promise<LiveDexter> {
  const actuator = await connectActuator({
    endpointUrl: o.endpointUrl,
    namespaceUri: o.namespaceUri,
    pkiDir: o.pkiDir,
    logger: o.logger,
    connectTimeoutMs: 20_000,
  });
  const twin = o.twin;
  const worker =
    twin === undefined || o.replay === undefined
      ? undefined
      : new EvidenceRefreshWorker({ plant: o.plant, logger: o.logger.child('evidence-refresh') });
  worker?.warm();
  const refresher =
    twin === undefined
      ? undefined
      : worker === undefined || o.replay === undefined
        ? liveEvidenceRefresher(o.plant, o.governance, twin)
        : workerEvidenceRefresher({
            plant: o.plant,
            governance: o.governance,
            twin,
            replay: o.replay,
            worker,
          });
  const gateway = new DexterGateway({
    governance: o.governance,
    actuator,
    targets: { stations: new Set(o.plant.stations.map((s) => s.id)), lineId: o.plant.line.id },
    logger: o.logger,
    ...(refresher === undefined ? {} : { refreshEvidence: refresher }),
  });
  const loop = new DexterLoop({ gateway, governance: o.governance, logger: o.logger });
  await loop.restore(o.governance.clock.now() - 86_400_000);
  const timer = setInterval(() => {
    loop
      .tick()
      .then((done) => {
        if (done.length > 0) o.afterPass?.();
      })
      .catch((e: unknown) => o.logger.log('warn', 'dexter pass failed', { error: String(e) }));
  }, o.intervalMs ?? 1_000);
  timer.unref();
  return {
    gateway,
    loop,
    stop: async () => {
      clearInterval(timer);
      await loop.idle();
      await worker?.close();
      await actuator.close();
    },
  };
}

/** Horizons for evidence that does not name its own: Analytika's (4 h for a work order, 8 h otherwise, as Strategos' re-sequencing). */
const defaultHorizonMs = (command: TwinCommand): number =>
  (command.type === 'PerformMaintenance' ? 4 : 8) * 3_600_000;

/**
 * The agents' what-if, from the running twin's current state, on the caller's thread (it blocks the
 * event loop for the two forks: 50–400 ms on the seed day, see docs/actuation.md). The live mode uses
 * `workerEvidenceRefresher`; this one stays for setups without a replay recipe.
 */
export function liveEvidenceRefresher(
  plant: Plant,
  governance: Pick<Governance, 'clock' | 'stateVersion'>,
  twin: () => Twin,
): EvidenceRefresher {
  return (proposal, command) =>
    refreshEvidence({
      twin: twin(),
      plant,
      proposal,
      command,
      now: governance.clock.now(),
      stateVersion: governance.stateVersion(),
      defaultHorizonMs: defaultHorizonMs(command),
    });
}

/**
 * The same what-if in a worker thread: the running twin's state is taken here (its recipe: replay,
 * seed, the commands applied, read back from its event log, and a snapshot hash), the worker's replica
 * is brought to it and forked there. Same figures as `liveEvidenceRefresher` (tested). A crash, a
 * timeout or a replica that does not match is a failed refresh with its code
 * (`evidence.refresh-crashed`, `evidence.refresh-timeout`, `evidence.replica-diverged`).
 */
export function workerEvidenceRefresher(o: {
  readonly plant: Plant;
  readonly governance: Pick<Governance, 'clock' | 'stateVersion'>;
  readonly twin: () => Twin;
  readonly replay: { readonly loop: () => number; readonly seed: (loop: number) => number };
  readonly worker: Pick<EvidenceRefreshWorker, 'run'>;
}): EvidenceRefresher {
  let scan: { loop: number; upTo: number; commands: AppliedCommand[] } = { loop: -1, upTo: 0, commands: [] };
  return async (proposal, command) => {
    const twin = o.twin();
    const loop = o.replay.loop();
    // The commands applied this replay, read incrementally from the twin's log (a new replay starts afresh).
    scan = { loop, ...scanCommands(twin.events(), scan.loop === loop ? scan : { upTo: 0, commands: [] }) };
    try {
      const r = await o.worker.run({
        twin: twinRecipe(twin, loop, o.replay.seed(loop), scan.commands),
        proposal,
        command,
        now: o.governance.clock.now(),
        stateVersion: o.governance.stateVersion(),
        defaultHorizonMs: defaultHorizonMs(command),
      });
      return r.result;
    } catch (e) {
      const code = isAetherError(e) ? e.code : 'evidence.refresh-failed';
      return { ok: false, code, reason: `${code}: ${e instanceof Error ? e.message : String(e)}` };
    }
  };
}
