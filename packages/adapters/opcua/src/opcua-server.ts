import os from 'node:os';
import path from 'node:path';
import {
  AetherError,
  listVariables,
  silentLogger,
  type AddressSpaceSpec,
  type EquipmentNodeSpec,
  type Logger,
  type Quality,
  type Reading,
  type VariableSpec,
} from '@aethercore/core';
import {
  DataType,
  DataValue,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAServer,
  SecurityPolicy,
  StatusCodes,
  Variant,
  nodesets,
  type Namespace,
  type StatusCode,
  type UAObject,
} from 'node-opcua';
import { euInformationOf } from './engineering-units.ts';
import { statusOf } from './status-quality.ts';
import { addMethod, methodNodeId, type ActuationSurface } from './method-surface.ts';

/** A text value (equipment state, order id) for String variables; `Reading` carries numbers only. */
export interface TextReading {
  readonly seriesId: string;
  readonly text: string;
  readonly quality: Quality;
  readonly sourceTime: number;
}

/**
 * What the server answers to a client's write of a writable variable (a setpoint). The guarded
 * gateway (a later issue) decides; without a hook every write is denied (Bad_UserAccessDenied).
 */
export type WriteDecision = 'accept' | 'deny' | 'out-of-range' | 'invalid';

export interface OpcUaServerOptions {
  /** TCP port; 0 picks a free one (see `endpointUrl`). */
  readonly port: number;
  readonly spec: AddressSpaceSpec;
  /** The current value of a numeric/boolean series (the twin); undefined = no value yet. */
  readonly read: (seriesId: string) => Reading | undefined;
  /** The current value of a String variable; without it String variables report Bad_WaitingForInitialData. */
  readonly readText?: (seriesId: string) => TextReading | undefined;
  /** Called for writes of writable variables that are inside EURange. */
  readonly onWrite?: (seriesId: string, value: number | string | boolean) => WriteDecision;
  /** Certificates and trust lists go here (own/, trusted/, rejected/), never into $HOME. */
  readonly pkiDir: string;
  /** Interface to listen on (default 127.0.0.1: the loopback demo). Use 0.0.0.0 to serve a network. */
  readonly host?: string;
  /** Accept client certificates not yet in pkiDir/trusted (demo and tests only; default false). */
  readonly trustUnknownClients?: boolean;
  readonly productName?: string;
  readonly logger?: Logger;
  /** Methods and extra variables (setpoints, read-backs) on equipment objects: the actuation surface. */
  readonly actuation?: ActuationSurface;
}

export interface OpcUaServerHandle {
  readonly endpointUrl: string;
  readonly namespaceUri: string;
  /** `ns=1;s=ST03/temperatureC`: the NodeId of a series' variable. */
  nodeIdOf(seriesId: string): string;
  stop(): Promise<void>;
}

/** Getters sample at most this often; without it node-opcua forces 1,000 ms sampling. */
const MIN_SAMPLING_MS = 100;

/**
 * Serves an AddressSpaceSpec as an OPC UA address space: Objects → Site → Area → Line → WorkCell →
 * Equipment (ISA-95 levels as BaseObjectType objects with an `EquipmentLevel` property), numeric
 * variables as AnalogItemType (EngineeringUnits + EURange, Part 8), others as BaseDataVariableType.
 * Values come from `read` on every sample, with the reading's quality and source time.
 * Endpoints: None (loopback demo) and Basic256Sha256 Sign&Encrypt.
 */
export async function startOpcUaServer(opts: OpcUaServerOptions): Promise<OpcUaServerHandle> {
  const log = (opts.logger ?? silentLogger).child('opcua-server');
  const variables = listVariables(opts.spec);
  checkSpec(opts.spec, opts.actuation);
  const host = opts.host ?? '127.0.0.1';
  const pki = path.resolve(opts.pkiDir);
  const serverCertificateManager = new OPCUACertificateManager({
    rootFolder: path.join(pki, 'server'),
    automaticallyAcceptUnknownCertificate: opts.trustUnknownClients ?? false,
  });
  const userCertificateManager = new OPCUACertificateManager({
    rootFolder: path.join(pki, 'user'),
    automaticallyAcceptUnknownCertificate: false,
  });
  const server = new OPCUAServer({
    port: opts.port === 0 ? await freePort(host) : opts.port,
    host,
    // The endpoint URL names the host clients should dial: the bound address, or this machine's
    // name when listening on every interface.
    hostname: host === '0.0.0.0' || host === '::' ? os.hostname() : host,
    resourcePath: '/aethercore',
    nodeset_filename: [nodesets.standard],
    // The plant namespace becomes ns=1, so NodeIds read `ns=1;s=ST03/temperatureC`.
    skipOwnNamespace: true,
    serverCertificateManager,
    userCertificateManager,
    securityModes: [MessageSecurityMode.None, MessageSecurityMode.SignAndEncrypt],
    securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
    allowAnonymous: true,
    disableDiscovery: true,
    buildInfo: {
      productName: opts.productName ?? 'AetherCore',
      manufacturerName: 'AetherCore',
      softwareVersion: '0.1.0',
    },
    serverInfo: {
      applicationUri: `urn:aethercore:${opts.spec.root.id}:opcua-server`,
      productUri: 'urn:aethercore',
    },
  });
  try {
    await server.initialize();
    const addressSpace = server.engine.addressSpace;
    if (addressSpace === null) throw new Error('address space missing after initialize()');
    const ns = addressSpace.registerNamespace(opts.spec.namespaceUri);
    const objects = new Map<string, UAObject>();
    const build = (node: EquipmentNodeSpec, parent: UAObject | undefined): void => {
      const obj = ns.addObject({
        nodeId: `s=${node.id}`,
        browseName: node.id,
        displayName: node.displayName,
        description: `${node.level} ${node.displayName}`,
        ...(parent === undefined
          ? { organizedBy: addressSpace.rootFolder.objects }
          : { componentOf: parent }),
      });
      objects.set(node.id, obj);
      ns.addVariable({
        propertyOf: obj,
        browseName: 'EquipmentLevel',
        dataType: 'String',
        value: { dataType: DataType.String, value: node.level },
      });
      for (const v of node.variables) addVariable(ns, obj, v, opts, log);
      for (const c of node.children) build(c, obj);
    };
    build(opts.spec.root, undefined);
    if (opts.actuation !== undefined) addSurface(ns, objects, opts.actuation, opts, log);
    await server.start();
  } catch (e) {
    await server.shutdown().catch(() => undefined);
    throw new AetherError({
      code: 'opcua.server-start-failed',
      message: `OPC UA server did not start: ${e instanceof Error ? e.message : String(e)}`,
      hint: 'check that the port is free and pkiDir is writable',
      category: 'system',
      kind: 'unavailable',
      cause: e,
    });
  }
  const endpointUrl = server.getEndpointUrl();
  const nsIndex = server.engine.addressSpace?.getNamespaceIndex(opts.spec.namespaceUri) ?? 1;
  log.log('info', 'OPC UA server started', { endpointUrl, variables: variables.length });
  let stopped = false;
  return {
    endpointUrl,
    namespaceUri: opts.spec.namespaceUri,
    nodeIdOf: (seriesId) => `ns=${nsIndex};s=${seriesId}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.shutdown(0);
      log.log('info', 'OPC UA server stopped', { endpointUrl });
    },
  };
}

/** Surface variables read from the surface's source and write through its hook; methods bind their handlers. */
function addSurface(
  ns: Namespace,
  objects: ReadonlyMap<string, UAObject>,
  surface: ActuationSurface,
  opts: OpcUaServerOptions,
  log: Logger,
): void {
  const object = (id: string, what: string): UAObject => {
    const o = objects.get(id);
    if (o === undefined)
      throw new AetherError({
        code: 'opcua.spec-invalid',
        message: `${what} names unknown object '${id}'`,
        hint: 'attach methods and surface variables to equipment of the spec',
        path: 'actuation',
      });
    return o;
  };
  const surfaceOpts: OpcUaServerOptions = {
    ...opts,
    read: surface.read,
    onWrite: surface.write ?? (() => 'deny'),
  };
  for (const { objectId, variable } of surface.variables)
    addVariable(ns, object(objectId, `variable ${variable.seriesId}`), variable, surfaceOpts, log);
  for (const m of surface.methods) addMethod(ns, object(m.objectId, `method ${m.name}`), m, log);
}

function guarded<T>(log: Logger, seriesId: string, what: string, work: () => T, fallback: () => T): T {
  try {
    return work();
  } catch (e) {
    log.log('error', `OPC UA ${what} failed`, {
      seriesId,
      error: e instanceof Error ? e.message : String(e),
    });
    return fallback();
  }
}

function addVariable(
  ns: Namespace,
  parent: UAObject,
  v: VariableSpec,
  opts: OpcUaServerOptions,
  log: Logger,
): void {
  const access = v.writable ? 'CurrentRead | CurrentWrite' : 'CurrentRead';
  const common = {
    componentOf: parent,
    nodeId: `s=${v.seriesId}`,
    browseName: v.name,
    ...(v.description === undefined ? {} : { description: v.description }),
    accessLevel: access,
    userAccessLevel: access,
    minimumSamplingInterval: MIN_SAMPLING_MS,
  };
  // A throwing value source or hook must not take the server down: the client gets Bad_InternalError.
  const value = {
    timestamped_get: () =>
      guarded(
        log,
        v.seriesId,
        'read',
        () => currentValue(v, opts),
        () => new DataValue({ statusCode: StatusCodes.BadInternalError, serverTimestamp: new Date() }),
      ),
    ...(v.writable
      ? {
          timestamped_set: (dv: DataValue) =>
            Promise.resolve(
              guarded(
                log,
                v.seriesId,
                'onWrite',
                () => decideWrite(v, dv, opts),
                () => StatusCodes.BadInternalError,
              ),
            ),
        }
      : {}),
  };
  const eu = euInformationOf(v.unit);
  if (v.dataType === 'Double' && v.euRange !== undefined) {
    ns.addAnalogDataItem({
      ...common,
      dataType: 'Double',
      engineeringUnitsRange: { low: v.euRange.low, high: v.euRange.high },
      ...(eu === undefined ? {} : { engineeringUnits: eu }),
      value,
    });
    return;
  }
  const variable = ns.addVariable({ ...common, dataType: v.dataType, value });
  if (eu !== undefined) {
    ns.addVariable({
      propertyOf: variable,
      browseName: 'EngineeringUnits',
      dataType: 'EUInformation',
      value: { dataType: DataType.ExtensionObject, value: eu },
    });
  }
}

const DATA_TYPE: Readonly<Record<VariableSpec['dataType'], DataType>> = {
  Double: DataType.Double,
  UInt32: DataType.UInt32,
  String: DataType.String,
  Boolean: DataType.Boolean,
};

function currentValue(v: VariableSpec, opts: OpcUaServerOptions): DataValue {
  const now = new Date();
  if (v.dataType === 'String') {
    const t = opts.readText?.(v.seriesId);
    if (t === undefined)
      return new DataValue({ statusCode: StatusCodes.BadWaitingForInitialData, serverTimestamp: now });
    return new DataValue({
      value: new Variant({ dataType: DataType.String, value: t.text }),
      statusCode: statusOf(t.quality),
      sourceTimestamp: new Date(t.sourceTime),
      serverTimestamp: now,
    });
  }
  const r = opts.read(v.seriesId);
  if (r === undefined || !Number.isFinite(r.value))
    return new DataValue({ statusCode: StatusCodes.BadWaitingForInitialData, serverTimestamp: now });
  const value =
    v.dataType === 'Boolean'
      ? r.value !== 0
      : v.dataType === 'UInt32'
        ? Math.min(0xffffffff, Math.max(0, Math.round(r.value)))
        : r.value;
  return new DataValue({
    value: new Variant({ dataType: DATA_TYPE[v.dataType], value }),
    statusCode: statusOf(r.quality),
    sourceTimestamp: new Date(r.sourceTime),
    serverTimestamp: now,
  });
}

/** Part 4 write semantics: wrong type → Bad_TypeMismatch, outside EURange → Bad_OutOfRange, then the hook. */
function decideWrite(v: VariableSpec, dv: DataValue, opts: OpcUaServerOptions): StatusCode {
  const raw: unknown = dv.value.value;
  let value: number | string | boolean;
  if (v.dataType === 'String') {
    if (typeof raw !== 'string') return StatusCodes.BadTypeMismatch;
    value = raw;
  } else if (v.dataType === 'Boolean') {
    if (typeof raw !== 'boolean') return StatusCodes.BadTypeMismatch;
    value = raw;
  } else {
    if (typeof raw !== 'number' || !Number.isFinite(raw)) return StatusCodes.BadTypeMismatch;
    if (v.euRange !== undefined && (raw < v.euRange.low || raw > v.euRange.high))
      return StatusCodes.BadOutOfRange;
    value = raw;
  }
  const decision = opts.onWrite?.(v.seriesId, value) ?? 'deny';
  switch (decision) {
    case 'accept':
      return StatusCodes.Good;
    case 'out-of-range':
      return StatusCodes.BadOutOfRange;
    case 'invalid':
      return StatusCodes.BadTypeMismatch;
    case 'deny':
      return StatusCodes.BadUserAccessDenied;
  }
}

/** Ids become string NodeIds: they must be unique across equipment and variables. */
function checkSpec(spec: AddressSpaceSpec, surface?: ActuationSurface): void {
  const seen = new Set<string>();
  const claim = (id: string, where: string): void => {
    if (id.length === 0 || seen.has(id)) {
      throw new AetherError({
        code: 'opcua.spec-invalid',
        message: `duplicate or empty node id '${id}' at ${where}`,
        hint: 'equipment ids and series ids must be unique',
        path: where,
      });
    }
    seen.add(id);
  };
  const walk = (n: EquipmentNodeSpec, where: string): void => {
    claim(n.id, where);
    n.variables.forEach((v, i) => claim(v.seriesId, `${where}.variables[${i}]`));
    n.children.forEach((c, i) => walk(c, `${where}.children[${i}]`));
  };
  walk(spec.root, 'root');
  if (surface === undefined) return;
  const objectIds = new Set<string>();
  const collect = (n: EquipmentNodeSpec): void => {
    objectIds.add(n.id);
    n.children.forEach(collect);
  };
  collect(spec.root);
  const attached = (id: string, where: string): void => {
    if (!objectIds.has(id))
      throw new AetherError({
        code: 'opcua.spec-invalid',
        message: `${where} names unknown object '${id}'`,
        hint: 'attach methods and surface variables to equipment of the spec',
        path: where,
      });
  };
  surface.variables.forEach(({ objectId, variable }, i) => {
    attached(objectId, `actuation.variables[${i}]`);
    claim(variable.seriesId, `actuation.variables[${i}]`);
  });
  surface.methods.forEach((m, i) => {
    attached(m.objectId, `actuation.methods[${i}]`);
    claim(methodNodeId(m.objectId, m.name), `actuation.methods[${i}]`);
  });
}

/** A free TCP port on `host` (node-opcua needs a concrete port to build its endpoint URLs). */
async function freePort(host: string): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
