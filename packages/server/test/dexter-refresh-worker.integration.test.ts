import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@aethercore/core';
import { hashRef, type ActionProposal } from '@aethercore/governance';
import { createTwin, type Twin, type TwinCommand } from '@aethercore/twin';
import { DexterGateway, type EvidenceRefresher, type PlantActuator } from '../src/live/dexter-gateway.ts';
import { liveEvidenceRefresher, workerEvidenceRefresher } from '../src/live/dexter-live.ts';
import { EvidenceRefreshWorker, type RefreshJob } from '../src/live/evidence-refresh-worker-client.ts';
import { readPlant } from '../src/live/read-plant.ts';
import type { ReplicaSync } from '../src/live/twin-replica.ts';
import { REPO, scriptedGovernance, STATE_VERSION } from './support/dexter-rig.ts';

// The evidence refresh in its own worker thread: the same figures as on the event loop (same seed,
// same change, same state), the worker's failures as coded failed refreshes, and Dexter's path with it.
// Generous timeouts: a fresh worker loads the packages through tsx (seconds on a busy CI machine).

const plant = readPlant(path.join(REPO, 'plants/werkhalle4.yaml'));
const SEED = 42;
const H = 3_600_000;
const workers: EvidenceRefreshWorker[] = [];
const newWorker = (timeoutMs?: number): EvidenceRefreshWorker => {
  const w = new EvidenceRefreshWorker({
    plant,
    logger: silentLogger,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  workers.push(w);
  return w;
};
afterAll(async () => {
  for (const w of workers) await w.close();
});

/** The seed day at 09:00 with ST03 slowed at 08:00 (a command the replica must replay), as the live twin runs it. */
function seedDay(): Twin {
  const twin = createTwin({ plant, scenario: 'werkhalle4-day', seed: SEED });
  const start = twin.now();
  twin.advanceTo(start + 2 * H);
  expect(twin.apply({ type: 'SetStationSpeed', station: 'ST03', speedFactor: 0.9 })).toBe(true);
  twin.advanceTo(start + 3 * H);
  return twin;
}

const workOrderChange = { kind: 'work-order', params: { station: 'ST05', durationMin: 45 } };
const workOrderCommand: TwinCommand = { type: 'PerformMaintenance', station: 'ST05', durationMin: 45 };

/** A work-order proposal whose evidence names the KPIs a refresh re-simulates (figures and claims from `kpis`). */
function workOrder(
  id: string,
  now: number,
  kpis: Record<string, { baseline: number; withChange: number }>,
  plantTime?: number,
): ActionProposal {
  const deltas: Record<string, number> = {};
  for (const [k, v] of Object.entries(kpis))
    if (v.withChange !== v.baseline) deltas[k] = v.withChange - v.baseline;
  return {
    id,
    proposer: 'analytika',
    tool: 'create-work-order',
    effect: 'actuate',
    actionClass: 'maintenance-work-order',
    equipment: 'ST05',
    change: workOrderChange,
    createdAt: now - 1000,
    uncertainty: 0.1,
    evidence: {
      stateVersion: STATE_VERSION,
      simulatedAt: now - 1000,
      ...(plantTime === undefined ? {} : { plantTime }),
      changeHash: hashRef(workOrderChange),
      kpis,
      constraintsOk: true,
      horizonMs: 4 * H,
    },
    expectedKpiDeltas: deltas,
    explanation: 'test',
  };
}

const NAMED = {
  downtimeS: { baseline: 0, withChange: 0 },
  goodParts: { baseline: 0, withChange: 0 },
  energyKWh: { baseline: 0, withChange: 0 },
};

/** The worker's refresher, recording how its replica was brought to each request's state. */
function recorded(worker: EvidenceRefreshWorker, fault?: RefreshJob['fault']) {
  const syncs: ReplicaSync[] = [];
  const run = async (job: Omit<RefreshJob, 'id'>) => {
    const r = await worker.run(fault === undefined ? job : { ...job, fault });
    syncs.push(r.replica);
    return r;
  };
  return { run, syncs };
}

describe('evidence refresh off the event loop (worker thread)', () => {
  it('gives the same evidence as the refresh on the loop: same seed, same change, same state; replica rebuilt, then advanced', async () => {
    const { gov } = await scriptedGovernance();
    const twin = seedDay();
    const onLoop = liveEvidenceRefresher(plant, gov, () => twin);
    const w = recorded(newWorker());
    const offLoop = workerEvidenceRefresher({
      plant,
      governance: gov,
      twin: () => twin,
      replay: { loop: () => 0, seed: () => SEED },
      worker: w,
    });
    const p = workOrder('WO-W1', gov.clock.now(), NAMED);

    const a = await onLoop(p, workOrderCommand);
    const b = await offLoop(p, workOrderCommand);
    expect(a.ok).toBe(true);
    expect(b).toEqual(a);
    if (a.ok) {
      expect(a.evidence.plantTime).toBe(twin.now());
      // A real effect, not zeros on both sides: the 45-min stop costs downtime.
      expect(a.evidence.kpis['downtimeS']?.withChange).toBeGreaterThan(
        a.evidence.kpis['downtimeS']?.baseline ?? Infinity,
      );
    }

    // The line moves on and another command lands: the worker advances its replica (no rebuild) and still agrees.
    twin.advanceTo(twin.now() + 40 * 60_000);
    expect(
      twin.apply({ type: 'CorrectThermalDrift', station: 'ST04' }) ||
        twin.apply({ type: 'SetStationSpeed', station: 'ST07', speedFactor: 1.1 }),
    ).toBe(true);
    twin.advanceTo(twin.now() + 20 * 60_000);
    const order = { kind: 'order-priority', params: { order: 'x', priority: 1 } };
    const speed: TwinCommand = { type: 'SetStationSpeed', station: 'ST10', speedFactor: 0.8 };
    const p2: ActionProposal = {
      ...p,
      id: 'SP-W2',
      change: order,
      evidence: {
        ...(p.evidence as NonNullable<ActionProposal['evidence']>),
        horizonMs: 8 * H,
        kpis: {
          goodParts: { baseline: 0, withChange: 0 },
          totalTardinessMin: { baseline: 0, withChange: 0 },
        },
      },
    };
    const a2 = await onLoop(p2, speed);
    const b2 = await offLoop(p2, speed);
    expect(a2.ok).toBe(true);
    expect(b2).toEqual(a2);
    expect(w.syncs).toEqual(['rebuilt', 'advanced']);
  }, 240_000);

  it('a command the twin refuses is the same failure on both paths', async () => {
    const { gov } = await scriptedGovernance();
    const twin = seedDay();
    const w = recorded(newWorker());
    const bad: TwinCommand = { type: 'PerformMaintenance', station: 'NOPE', durationMin: 45 };
    const p = workOrder('WO-W3', gov.clock.now(), NAMED);
    const a = await liveEvidenceRefresher(plant, gov, () => twin)(p, bad);
    const b = await workerEvidenceRefresher({
      plant,
      governance: gov,
      twin: () => twin,
      replay: { loop: () => 0, seed: () => SEED },
      worker: w,
    })(p, bad);
    expect(a).toMatchObject({ ok: false });
    expect(b).toEqual(a);
  }, 240_000);

  it('failures are coded failed refreshes: a hang times out, a crash restarts the worker, a wrong seed does not match the twin', async () => {
    const { gov } = await scriptedGovernance();
    const twin = seedDay();
    const p = workOrder('WO-W4', gov.clock.now(), NAMED);
    const replay = { loop: () => 0, seed: () => SEED };

    const hung = newWorker(3_000);
    const hang = await workerEvidenceRefresher({
      plant,
      governance: gov,
      twin: () => twin,
      replay,
      worker: recorded(hung, 'hang'),
    })(p, workOrderCommand);
    expect(hang).toMatchObject({ ok: false, code: 'evidence.refresh-timeout' });

    const crashing = newWorker();
    const crash = await workerEvidenceRefresher({
      plant,
      governance: gov,
      twin: () => twin,
      replay,
      worker: recorded(crashing, 'crash'),
    })(p, workOrderCommand);
    expect(crash).toMatchObject({ ok: false, code: 'evidence.refresh-crashed' });
    // The next request goes to a new worker and succeeds.
    const after = await workerEvidenceRefresher({
      plant,
      governance: gov,
      twin: () => twin,
      replay,
      worker: crashing,
    })(p, workOrderCommand);
    expect(after.ok).toBe(true);
    expect(crashing.started).toBe(2);

    const wrongSeed = await workerEvidenceRefresher({
      plant,
      governance: gov,
      twin: () => twin,
      replay: { loop: () => 0, seed: () => SEED + 1 },
      worker: crashing,
    })(p, workOrderCommand);
    expect(wrongSeed).toMatchObject({ ok: false, code: 'evidence.replica-diverged' });
  }, 240_000);

  it('Dexter with the worker: an approval that outlived its evidence is simulated again off the loop and runs; the trail is the same as on the loop', async () => {
    const { gov, clock } = await scriptedGovernance();
    const twin = seedDay();
    const onLoop = liveEvidenceRefresher(plant, gov, () => twin);
    // The proposer's what-if at the time of the proposal: the claims are the simulated deltas.
    const first = await onLoop(workOrder('probe', clock.now(), NAMED), workOrderCommand);
    if (!first.ok) throw new Error(first.reason);
    const p = workOrder('WO-W5', clock.now(), first.evidence.kpis);
    const analytika = gov.identities.get('analytika');
    const sup = gov.identities.get('supervisor');
    if (analytika === undefined || sup?.kind !== 'user') throw new Error('identities');
    expect((await gov.sentinel.review(p, analytika, STATE_VERSION)).route).toBe('inbox');
    await gov.sentinel.inbox.executeOrThrow({
      type: 'ApproveProposal',
      id: p.id,
      by: sup,
      reason: 'ok',
      time: clock.now(),
    });
    clock.advance(10 * 60_000); // past evidenceMaxAgeS

    let sent = 0;
    const ok = { good: true, statusCode: 'Good', code: 0 };
    const actuator: PlantActuator = {
      call: () => {
        sent++;
        return Promise.resolve({ ...ok, outputs: [] });
      },
      write: () => Promise.resolve(ok),
      read: () => Promise.resolve({ ...ok, value: true }),
    };
    let refreshes = 0;
    const offLoop = workerEvidenceRefresher({
      plant,
      governance: gov,
      twin: () => twin,
      replay: { loop: () => 0, seed: () => SEED },
      worker: newWorker(),
    });
    const counted: EvidenceRefresher = (q, c) => {
      refreshes++;
      return offLoop(q, c);
    };
    const gateway = new DexterGateway({
      governance: gov,
      actuator,
      targets: { stations: new Set(['ST05']), lineId: 'L1' },
      logger: silentLogger,
      verifyTimeoutMs: 300,
      verifyIntervalMs: 20,
      refreshEvidence: counted,
    });
    expect(await gateway.execute(p)).toMatchObject({ status: 'verified' });
    expect(refreshes).toBe(1);
    expect(sent).toBe(1);
    const entries = (await gov.log.entries(0, gov.log.size))
      .map((r) => r.entry)
      .filter((e) => e?.subject === p.id);
    expect(entries.map((e) => `${e?.action} ${e?.outcome}`).slice(-5)).toEqual([
      'evidence.refreshed done',
      'proposal.verified pass',
      'action.create-work-order started',
      'action.create-work-order succeeded',
      'actuation.verified done',
    ]);
    // The refreshed figures are the proposer's (the twin did not move), recorded before and after.
    expect(entries.find((e) => e?.action === 'evidence.refreshed')?.data).toMatchObject({
      before: first.evidence.kpis,
      after: first.evidence.kpis,
    });
  }, 240_000);
});
