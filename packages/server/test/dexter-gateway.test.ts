import { describe, expect, it } from 'vitest';
import { silentLogger } from '@aethercore/core';
import type { OperationStatus, ReadOutcome } from '@aethercore/adapter-opcua';
import { DexterGateway, type PlantActuator } from '../src/live/dexter-gateway.ts';
import { approvedWorkOrder, scriptedGovernance, T0, workOrder } from './support/dexter-rig.ts';

const status = (statusCode: string, good = false): OperationStatus => ({ good, statusCode, code: 0 });

/** A stand-in plant whose answers the test scripts (the real wire is in dexter.integration.test.ts). */
function setup(answer: () => OperationStatus, readBack: () => ReadOutcome) {
  return (async () => {
    const { gov, clock } = await scriptedGovernance();
    let sent = 0;
    const actuator: PlantActuator = {
      call: () => {
        sent++;
        return Promise.resolve({ ...answer(), outputs: [] });
      },
      write: () => {
        sent++;
        return Promise.resolve(answer());
      },
      read: () => Promise.resolve(readBack()),
    };
    const gateway = new DexterGateway({
      governance: gov,
      actuator,
      targets: { stations: new Set(['ST05']), lineId: 'L1' },
      logger: silentLogger,
      verifyTimeoutMs: 300,
      verifyIntervalMs: 20,
    });
    const approve = (id: string) => approvedWorkOrder(gov, clock, id);
    const last = async () =>
      (await gov.log.entries(0, gov.log.size))
        .map((r) => r.entry)
        .filter((e) => e?.subject !== undefined)
        .slice(-3);
    return { gov, gateway, approve, sent: () => sent, last };
  })();
}

describe('DexterGateway outcomes (scripted plant)', () => {
  it('a Bad StatusCode fails the gated action with the code in the audit, no read-back claimed', async () => {
    const s = await setup(
      () => status('BadInvalidState'),
      () => ({ ...status('Good', true), value: false }),
    );
    const r = await s.gateway.execute(await s.approve('WO-1'));
    expect(r).toEqual({ status: 'plant-rejected', id: 'WO-1', statusCode: 'BadInvalidState' });
    const trail = await s.last();
    expect(trail.map((e) => `${e?.action} ${e?.outcome}`)).toEqual([
      'proposal.verified pass',
      'action.create-work-order started',
      'action.create-work-order failed',
    ]);
    expect(trail.at(-1)?.reason).toContain('BadInvalidState');
  });

  it('a timeout is audited as failed; the read-back then decides (verified, or timeout with what was seen)', async () => {
    let inMaintenance = false;
    const s = await setup(
      () => status('BadTimeout'),
      () => ({ ...status('Good', true), value: inMaintenance }),
    );
    const lost = await s.gateway.execute(await s.approve('WO-2'));
    expect(lost).toMatchObject({ status: 'timeout', statusCode: 'BadTimeout', observed: false });
    expect((await s.last()).at(-1)).toMatchObject({
      action: 'actuation.unverified',
      outcome: 'failed',
      subject: 'WO-2',
    });
    inMaintenance = true; // the command did land after all
    const landed = await s.gateway.execute(await s.approve('WO-3'));
    expect(landed).toMatchObject({ status: 'verified', statusCode: 'BadTimeout', observed: true });
  });

  it('Good but the plant never shows the effect → unverified, audited as failed', async () => {
    const s = await setup(
      () => status('Good', true),
      () => ({ ...status('Good', true), value: false }),
    );
    expect(await s.gateway.execute(await s.approve('WO-4'))).toMatchObject({
      status: 'unverified',
      observed: false,
    });
    expect((await s.last()).map((e) => `${e?.action} ${e?.outcome}`)).toEqual([
      'action.create-work-order started',
      'action.create-work-order succeeded',
      'actuation.unverified failed',
    ]);
  });

  it('does not run a proposal twice, and refuses one that is not approved', async () => {
    const s = await setup(
      () => status('Good', true),
      () => ({ ...status('Good', true), value: true }),
    );
    const p = await s.approve('WO-5');
    expect(await s.gateway.execute(p)).toMatchObject({ status: 'verified' });
    expect(await s.gateway.execute(p)).toMatchObject({
      status: 'refused',
      code: 'sentinel.already-executed',
    });
    const unapproved = workOrder('WO-6', T0, 'ST05');
    expect(await s.gateway.execute(unapproved)).toMatchObject({
      status: 'refused',
      code: 'sentinel.not-approved',
    });
    expect((await s.last()).at(-1)).toMatchObject({
      action: 'actuation.refused',
      outcome: 'refused',
      subject: 'WO-6',
      data: { code: 'sentinel.not-approved' },
    });
    expect(s.sent()).toBe(1);
  });
});
