import { ManualClock } from '@aethercore/core';
import { describe, expect, it } from 'vitest';
import { hashRef, PolicyRegistry, Sentinel, type TwinEvidence } from '../src/index.ts';
import { agent, auditLog, human, MONDAY_10, policy, setpointProposal } from './helpers.ts';

const dexter = agent('dexter');
const strategos = agent('strategos');
const anna = human('anna', 'supervisor');

/** A proposal that needs approval, approved by anna at 10:00, and the clock moved `waitMs` later. */
async function approvedThenWaited(waitMs: number) {
  const { log } = await auditLog();
  const clock = new ManualClock(MONDAY_10);
  const reg = new PolicyRegistry({ initial: policy(), clock, audit: log });
  const s = new Sentinel({ log, clock, policy: reg, currentValue: () => 1500 });
  const p = setpointProposal({ uncertainty: 0.3 });
  expect((await s.review(p, strategos, 42)).route).toBe('inbox');
  await s.inbox.execute({ type: 'ApproveProposal', id: 'P-1', by: anna, reason: 'ok', time: MONDAY_10 });
  clock.advance(waitMs);
  return { s, p, clock, log };
}

/** Evidence re-simulated now: the approved change, with the given energy figures. */
function fresh(
  p: ReturnType<typeof setpointProposal>,
  now: number,
  withChange: number,
  over: Partial<TwinEvidence> = {},
): TwinEvidence {
  return {
    stateVersion: 42,
    simulatedAt: now,
    changeHash: hashRef(p.change),
    kpis: { energyKWh: { baseline: 100, withChange }, outputParts: { baseline: 480, withChange: 480 } },
    constraintsOk: true,
    ...over,
  };
}

describe('Sentinel: stale evidence simulated again after approval', () => {
  it('an approval that outlived its evidence is refused without a refresh', async () => {
    const { s, p } = await approvedThenWaited(10 * 60_000);
    await expect(s.execute(p, dexter, 42, () => 1)).rejects.toMatchObject({
      code: 'sentinel.verification-failed',
    });
  });

  it('runs with fresh evidence that still supports the approved effect, keeping the approval binding', async () => {
    const { s, p, clock, log } = await approvedThenWaited(10 * 60_000);
    // Approved: −5 kWh. Re-simulated from the current state: −3 kWh (same sign, ≥ half) → runs.
    const ev = fresh(p, clock.now(), 97);
    expect(await s.execute(p, dexter, 42, () => 'ran', { evidence: ev })).toBe('ran');
    const rows = await log.entries(0, log.size);
    const intent = rows
      .map((r) => r.entry)
      .find((e) => e?.action === 'action.write-setpoint' && e.outcome === 'started');
    expect(intent?.inputs).toEqual({ proposal: hashRef(p), evidence: hashRef(ev) });
    expect((intent?.data as { evidenceRefreshed?: unknown } | undefined)?.evidenceRefreshed).toEqual({
      simulatedAt: clock.now(),
      stateVersion: 42,
    });
  });

  it('refuses when the re-simulated effect shrank below half, reversed, or vanished', async () => {
    for (const withChange of [98, 100, 103]) {
      const { s, p, clock } = await approvedThenWaited(10 * 60_000);
      await expect(
        s.execute(p, dexter, 42, () => 1, { evidence: fresh(p, clock.now(), withChange) }),
      ).rejects.toMatchObject({
        code: 'sentinel.verification-failed',
        details: { reasons: ['evidence.kpi-unsupported'] },
      });
    }
  });

  it('fresh evidence must still be fresh, for this change, and within the constraints', async () => {
    const cases: [Partial<TwinEvidence>, string][] = [
      [
        { changeHash: hashRef({ kind: 'setpoint', setpoint: { target: 'ST07/spindleSpeed', value: 1 } }) },
        'evidence.other-change',
      ],
      [{ stateVersion: 41 }, 'evidence.stale-state'],
      [{ constraintsOk: false }, 'evidence.constraints-violated'],
    ];
    for (const [over, code] of cases) {
      const { s, p, clock } = await approvedThenWaited(10 * 60_000);
      await expect(
        s.execute(p, dexter, 42, () => 1, { evidence: fresh(p, clock.now(), 96, over) }),
      ).rejects.toMatchObject({
        details: { reasons: [code] },
      });
    }
  });

  it('fresh evidence does not stand in for a missing approval', async () => {
    const { log } = await auditLog();
    const clock = new ManualClock(MONDAY_10);
    const s = new Sentinel({
      log,
      clock,
      policy: new PolicyRegistry({ initial: policy(), clock, audit: log }),
      currentValue: () => 1500,
    });
    const p = setpointProposal({ uncertainty: 0.3 });
    await s.review(p, strategos, 42);
    await expect(
      s.execute(p, dexter, 42, () => 1, { evidence: fresh(p, clock.now(), 95) }),
    ).rejects.toMatchObject({
      code: 'sentinel.not-approved',
    });
  });
});
