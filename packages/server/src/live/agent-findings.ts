import type { EventStore, Logger } from '@aethercore/core';
import { findingEvent, type AgentFinding } from '@aethercore/agents';
import type { LiveHub } from './live-hub.ts';

/**
 * Where the live agents' findings go: the append-only event log (stream `agents/<name>`, type
 * `AgentFindingRecorded`) and, once durable, the browsers over SSE. The dashboard reads them through
 * `/api/events?types=AgentFindingRecorded` and the `events` stream; no separate store or route.
 * A finding that cannot be stored is logged and dropped: findings inform, they never block the line.
 */
export function createFindingSink(
  events: EventStore,
  hub: LiveHub,
  logger: Logger,
): (findings: readonly AgentFinding[]) => Promise<void> {
  return async (findings) => {
    if (findings.length === 0) return;
    try {
      const stored = await events.append(findings.map(findingEvent));
      hub.publish({ kind: 'events', events: stored });
    } catch (e) {
      logger.log('warn', 'agent findings not stored', {
        error: e instanceof Error ? e.message : 'unknown error',
        count: findings.length,
      });
    }
  };
}
