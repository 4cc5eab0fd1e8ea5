import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAetherError, type Reading } from '@aethercore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectActuator,
  startOpcUaServer,
  type ActuationSurface,
  type OpcUaActuator,
  type OpcUaServerHandle,
} from '../src/index.ts';
import { MINI_PLANT } from './mini-plant.ts';

// Loopback only: the adapter's actuation surface (Methods, setpoint and read-back variables) and the actuator session.
const pkiDir = mkdtempSync(path.join(os.tmpdir(), 'aether-opcua-act-'));
let server: OpcUaServerHandle;
let actuator: OpcUaActuator;
let speed = 1;
let calls = 0;

const surface: ActuationSurface = {
  variables: [
    {
      objectId: 'ST01',
      variable: {
        name: 'speedFactor',
        seriesId: 'ST01/speedFactor',
        dataType: 'Double',
        unit: 'none',
        euRange: { low: 0.5, high: 1.2 },
        writable: true,
      },
    },
  ],
  read: (id): Reading | undefined =>
    id === 'ST01/speedFactor'
      ? { seriesId: id, value: speed, quality: 'good', sourceTime: 1_700_000_000_000 }
      : undefined,
  write: (id, v) => {
    if (id !== 'ST01/speedFactor' || typeof v !== 'number') return 'deny';
    speed = v;
    return 'accept';
  },
  methods: [
    {
      objectId: 'ST01',
      name: 'Double',
      inputs: [{ name: 'x', dataType: 'Double' }],
      outputs: [{ name: 'y', dataType: 'Double' }],
      call: ([x]) => {
        calls++;
        return typeof x === 'number' && x >= 0
          ? { status: 'good', outputs: [x * 2] }
          : { status: 'out-of-range' };
      },
    },
    {
      objectId: 'L1',
      name: 'Explode',
      inputs: [],
      call: () => {
        throw new Error('handler bug');
      },
    },
  ],
};

beforeAll(async () => {
  server = await startOpcUaServer({
    port: 0,
    spec: MINI_PLANT,
    read: () => undefined,
    actuation: surface,
    pkiDir: path.join(pkiDir, 'server'),
    trustUnknownClients: true,
  });
  actuator = await connectActuator({
    endpointUrl: server.endpointUrl,
    namespaceUri: server.namespaceUri,
    pkiDir: path.join(pkiDir, 'client'),
    trustUnknownServers: true,
    operationTimeoutMs: 10_000,
  });
}, 60_000);

afterAll(async () => {
  await actuator?.close();
  await server?.stop();
  rmSync(pkiDir, { recursive: true, force: true });
});

describe('actuation surface and actuator session', () => {
  it('calls a Method with typed arguments and returns its outputs', async () => {
    expect(await actuator.call('ST01', 'Double', [{ dataType: 'Double', value: 21 }])).toMatchObject({
      good: true,
      statusCode: 'Good',
      outputs: [42],
    });
    expect((await actuator.call('ST01', 'Double', [{ dataType: 'Double', value: -1 }])).statusCode).toBe(
      'BadOutOfRange',
    );
    expect((await actuator.call('ST01', 'Double', [{ dataType: 'String', value: 'x' }])).statusCode).toMatch(
      /^Bad(InvalidArgument|TypeMismatch)$/,
    );
    expect((await actuator.call('ST01', 'Double', [])).statusCode).toBe('BadArgumentsMissing');
    expect((await actuator.call('ST03', 'Double', [{ dataType: 'Double', value: 1 }])).good).toBe(false); // no such method there
  });

  it('writes a setpoint inside EURange, refuses outside (BadOutOfRange) and reads it back', async () => {
    expect((await actuator.write('ST01/speedFactor', 0.8)).statusCode).toBe('Good');
    expect((await actuator.read('ST01/speedFactor')).value).toBe(0.8);
    expect((await actuator.write('ST01/speedFactor', 1.3)).statusCode).toBe('BadOutOfRange');
    expect(speed).toBe(0.8);
  });

  it('a throwing handler answers BadInternalError and the server keeps serving', async () => {
    expect((await actuator.call('L1', 'Explode', [])).statusCode).toBe('BadInternalError');
    const before = calls;
    expect((await actuator.call('ST01', 'Double', [{ dataType: 'Double', value: 1 }])).outputs).toEqual([2]);
    expect(calls).toBe(before + 1);
  });

  it('refuses a surface attached to unknown equipment or clashing ids before starting', async () => {
    const bad = (s: ActuationSurface) =>
      startOpcUaServer({
        port: 0,
        spec: MINI_PLANT,
        read: () => undefined,
        actuation: s,
        pkiDir: path.join(pkiDir, 'bad'),
      });
    for (const s of [
      { ...surface, methods: [{ ...surface.methods[0]!, objectId: 'NOPE' }] },
      {
        ...surface,
        variables: [
          {
            objectId: 'ST01',
            variable: { ...surface.variables[0]!.variable, seriesId: 'ST01/temperatureC' },
          },
        ],
      },
    ]) {
      const e: unknown = await bad(s).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(isAetherError(e) && e.code).toBe('opcua.spec-invalid');
    }
  });
});
