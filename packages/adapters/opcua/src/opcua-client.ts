import { setImmediate } from 'node:timers';
import { AetherError, silentLogger, type Logger, type Reading } from '@aethercore/core';
import {
  AttributeIds,
  ClientMonitoredItemGroup,
  ClientSubscription,
  DataChangeFilter,
  DataChangeTrigger,
  DeadbandType,
  TimestampsToReturn,
  type ClientSession,
  type DataValue,
} from 'node-opcua';
import { browseSession, flattenVariables, type BrowsedVariable } from './browse-equipment.ts';
import { connectClient, createClient, type ClientConnectOptions } from './client-session.ts';
import type { TextReading } from './opcua-server.ts';
import { qualityOf } from './status-quality.ts';

export interface SubscribeOptions extends ClientConnectOptions {
  readonly endpointUrl: string;
  /** Series to follow (string NodeId identifiers). Default: browse and follow every numeric/Boolean variable. */
  readonly seriesIds?: readonly string[];
  /** With seriesIds: build NodeIds `ns=<index of this URI>;s=<seriesId>` directly instead of browsing. */
  readonly namespaceUri?: string;
  /** Default 250 ms; also the publishing interval. */
  readonly samplingIntervalMs?: number;
  /** Numeric and Boolean (1/0) values, one batch per publish response. */
  readonly onReadings: (readings: readonly Reading[]) => void;
  /** String variables (equipment state), one batch per publish; without it they are not subscribed. */
  readonly onText?: (readings: readonly TextReading[]) => void;
  readonly logger?: Logger;
}

export interface OpcUaSubscription {
  stop(): Promise<void>;
  /** True while the secure channel and session are up. */
  connected(): boolean;
  /** The series being monitored. */
  readonly seriesIds: readonly string[];
}

/**
 * A telemetry client: one session, one subscription, one monitored item per variable (deadband none,
 * trigger StatusValueTimestamp so a new sample with an unchanged value still arrives, queue of 10 so
 * nothing is dropped between publishes). Quality comes from the StatusCode severity, time from the
 * SourceTimestamp. On connection loss readings stop, `connected()` is false, and node-opcua's
 * backoff reconnects and restores the session and subscription.
 */
export async function subscribeOpcUa(opts: SubscribeOptions): Promise<OpcUaSubscription> {
  const log = (opts.logger ?? silentLogger).child('opcua-client');
  const interval = opts.samplingIntervalMs ?? 250;
  if (!Number.isFinite(interval) || interval <= 0) {
    throw new AetherError({
      code: 'opcua.option-invalid',
      message: `samplingIntervalMs must be positive, got ${interval}`,
      hint: 'use e.g. 250',
      path: 'samplingIntervalMs',
    });
  }
  const client = createClient(opts);
  let up = false;
  client.on('connection_lost', () => {
    up = false;
    log.log('warn', 'ConnectionLost: OPC UA connection lost, reconnecting', {
      endpointUrl: opts.endpointUrl,
      code: 'opcua.connection-lost',
    });
  });
  client.on('connection_reestablished', () => {
    up = true;
    log.log('info', 'OPC UA connection re-established', { endpointUrl: opts.endpointUrl });
  });
  client.on('backoff', (count: number, delay: number) =>
    log.log('debug', 'OPC UA reconnect attempt', { count, delay }),
  );

  const session = await connectClient(client, opts.endpointUrl, opts);
  up = true;
  try {
    const targets = await resolveTargets(session, opts);
    const numeric = targets.filter((t) => t.kind === 'number');
    const text = targets.filter((t) => t.kind === 'text');
    const subscription = ClientSubscription.create(session, {
      requestedPublishingInterval: interval,
      requestedLifetimeCount: 1000,
      requestedMaxKeepAliveCount: 10,
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 10,
    });
    subscription.on('internal_error', (err: Error) =>
      log.log('error', 'OPC UA subscription error', { error: err.message }),
    );
    let readings: Reading[] = [];
    let texts: TextReading[] = [];
    let flushQueued = false;
    // node-opcua emits one 'changed' per item of a publish response, synchronously: flush once after.
    const queueFlush = (): void => {
      if (flushQueued) return;
      flushQueued = true;
      setImmediate(() => {
        flushQueued = false;
        const r = readings;
        const t = texts;
        readings = [];
        texts = [];
        // A throwing consumer must not crash the process from inside node-opcua's callbacks.
        try {
          if (r.length > 0) opts.onReadings(r);
          if (t.length > 0) opts.onText?.(t);
        } catch (e) {
          log.log('error', 'OPC UA reading consumer failed', {
            error: e instanceof Error ? e.message : String(e),
            readings: r.length,
            texts: t.length,
          });
        }
      });
    };
    let skipped = 0;
    const all = [...numeric, ...text];
    if (all.length > 0) {
      const group = ClientMonitoredItemGroup.create(
        subscription,
        all.map((t) => ({ nodeId: t.nodeId, attributeId: AttributeIds.Value })),
        {
          samplingInterval: interval,
          discardOldest: true,
          queueSize: 10,
          filter: new DataChangeFilter({
            trigger: DataChangeTrigger.StatusValueTimestamp,
            deadbandType: DeadbandType.None,
            deadbandValue: 0,
          }),
        },
        TimestampsToReturn.Both,
      );
      group.on('changed', (_item: unknown, dv: DataValue, index: number) => {
        const target = all[index];
        if (target === undefined) return;
        const sourceTime = (dv.sourceTimestamp ?? dv.serverTimestamp)?.getTime() ?? Date.now();
        const quality = qualityOf(dv.statusCode);
        const raw: unknown = dv.value.value;
        if (target.kind === 'text') {
          if (typeof raw === 'string')
            texts.push({ seriesId: target.seriesId, text: raw, quality, sourceTime });
        } else {
          const value = typeof raw === 'boolean' ? (raw ? 1 : 0) : raw;
          // A Bad status often comes without a value (Bad_WaitingForInitialData): nothing to record.
          if (typeof value === 'number' && Number.isFinite(value))
            readings.push({ seriesId: target.seriesId, value, quality, sourceTime });
          else if (skipped++ % 100 === 0)
            log.log('debug', 'OPC UA notification without a numeric value', {
              seriesId: target.seriesId,
              status: dv.statusCode.name,
            });
        }
        queueFlush();
      });
      group.on('err', (message: string) => log.log('error', 'OPC UA monitored items error', { message }));
    }
    log.log('info', 'OPC UA subscription started', {
      endpointUrl: opts.endpointUrl,
      items: all.length,
      samplingIntervalMs: interval,
    });
    let stopped = false;
    return {
      seriesIds: all.map((t) => t.seriesId),
      connected: () => up && !stopped,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        up = false;
        await subscription.terminate().catch(() => undefined);
        await session.close().catch(() => undefined);
        await client.disconnect().catch(() => undefined);
        log.log('info', 'OPC UA subscription stopped', { endpointUrl: opts.endpointUrl });
      },
    };
  } catch (e) {
    await session.close().catch(() => undefined);
    await client.disconnect().catch(() => undefined);
    throw e;
  }
}

interface Target {
  readonly seriesId: string;
  readonly nodeId: string;
  readonly kind: 'number' | 'text';
}

async function resolveTargets(session: ClientSession, opts: SubscribeOptions): Promise<Target[]> {
  const wantText = opts.onText !== undefined;
  if (opts.seriesIds !== undefined && opts.namespaceUri !== undefined) {
    const nsArray = await session.readNamespaceArray();
    const ns = nsArray.indexOf(opts.namespaceUri);
    if (ns < 0) {
      throw new AetherError({
        code: 'opcua.namespace-unknown',
        message: `the server has no namespace ${opts.namespaceUri}`,
        hint: `it has: ${nsArray.join(', ')}`,
        path: 'namespaceUri',
      });
    }
    // Without browsing the data type is unknown: every series is treated as numeric.
    return opts.seriesIds.map((seriesId) => ({ seriesId, nodeId: `ns=${ns};s=${seriesId}`, kind: 'number' }));
  }
  const vars = flattenVariables(await browseSession(session));
  const kindOf = (v: BrowsedVariable): Target['kind'] | undefined =>
    v.numeric ? 'number' : v.dataType === 'String' && wantText ? 'text' : undefined;
  if (opts.seriesIds === undefined) {
    return vars.flatMap((v) => {
      const kind = kindOf(v);
      return kind === undefined ? [] : [{ seriesId: v.seriesId, nodeId: v.nodeId, kind }];
    });
  }
  const bySeries = new Map(vars.map((v) => [v.seriesId, v]));
  const missing = opts.seriesIds.filter((id) => bySeries.get(id) === undefined);
  if (missing.length > 0) {
    throw new AetherError({
      code: 'opcua.series-unknown',
      message: `the server has no variable for ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
      hint: 'browse the server (browseEquipment) to see its series ids',
      path: 'seriesIds',
    });
  }
  return opts.seriesIds.flatMap((id) => {
    const v = bySeries.get(id);
    const kind = v === undefined ? undefined : kindOf(v);
    return v === undefined || kind === undefined ? [] : [{ seriesId: id, nodeId: v.nodeId, kind }];
  });
}
