import { AetherError, silentLogger, type Logger } from '@aethercore/core';
import {
  AttributeIds,
  DataType,
  StatusCodes,
  Variant,
  type ClientSession,
  type OPCUAClient,
  type StatusCode,
} from 'node-opcua';
import { connectClient, createClient, type ClientConnectOptions } from './client-session.ts';
import { methodNodeId, type MethodArgumentType, type MethodValue } from './method-surface.ts';

export interface ActuatorOptions extends ClientConnectOptions {
  readonly endpointUrl: string;
  /** The plant namespace; NodeIds are `ns=<its index>;s=<id>`. */
  readonly namespaceUri: string;
  /** Each call, write or read gives up after this long with Bad_Timeout (default 5 s). */
  readonly operationTimeoutMs?: number;
  readonly logger?: Logger;
}

/** An OPC UA status as the gateway audits it: the name (Part 6 table, `BadOutOfRange`) and its code. */
export interface OperationStatus {
  readonly good: boolean;
  readonly statusCode: string;
  readonly code: number;
}

export interface CallOutcome extends OperationStatus {
  readonly outputs: readonly MethodValue[];
}

export interface ReadOutcome extends OperationStatus {
  readonly value?: MethodValue;
  readonly sourceTime?: number;
}

export interface MethodArgument {
  readonly dataType: MethodArgumentType;
  readonly value: MethodValue;
}

/**
 * The platform's actuation session: one long-lived OPC UA client session (node-opcua's reconnect
 * keeps it) that calls Methods, writes setpoints and reads values back. Every operation is bounded
 * by `operationTimeoutMs`; a timed-out operation reports `BadTimeout` — its effect on the plant is
 * then unknown, which is why the gateway verifies by reading back.
 */
export interface OpcUaActuator {
  call(objectId: string, method: string, args: readonly MethodArgument[]): Promise<CallOutcome>;
  write(seriesId: string, value: number): Promise<OperationStatus>;
  read(seriesId: string): Promise<ReadOutcome>;
  connected(): boolean;
  close(): Promise<void>;
}

const TYPES: Readonly<Record<MethodArgumentType, DataType>> = {
  Double: DataType.Double,
  Int32: DataType.Int32,
  String: DataType.String,
  Boolean: DataType.Boolean,
};

const statusOf = (s: StatusCode): OperationStatus => ({
  good: s.isGood(),
  statusCode: s.name,
  code: s.value,
});
const TIMEOUT: OperationStatus = statusOf(StatusCodes.BadTimeout);
const NOT_CONNECTED: OperationStatus = statusOf(StatusCodes.BadNotConnected);

function plainValue(v: unknown): MethodValue | undefined {
  return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : undefined;
}

export async function connectActuator(opts: ActuatorOptions): Promise<OpcUaActuator> {
  const log = (opts.logger ?? silentLogger).child('opcua-actuator');
  const timeoutMs = opts.operationTimeoutMs ?? 5_000;
  const client: OPCUAClient = createClient(opts);
  let online = true;
  client.on('connection_lost', () => {
    online = false;
    log.log('warn', 'ConnectionLost (actuator)', {
      code: 'opcua.connection-lost',
      endpointUrl: opts.endpointUrl,
    });
  });
  client.on('connection_reestablished', () => {
    online = true;
  });
  const session: ClientSession = await connectClient(client, opts.endpointUrl, opts);
  let ns: number;
  try {
    const nsArray = await session.readNamespaceArray();
    ns = nsArray.indexOf(opts.namespaceUri);
    if (ns < 0) {
      throw new AetherError({
        code: 'opcua.namespace-unknown',
        message: `the server has no namespace ${opts.namespaceUri}`,
        hint: `it has: ${nsArray.join(', ')}`,
        path: 'namespaceUri',
      });
    }
  } catch (e) {
    await session.close().catch(() => undefined);
    await client.disconnect().catch(() => undefined);
    throw e;
  }
  const nodeId = (id: string): string => `ns=${ns};s=${id}`;
  let closed = false;

  /** Bounds one operation; a late answer after the timeout is dropped (and logged). */
  const bounded = async <T>(what: string, work: () => Promise<T>, onTimeout: T): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<T>((resolve) => {
      timer = setTimeout(() => {
        log.log('warn', 'OPC UA operation timed out', { what, timeoutMs });
        resolve(onTimeout);
      }, timeoutMs);
    });
    try {
      return await Promise.race([work(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
  const failed = (what: string, e: unknown): OperationStatus => {
    log.log('warn', 'OPC UA operation failed', { what, error: e instanceof Error ? e.message : String(e) });
    return NOT_CONNECTED;
  };

  return {
    connected: () => online && !closed,
    call: (objectId, method, args) =>
      closed
        ? Promise.resolve({ ...NOT_CONNECTED, outputs: [] })
        : bounded(
            `call ${objectId}.${method}`,
            async () => {
              try {
                const r = await session.call({
                  objectId: nodeId(objectId),
                  methodId: nodeId(methodNodeId(objectId, method)),
                  inputArguments: args.map(
                    (a) => new Variant({ dataType: TYPES[a.dataType], value: a.value }),
                  ),
                });
                return {
                  ...statusOf(r.statusCode),
                  outputs: (r.outputArguments ?? []).flatMap((v) => {
                    const p = plainValue(v.value);
                    return p === undefined ? [] : [p];
                  }),
                };
              } catch (e) {
                return { ...failed(`call ${objectId}.${method}`, e), outputs: [] };
              }
            },
            { ...TIMEOUT, outputs: [] },
          ),
    write: (seriesId, value) =>
      closed
        ? Promise.resolve(NOT_CONNECTED)
        : bounded(
            `write ${seriesId}`,
            async () => {
              try {
                const s = await session.write({
                  nodeId: nodeId(seriesId),
                  attributeId: AttributeIds.Value,
                  value: { value: new Variant({ dataType: DataType.Double, value }) },
                });
                return statusOf(s);
              } catch (e) {
                return failed(`write ${seriesId}`, e);
              }
            },
            TIMEOUT,
          ),
    read: (seriesId) =>
      closed
        ? Promise.resolve(NOT_CONNECTED)
        : bounded(
            `read ${seriesId}`,
            async () => {
              try {
                const dv = await session.read({ nodeId: nodeId(seriesId), attributeId: AttributeIds.Value });
                const value = plainValue(dv.value?.value);
                const t = dv.sourceTimestamp?.getTime();
                return {
                  ...statusOf(dv.statusCode),
                  ...(value === undefined ? {} : { value }),
                  ...(t === undefined ? {} : { sourceTime: t }),
                };
              } catch (e) {
                return failed(`read ${seriesId}`, e);
              }
            },
            TIMEOUT,
          ),
    close: async () => {
      if (closed) return;
      closed = true;
      await session.close().catch(() => undefined);
      await client.disconnect().catch(() => undefined);
    },
  };
}
