import { AetherError, type EventStore, type Logger } from '@aethercore/core';
import type { LoopingTwin } from './looping-twin.ts';

/**
 * Runs the twin (and the baseline) in batch up to `HH:MM` UTC of the scenario's first day and
 * stores the events of the skipped part, so the log and the KPIs stay complete. Telemetry for the
 * skipped part does not exist: it only ever enters through OPC UA.
 */
export async function fastForward(
  startAt: string,
  twin: LoopingTwin,
  baseline: LoopingTwin | undefined,
  events: EventStore,
  log: Logger,
): Promise<void> {
  const [h, m] = startAt.split(':').map(Number) as [number, number];
  const start = twin.now();
  const midnight = Math.floor(start / 86_400_000) * 86_400_000;
  const target = midnight + (h * 60 + m) * 60_000;
  if (target <= start) {
    throw new AetherError({
      code: 'config.invalid',
      message: `start-at ${startAt} is not after the scenario's start (${new Date(start).toISOString().slice(11, 16)} UTC)`,
      hint: 'Give a later time of day, or leave start-at unset to start with the scenario.',
      path: 'startAt',
      kind: 'invalid',
    });
  }
  const skipped = twin.advanceTo(target);
  for (let i = 0; i < skipped.length; i += 10_000) await events.append(skipped.slice(i, i + 10_000));
  baseline?.advanceTo(target);
  log.log('info', 'fast-forwarded the twin', { to: new Date(target).toISOString(), events: skipped.length });
}
