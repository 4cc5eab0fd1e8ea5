import type { DailySummaryResponse } from '@aethercore/server';
import { usePolledJson } from '../live/use-polled-json.ts';

/**
 * Analytika's daily summary from `/api/summary/daily`, polled. The figures move with the simulated
 * day and the what-ifs for tomorrow arrive a few seconds after the first request (they run in the
 * background on the server), so a poll every few seconds is enough; the language is the UI's.
 */
export function useDailySummary(lang: 'de' | 'en', intervalMs = 10_000): DailySummaryResponse | undefined {
  return usePolledJson<DailySummaryResponse>(`/api/summary/daily?lang=${lang}`, intervalMs);
}
