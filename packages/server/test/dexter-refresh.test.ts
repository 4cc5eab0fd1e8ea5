import { describe, expect, it } from 'vitest';
import { ManualClock, silentLogger } from '@aethercore/core';
import { hashRef } from '@aethercore/governance';
import { DexterGateway, type EvidenceRefresher, type PlantActuator } from '../src/live/dexter-gateway.ts';
import { approvedWorkOrder, scriptedGovernance, STATE_VERSION } from './support/dexter-rig.ts';

const good = { good: true, statusCode: 'Good', code: 0 };

/** The twin's clock in the plant-time tests: 08:00 of the replayed day. */
const PLANT_T = Date.UTC(2024, 2, 4, 7, 0);

/** A scripted plant that accepts everything and reads back the effect; the refresher is the test's. */
async function setup(makeRefresher: (clock: ManualClock) => EvidenceRefresher, plantClock?: ManualClock) {
  const { gov, clock } = await scriptedGovernance(plantClock === undefined ? {} : { plantClock });
  const refresh = makeRefresher(clock);
  let sent = 0;
  let refreshed = 0;
  const actuator: PlantActuator = {
    call: () => {
      sent++;
      return Promise.resolve({ ...good, outputs: [] });
    },
    write: () => {
      sent++;
      return Promise.resolve(good);
    },
    read: () => Promise.resolve({ ...good, value: true }),
  };
  const gateway = new DexterGateway({
    governance: gov,
    actuator,
    targets: { stations: new Set(['ST05']), lineId: 'L1' },
    logger: silentLogger,
    verifyTimeoutMs: 300,
    verifyIntervalMs: 20,
    refreshEvidence: (p, c) => {
      refreshed++;
      return refresh(p, c);
    },
  });
  const approve = (id: string, plantTime?: number) => approvedWorkOrder(gov, clock, id, plantTime);
  const trail = async (id: string) =>
    (await gov.log.entries(0, gov.log.size))
      .map((r) => r.entry)
      .filter((e) => e?.subject === id)
      .map((e) => `${e?.action} ${e?.outcome}`);
  return { gov, clock, gateway, approve, trail, sent: () => sent, refreshed: () => refreshed };
}

/** Fresh evidence for the approved change: good parts 200 → 200 + delta (the approval claimed +4). */
const withDelta =
  (clock: ManualClock, delta: number, plantClock?: ManualClock): EvidenceRefresher =>
  (p) => ({
    ok: true,
    evidence: {
      stateVersion: STATE_VERSION,
      simulatedAt: clock.now(),
      ...(plantClock === undefined ? {} : { plantTime: plantClock.now() }),
      changeHash: hashRef(p.change),
      kpis: { goodParts: { baseline: 200, withChange: 200 + delta } },
      constraintsOk: true,
      horizonMs: 4 * 3_600_000,
    },
  });

describe('Dexter: an approval that outlived its evidence is simulated again before it runs', () => {
  it('fresh evidence is used as it is: no re-simulation', async () => {
    const s = await setup((clock) => withDelta(clock, 4));
    expect(await s.gateway.execute(await s.approve('WO-1'))).toMatchObject({ status: 'verified' });
    expect(s.refreshed()).toBe(0);
  });

  it('stale evidence, re-simulated effect still holds (+3 of +4 good parts) → runs, refresh audited first', async () => {
    const s = await setup((clock) => withDelta(clock, 3));
    const p = await s.approve('WO-2');
    s.clock.advance(10 * 60_000); // the policy's evidenceMaxAgeS is 300 s
    expect(await s.gateway.execute(p)).toMatchObject({ status: 'verified' });
    expect(s.refreshed()).toBe(1);
    expect((await s.trail('WO-2')).slice(-5)).toEqual([
      'evidence.refreshed done',
      'proposal.verified pass',
      'action.create-work-order started',
      'action.create-work-order succeeded',
      'actuation.verified done',
    ]);
    expect(s.sent()).toBe(1);
  });

  it('stale evidence, re-simulated effect shrank (+1 of +4) → refused, nothing written', async () => {
    const s = await setup((clock) => withDelta(clock, 1));
    const p = await s.approve('WO-3');
    s.clock.advance(10 * 60_000);
    expect(await s.gateway.execute(p)).toMatchObject({
      status: 'refused',
      code: 'sentinel.verification-failed',
    });
    expect(s.sent()).toBe(0);
    const t = await s.trail('WO-3');
    expect(t).toContain('evidence.refreshed done');
    expect(t).toContain('actuation.refused refused');
    expect(t).not.toContain('action.create-work-order started');
  });

  it('stale evidence the twin cannot re-simulate → the refresh is audited as failed and the stale proposal refused', async () => {
    const s = await setup(() => () => ({
      ok: false,
      reason: 'the twin refuses PerformMaintenance in its current state',
    }));
    const p = await s.approve('WO-4');
    s.clock.advance(10 * 60_000);
    expect(await s.gateway.execute(p)).toMatchObject({
      status: 'refused',
      code: 'sentinel.verification-failed',
    });
    expect(await s.trail('WO-4')).toContain('evidence.refreshed failed');
    expect(s.sent()).toBe(0);
  });

  it('a refresher that throws is a failed refresh, not a crash', async () => {
    const s = await setup(() => () => {
      throw new Error('boom');
    });
    const p = await s.approve('WO-5');
    s.clock.advance(10 * 60_000);
    expect(await s.gateway.execute(p)).toMatchObject({ status: 'refused' });
    expect(await s.trail('WO-5')).toContain('evidence.refreshed failed');
  });

  it('an asynchronous refresher (a worker thread) is awaited the same way', async () => {
    const s = await setup((clock) => (p, c) => Promise.resolve(withDelta(clock, 3)(p, c)));
    const p = await s.approve('WO-6');
    s.clock.advance(10 * 60_000);
    expect(await s.gateway.execute(p)).toMatchObject({ status: 'verified' });
    expect((await s.trail('WO-6')).slice(-5, -4)).toEqual(['evidence.refreshed done']);
  });

  it('a failed refresh with a code (worker timeout) is audited with that code; the stale proposal is refused', async () => {
    const s = await setup(
      () => () =>
        Promise.resolve({
          ok: false,
          code: 'evidence.refresh-timeout',
          reason: 'evidence.refresh-timeout: no answer within 60000 ms',
        }),
    );
    const p = await s.approve('WO-7');
    s.clock.advance(10 * 60_000);
    expect(await s.gateway.execute(p)).toMatchObject({
      status: 'refused',
      code: 'sentinel.verification-failed',
    });
    const entry = (await s.gov.log.entries(0, s.gov.log.size))
      .map((r) => r.entry)
      .find((e) => e?.action === 'evidence.refreshed');
    expect(entry).toMatchObject({
      outcome: 'failed',
      data: { code: 'evidence.refresh-timeout', stale: ['evidence.too-old'] },
    });
    expect(s.sent()).toBe(0);
  });
});

describe('Dexter: evidence age in plant time (a twin faster than the wall clock)', () => {
  it('fresh by wall time (1 min) but an hour of plant time old → simulated again, audited with its reason, then runs', async () => {
    const plant = new ManualClock(PLANT_T);
    const s = await setup((clock) => withDelta(clock, 3, plant), plant);
    const p = await s.approve('WO-P1', PLANT_T);
    s.clock.advance(60_000);
    plant.advance(3_600_000); // ×60
    expect(await s.gateway.execute(p)).toMatchObject({ status: 'verified' });
    expect(s.refreshed()).toBe(1);
    const entry = (await s.gov.log.entries(0, s.gov.log.size))
      .map((r) => r.entry)
      .find((e) => e?.action === 'evidence.refreshed');
    expect(entry).toMatchObject({
      outcome: 'done',
      data: { stale: ['evidence.plant-too-old'], plantTime: PLANT_T + 3_600_000 },
    });
    expect(entry?.reason).toContain('3600 s of plant time');
  });

  it('…and refused when the plant-stale evidence cannot be simulated again (nothing written)', async () => {
    const plant = new ManualClock(PLANT_T);
    const s = await setup(
      () => () => ({ ok: false, reason: 'the twin refuses PerformMaintenance in its current state' }),
      plant,
    );
    const p = await s.approve('WO-P2', PLANT_T);
    s.clock.advance(60_000);
    plant.advance(3_600_000);
    expect(await s.gateway.execute(p)).toMatchObject({
      status: 'refused',
      code: 'sentinel.verification-failed',
    });
    expect(s.sent()).toBe(0);
  });

  it('within both limits: no re-simulation', async () => {
    const plant = new ManualClock(PLANT_T);
    const s = await setup((clock) => withDelta(clock, 3, plant), plant);
    const p = await s.approve('WO-P3', PLANT_T);
    s.clock.advance(5_000);
    plant.advance(200_000);
    expect(await s.gateway.execute(p)).toMatchObject({ status: 'verified' });
    expect(s.refreshed()).toBe(0);
  });

  it('evidence of an older version (no plantTime): the wall rule alone, as before', async () => {
    const plant = new ManualClock(PLANT_T);
    const s = await setup((clock) => withDelta(clock, 3, plant), plant);
    const p = await s.approve('WO-P4');
    s.clock.advance(60_000);
    plant.advance(3_600_000);
    expect(await s.gateway.execute(p)).toMatchObject({ status: 'verified' });
    expect(s.refreshed()).toBe(0);
  });
});
