import type { Logger, Plant } from '@aethercore/core';
import { connectActuator } from '@aethercore/adapter-opcua';
import { refreshEvidence } from '@aethercore/agents';
import type { Twin } from '@aethercore/twin';
import type { Governance } from '../governance/governance.ts';
import { DexterGateway, type EvidenceRefresher } from './dexter-gateway.ts';
import { DexterLoop } from './dexter-loop.ts';

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
}): Promise<LiveDexter> {
  const actuator = await connectActuator({
    endpointUrl: o.endpointUrl,
    namespaceUri: o.namespaceUri,
    pkiDir: o.pkiDir,
    logger: o.logger,
    connectTimeoutMs: 20_000,
  });
  const gateway = new DexterGateway({
    governance: o.governance,
    actuator,
    targets: { stations: new Set(o.plant.stations.map((s) => s.id)), lineId: o.plant.line.id },
    logger: o.logger,
    ...(o.twin === undefined ? {} : { refreshEvidence: liveEvidenceRefresher(o.plant, o.governance, o.twin) }),
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
      await actuator.close();
    },
  };
}

/**
 * The agents' what-if, from the running twin's current state. Horizons for evidence that does not
 * name its own: Analytika's (4 h for a work order, 8 h otherwise, as Strategos' re-sequencing).
 */
export function liveEvidenceRefresher(plant: Plant, governance: Governance, twin: () => Twin): EvidenceRefresher {
  return (proposal, command) =>
    refreshEvidence({
      twin: twin(),
      plant,
      proposal,
      command,
      now: governance.clock.now(),
      stateVersion: governance.stateVersion(),
      defaultHorizonMs: (command.type === 'PerformMaintenance' ? 4 : 8) * 3_600_000,
    });
}
