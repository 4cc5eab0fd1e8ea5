import type { TestModel, ThermalModel } from '@aethercore/core';

export type EolOutcome = 'pass' | 'scrap-tolerance' | 'scrap-test' | 'rework';

/**
 * The end-of-line test verdict for one part. A part whose quality characteristic is outside its
 * tolerance is scrapped (the press fit cannot be undone); otherwise one uniform draw `u` decides:
 * scrap with `scrapProbability`, rework with `reworkProbability` (only once: a reworked part that is
 * re-tested passes or is scrapped), else pass.
 */
export function eolOutcome(
  test: TestModel,
  thermal: ThermalModel | undefined,
  dimensionMm: number | undefined,
  reworked: boolean,
  u: number,
): EolOutcome {
  if (
    thermal !== undefined &&
    dimensionMm !== undefined &&
    Math.abs(dimensionMm - thermal.nominalMm) > thermal.toleranceMm
  )
    return 'scrap-tolerance';
  if (u < test.scrapProbability) return 'scrap-test';
  if (!reworked && u < test.scrapProbability + test.reworkProbability) return 'rework';
  return 'pass';
}
