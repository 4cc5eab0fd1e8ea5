import type { Logger, Plant } from '@aethercore/core';
import { connectActuator } from '@aethercore/adapter-opcua';
import type { Governance } from '../governance/governance.ts';
import { DexterGateway } from './dexter-gateway.ts';
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
