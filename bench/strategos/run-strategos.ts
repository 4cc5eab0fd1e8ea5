// Strategos as the live loop runs it, without sockets: the twin stepped in 15-minute slices, every
// new event observed, every trigger answered at once (the runner's debounce left out) with the
// same wall-clock budget, and every proposal reviewed by Sentinel under policies/default.yaml.
// Latency per re-plan: from the trigger batch to the reviewed proposal (or the finding).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ManualClock, MemoryAuditStore, type Plant } from '@aethercore/core';
import { Strategos } from '@aethercore/agents';
import { createTwin } from '@aethercore/twin';
import { ScryptPasswordHasher, randomApiToken } from '@aethercore/adapter-sqlite';
import { parsePolicyText } from '@aethercore/governance';
import { createGovernance, seedDemoIdentities } from '@aethercore/server';

export interface StrategosBenchOptions {
  readonly plant: Plant;
  readonly policyFile: string;
  readonly scenario: string;
  readonly days: number;
  readonly seed: number;
  /** Wall ms for the planning engine's improvement step (the live runner's default is 600). */
  readonly budgetMs: number;
  /** Sim ms per driver step (default 15 min). */
  readonly stepMs?: number;
  readonly onDay?: (day: number) => void;
}

export interface ReplanSample {
  readonly day: number;
  readonly time: number;
  readonly triggers: readonly string[];
  readonly outcome: string;
  readonly route?: string;
  readonly latencyMs: number;
  readonly modelMs: number;
  readonly replanMs: number;
  readonly simulateMs: number;
  readonly goodPartsGain?: number;
  readonly planValid: boolean;
}

export async function runStrategosBench(o: StrategosBenchOptions): Promise<ReplanSample[]> {
  const clock = new ManualClock(Date.UTC(2026, 10, 24, 6, 0));
  const gov = await createGovernance({
    store: new MemoryAuditStore(),
    clock,
    policy: parsePolicyText(readFileSync(path.resolve(o.policyFile), 'utf8')),
    hasher: new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }),
    newToken: () => randomApiToken(),
    stateVersion: () => 0,
  });
  await seedDemoIdentities(gov.identities, () => 'bench-password-123');
  const me = gov.identities.get('strategos');
  if (me === undefined) throw new Error('no strategos identity');
  const step = o.stepMs ?? 15 * 60_000;
  const out: ReplanSample[] = [];
  let n = 0;
  for (let day = 0; day < o.days; day++) {
    const twin = createTwin({ plant: o.plant, scenario: o.scenario, seed: o.seed + day });
    const agent = new Strategos({ plant: o.plant });
    const start = twin.now();
    agent.observe(twin.run(start + 60_000));
    agent.refresh(twin, 'initial');
    for (let t = start + step; t <= start + 86_400_000; t += step) {
      const triggers = agent.observe(twin.run(t));
      // ×60: one wall minute per simulated hour for Sentinel's clock (rate limits, evidence age).
      clock.advance(step / 60);
      if (triggers.length === 0) continue;
      const t0 = performance.now();
      const r = agent.react(twin, triggers, {
        deadline: { expired: () => performance.now() - t0 > o.budgetMs },
        clock: { now: () => performance.now() },
        proposal: { id: `PLAN-bench-${++n}`, createdAt: clock.now(), stateVersion: 0 },
      });
      let route: string | undefined;
      if (r.proposal !== undefined) route = (await gov.sentinel.review(r.proposal, me, 0)).route;
      const latencyMs = performance.now() - t0;
      const timings = r.report?.timings ?? { modelMs: 0, replanMs: 0, simulateMs: 0 };
      const gain = r.report?.simulated?.deltas.goodParts;
      out.push({
        day,
        time: t,
        triggers: triggers.map((x) => x.type),
        outcome: r.report?.outcome ?? 'none',
        ...(route === undefined ? {} : { route }),
        latencyMs,
        ...timings,
        ...(gain === undefined ? {} : { goodPartsGain: gain }),
        planValid: r.plan.valid,
      });
    }
    o.onDay?.(day + 1);
  }
  return out;
}
