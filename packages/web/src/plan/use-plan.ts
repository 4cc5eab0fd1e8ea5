import { useEffect, useState } from 'react';
import type { StrategosPlanResponse } from '@aethercore/server';

/**
 * Strategos' plan from `/api/plan`, polled: the plan changes on re-plans (seconds apart at most)
 * and on the hourly refresh, so a few seconds of delay is fine and no stream is needed.
 */
export function usePlan(intervalMs = 4_000): StrategosPlanResponse | undefined {
  const [plan, setPlan] = useState<StrategosPlanResponse | undefined>();
  useEffect(() => {
    let stopped = false;
    let last = '';
    let ctrl: AbortController | undefined;
    const load = async (): Promise<void> => {
      ctrl = new AbortController();
      try {
        const res = await fetch('/api/plan', {
          headers: { accept: 'application/json' },
          signal: ctrl.signal,
        });
        const text = res.ok ? await res.text() : '';
        // Unchanged answers keep the same object: the Gantt chart redraws only when the plan changed.
        if (text !== '' && text !== last && !stopped) {
          last = text;
          setPlan(JSON.parse(text) as StrategosPlanResponse);
        }
      } catch {
        // Offline or aborted: keep the last plan; the next poll tries again.
      }
    };
    void load();
    const timer = setInterval(() => void load(), intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
      ctrl?.abort();
    };
  }, [intervalMs]);
  return plan;
}
