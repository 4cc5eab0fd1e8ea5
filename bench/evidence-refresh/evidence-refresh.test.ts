import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlantYaml } from '@aethercore/core';
import { runRefreshBench } from './run-refresh.ts';

const REPO = path.resolve(import.meta.dirname, '..', '..');

describe('evidence-refresh bench (smoke)', () => {
  it('refreshes on the loop and in the worker at one point of the seed day: same evidence, both succeed', async () => {
    const plant = parsePlantYaml(readFileSync(path.join(REPO, 'plants/werkhalle4.yaml'), 'utf8'));
    const samples = await runRefreshBench({
      plant,
      scenario: 'werkhalle4-day',
      seed: 42,
      hours: [3],
      runs: 1,
    });
    expect(samples.map((s) => s.change)).toEqual(['work order ST05 45 min', 'ST10 speed 0.8']);
    for (const s of samples) {
      expect(s.ok).toBe(true);
      expect(s.sameEvidence).toBe(true);
      // Figures only: no timing assertion (the bench reports them; CI machines differ).
      expect(s.onLoop.wallMs).toBeGreaterThan(0);
      expect(s.worker.wallMs).toBeGreaterThan(0);
    }
    expect(samples[0]?.worker.replica).toBe('rebuilt');
    expect(samples[1]?.worker.replica).toBe('kept');
  }, 300_000);
});
