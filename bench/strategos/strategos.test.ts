import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlantYaml } from '@aethercore/core';
import { runStrategosBench } from './run-strategos.ts';

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
});
