import { useEffect, useState } from 'react';
import type { DailySummaryResponse } from '@aethercore/server';

/**
 * Analytika's daily summary from `/api/summary/daily`, polled. The figures move with the simulated
 * day and the what-ifs for tomorrow arrive a few seconds after the first request (they run in the
 * background on the server), so a poll every few seconds is enough; the language is the UI's.
 */
export function useDailySummary(lang: 'de' | 'en', intervalMs = 10_000): DailySummaryResponse | undefined {
  const [summary, setSummary] = useState<DailySummaryResponse | undefined>();
  useEffect(() => {
    let stopped = false;
    let last = '';
    let ctrl: AbortController | undefined;
    const load = async (): Promise<void> => {
      ctrl = new AbortController();
      try {
        const res = await fetch(`/api/summary/daily?lang=${lang}`, {
          headers: { accept: 'application/json' },
          signal: ctrl.signal,
        });
        const text = res.ok ? await res.text() : '';
        if (text !== '' && text !== last && !stopped) {
          last = text;
          setSummary(JSON.parse(text) as DailySummaryResponse);
        }
      } catch {
        // Offline or aborted: keep the last summary; the next poll tries again.
      }
    };
    void load();
    const timer = setInterval(() => void load(), intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
      ctrl?.abort();
    };
  }, [lang, intervalMs]);
  return summary;
}
