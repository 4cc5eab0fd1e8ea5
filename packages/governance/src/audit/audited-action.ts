import { AetherError } from '@aethercore/core';
import type { AuditEntryInput } from './audit-entry.ts';
import type { AuditLog } from './audit-log.ts';

export interface AuditedResult<T> {
  readonly value: T;
  /** Index of the intent entry written before the action ran. */
  readonly intentIndex: number;
  /** Index of the outcome entry, or undefined if recording the outcome itself failed (reported, not hidden). */
  readonly outcomeIndex: number | undefined;
}

/**
 * "No action without its audit entry": writes the intent entry first and runs the action only once
 * the store has durably accepted it. If the append fails, the action never starts and the caller gets
 * `audit.unavailable`. Afterwards the outcome (`succeeded` / `failed` with the error) is appended too.
 *
 *     await auditedAction(log, { actor, actorKind: 'agent', action: 'setpoint.write', time, outcome: 'started' }, () => gateway.write(...));
 */
export async function auditedAction<T>(
  log: AuditLog,
  intent: AuditEntryInput,
  run: () => T | Promise<T>,
  now: () => number = () => intent.time,
): Promise<AuditedResult<T>> {
  let intentIndex: number;
  try {
    intentIndex = (await log.append(intent)).index;
  } catch (e) {
    throw new AetherError({
      code: 'audit.unavailable',
      message: `The action ${intent.action} was not run because its audit entry could not be written.`,
      hint: 'Restore the audit store; no action runs unlogged.',
      category: 'system',
      kind: 'unavailable',
      cause: e,
    });
  }
  const record = async (outcome: string, reason?: string): Promise<number | undefined> => {
    try {
      const { inputs: _inputs, data: _data, ...rest } = intent;
      return (
        await log.append({
          ...rest,
          time: now(),
          outcome,
          data: { intentIndex },
          ...(reason === undefined ? {} : { reason }),
        })
      ).index;
    } catch {
      return undefined;
    }
  };
  let value: T;
  try {
    value = await run();
  } catch (e) {
    await record('failed', e instanceof Error ? e.message : String(e));
    throw e;
  }
  return { value, intentIndex, outcomeIndex: await record('succeeded') };
}
