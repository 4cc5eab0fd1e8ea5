import { describe, expect, it } from 'vitest';
import { hashRef, type ActionProposal } from '@aethercore/governance';
import { createTwin, type Twin } from '@aethercore/twin';
import { refreshEvidence } from '../src/evidence-refresh.ts';
import { simulateWhatIf } from '../src/analytika/proposals.ts';
import { werkhalle4 } from './analytika-support.ts';

const H = 3_600_000;

/** The seed day at 11:30: R7 (ST05) is wearing. Built once: refreshing only forks it, never advances it. */
let cached: Twin | undefined;
function dayAt1130(): Twin {
  if (cached === undefined) {
    cached = createTwin({ plant: werkhalle4(), scenario: 'werkhalle4-day', seed: 7 });
    cached.advanceTo(cached.now() + 5.5 * H);
  }
  return cached;
}

function workOrder(
  kpis: Record<string, { baseline: number; withChange: number }>,
  horizonMs?: number,
): ActionProposal {
  const change = { kind: 'work-order', params: { station: 'ST05', durationMin: 45 } };
  return {
    id: 'WO-1',
    proposer: 'analytika',
    tool: 'create-work-order',
    effect: 'actuate',
    actionClass: 'maintenance-work-order',
    equipment: 'ST05',
    change,
    createdAt: 0,
    evidence: {
      stateVersion: 1,
      simulatedAt: 0,
      changeHash: hashRef(change),
      kpis,
      constraintsOk: true,
      ...(horizonMs === undefined ? {} : { horizonMs }),
    },
    expectedKpiDeltas: {},
    explanation: 'test',
  };
}

const command = { type: 'PerformMaintenance', station: 'ST05', durationMin: 45 } as const;

describe('refreshEvidence: the approved change simulated again from the current state', () => {
  it('gives the same figures as the proposing agent’s what-if at that state, for the KPIs the evidence named', () => {
    const twin = dayAt1130();
    const before = twin.now();
    const agent = simulateWhatIf(twin, command, werkhalle4(), H);
    expect(agent).toBeDefined();
    const old = workOrder(
      { downtimeS: { baseline: 0, withChange: 0 }, goodParts: { baseline: 0, withChange: 0 } },
      H,
    );
    const r = refreshEvidence({
      twin,
      plant: werkhalle4(),
      proposal: old,
      command,
      now: 1234,
      stateVersion: 9,
      defaultHorizonMs: H,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.evidence.kpis).toEqual({
      downtimeS: agent?.kpis['downtimeS'],
      goodParts: agent?.kpis['goodParts'],
    });
    expect(r.evidence).toMatchObject({
      stateVersion: 9,
      simulatedAt: 1234,
      changeHash: hashRef(old.change),
      constraintsOk: true,
      horizonMs: H,
    });
    // Wall time as given, plant time from the twin's own clock (the state the forks started from).
    expect(r.evidence.plantTime).toBe(before);
    // The running twin itself is untouched (forks only).
    expect(twin.now()).toBe(before);
  });

  it('uses the default horizon when the evidence names none, and Strategos’ order KPIs are computable too', () => {
    const r = refreshEvidence({
      twin: dayAt1130(),
      plant: werkhalle4(),
      proposal: workOrder({
        totalTardinessMin: { baseline: 0, withChange: 0 },
        ordersLate: { baseline: 0, withChange: 0 },
        energyKWh: { baseline: 0, withChange: 0 },
      }),
      command,
      now: 0,
      stateVersion: 1,
      defaultHorizonMs: H / 2,
    });
    expect(r).toMatchObject({ ok: true, evidence: { horizonMs: H / 2 } });
    if (r.ok)
      for (const k of Object.values(r.evidence.kpis))
        expect(Number.isFinite(k.baseline) && Number.isFinite(k.withChange)).toBe(true);
  });

  it('says why when it cannot: no evidence, a command the twin refuses, a KPI it does not know', () => {
    const base = { twin: dayAt1130(), plant: werkhalle4(), now: 0, stateVersion: 1, defaultHorizonMs: H };
    const noEvidence = { ...workOrder({}), evidence: undefined };
    expect(refreshEvidence({ ...base, proposal: noEvidence, command })).toMatchObject({ ok: false });
    expect(
      refreshEvidence({
        ...base,
        proposal: workOrder({ goodParts: { baseline: 0, withChange: 0 } }),
        command: { type: 'PerformMaintenance', station: 'NOPE', durationMin: 45 },
      }),
    ).toMatchObject({ ok: false, reason: expect.stringContaining('refuses') as unknown });
    expect(
      refreshEvidence({
        ...base,
        proposal: workOrder({ happiness: { baseline: 0, withChange: 0 } }),
        command,
      }),
    ).toMatchObject({ ok: false, reason: expect.stringContaining('happiness') as unknown });
  });
});
