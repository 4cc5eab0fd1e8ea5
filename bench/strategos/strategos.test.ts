import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlantYaml } from '@aethercore/core';
import { runStrategosBench } from './run-strategos.ts';
import { runLoopDelayBench } from './loop-delay.ts';

const REPO = path.resolve(import.meta.dirname, '..', '..');

describe('strategos bench (smoke)', () => {
  it('re-plans the seed day once per trigger and routes the PCB proposal to the inbox', async () => {
    const plant = parsePlantYaml(readFileSync(path.join(REPO, 'plants/werkhalle4.yaml'), 'utf8'));
    const samples = await runStrategosBench({
      plant,
      policyFile: path.join(REPO, 'policies/default.yaml'),
      scenario: 'werkhalle4-day',
      days: 1,
      seed: 42,
      budgetMs: 400,
      stepMs: 30 * 60_000,
    });
    const pcb = samples.find((s) => s.triggers.includes('SupplierDeliveryDelayed'));
    expect(pcb?.outcome).toBe('proposed');
    expect(pcb?.route).toBe('inbox');
    expect(samples.every((s) => s.latencyMs > 0 && s.planValid)).toBe(true);
  }, 300_000);

  it('loop delay: the seed day first re-plan, on the loop and in the worker, same outcome, valid plans', async () => {
    const plant = parsePlantYaml(readFileSync(path.join(REPO, 'plants/werkhalle4.yaml'), 'utf8'));
    const samples = await runLoopDelayBench({
      plant,
      scenario: 'werkhalle4-day',
      days: 1,
      seed: 42,
      // Far above the work: the repair stops at its candidate limit, so both runs plan the same on any machine.
      budgetMs: 120_000,
      stepMs: 30 * 60_000,
      maxReplans: 1,
    });
    expect(samples).toHaveLength(1);
    const [s] = samples;
    expect(s?.triggers).toEqual(['SupplierDeliveryDelayed']);
    expect(s?.valid).toBe(true);
    expect(s?.sameOutcome).toBe(true);
    // Figures only: no timing assertion (the bench reports them; CI machines differ).
    expect(s?.inline.wallMs).toBeGreaterThan(0);
    expect(s?.worker.wallMs).toBeGreaterThan(0);
  }, 300_000);
});
