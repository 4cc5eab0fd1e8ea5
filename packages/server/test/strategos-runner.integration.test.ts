// Strategos in the live mode with the server's own pieces: the looping twin's events stored and
// published on the hub the way the real-time driver does it, the runner reacting to them, Sentinel
// (policies/default.yaml) reviewing its proposal, the finding sink, and `/api/plan` over the app.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  ManualClock,
  MemoryAuditStore,
  MemoryEventStore,
  MemoryTelemetryStore,
  type Logger,
} from '@aethercore/core';
import { AGENT_FINDING_EVENT, findingFromEvent } from '@aethercore/agents';
import { createTwin } from '@aethercore/twin';
import { ScryptPasswordHasher, randomApiToken } from '@aethercore/adapter-sqlite';
import { parsePolicyText } from '@aethercore/governance';
import { createApp, createGovernance, seedDemoIdentities, type PlanResponse } from '../src/index.ts';
import { StrategosRunner } from '../src/live/strategos-runner.ts';
import { LiveHub } from '../src/live/live-hub.ts';
import { LoopingTwin } from '../src/live/looping-twin.ts';
import { readPlant } from '../src/live/read-plant.ts';
import { fixedLineSource } from './support/fixed-line-source.ts';

// The worker variant starts a worker thread and replays the twin in it: minutes on a loaded CI machine.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

const REPO = path.resolve(import.meta.dirname, '../../..');
const plant = readPlant(path.join(REPO, 'plants/werkhalle4.yaml'));
const at = (hh: number, mm = 0): number => Date.UTC(2026, 2, 10, hh, mm);

async function setup(
  scenario: string,
  before?: (twin: LoopingTwin, events: MemoryEventStore) => Promise<void>,
  mode: 'worker' | 'inline' = 'worker',
) {
  const clock = new ManualClock(Date.UTC(2026, 10, 24, 9, 0));
  const gov = await createGovernance({
    store: new MemoryAuditStore(),
    clock,
    policy: parsePolicyText(readFileSync(path.join(REPO, 'policies/default.yaml'), 'utf8')),
    hasher: new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }),
    newToken: () => randomApiToken(),
    stateVersion: () => 0,
  });
  await seedDemoIdentities(gov.identities, () => 'demo-password-123');
  const twin = new LoopingTwin((loop) => createTwin({ plant, scenario, seed: 42 + loop }));
  const events = new MemoryEventStore();
  const hub = new LiveHub();
  await before?.(twin, events);
  let wall = 0;
  const warnings: string[] = [];
  const logger: Logger = {
    log: (level, message, fields) => {
      if (level === 'warn' || level === 'error') warnings.push(`${message} ${JSON.stringify(fields)}`);
    },
    child: () => logger,
  };
  const runner = new StrategosRunner({
    twin,
    plant,
    hub,
    events,
    governance: gov,
    logger,
    debounceMs: 60_000,
    wallNow: () => wall,
    agent: { maxCandidates: 4 },
    ...(mode === 'worker' ? { twinSeed: (loop: number) => 42 + loop } : {}),
  });
  expect(runner.threaded).toBe(mode === 'worker');
  runner.start();
  await runner.flush(); // the first plan (and, threaded, the worker) is ready
  /** The driver's way: advance, store, publish; the wall clock moves 100 ms per 15 sim-minutes. */
  const runUntil = async (until: number): Promise<void> => {
    for (let t = twin.now() + 15 * 60_000; t <= until; t += 15 * 60_000) {
      const stored = await events.append(twin.advanceTo(t));
      wall += 100;
      hub.publish({ kind: 'events', events: stored });
    }
  };
  const findings = async () =>
    (await events.read({ types: [AGENT_FINDING_EVENT] })).map((e) => findingFromEvent(e)!);
  return { gov, twin, events, hub, runner, runUntil, findings, warnings };
}

describe.each(['worker', 'inline'] as const)(
  'StrategosRunner (%s: live Strategos with Sentinel and the finding sink)',
  (mode) => {
    it('after the 09:30 PCB delay: a finding, a verified proposal in the inbox, the plan and its deltas at /api/plan', async () => {
      const { gov, twin, events, hub, runner, runUntil, findings, warnings } = await setup(
        'werkhalle4-day',
        undefined,
        mode,
      );
      await runUntil(at(9, 15));
      await runner.flush();
      expect(runner.plan?.reason).toBe('refresh'); // rebuilt every simulated hour from the twin's state
      expect(runner.plan?.valid).toBe(true);
      expect(await findings()).toHaveLength(0);

      await runUntil(at(9, 30));
      await runner.flush();
      const [f] = await findings();
      expect(f?.agent).toBe('strategos');
      expect(f?.kind).toBe('replan');
      expect(f?.title.en).toContain('O-1003 before O-1002');
      expect(f?.evidence?.['route']).toBe('inbox');
      const id = f?.proposalId;
      expect(id).toMatch(/^PLAN-2026-11-24-d0-\d+$/);
      const item = gov.sentinel.inbox.get(id!);
      expect(item?.proposal.proposer).toBe('strategos');
      expect(item?.verdict.pass).toBe(true);
      expect(item?.proposal.change).toEqual({
        kind: 'order-priority',
        params: { order: 'O-1003', priority: 1 },
      });
      expect((item?.proposal.expectedKpiDeltas as Record<string, number>)['goodParts']).toBeGreaterThan(0);

      const app = createApp({
        source: fixedLineSource(),
        events,
        telemetry: new MemoryTelemetryStore(),
        hub,
        plan: () => runner.response(),
      });
      const res = await app.request('/api/plan');
      expect(res.status).toBe(200);
      const body = (await res.json()) as PlanResponse;
      expect(body.plan?.reason).toBe('replan');
      expect(body.plan?.valid).toBe(true);
      expect(body.plan?.operations.length).toBeGreaterThan(100);
      expect(body.plan?.operations.every((o) => o.end > o.start && o.start >= at(9, 30))).toBe(true);
      expect(body.lastReplan?.outcome).toBe('proposed');
      expect(body.lastReplan?.route).toBe('inbox');
      expect(body.lastReplan?.simulated?.deltas['goodParts']).toBeGreaterThan(0);
      expect(body.lastReplan?.planner?.stability.moved).toBeGreaterThan(0);
      expect(body.latency.count).toBe(1);
      expect(body.latency.p50Ms).toBe(body.lastReplan?.latencyMs);
      expect((await app.request('/api/plan?x=1')).status).toBe(400);

      // Approved and executed (Dexter applies the command to the twin): the plan follows the new priority.
      expect(twin.twin.apply({ type: 'SetOrderPriority', order: 'O-1003', priority: 1 })).toBe(true);
      await runUntil(at(9, 45));
      await runner.flush();
      expect(runner.plan?.reason).toBe('refresh');
      expect(runner.plan?.orders.find((o) => o.id === 'O-1003')?.sequence).toBe(0);
      expect(warnings).toEqual([]);
      expect(runner.failures).toBe(0);
      expect(runner.workersStarted).toBe(mode === 'worker' ? 1 : 0);
      await runner.stop();
    });

    it('after a fast-forward it knows the morning from the event log: the late PCBs hold O-1002 back', async () => {
      const { runner } = await setup(
        'werkhalle4-day',
        async (twin, events) => {
          await events.append(twin.advanceTo(at(10, 0)));
        },
        mode,
      );
      await runner.flush();
      const o = runner.response().plan?.orders.find((x) => x.id === 'O-1002');
      expect(o?.release).toBe(at(12, 30));
      expect(runner.response().lastReplan).toBeNull();
      await runner.stop();
    });

    it('answers an empty plan without a runner, and proposes nothing on a quiet baseline morning', async () => {
      const { runner, runUntil, findings, events, hub } = await setup('baseline', undefined, mode);
      await runUntil(at(10, 0));
      await runner.flush();
      expect(await findings()).toHaveLength(0);
      expect(runner.response().lastReplan).toBeNull();
      const app = createApp({
        source: fixedLineSource(),
        events,
        telemetry: new MemoryTelemetryStore(),
        hub,
      });
      expect(((await (await app.request('/api/plan')).json()) as PlanResponse).plan).toBeNull();
      await runner.stop();
    });
  },
);
