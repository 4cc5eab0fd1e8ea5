import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { isAetherError, type Logger, type Quality, type Reading } from '@aethercore/core';
import {
  AttributeIds,
  ClientMonitoredItem,
  ClientSubscription,
  makeBrowsePath,
  MessageSecurityMode,
  TimestampsToReturn,
  OPCUACertificateManager,
  OPCUAClient,
  StatusCodes,
  type ClientSession,
} from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browseEquipment,
  flattenVariables,
  startOpcUaServer,
  subscribeOpcUa,
  type OpcUaServerHandle,
  type TextReading,
} from '../src/index.ts';
import { MINI_PLANT } from './mini-plant.ts';

// Loopback only, port 0 (a free port), certificates in a temp dir, bounded waits.
const pkiDir = mkdtempSync(path.join(os.tmpdir(), 'aether-opcua-'));
const clientOpts = {
  pkiDir: path.join(pkiDir, 'client'),
  reconnect: { maxRetry: 3, initialDelayMs: 100, maxDelayMs: 500 },
  connectTimeoutMs: 60_000,
};

/** The twin stand-in: tests change these values and qualities. */
const values = new Map<string, { value: number; quality: Quality; sourceTime: number }>();
let clock = 1_700_000_000_000;
const setValue = (seriesId: string, value: number, quality: Quality = 'good'): void => {
  clock += 1000;
  values.set(seriesId, { value, quality, sourceTime: clock });
};
const throwFor = new Set<string>();
const read = (seriesId: string): Reading | undefined => {
  if (throwFor.has(seriesId)) throw new Error(`source failed for ${seriesId}`);
  const v = values.get(seriesId);
  return v === undefined ? undefined : { seriesId, ...v };
};
const readText = (seriesId: string): TextReading | undefined => ({
  seriesId,
  text: 'RUNNING',
  quality: 'good',
  sourceTime: 1_700_000_000_000,
});

// Bounded waits for a condition: generous, since the CI machine may be slow and loaded (they return
// as soon as the condition holds).
async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let server: OpcUaServerHandle;
let client: OPCUAClient;
let session: ClientSession;

beforeAll(async () => {
  for (const st of ['ST01', 'ST03']) {
    setValue(`${st}/temperatureC`, 41.5);
    setValue(`${st}/vibrationRmsMmS`, 2.25);
    setValue(`${st}/partsCount`, 17);
    setValue(`${st}/running`, 1);
    setValue(`${st}/feedOverridePct`, 100);
  }
  server = await startOpcUaServer({
    port: 0,
    spec: MINI_PLANT,
    read,
    readText,
    pkiDir: path.join(pkiDir, 'server'),
    trustUnknownClients: true,
  });
  // The independent client: plain node-opcua, knowing only the endpoint and the namespace URI.
  client = OPCUAClient.create({
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 2, initialDelay: 100, maxDelay: 500 },
    clientCertificateManager: new OPCUACertificateManager({
      rootFolder: path.join(pkiDir, 'independent'),
      automaticallyAcceptUnknownCertificate: true,
    }),
  });
  await client.connect(server.endpointUrl);
  session = await client.createSession();
});

afterAll(async () => {
  await session?.close().catch(() => undefined);
  await client?.disconnect().catch(() => undefined);
  await server?.stop();
  rmSync(pkiDir, { recursive: true, force: true });
});

describe('OPC UA server adapter, seen by an independent client', () => {
  it('serves on a loopback endpoint with stable string NodeIds in ns=1', async () => {
    expect(server.endpointUrl).toMatch(/^opc\.tcp:\/\/127\.0\.0\.1:\d+\/aethercore$/);
    expect(server.nodeIdOf('ST03/temperatureC')).toBe('ns=1;s=ST03/temperatureC');
    const ns = await session.readNamespaceArray();
    expect(ns[1]).toBe(MINI_PLANT.namespaceUri);
  });

  it('resolves the equipment hierarchy by browse path from Objects and reads EURange and EngineeringUnits', async () => {
    const [res] = await session.translateBrowsePath([
      makeBrowsePath('ObjectsFolder', '/1:WH4/1:A1/1:L1/1:ST03/1:temperatureC'),
    ]);
    expect(res?.statusCode.name).toBe('Good');
    const nodeId = res!.targets![0]!.targetId.toString();
    expect(nodeId).toBe('ns=1;s=ST03/temperatureC');
    const [range, units] = await session.translateBrowsePath([
      makeBrowsePath(nodeId, '.EURange'),
      makeBrowsePath(nodeId, '.EngineeringUnits'),
    ]);
    const [rangeDv, unitsDv, valueDv] = await session.read([
      { nodeId: range!.targets![0]!.targetId, attributeId: AttributeIds.Value },
      { nodeId: units!.targets![0]!.targetId, attributeId: AttributeIds.Value },
      { nodeId, attributeId: AttributeIds.Value },
    ]);
    expect(rangeDv!.value.value).toMatchObject({ low: 10, high: 90 });
    // UNECE Rec 20 'CEL' as OPC UA Part 8 encodes it: (C << 16) | (E << 8) | L.
    expect(unitsDv!.value.value).toMatchObject({
      unitId: (0x43 << 16) | (0x45 << 8) | 0x4c,
      namespaceUri: 'http://www.opcfoundation.org/UA/units/un/cefact',
    });
    expect(valueDv!.value.value).toBe(41.5);
    expect(valueDv!.sourceTimestamp?.getTime()).toBe(values.get('ST03/temperatureC')?.sourceTime);
  });

  it('an independent node-opcua subscription sees value changes, source timestamps and bad status', async () => {
    const [res] = await session.translateBrowsePath([
      makeBrowsePath('ObjectsFolder', '/1:WH4/1:A1/1:L1/1:ST01/1:temperatureC'),
    ]);
    const nodeId = res!.targets![0]!.targetId;
    const subscription = ClientSubscription.create(session, {
      requestedPublishingInterval: 100,
      requestedMaxKeepAliveCount: 10,
      requestedLifetimeCount: 100,
      publishingEnabled: true,
    });
    const seen: { value: unknown; status: string; source: number | undefined }[] = [];
    try {
      const item = ClientMonitoredItem.create(
        subscription,
        { nodeId, attributeId: AttributeIds.Value },
        { samplingInterval: 100, queueSize: 10, discardOldest: true },
        TimestampsToReturn.Both,
      );
      item.on('changed', (dv) =>
        seen.push({
          value: dv.value.value,
          status: dv.statusCode.name,
          source: dv.sourceTimestamp?.getTime(),
        }),
      );
      setValue('ST01/temperatureC', 63.5);
      const good = await waitFor('63.5', () => seen.find((x) => x.value === 63.5));
      expect(good.status).toBe('Good');
      expect(good.source).toBe(values.get('ST01/temperatureC')?.sourceTime);
      setValue('ST01/temperatureC', 64.5, 'bad');
      expect((await waitFor('bad 64.5', () => seen.find((x) => x.value === 64.5))).status).toBe('Bad');
    } finally {
      await subscription.terminate();
    }
  });

  it('browseEquipment returns the tree with levels, types, units, ranges and writability', async () => {
    const tree = await browseEquipment(server.endpointUrl, clientOpts);
    expect(tree.map((e) => e.browseName)).toEqual(['WH4']);
    const site = tree[0]!;
    expect(site.level).toBe('Site');
    const line = site.children[0]!.children[0]!;
    expect(line.displayName).toBe('Line 1');
    expect(line.children.map((c) => [c.browseName, c.level])).toEqual([
      ['ST01', 'WorkCell'],
      ['ST03', 'WorkCell'],
    ]);
    const vars = flattenVariables(tree);
    expect(vars.length).toBe(12);
    const temp = vars.find((v) => v.seriesId === 'ST03/temperatureC');
    expect(temp).toMatchObject({
      dataType: 'Double',
      numeric: true,
      unit: 'degC',
      euRange: { low: 10, high: 90 },
      writable: false,
    });
    expect(vars.find((v) => v.seriesId === 'ST03/vibrationRmsMmS')?.unit).toBe('mm/s');
    expect(vars.find((v) => v.seriesId === 'ST03/partsCount')).toMatchObject({
      dataType: 'UInt32',
      numeric: true,
      unit: 'count',
    });
    expect(vars.find((v) => v.seriesId === 'ST03/state')).toMatchObject({
      dataType: 'String',
      numeric: false,
    });
    expect(vars.find((v) => v.seriesId === 'ST03/feedOverridePct')).toMatchObject({
      writable: true,
      unit: '%',
      euRange: { low: 50, high: 120 },
    });
  });

  it('rejects writes: measurements are read-only, setpoints out of EURange or without a gateway are refused', async () => {
    const write = (seriesId: string, value: number) =>
      session.write({
        nodeId: server.nodeIdOf(seriesId),
        attributeId: AttributeIds.Value,
        value: { value: { dataType: 'Double', value } },
      });
    expect((await write('ST03/temperatureC', 20)).name).toBe(StatusCodes.BadNotWritable.name);
    expect((await write('ST03/feedOverridePct', 150)).name).toBe(StatusCodes.BadOutOfRange.name);
    expect((await write('ST03/feedOverridePct', 90)).name).toBe(StatusCodes.BadUserAccessDenied.name);
    const after = await session.read({
      nodeId: server.nodeIdOf('ST03/temperatureC'),
      attributeId: AttributeIds.Value,
    });
    expect(after.value.value).toBe(41.5);
  });

  it('subscribes: values change when the source changes, bad quality arrives as bad, strings via onText', async () => {
    const got: Reading[] = [];
    const texts: TextReading[] = [];
    const sub = await subscribeOpcUa({
      ...clientOpts,
      endpointUrl: server.endpointUrl,
      samplingIntervalMs: 100,
      onReadings: (rs) => got.push(...rs),
      onText: (ts) => texts.push(...ts),
    });
    try {
      expect(sub.connected()).toBe(true);
      expect(sub.seriesIds).toContain('ST01/partsCount');
      expect(sub.seriesIds).toContain('ST03/state');
      await waitFor('initial values', () =>
        got.find((r) => r.seriesId === 'ST03/temperatureC' && r.value === 41.5),
      );
      setValue('ST03/temperatureC', 55.25);
      const changed = await waitFor('changed value', () =>
        got.find((r) => r.seriesId === 'ST03/temperatureC' && r.value === 55.25),
      );
      expect(changed.quality).toBe('good');
      expect(changed.sourceTime).toBe(values.get('ST03/temperatureC')?.sourceTime);
      setValue('ST03/vibrationRmsMmS', 99, 'bad');
      const bad = await waitFor('bad reading', () =>
        got.find((r) => r.seriesId === 'ST03/vibrationRmsMmS' && r.value === 99),
      );
      expect(bad.quality).toBe('bad');
      setValue('ST01/temperatureC', 12, 'uncertain');
      expect(
        (
          await waitFor('uncertain reading', () =>
            got.find((r) => r.seriesId === 'ST01/temperatureC' && r.value === 12),
          )
        ).quality,
      ).toBe('uncertain');
      expect(got.find((r) => r.seriesId === 'ST01/running')?.value).toBe(1);
      expect(texts.find((t) => t.seriesId === 'ST03/state')?.text).toBe('RUNNING');
    } finally {
      await sub.stop();
    }
    expect(sub.connected()).toBe(false);
  });

  it('survives a throwing value source (Bad_InternalError) and a throwing reading consumer', async () => {
    throwFor.add('ST01/vibrationRmsMmS');
    try {
      const dv = await session.read({
        nodeId: server.nodeIdOf('ST01/vibrationRmsMmS'),
        attributeId: AttributeIds.Value,
      });
      expect(dv.statusCode.name).toBe(StatusCodes.BadInternalError.name);
    } finally {
      throwFor.delete('ST01/vibrationRmsMmS');
    }
    let calls = 0;
    const sub = await subscribeOpcUa({
      ...clientOpts,
      endpointUrl: server.endpointUrl,
      seriesIds: ['ST01/partsCount'],
      namespaceUri: MINI_PLANT.namespaceUri,
      samplingIntervalMs: 100,
      onReadings: () => {
        calls++;
        throw new Error('consumer bug');
      },
    });
    try {
      setValue('ST01/partsCount', 30);
      await waitFor('first delivery', () => (calls >= 1 ? true : undefined));
      setValue('ST01/partsCount', 31);
      await waitFor('delivery after the consumer threw', () => (calls >= 2 ? true : undefined));
      expect(sub.connected()).toBe(true);
    } finally {
      await sub.stop();
    }
  });

  it('subscribes to given series by NodeId without browsing', async () => {
    const got: Reading[] = [];
    const sub = await subscribeOpcUa({
      ...clientOpts,
      endpointUrl: server.endpointUrl,
      seriesIds: ['ST01/partsCount'],
      namespaceUri: MINI_PLANT.namespaceUri,
      onReadings: (rs) => got.push(...rs),
    });
    try {
      setValue('ST01/partsCount', 18);
      await waitFor('parts count', () => got.find((r) => r.value === 18));
      expect(new Set(got.map((r) => r.seriesId))).toEqual(new Set(['ST01/partsCount']));
    } finally {
      await sub.stop();
    }
  });
});

describe('OPC UA client errors are coded', () => {
  const codeOf = async (p: Promise<unknown>): Promise<string | undefined> => {
    try {
      await p;
      return undefined;
    } catch (e) {
      return isAetherError(e) ? e.code : String(e);
    }
  };

  it('opcua.connect-failed when nothing listens, opcua.series-unknown / namespace-unknown for a wrong selection', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (probe.address() as net.AddressInfo).port;
        probe.close(() => resolve(port));
      });
    });
    const onReadings = (): void => undefined;
    expect(
      await codeOf(
        subscribeOpcUa({
          ...clientOpts,
          reconnect: { maxRetry: 0 },
          connectTimeoutMs: 5000,
          endpointUrl: `opc.tcp://127.0.0.1:${closedPort}/aethercore`,
          onReadings,
        }),
      ),
    ).toBe('opcua.connect-failed');
    expect(
      await codeOf(
        subscribeOpcUa({
          ...clientOpts,
          endpointUrl: server.endpointUrl,
          seriesIds: ['ST99/nothing'],
          onReadings,
        }),
      ),
    ).toBe('opcua.series-unknown');
    expect(
      await codeOf(
        subscribeOpcUa({
          ...clientOpts,
          endpointUrl: server.endpointUrl,
          seriesIds: ['ST01/partsCount'],
          namespaceUri: 'urn:other',
          onReadings,
        }),
      ),
    ).toBe('opcua.namespace-unknown');
    expect(
      await codeOf(
        subscribeOpcUa({ ...clientOpts, endpointUrl: server.endpointUrl, samplingIntervalMs: 0, onReadings }),
      ),
    ).toBe('opcua.option-invalid');
  });
});

describe('OPC UA write hook (the later guarded gateway)', () => {
  it('passes in-range setpoint writes to onWrite and answers with its decision', async () => {
    const seen: [string, unknown][] = [];
    const own = await startOpcUaServer({
      port: 0,
      spec: MINI_PLANT,
      read,
      pkiDir: path.join(pkiDir, 'server3'),
      onWrite: (seriesId, value) => {
        seen.push([seriesId, value]);
        return value === 77 ? 'deny' : 'accept';
      },
    });
    const c = OPCUAClient.create({
      endpointMustExist: false,
      connectionStrategy: { maxRetry: 1 },
      clientCertificateManager: new OPCUACertificateManager({ rootFolder: path.join(pkiDir, 'independent') }),
    });
    try {
      await c.connect(own.endpointUrl);
      const s = await c.createSession();
      const write = (value: unknown, dataType: string) =>
        s.write({
          nodeId: own.nodeIdOf('ST01/feedOverridePct'),
          attributeId: AttributeIds.Value,
          value: { value: { dataType, value } },
        });
      expect((await write(95, 'Double')).name).toBe('Good');
      expect((await write(77, 'Double')).name).toBe(StatusCodes.BadUserAccessDenied.name);
      expect((await write(200, 'Double')).name).toBe(StatusCodes.BadOutOfRange.name);
      expect((await write('fast', 'String')).name).toMatch(/^Bad/);
      // Only in-range values of the right type reach the hook.
      expect(seen).toEqual([
        ['ST01/feedOverridePct', 95],
        ['ST01/feedOverridePct', 77],
      ]);
      await s.close();
    } finally {
      await c.disconnect();
      await own.stop();
    }
  });
});

describe('OPC UA security and lifecycle', () => {
  it('offers exactly None and Basic256Sha256 Sign&Encrypt endpoints, and accepts encrypted sessions', async () => {
    const endpoints = await client.getEndpoints();
    const offered = endpoints
      .map((e) => `${MessageSecurityMode[e.securityMode]} ${(e.securityPolicyUri ?? '').split('#')[1]}`)
      .sort();
    expect(offered).toEqual(['None None', 'SignAndEncrypt Basic256Sha256']);
    const tree = await browseEquipment(server.endpointUrl, {
      ...clientOpts,
      security: 'SignAndEncrypt',
      trustUnknownServers: true,
    });
    expect(flattenVariables(tree).length).toBe(12);
  });

  it('stop() releases the port, and a subscriber sees the connection drop and come back on restart', async () => {
    const own = await startOpcUaServer({
      port: 0,
      spec: MINI_PLANT,
      read,
      pkiDir: path.join(pkiDir, 'server2'),
      trustUnknownClients: true,
    });
    const port = Number(new URL(own.endpointUrl.replace('opc.tcp', 'http')).port);
    const got: Reading[] = [];
    const logs: { level: string; message: string; fields?: Readonly<Record<string, unknown>> }[] = [];
    const logger: Logger = {
      log: (level, message, fields) =>
        logs.push({ level, message, ...(fields === undefined ? {} : { fields }) }),
      child: () => logger,
    };
    // Retries for up to about 3 min (600 × ≤ 300 ms): the restarted server makes new certificates,
    // which took many seconds on a loaded machine; 40 retries (12 s) could run out first.
    const sub = await subscribeOpcUa({
      ...clientOpts,
      logger,
      reconnect: { maxRetry: 600, initialDelayMs: 100, maxDelayMs: 300 },
      endpointUrl: own.endpointUrl,
      samplingIntervalMs: 100,
      onReadings: (rs) => got.push(...rs),
    });
    let again: OpcUaServerHandle | undefined;
    try {
      await waitFor('first readings', () => (got.length > 0 ? true : undefined));
      await own.stop();
      await waitFor('connection lost', () => (sub.connected() ? undefined : true));
      expect(
        logs.find((l) => l.level === 'warn' && l.message.startsWith('ConnectionLost'))?.fields?.['code'],
      ).toBe('opcua.connection-lost');
      // The port is free again: a plain TCP server can bind it.
      await new Promise<void>((resolve, reject) => {
        const probe = net.createServer().once('error', reject);
        probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
      });
      const countAtLoss = got.length;
      await new Promise((r) => setTimeout(r, 500));
      expect(got.length - countAtLoss).toBeLessThanOrEqual(0);
      again = await startOpcUaServer({
        port,
        spec: MINI_PLANT,
        read,
        pkiDir: path.join(pkiDir, 'server2'),
        trustUnknownClients: true,
      });
      await waitFor('reconnected', () => (sub.connected() ? true : undefined), 120_000);
      setValue('ST01/vibrationRmsMmS', 3.5);
      await waitFor(
        'readings after reconnect',
        () => got.slice(countAtLoss).find((r) => r.seriesId === 'ST01/vibrationRmsMmS' && r.value === 3.5),
        120_000,
      );
    } finally {
      await sub.stop();
      await again?.stop();
      await own.stop();
    }
  }, 300_000);
});
