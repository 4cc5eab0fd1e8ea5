import type { Reading } from '@aethercore/core';

const T0 = 1_699_999_200_000;

/** Batch k of the crash campaign: samples k·batch … (k+1)·batch − 1; sample i has value i, so loss is visible. */
export function batchReadings(k: number, batch: number, series: number): Reading[] {
  return Array.from({ length: batch }, (_, j) => {
    const i = k * batch + j;
    return {
      seriesId: `crash/S${i % series}`,
      value: i,
      quality: 'good',
      sourceTime: T0 + Math.floor(i / series) * 1000,
    };
  });
}
