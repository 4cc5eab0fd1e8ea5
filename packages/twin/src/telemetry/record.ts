import type { Reading } from '@aethercore/core';
import type { Twin } from '../twin.ts';

export interface RecordOptions {
  /** Only these series ids (`ST05/vibrationRmsMmS`); default: every variable of the address space. */
  readonly series?: readonly string[];
}

/**
 * Batch telemetry: steps the twin to `untilMs` and samples the variables every `intervalMs` (for
 * analytics work on the twin's data). Samples go into the returned array, never into the event log.
 * A day at 1 s for one station's six variables is about 0.4 M readings; restrict `series` for long runs.
 * @example recordTelemetry(twin, twin.now() + 3_600_000, 1000, { series: ['ST05/vibrationRmsMmS', 'ST05/temperatureC'] })
 */
export function recordTelemetry(
  twin: Twin,
  untilMs: number,
  intervalMs: number,
  options: RecordOptions = {},
): Reading[] {
  const out: Reading[] = [];
  if (!(intervalMs > 0)) return out;
  const keep = options.series === undefined ? undefined : new Set(options.series);
  for (let t = twin.now() + intervalMs; t <= untilMs; t += intervalMs) {
    twin.advanceTo(t);
    for (const r of twin.readings()) if (keep === undefined || keep.has(r.seriesId)) out.push(r);
  }
  twin.advanceTo(untilMs);
  return out;
}
