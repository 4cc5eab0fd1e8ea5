// Analytika in the live mode, with the server's own pieces: the runner fed reading batches the way
// the OPC UA subscription delivers them, Sentinel (policies/default.yaml) reviewing its proposals,
// and the finding sink writing to the event store and the hub.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock, MemoryAuditStore, MemoryEventStore, silentLogger } from '@aethercore/core';
import { AGENT_FINDING_EVENT, findingFromEvent } from '@aethercore/agents';
import { createTwin } from '@aethercore/twin';
import { ScryptPasswordHasher, randomApiToken } from '@aethercore/adapter-sqlite';
import { parsePolicyText } from '@aethercore/governance';
import { createGovernance, seedDemoIdentities } from '../src/index.ts';
import { AnalytikaRunner } from '../src/live/analytika-runner.ts';
import { createFindingSink } from '../src/live/agent-findings.ts';
import { LiveHub } from '../src/live/live-hub.ts';
import { readPlant } from '../src/live/read-plant.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
const plant = readPlant(path.join(REPO, 'plants/werkhalle4.yaml'));
const at = (hh: number, mm = 0): number => Date.UTC(2026, 2, 10, hh, mm);

async function setup(scenario: string) {
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
  const twin = createTwin({ plant, scenario, seed: 42 });
  const events = new MemoryEventStore();
  const hub = new LiveHub();
  const published: string[] = [];
  hub.subscribe((m) => {
    if (m.kind === 'events') for (const e of m.events) published.push(e.type);
  });
  const runner = new AnalytikaRunner({
    plant,
    twin: () => twin,
    day: () => 0,
    governance: gov,
    sink: createFindingSink(events, hub, silentLogger),
    logger: silentLogger,
  });
  /** The subscription's view: every 15 s of sim time, the values in a few batches, clock ticking. */
  const runUntil = async (until: number): Promise<void> => {
    for (let t = twin.now() + 15_000; t <= until; t += 15_000) {
      twin.advanceTo(t);
      const rs = twin.readings();
      runner.push(rs.slice(0, 40));
      runner.push(rs.slice(40));
      clock.advance(250);
      await runner.idle();
    }
  };
  const findings = async () =>
    (await events.read({ types: [AGENT_FINDING_EVENT] })).map((e) => findingFromEvent(e)!);
  return { gov, twin, runner, runUntil, findings, published };
}

describe('AnalytikaRunner (live Analytika with Sentinel and the finding sink)', () => {
  it('on the seed day: an R7 finding and a work order with the model’s uncertainty; later the ST04 drift and a thermal correction', async () => {
    const { gov, twin, runUntil, findings, published } = await setup('werkhalle4-day');
    await runUntil(at(7, 30));
    expect(await findings()).toHaveLength(0);
    expect(gov.sentinel.inbox.list({ status: 'all' })).toHaveLength(0);

    await runUntil(at(9, 0));
    const [anomaly] = await findings();
    expect(anomaly?.kind).toBe('anomaly');
    expect(anomaly?.subject).toBe('ST05');
    expect(anomaly?.proposalId).toBe('WO-ST05-2026-11-24-d0');
    expect(published).toContain(AGENT_FINDING_EVENT);
    const wo = gov.sentinel.inbox.get('WO-ST05-2026-11-24-d0');
    expect(wo).toBeDefined();
    const p = wo!.proposal;
    expect(p.proposer).toBe('analytika');
    expect(p.actionClass).toBe('maintenance-work-order');
    expect(p.change.kind).toBe('work-order');
    // The detector fired early: the remaining-life interval is still wide, so the model's uncertainty is high
    // and Sentinel's uncertainty gate raises the grade (policy: threshold 0.3 for work orders).
    expect(p.uncertainty).toBeGreaterThan(0.3);
    expect(wo!.verdict.pass).toBe(true);
    expect(wo!.grade).toBe('needs-two-person-approval');
    expect(p.explanation).toMatch(/score .* > 1\.5/);
    for (const [k, d] of Object.entries(p.expectedKpiDeltas ?? {})) {
      const kp = p.evidence!.kpis[k]!;
      expect(d).toBeCloseTo(kp.withChange - kp.baseline, 6);
    }
    // The what-if forks did not move the running twin.
    expect(twin.now()).toBe(at(9, 0));

    await runUntil(at(12, 30));
    const all = await findings();
    expect(all.map((f) => f.kind)).toEqual(['anomaly', 'rul', 'drift']);
    const drift = all[2]!;
    expect(drift.proposalId).toBe('TC-ST04-2026-11-24-d0');
    const tc = gov.sentinel.inbox.get('TC-ST04-2026-11-24-d0');
    // Thermal corrections are act-within-limits, but this one's attribution is weak (uncertainty 1 − |r|
    // above the class threshold 0.3), so Sentinel raises it to needs-approval: a person decides.
    expect(tc).toBeDefined();
    expect(tc!.proposal.change).toEqual({ kind: 'thermal-correction', params: { station: 'ST04' } });
    expect(tc!.proposal.uncertainty).toBeGreaterThan(0.3);
    expect(tc!.grade).toBe('needs-approval');
    expect(gov.sentinel.inbox.list({ status: 'all' }).filter((i) => i.id.startsWith('WO-'))).toHaveLength(1); // once per day
  }, 120_000);

  it('after a restart (same day, inbox restored) the finding points to the existing work order and nothing is re-submitted', async () => {
    const first = await setup('werkhalle4-day');
    await first.runUntil(at(9, 0));
    expect(first.gov.sentinel.inbox.list({ status: 'all' })).toHaveLength(1);
    // A second runner (the restarted server) over the same governance and a fresh replay of the day.
    const twin = createTwin({ plant, scenario: 'werkhalle4-day', seed: 43 });
    const events = new MemoryEventStore();
    const runner = new AnalytikaRunner({
      plant,
      twin: () => twin,
      day: () => 0,
      governance: first.gov,
      sink: createFindingSink(events, new LiveHub(), silentLogger),
      logger: silentLogger,
    });
    for (let t = twin.now() + 15_000; t <= at(9, 0); t += 15_000) {
      twin.advanceTo(t);
      runner.push(twin.readings());
      await runner.idle();
    }
    const [f] = (await events.read({ types: [AGENT_FINDING_EVENT] })).map((e) => findingFromEvent(e)!);
    expect(f?.kind).toBe('anomaly');
    expect(f?.proposalId).toBe('WO-ST05-2026-11-24-d0');
    expect(first.gov.sentinel.inbox.list({ status: 'all' })).toHaveLength(1);
    expect(runner.proposals).toBe(0);
  }, 120_000);

  it('on the baseline day: no finding and nothing in the inbox', async () => {
    const { gov, runUntil, findings } = await setup('baseline');
    await runUntil(at(12, 0));
    expect(await findings()).toHaveLength(0);
    expect(gov.sentinel.inbox.list({ status: 'all' })).toHaveLength(0);
  }, 120_000);
});
