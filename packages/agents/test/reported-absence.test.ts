import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlantYaml } from '@aethercore/core';
import { LineKnowledge } from '../src/index.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
const plant = parsePlantYaml(readFileSync(path.join(REPO, 'plants/werkhalle4.yaml'), 'utf8'));
const H = 3_600_000;
const T = Date.UTC(2026, 10, 24, 10, 0);

describe('absences from WorkerReportedSick', () => {
  it('a random sick note (no duration) runs 24 h; a reported one runs its durationMs', () => {
    const k = new LineKnowledge(plant);
    k.observe({ type: 'WorkerReportedSick', time: T, data: { worker: 'W038', shift: 'night' } });
    k.observe({
      type: 'WorkerReportedSick',
      time: T,
      data: { worker: 'W010', shift: 'early', durationMs: 6 * H },
    });
    expect(k.absences(T + H)).toEqual([
      { worker: 'W038', fromMs: T, untilMs: T + 24 * H },
      { worker: 'W010', fromMs: T, untilMs: T + 6 * H },
    ]);
    // After the short note ends only the 24-h one is left; after 24 h nobody.
    expect(k.absences(T + 6 * H).map((a) => a.worker)).toEqual(['W038']);
    expect(k.absences(T + 24 * H)).toEqual([]);
  });

  it('a malformed duration falls back to 24 h', () => {
    const k = new LineKnowledge(plant);
    k.observe({ type: 'WorkerReportedSick', time: T, data: { worker: 'W038', durationMs: 'x' } });
    expect(k.absences(T)).toEqual([{ worker: 'W038', fromMs: T, untilMs: T + 24 * H }]);
  });
});
