import { ManualClock } from '@aethercore/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ActionLedger,
  evidenceAgeReasons,
  hashRef,
  parsePolicyText,
  PolicyRegistry,
  Sentinel,
  verifyProposal,
  type ActionProposal,
  type TwinEvidence,
  type VerifyContext,
} from '../src/index.ts';
import { agent, auditLog, human, MONDAY_10, policy, POLICY_TEXT, setpointProposal } from './helpers.ts';

/** The plant's (twin's) clock: a replayed day, not wall time. 08:00 on the twin's day. */
const PLANT_T = Date.UTC(2024, 2, 4, 8, 0);
const S = 1000;

const ctx = (over: Partial<VerifyContext> = {}): VerifyContext => ({
  policy: policy(),
  now: MONDAY_10,
  stateVersion: 42,
  plantNow: PLANT_T,
  ledger: new ActionLedger(),
  currentValue: () => 1500,
  ...over,
});
/** The test policy with its own plant-time limit (a top-level key appended to the YAML). */
const withPlantLimit = (value: string) => parsePolicyText(`${POLICY_TEXT}\nevidenceMaxPlantAgeS: ${value}\n`);
const codes = (v: { reasons: readonly { code: string }[] }): string[] => v.reasons.map((r) => r.code);

/** The helper's proposal (simulated 30 wall seconds ago) with its evidence simulated from plant time `plantTime`. */
function atPlant(plantTime: number | undefined, over: Partial<TwinEvidence> = {}): ActionProposal {
  const p = setpointProposal();
  const ev = p.evidence as TwinEvidence;
  const { plantTime: _drop, ...rest } = ev;
  return { ...p, evidence: { ...rest, ...(plantTime === undefined ? {} : { plantTime }), ...over } };
}

describe('evidence age in plant time (evidenceMaxPlantAgeS)', () => {
  it('the default policy limit is 300 s of plant time; a policy may set its own, and nonsense is refused with its path', () => {
    expect(policy().evidenceMaxPlantAgeS).toBe(300);
    expect(withPlantLimit('3600').evidenceMaxPlantAgeS).toBe(3600);
    for (const bad of ['0', '-5', 'soon'])
      expect(() => withPlantLimit(bad)).toThrow(
        expect.objectContaining({ code: 'policy.invalid', path: 'evidenceMaxPlantAgeS' }) as Error,
      );
  });

  it('fresh by wall time (30 s) but 10 plant minutes old → refused with its own reason, and only that one', () => {
    const v = verifyProposal(atPlant(PLANT_T - 600 * S), ctx());
    expect(v.pass).toBe(false);
    expect(codes(v)).toEqual(['evidence.plant-too-old']);
    expect(v.reasons[0]?.message).toContain('600 s of plant time ago; limit 300 s');
  });

  it('within both limits → accepted (the limit itself is still fresh)', () => {
    for (const age of [0, 60 * S, 300 * S]) {
      const v = verifyProposal(atPlant(PLANT_T - age), ctx());
      expect({ age, codes: codes(v) }).toEqual({ age, codes: [] });
      expect(v.pass).toBe(true);
    }
  });

  it('old by wall time but fresh by plant time → the wall rule still refuses (both limits apply, each its own code)', () => {
    const v = verifyProposal(atPlant(PLANT_T - 10 * S), ctx({ now: MONDAY_10 + 10 * 60_000 }));
    expect(codes(v)).toEqual(['evidence.too-old']);
    const both = verifyProposal(atPlant(PLANT_T - 3_600 * S), ctx({ now: MONDAY_10 + 10 * 60_000 }));
    expect(codes(both)).toEqual(['evidence.too-old', 'evidence.plant-too-old']);
  });

  it('a policy with a longer plant limit accepts what the default refuses', () => {
    const long = withPlantLimit('3600');
    expect(verifyProposal(atPlant(PLANT_T - 600 * S), ctx({ policy: long })).pass).toBe(true);
    expect(codes(verifyProposal(atPlant(PLANT_T - 3_601 * S), ctx({ policy: long })))).toEqual([
      'evidence.plant-too-old',
    ]);
  });

  it('evidence from ahead of the plant clock is refused (evidence.plant-from-future)', () => {
    expect(codes(verifyProposal(atPlant(PLANT_T + 1), ctx()))).toEqual(['evidence.plant-from-future']);
  });

  it('old evidence without plantTime: plant age unknown → the wall-time rule alone, as before', () => {
    const fresh = verifyProposal(atPlant(undefined), ctx());
    expect(fresh.pass).toBe(true);
    const old = verifyProposal(atPlant(undefined), ctx({ now: MONDAY_10 + 10 * 60_000 }));
    expect(codes(old)).toEqual(['evidence.too-old']);
  });

  it('without a plant clock (plantNow absent) the plant time is not judged', () => {
    const { plantNow: _none, ...noPlant } = ctx();
    expect(verifyProposal(atPlant(PLANT_T - 3_600 * S), noPlant).pass).toBe(true);
  });

  it('evidence of another state version is stale by that alone (its plant time is on another replay’s clock)', () => {
    const v = verifyProposal(atPlant(PLANT_T + 3_600 * S, { stateVersion: 41 }), ctx());
    expect(codes(v)).toEqual(['evidence.stale-state']);
  });

  it('property: each limit refuses exactly when its own age exceeds it, independently of the other', () => {
    const pol = policy();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_200_000 }),
        fc.integer({ min: 0, max: 36_000_000 }),
        fc.boolean(),
        (wallAge, plantAge, known) => {
          const r = evidenceAgeReasons(
            {
              stateVersion: 1,
              simulatedAt: MONDAY_10 - wallAge,
              ...(known ? { plantTime: PLANT_T - plantAge } : {}),
            },
            { policy: pol, now: MONDAY_10, stateVersion: 1, plantNow: PLANT_T },
          ).map((x) => x.code);
          const want = [
            ...(wallAge > pol.evidenceMaxAgeS * S ? ['evidence.too-old'] : []),
            ...(known && plantAge > pol.evidenceMaxPlantAgeS * S ? ['evidence.plant-too-old'] : []),
          ];
          expect(r).toEqual(want);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('Sentinel with a plant clock: an approval that outlived its evidence in plant time', () => {
  const dexter = agent('dexter');
  const strategos = agent('strategos');
  const anna = human('anna', 'supervisor');

  /** Proposed and approved at 10:00 wall / 08:00 plant; then 1 wall minute and `plantMs` of plant time pass (a fast twin). */
  async function approvedThenPlantMoved(plantMs: number) {
    const { log } = await auditLog();
    const clock = new ManualClock(MONDAY_10);
    const plant = new ManualClock(PLANT_T);
    const reg = new PolicyRegistry({ initial: policy(), clock, audit: log });
    const s = new Sentinel({ log, clock, policy: reg, currentValue: () => 1500, plantClock: plant });
    const p = atPlant(PLANT_T, { simulatedAt: MONDAY_10 - 1000 });
    const withUncertainty = { ...p, uncertainty: 0.3 };
    expect((await s.review(withUncertainty, strategos, 42)).route).toBe('inbox');
    await s.inbox.execute({ type: 'ApproveProposal', id: 'P-1', by: anna, reason: 'ok', time: MONDAY_10 });
    clock.advance(60_000);
    plant.advance(plantMs);
    return { s, p: withUncertainty, clock, plant, log };
  }

  it('within both limits the approved proposal runs', async () => {
    const { s, p } = await approvedThenPlantMoved(4 * 60_000);
    expect(await s.execute(p, dexter, 42, () => 'ran')).toBe('ran');
  });

  it('one wall minute at ×60 is an hour of plant time → refused, evidence.plant-too-old', async () => {
    const { s, p } = await approvedThenPlantMoved(3_600_000);
    await expect(s.execute(p, dexter, 42, () => 1)).rejects.toMatchObject({
      code: 'sentinel.verification-failed',
      details: { reasons: ['evidence.plant-too-old'] },
    });
  });

  it('evidence simulated again from the plant’s current time runs it, the approval still bound to the approved proposal', async () => {
    const { s, p, clock, plant, log } = await approvedThenPlantMoved(3_600_000);
    const fresh: TwinEvidence = {
      stateVersion: 42,
      simulatedAt: clock.now(),
      plantTime: plant.now(),
      changeHash: hashRef(p.change),
      kpis: { energyKWh: { baseline: 100, withChange: 97 }, outputParts: { baseline: 480, withChange: 480 } },
      constraintsOk: true,
    };
    expect(await s.execute(p, dexter, 42, () => 'ran', { evidence: fresh })).toBe('ran');
    const intent = (await log.entries(0, log.size))
      .map((r) => r.entry)
      .find((e) => e?.action === 'action.write-setpoint' && e.outcome === 'started');
    expect(intent?.inputs).toEqual({ proposal: hashRef(p), evidence: hashRef(fresh) });
  });

  it('re-simulated evidence that is itself plant-stale does not pass', async () => {
    const { s, p, clock, plant } = await approvedThenPlantMoved(3_600_000);
    const lateFresh: TwinEvidence = {
      stateVersion: 42,
      simulatedAt: clock.now(),
      plantTime: plant.now() - 301 * S,
      changeHash: hashRef(p.change),
      kpis: { energyKWh: { baseline: 100, withChange: 96 }, outputParts: { baseline: 480, withChange: 480 } },
      constraintsOk: true,
    };
    await expect(s.execute(p, dexter, 42, () => 1, { evidence: lateFresh })).rejects.toMatchObject({
      details: { reasons: ['evidence.plant-too-old'] },
    });
  });
});
