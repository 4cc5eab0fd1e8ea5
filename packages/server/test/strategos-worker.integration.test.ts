// Strategos' planning worker thread: a request round-trips (same plan as on this thread), a crash or
// a hang gives a coded error and a fresh worker, a bad replica is refused with its code.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AetherError, silentLogger } from '@aethercore/core';
import { actionProposalSchema } from '@aethercore/governance';
import { createTwin } from '@aethercore/twin';
import {
  PlanJobRunner,
  scanCommands,
  twinRecipe,
  type PlanJobRequest,
} from '../src/live/strategos-plan-job.ts';
import { StrategosWorkerClient } from '../src/live/strategos-worker-client.ts';
import { readPlant } from '../src/live/read-plant.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
const plant = readPlant(path.join(REPO, 'plants/werkhalle4.yaml'));
const at = (hh: number, mm = 0): number => Date.UTC(2026, 2, 10, hh, mm);
const KNOWN = new Set([
  'OrderPriorityChanged',
  'OrderReceived',
  'SupplierDeliveryDelayed',
  'StationFailed',
  'StationRepaired',
  'WorkerReportedSick',
  'OrderCancelled',
]);

/** The seed day at 09:30 (the PCB delay just announced), with one executed priority change at 08:00. */
function seedDay(command = true) {
  const twin = createTwin({ plant, scenario: 'werkhalle4-day', seed: 42 });
  twin.run(at(8, 0));
  if (command) expect(twin.apply({ type: 'SetOrderPriority', order: 'O-1004', priority: 3 })).toBe(true);
  twin.run(at(9, 30));
  const knowledge = twin
    .events()
    .filter((e) => KNOWN.has(e.type))
    .map((e) => ({ type: e.type, time: e.time, data: e.data }));
  const triggers = knowledge.filter((e) => e.type === 'SupplierDeliveryDelayed');
  const { commands } = scanCommands(twin.events());
  return { twin, knowledge, triggers, commands };
}

const clients: StrategosWorkerClient[] = [];
const client = (o: { marginMs?: number } = {}): StrategosWorkerClient => {
  const c = new StrategosWorkerClient({ plant, logger: silentLogger, startTimeoutMs: 120_000, ...o });
  clients.push(c);
  return c;
};
afterAll(async () => {
  for (const c of clients) await c.close();
});

describe('scanCommands', () => {
  it('reads the applied commands back from the twin log, incrementally, and skips hostile data', () => {
    const { commands } = seedDay();
    expect(commands).toEqual([
      { atMs: at(8, 0), command: { type: 'SetOrderPriority', order: 'O-1004', priority: 3 } },
    ]);
    const events = [
      { type: 'OrderPriorityChanged', stream: 'order/x', time: 1, data: { order: 'X', priority: 'high' } },
      { type: 'MaintenanceStarted', stream: 's', time: 2, data: { station: 'ST05', durationMin: 45 } },
      { type: 'StationSpeedChanged', stream: 's', time: 3, data: { station: 7, speedFactor: 1 } },
    ];
    const first = scanCommands(events.slice(0, 2));
    expect(first.commands).toEqual([
      { atMs: 2, command: { type: 'PerformMaintenance', station: 'ST05', durationMin: 45 } },
    ]);
    expect(scanCommands(events, first)).toEqual({ upTo: 3, commands: first.commands });
  });
});

// Each test starts a worker (tsx loads the packages in it) and replays the twin: minutes on a loaded CI machine.
describe('StrategosWorkerClient (node:worker_threads)', { timeout: 240_000 }, () => {
  it('round-trip: the worker rebuilds the twin by replay and returns the same plan as this thread', async () => {
    const { twin, knowledge, commands } = seedDay();
    const c = client();
    const req: PlanJobRequest = {
      id: 1,
      kind: 'refresh',
      reason: 'refresh',
      twin: twinRecipe(twin, 0, 42, commands),
      knowledge,
      triggers: [],
      budgetMs: 600,
    };
    const inWorker = await c.run(req);
    const here = new PlanJobRunner(plant, () => performance.now()).runOn(twin, req);
    expect(inWorker.id).toBe(1);
    expect(inWorker.replica).toBe('rebuilt');
    expect(inWorker.plan.valid).toBe(true);
    expect(inWorker.plan).toEqual(here.plan);
    // O-1004's executed priority came through the replay: the line releases it first.
    expect(inWorker.plan.orders.find((o) => o.id === 'O-1004')?.sequence).toBe(0);
    // The next request on the same twin keeps the replica.
    const again = await c.run({ ...req, id: 2 });
    expect(again.replica).toBe('kept');
    expect(c.started).toBe(1);
  });

  it('a re-plan in the worker: validated plan, reviewed-ready proposal, the shift plan for the night', async () => {
    const { twin, knowledge, triggers, commands } = seedDay(false);
    const c = client();
    // A budget far above the work: the repair stops at its candidate limit, so the plan is the same on any machine.
    const r = await c.run({
      id: 7,
      kind: 'react',
      twin: twinRecipe(twin, 0, 42, commands),
      knowledge,
      triggers,
      budgetMs: 120_000,
      agent: { maxCandidates: 4 },
      proposal: { id: 'PLAN-t-1', createdAt: Date.UTC(2026, 10, 24, 9, 0), stateVersion: 0 },
    });
    expect(r.plan.valid).toBe(true);
    expect(r.report?.outcome).not.toBe('infeasible');
    if (r.proposal !== undefined) expect(actionProposalSchema.safeParse(r.proposal).success).toBe(true);
    expect(r.findings.some((f) => f.kind === 'replan')).toBe(true);
    // The re-plan puts work into the night shift: Strategos checks the night crew covers it.
    expect(r.report?.shifts?.reason).toBe('shift-demand');
    expect(r.report?.shifts?.outcome).toBe('covered');
    expect(r.report?.shifts?.valid).toBe(true);
  });

  it('a crash gives strategos.worker-crashed, a fresh worker serves the next request', async () => {
    const { twin, knowledge, commands } = seedDay();
    const c = client();
    const req: PlanJobRequest = {
      id: 1,
      kind: 'refresh',
      twin: twinRecipe(twin, 0, 42, commands),
      knowledge,
      triggers: [],
      budgetMs: 100,
    };
    const err = await c.run({ ...req, fault: 'crash' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AetherError);
    expect((err as AetherError).code).toBe('strategos.worker-crashed');
    const ok = await c.run({ ...req, id: 2 });
    expect(ok.plan.valid).toBe(true);
    expect(c.started).toBe(2);
  });

  it('a hang is cut off after budget + margin (strategos.worker-timeout), then a fresh worker answers', async () => {
    const { twin, knowledge, commands } = seedDay();
    const c = client({ marginMs: 1_000 });
    await c.run({
      id: 1,
      kind: 'refresh',
      twin: twinRecipe(twin, 0, 42, commands),
      knowledge,
      triggers: [],
      budgetMs: 120_000,
    }); // warm: the hang below must not be confused with a slow start
    const err = await c
      .run({
        id: 2,
        kind: 'refresh',
        twin: twinRecipe(twin, 0, 42, commands),
        knowledge,
        triggers: [],
        budgetMs: 0,
        fault: 'hang',
      })
      .catch((e: unknown) => e);
    expect((err as AetherError).code).toBe('strategos.worker-timeout');
    // A fresh worker rebuilds its replica (the budget gives it time for that under load).
    const ok = await c
      .run({
        id: 3,
        kind: 'refresh',
        twin: twinRecipe(twin, 0, 42, commands),
        knowledge,
        triggers: [],
        budgetMs: 60_000,
      })
      .catch((e: unknown) => e);
    expect(ok).not.toBeInstanceOf(Error);
    expect(c.started).toBe(2);
  });

  it('a coded error in the job comes back with its code; a wrong seed is refused as strategos.replica-diverged', async () => {
    const { twin, knowledge, commands } = seedDay();
    const c = client();
    const base = { kind: 'refresh' as const, knowledge, triggers: [], budgetMs: 100 };
    const thrown = await c
      .run({ ...base, id: 1, twin: twinRecipe(twin, 0, 42, commands), fault: 'throw' })
      .catch((e: unknown) => e);
    expect((thrown as AetherError).code).toBe('strategos.test-fault');
    const wrong = await c
      .run({ ...base, id: 2, twin: twinRecipe(twin, 0, 43, commands) })
      .catch((e: unknown) => e);
    expect((wrong as AetherError).code).toBe('strategos.replica-diverged');
    expect(c.started).toBe(1); // the worker itself survived both
    const ok = await c.run({ ...base, id: 3, twin: twinRecipe(twin, 0, 42, commands) });
    expect(ok.plan.valid).toBe(true);
  });

  it('one request at a time: a second concurrent request is refused with strategos.worker-busy', async () => {
    const { twin, knowledge, commands } = seedDay();
    const c = client();
    const req = {
      kind: 'refresh' as const,
      twin: twinRecipe(twin, 0, 42, commands),
      knowledge,
      triggers: [],
      budgetMs: 100,
    };
    const first = c.run({ ...req, id: 1 });
    const second = await c.run({ ...req, id: 2 }).catch((e: unknown) => e);
    expect((second as AetherError).code).toBe('strategos.worker-busy');
    expect((await first).plan.valid).toBe(true);
  });
});
