import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock, MemoryAuditStore, silentLogger } from '@aethercore/core';
import { createTwin, describeAddressSpace } from '@aethercore/twin';
import { ScryptPasswordHasher, randomApiToken } from '@aethercore/adapter-sqlite';
import { parsePolicyText } from '@aethercore/governance';
import { createGovernance, seedDemoIdentities } from '../src/index.ts';
import { MaintenanceProposer } from '../src/live/maintenance-proposer.ts';
import { readPlant } from '../src/live/read-plant.ts';
import { plantView } from '../src/live/plant-view.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
const plant = readPlant(path.join(REPO, 'plants/werkhalle4.yaml'));

async function setup(hoursIn: number) {
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
  const twin = createTwin({ plant, scenario: 'werkhalle4-day', seed: 42 });
  twin.advanceTo(twin.now() + hoursIn * 3_600_000);
  const trend = plantView(plant, describeAddressSpace(plant)).trends.find((t) => t.kind === 'vibration')!;
  const proposer = new MaintenanceProposer({
    twin: () => twin,
    day: () => 0,
    plant,
    trend,
    governance: gov,
    logger: silentLogger,
  });
  return { gov, twin, trend, proposer };
}

describe('MaintenanceProposer (the live inbox source)', () => {
  it('proposes nothing while the vibration is inside its limit', async () => {
    const { proposer, twin, trend, gov } = await setup(1);
    const v = twin.readings().find((r) => r.seriesId === trend.seriesId)!.value;
    expect(v).toBeLessThanOrEqual(trend.limits.high!);
    expect(await proposer.check()).toBeUndefined();
    expect(gov.sentinel.inbox.list({ status: 'all' })).toHaveLength(0);
  });

  it('above the limit: a work order with twin what-if evidence, verified by Sentinel into the inbox, once a day', async () => {
    const { proposer, twin, trend, gov } = await setup(6.5);
    const v = twin.readings().find((r) => r.seriesId === trend.seriesId)!.value;
    expect(v).toBeGreaterThan(trend.limits.high!);
    expect(await proposer.check()).toBe('inbox');
    const [item] = gov.sentinel.inbox.list({ status: 'pending' });
    expect(item?.id).toBe('WO-ST05-2026-11-24-d0');
    expect(item?.verdict.pass).toBe(true);
    expect(item?.grade).toBe('needs-approval');
    const ev = item!.proposal.evidence!;
    // The maintenance stop shows in the simulated downtime; the claim equals the simulated difference.
    expect(ev.kpis['downtimeS']!.withChange).toBeGreaterThan(ev.kpis['downtimeS']!.baseline);
    expect(item!.proposal.expectedKpiDeltas?.['downtimeS']).toBeCloseTo(
      ev.kpis['downtimeS']!.withChange - ev.kpis['downtimeS']!.baseline,
      2,
    );
    // The fork did not move the running twin.
    expect(twin.now()).toBe(twin.scenario.startMs + 6.5 * 3_600_000);
    expect(await proposer.check()).toBeUndefined();
    expect(gov.sentinel.inbox.list({ status: 'all' })).toHaveLength(1);
  });
});
