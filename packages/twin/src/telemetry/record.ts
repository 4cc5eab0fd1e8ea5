import type { Reading } from '@aethercore/core';
import type { Twin } from '../twin.ts';

/**
 * Batch telemetry: steps the twin to `untilMs` and samples every variable each `intervalMs`
 * (for analytics work on the twin's data). Samples go into the returned array, never into the
 * event log.
 */
export function recordTelemetry(twin: Twin, untilMs: number, intervalMs: number): Reading[] {
  const out: Reading[] = [];
  if (!(intervalMs > 0)) return out;
  for (let t = twin.now() + intervalMs; t <= untilMs; t += intervalMs) {
    twin.advanceTo(t);
    for (const r of twin.readings()) out.push(r);
  }
  twin.advanceTo(untilMs);
  return out;
}
