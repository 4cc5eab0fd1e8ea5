// The live runner with its planning worker: triggers arriving while a request is in flight are
// coalesced into one next request; a worker crash is a coded finding and the next trigger re-plans
// on a fresh worker; a worker off sick gets a shift plan (finding, roster proposal to a person,
// `/api/plan`). Waits are on states (bounded), never on wall-clock sleeps.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  ManualClock,
  MemoryAuditStore,
  MemoryEventStore,
  MemoryTelemetryStore,
  silentLogger,
  type NewEvent,
} from '@aethercore/core';
import { AGENT_FINDING_EVENT, findingFromEvent } from '@aethercore/agents';
import { createTwin, werkhalle4Day, type Scenario } from '@aethercore/twin';
import { ScryptPasswordHasher, randomApiToken } from '@aethercore/adapter-sqlite';
import { parsePolicyText } from '@aethercore/governance';
import { createApp, createGovernance, seedDemoIdentities } from '../src/index.ts';
import { StrategosRunner, type StrategosPlanResponse } from '../src/live/strategos-runner.ts';
import type { PlanJobRequest } from '../src/live/strategos-plan-job.ts';
import { LiveHub } from '../src/live/live-hub.ts';
import { LoopingTwin } from '../src/live/looping-twin.ts';
import { readPlant } from '../src/live/read-plant.ts';
import { fixedLineSource } from './support/fixed-line-source.ts';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

const REPO = path.resolve(import.meta.dirname, '../../..');
const plant = readPlant(path.join(REPO, 'plants/werkhalle4.yaml'));
const at = (hh: number, mm = 0): number => Date.UTC(2026, 2, 10, hh, mm);

async function setup(scenario: Scenario, fault?: { next: PlanJobRequest['fault'] | undefined }) {
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
  const runner = new StrategosRunner({
    twin,
    plant,
    hub,
    events,
    governance: gov,
    logger: silentLogger,
    debounceMs: 600_000, // only flush() re-plans: the test decides when
    agent: { maxCandidates: 4 },
    twinSeed: (loop) => 42 + loop,
    worker: { startTimeoutMs: 120_000 },
    ...(fault === undefined
      ? {}
      : {
          faults: () => {
            const f = fault.next;
            fault.next = undefined;
            return f;
          },
        }),
  });
  runner.start();
  await runner.flush();
  const publish = async (list: readonly NewEvent[]): Promise<void> => {
    hub.publish({ kind: 'events', events: await events.append(list) });
  };
  const runUntil = async (until: number): Promise<void> => {
    for (let t = twin.now() + 15 * 60_000; t <= until; t += 15 * 60_000) await publish(twin.advanceTo(t));
  };
  const findings = async () =>
    (await events.read({ types: [AGENT_FINDING_EVENT] })).map((e) => findingFromEvent(e)!);
  return { gov, twin, events, hub, runner, runUntil, publish, findings };
}

const sick = (worker: string, time: number): NewEvent => ({
  type: 'WorkerReportedSick',
  stream: `worker/${worker}`,
  time,
  data: { worker, shift: plant.workers.find((w) => w.id === worker)?.shift, qualifications: [] },
});

describe('StrategosRunner with its planning worker', () => {
  it('coalesces the triggers that arrive while a request is in flight into one next re-plan', async () => {
    const { runner, runUntil, publish } = await setup(werkhalle4Day(plant));
    await runUntil(at(9, 15));
    await runner.flush(); // the hourly plan refreshes are done: the next request is the re-plan
    await runUntil(at(9, 30)); // the PCB delay
    const first = runner.flush();
    await vi.waitFor(() => expect(runner.inFlight).toBe(true), { timeout: 120_000, interval: 2 });
    // Two absences while the worker plans the delay: they wait, then go out together.
    await publish([sick('W038', at(9, 31)), sick('W024', at(9, 31))]);
    await first;
    expect(runner.replans).toBe(1);
    expect(runner.response().lastReplan?.triggers.map((t) => t.type)).toEqual(['SupplierDeliveryDelayed']);
    await runner.flush();
    expect(runner.replans).toBe(2);
    const last = runner.response().lastReplan;
    expect(last?.triggers.map((t) => t.subject)).toEqual(['W038', 'W024']);
    expect(last?.shifts?.reason).toBe('absence');
    expect(last?.shifts?.absent).toEqual(['W038', 'W024']);
    expect(last?.shifts?.valid).toBe(true);
    expect(runner.workersStarted).toBe(1);
    await runner.stop();
  });

  it('a worker crash is a coded finding, the server loop goes on, and the next trigger re-plans on a fresh worker', async () => {
    const fault: { next: PlanJobRequest['fault'] | undefined } = { next: undefined };
    const { runner, runUntil, publish, findings } = await setup(werkhalle4Day(plant), fault);
    await runUntil(at(9, 15));
    await runner.flush();
    fault.next = 'crash';
    await runUntil(at(9, 30));
    await runner.flush();
    const failed = (await findings()).filter((f) => f.kind === 'replan-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.evidence?.['code']).toBe('strategos.worker-crashed');
    expect(failed[0]?.title.de).toContain('Neuplanung fehlgeschlagen');
    expect(runner.failures).toBe(1);
    expect(runner.workersStarted).toBe(2);
    await publish([sick('W038', at(9, 31))]);
    await runner.flush();
    expect(runner.replans).toBe(1);
    expect((await findings()).some((f) => f.kind === 'shift-plan')).toBe(true);
    await runner.stop();
  });

  it('a night-shift worker off sick: least overtime with who and where, the roster proposal goes to a person', async () => {
    const day = werkhalle4Day(plant);
    const scenario: Scenario = {
      ...day,
      disruptions: [...day.disruptions, { kind: 'worker-sick', atMs: at(10, 5), worker: 'W038' }],
    };
    const { gov, runner, runUntil, findings, events, hub } = await setup(scenario);
    await runUntil(at(9, 45));
    await runner.flush(); // the 09:30 re-plan
    await runUntil(at(10, 15));
    await runner.flush();
    const shift = (await findings()).filter((f) => f.kind === 'shift-plan').at(-1);
    expect(shift?.subject).toBe('W038');
    // Lotte (W038) is the night shift's only soldering operator; nobody in the night crew can take ST09.
    // The plan needs ST09 in the night only 22:36–01:41 (3.08 h): the late floater Birte is called in
    // for those hours, paid the 4-h call-in minimum (before overtime in hours: a whole 8-h shift).
    expect(shift?.evidence?.['outcome']).toBe('overtime');
    expect(shift?.evidence?.['overtimeHours']).toBe(4);
    expect(shift?.evidence?.['callInTopUpHours']).toBeGreaterThan(0);
    expect(shift?.evidence?.['executor']).toBe('none');
    expect(shift?.evidence?.['route']).toBe('inbox');
    expect(shift?.title.de).toContain('Mehrarbeit');
    expect(shift?.detail?.en).toMatch(/\d\d:\d\d–\d\d:\d\d Birte \(W028\) → ST09/);
    const item = gov.sentinel.inbox.get(shift?.proposalId ?? '');
    expect(item?.proposal.actionClass).toBe('schedule-change');
    expect(item?.proposal.change.kind).toBe('shift-roster');
    expect(item?.proposal.explanation).toContain('No executor');
    expect(item?.proposal.expectedKpiDeltas).toEqual({
      uncoveredPositions: -1,
      overtimeHours: 4,
      rosterChanges: 1,
    });

    const app = createApp({
      source: fixedLineSource(),
      events,
      telemetry: new MemoryTelemetryStore(),
      hub,
      plan: () => runner.response(),
    });
    const body = (await (await app.request('/api/plan')).json()) as StrategosPlanResponse;
    const shifts = body.lastReplan?.shifts;
    expect(shifts?.outcome).toBe('overtime');
    expect(shifts?.shifts.find((s) => s.shift === 'night')?.overtime).toBe(1);
    expect(body.lastReplan?.rosterRoute).toBe('inbox');
    await runner.stop();
  });
});
