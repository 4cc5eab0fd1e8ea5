import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { burstPolicy, proposal, speedProposal, startRig, workOrder, type Rig } from './support/dexter-rig.ts';

// Loopback only: a real node-opcua server (the twin's plant side) and a real actuator session.

const entries = async (rig: Rig) => (await rig.gov.log.entries(0, rig.gov.log.size)).map((r) => r.entry);

describe('Dexter over OPC UA (default policy)', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
  });

  it('executes an approved work order: Method PerformMaintenance, station in maintenance, audited intent → executed → verified', async () => {
    const p = workOrder('WO-ST05-test', rig.clock.now(), 'ST05');
    const analytika = rig.gov.identities.get('analytika');
    if (analytika === undefined) throw new Error('no analytika');
    const { route } = await rig.gov.sentinel.review(p, analytika, 3);
    expect(route).toBe('inbox');
    // Not approved yet: the loop does nothing.
    expect(await rig.loop.tick()).toEqual([]);
    expect(rig.twin.snapshot().stations['ST05']?.reason).not.toBe('maintenance');
    await rig.gov.sentinel.inbox.executeOrThrow({
      type: 'ApproveProposal',
      id: p.id,
      by: rig.supervisor,
      reason: 'take the stop now',
      time: rig.clock.now(),
    });
    const before = rig.gov.log.size;
    const [outcome] = await rig.loop.tick();
    expect(outcome).toMatchObject({ status: 'verified', id: p.id, statusCode: 'Good', observed: true });
    const st = rig.twin.snapshot().stations['ST05'];
    expect(st?.state).toBe('failed');
    expect(st?.reason).toBe('maintenance');
    expect(
      rig.twin
        .events()
        .some((e) => e.type === 'MaintenanceStarted' && (e.data as { station?: string }).station === 'ST05'),
    ).toBe(true);
    const trail = (await rig.gov.log.entries(before, rig.gov.log.size)).map(
      (r) => `${r.entry?.actor} ${r.entry?.action} ${r.entry?.outcome}`,
    );
    expect(trail).toEqual([
      'system:verifier proposal.verified pass',
      'agent:dexter action.create-work-order started',
      'agent:dexter action.create-work-order succeeded',
      'agent:dexter actuation.verified done',
    ]);
    // Once only: a second pass does not run it again.
    expect(await rig.loop.tick()).toEqual([]);
  });

  it('writes a speed setpoint within limits at once and reads it back', async () => {
    const applied = rig.applied();
    const r = await rig.gateway.proposeAndExecute(
      speedProposal('SP-1', rig.clock.now(), 'ST03', 1.1),
      rig.engineer,
    );
    expect(r).toMatchObject({ status: 'verified', statusCode: 'Good', observed: 1.1 });
    expect(rig.twin.snapshot().stations['ST03']?.speedFactor).toBe(1.1);
    expect(rig.applied()).toBe(applied + 1);
  });

  it('out of range: the plant answers BadOutOfRange, and the policy blocks it before anything is written', async () => {
    // The plant side on its own (a client without Dexter): EURange 0.5–1.2.
    const direct = await rig.actuator.write('ST03/speedFactor', 1.5);
    expect(direct).toMatchObject({ good: false, statusCode: 'BadOutOfRange' });
    expect(rig.twin.snapshot().stations['ST03']?.speedFactor).toBe(1.1);
    const longWo = await rig.actuator.call('ST05', 'PerformMaintenance', [
      { dataType: 'Double', value: 10_000 },
    ]);
    expect(longWo.statusCode).toBe('BadOutOfRange');
    // Through Dexter: Sentinel refuses (forbidden by the policy's max 1.2), nothing goes on the wire.
    const writes = rig.gateway.writes;
    const applied = rig.applied();
    const p = speedProposal('SP-OOR', rig.clock.now(), 'ST03', 1.5);
    expect(await rig.gateway.proposeAndExecute(p, rig.engineer)).toMatchObject({ status: 'rejected' });
    const forced = await rig.gateway.execute(p);
    expect(forced).toMatchObject({ status: 'refused', code: 'sentinel.verification-failed' });
    expect(rig.gateway.writes).toBe(writes);
    expect(rig.applied()).toBe(applied);
  });

  it('answers proper StatusCodes for bad arguments and unknown targets, and keeps serving', async () => {
    expect(
      (
        await rig.actuator.call('L1', 'SetOrderPriority', [
          { dataType: 'String', value: 'NO-SUCH-ORDER' },
          { dataType: 'Int32', value: 5 },
        ])
      ).statusCode,
    ).toBe('BadInvalidArgument');
    expect(
      (await rig.actuator.call('ST99', 'PerformMaintenance', [{ dataType: 'Double', value: 30 }])).statusCode,
    ).toMatch(/^Bad(NodeIdUnknown|MethodInvalid)$/);
    expect(
      (await rig.actuator.call('ST05', 'PerformMaintenance', [{ dataType: 'String', value: 'thirty' }]))
        .statusCode,
    ).toMatch(/^Bad(InvalidArgument|TypeMismatch)$/);
    expect((await rig.actuator.call('ST05', 'PerformMaintenance', [])).statusCode).toBe(
      'BadArgumentsMissing',
    );
    // ST05 is already in maintenance: the plant refuses a second one.
    expect(
      (await rig.actuator.call('ST05', 'PerformMaintenance', [{ dataType: 'Double', value: 30 }])).statusCode,
    ).toBe('BadInvalidState');
    expect((await rig.actuator.write('ST05/inMaintenance', 0)).good).toBe(false);
    expect((await rig.actuator.read('ST05/inMaintenance')).value).toBe(true);
  });

  it('order methods: priority and cancel, verified through GetOrderStatus', async () => {
    const order = rig.twin.snapshot().orders.find((o) => o.status === 'open' || o.status === 'in-progress');
    if (order === undefined) throw new Error('no open order');
    const set = await rig.actuator.call('L1', 'SetOrderPriority', [
      { dataType: 'String', value: order.id },
      { dataType: 'Int32', value: 7 },
    ]);
    expect(set.statusCode).toBe('Good');
    expect(
      (await rig.actuator.call('L1', 'GetOrderStatus', [{ dataType: 'String', value: order.id }])).outputs,
    ).toEqual([order.status, 7]);
    expect(
      (
        await rig.actuator.call('L1', 'SetOrderPriority', [
          { dataType: 'String', value: order.id },
          { dataType: 'Int32', value: 101 },
        ])
      ).statusCode,
    ).toBe('BadOutOfRange');
    // Cancelling goes through two approvals (order-cancellation is a two-person class).
    const p = proposal('CANCEL-1', rig.clock.now(), {
      tool: 'cancel-order',
      actionClass: 'order-cancellation',
      change: { kind: 'order-cancel', params: { order: order.id } },
    });
    const strategos = rig.gov.identities.get('strategos');
    if (strategos === undefined) throw new Error('no strategos');
    expect((await rig.gov.sentinel.review(p, strategos, 3)).route).toBe('inbox');
    await rig.gov.sentinel.inbox.executeOrThrow({
      type: 'ApproveProposal',
      id: p.id,
      by: rig.supervisor,
      reason: 'customer cancelled',
      time: rig.clock.now(),
    });
    expect(await rig.gateway.execute(p)).toMatchObject({ status: 'refused', code: 'sentinel.not-approved' });
    await rig.gov.sentinel.inbox.executeOrThrow({
      type: 'ApproveProposal',
      id: p.id,
      by: rig.engineer,
      reason: 'confirmed',
      time: rig.clock.now(),
    });
    const r = await rig.gateway.execute(p);
    expect(r).toMatchObject({ status: 'verified', observed: { status: 'cancelled' } });
    expect(rig.twin.snapshot().orders.find((o) => o.id === order.id)?.status).toBe('cancelled');
  });

  it('refuses an unknown action with a coded error, audited, nothing written', async () => {
    const writes = rig.gateway.writes;
    const applied = rig.applied();
    const p = proposal('X-1', rig.clock.now(), {
      tool: 'flash-plc',
      actionClass: 'firmware-update',
      change: { kind: 'firmware', params: { image: 'v2' } },
    });
    expect(await rig.gateway.execute(p)).toMatchObject({
      status: 'refused',
      code: 'actuation.action-unknown',
    });
    const last = (await entries(rig)).at(-1);
    expect(last).toMatchObject({
      actor: 'agent:dexter',
      action: 'actuation.refused',
      outcome: 'refused',
      subject: 'X-1',
      data: { code: 'actuation.action-unknown' },
    });
    expect(rig.gateway.writes).toBe(writes);
    expect(rig.applied()).toBe(applied);
  });
});

describe('Dexter under stop-all and a failing audit store', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(burstPolicy());
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
  });

  const operator = () => {
    const p = rig.gov.identities.get('operator');
    if (p === undefined) throw new Error('no operator');
    return p;
  };
  const burst = (tag: string) =>
    Array.from({ length: 100 }, (_, i) =>
      speedProposal(
        `${tag}-${i}`,
        rig.clock.now(),
        `ST${String((i % 20) + 1).padStart(2, '0')}`,
        i % 2 === 0 ? 1.05 : 0.95,
      ),
    );

  for (const stopAt of [1, 37, 99]) {
    it(`stop-all engaged as write ${stopAt} of a burst of 100 leaves → 0 writes after the stop`, async () => {
      const writes0 = rig.gateway.writes;
      const applied0 = rig.applied();
      rig.hooks.beforeRequest = () => {
        if (rig.gateway.writes - writes0 === stopAt)
          void rig.gov.sentinel.gate.engage(operator(), 'burst test');
      };
      const outcomes = await Promise.all(burst(`S${stopAt}`).map((p) => rig.gateway.execute(p)));
      delete rig.hooks.beforeRequest;
      expect(rig.gateway.writes - writes0).toBe(stopAt); // the write in flight at the stop, none after
      expect(rig.applied() - applied0).toBe(stopAt);
      expect(outcomes.filter((o) => o.status === 'verified')).toHaveLength(stopAt);
      expect(outcomes.filter((o) => o.status === 'refused' && o.code === 'gate.stopped')).toHaveLength(
        100 - stopAt,
      );
      await rig.gov.sentinel.gate.resume(rig.supervisor, 'burst test done');
    }, 120_000);
  }

  it('stop-all at a random moment of a burst of 100 → the write count does not move after the stop', async () => {
    const writes0 = rig.gateway.writes;
    const applied0 = rig.applied();
    const runs = burst('R').map((p) => rig.gateway.execute(p));
    await new Promise((r) => setTimeout(r, 1 + Math.floor(Math.random() * 30)));
    void rig.gov.sentinel.gate.engage(operator(), 'random stop');
    const atStop = rig.gateway.writes;
    const outcomes = await Promise.all(runs);
    expect(rig.gateway.writes).toBe(atStop);
    expect(rig.applied() - applied0).toBeLessThanOrEqual(atStop - writes0);
    const stopped = outcomes.filter((o) => o.status === 'refused' && o.code === 'gate.stopped').length;
    expect(stopped).toBe(100 - (atStop - writes0));
    await rig.gov.sentinel.gate.resume(rig.supervisor, 'random stop done');
  }, 120_000);

  it('failing audit store: 0 unlogged writes (whole store down, or only the intent entries)', async () => {
    const writes = rig.gateway.writes;
    const applied = rig.applied();
    rig.store.failAll = true;
    const a = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        rig.gateway.execute(speedProposal(`F-all-${i}`, rig.clock.now(), 'ST02', 1.05)),
      ),
    );
    rig.store.failAll = false;
    rig.store.failIntents = true;
    const b = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        rig.gateway.execute(speedProposal(`F-int-${i}`, rig.clock.now(), 'ST02', 1.05)),
      ),
    );
    rig.store.failIntents = false;
    expect([...a, ...b].every((o) => o.status === 'refused')).toBe(true);
    expect(b.every((o) => o.status === 'refused' && o.code === 'audit.unavailable')).toBe(true);
    expect(rig.gateway.writes).toBe(writes);
    expect(rig.applied()).toBe(applied);
    // With the store back, the next one goes through.
    expect(await rig.gateway.execute(speedProposal('F-ok', rig.clock.now(), 'ST02', 1.05))).toMatchObject({
      status: 'verified',
    });
  });
});
