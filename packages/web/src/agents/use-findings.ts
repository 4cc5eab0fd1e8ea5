import { useEffect, useMemo, useState } from 'react';
import type { EventsResponse, StoredEvent } from '@aethercore/server';
import { FINDING_EVENT, findingOf, mergeFindings, type FindingView } from './findings.ts';

/**
 * All agents' findings: the last 200 from `/api/events?types=AgentFindingRecorded` at load, then the
 * ones arriving with the live events (SSE or polling). Kept apart from the event timeline, whose
 * short window of routine events would push them out.
 */
export function useFindings(liveEvents: readonly StoredEvent[]): readonly FindingView[] {
  const [loaded, setLoaded] = useState<readonly FindingView[]>([]);
  useEffect(() => {
    const ctl = new AbortController();
    fetch(`/api/events?tail=200&limit=200&types=${FINDING_EVENT}`, {
      signal: ctl.signal,
      headers: { accept: 'application/json' },
    })
      .then(async (r) => (r.ok ? ((await r.json()) as EventsResponse) : undefined))
      .then((res) => {
        if (res !== undefined)
          setLoaded(res.events.map(findingOf).filter((f): f is FindingView => f !== undefined));
      })
      .catch(() => undefined); // the live events still bring new findings
    return () => ctl.abort();
  }, []);
  const [seen, setSeen] = useState<readonly FindingView[]>([]);
  useEffect(() => {
    const fresh = liveEvents.map(findingOf).filter((f): f is FindingView => f !== undefined);
    if (fresh.length > 0) setSeen((prev) => mergeFindings(prev, fresh));
  }, [liveEvents]);
  return useMemo(() => mergeFindings(loaded, seen), [loaded, seen]);
}
