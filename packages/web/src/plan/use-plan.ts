import type { StrategosPlanResponse } from '@aethercore/server';
import { usePolledJson } from '../live/use-polled-json.ts';

/**
 * Strategos' plan from `/api/plan`, polled: the plan changes on re-plans (seconds apart at most)
 * and on the hourly refresh, so a few seconds of delay is fine and no stream is needed. Unchanged
 * answers keep the same object: the Gantt chart redraws only when the plan changed.
 */
export function usePlan(intervalMs = 4_000): StrategosPlanResponse | undefined {
  return usePolledJson<StrategosPlanResponse>('/api/plan', intervalMs);
}
