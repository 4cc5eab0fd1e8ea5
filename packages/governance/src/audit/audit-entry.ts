import { AetherError, zod as z } from '@aethercore/core';
import { fromUtf8, toHex, utf8 } from '../crypto/bytes.ts';
import { sha256 } from '../crypto/sha256.ts';
import { canonicalJson } from './canonical-json.ts';

/**
 * One audit entry: who did what, when, on which inputs, under which policy, with which outcome and
 * why. This is the record EU AI Act Art. 12 asks for (automatic logging of events relevant to risk),
 * and the leaf input of the RFC 9162 tree once written as canonical JSON.
 */
export type ActorKind = 'user' | 'agent' | 'system';

export interface AuditEntryInput {
  /** User or agent identity (`u:anna`, `agent:strategos`, `system:gate`). */
  readonly actor: string;
  readonly actorKind: ActorKind;
  /** What happened, dotted: `proposal.verified`, `setpoint.write`, `policy.changed`, `stop.engaged`. */
  readonly action: string;
  /** Domain time, ms since the epoch (from the Clock port). */
  readonly time: number;
  /** The thing acted on: a proposal id, equipment id, policy version. */
  readonly subject?: string;
  /** Inputs by content hash (`sha256:…`, see `hashRef`) so the log proves what was seen without copying it. */
  readonly inputs?: Readonly<Record<string, string>>;
  readonly decision?: string;
  readonly policyVersion?: string;
  readonly outcome: string;
  readonly reason?: string;
  /** Small structured details (limits hit, verdict reasons). */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** A stored entry: the input plus its leaf position and the entry format version. */
export interface AuditEntry extends AuditEntryInput {
  readonly v: 1;
  readonly index: number;
}

const entrySchema = z
  .object({
    v: z.literal(1),
    index: z.number().int().nonnegative(),
    actor: z.string().min(1).max(200),
    actorKind: z.enum(['user', 'agent', 'system']),
    action: z.string().min(1).max(200),
    time: z.number().int(),
    subject: z.string().max(500).optional(),
    inputs: z.record(z.string(), z.string().regex(/^sha256:[0-9a-f]{64}$/)).optional(),
    decision: z.string().max(500).optional(),
    policyVersion: z.string().max(100).optional(),
    outcome: z.string().min(1).max(100),
    reason: z.string().max(4000).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** `sha256:<hex>` of the canonical JSON of any value: how entries reference their inputs. */
export function hashRef(value: unknown): string {
  return `sha256:${toHex(sha256(utf8(canonicalJson(value))))}`;
}

/** Canonical bytes of an entry at `index` (validates first: a bad entry must never reach the log). */
export function encodeEntry(input: AuditEntryInput, index: number): Uint8Array {
  const entry = { ...input, v: 1 as const, index };
  const parsed = entrySchema.safeParse(entry);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AetherError({
      code: 'audit.entry-invalid',
      message: `Audit entry is invalid: ${issue?.message ?? 'unknown problem'}.`,
      hint: 'Every entry needs actor, actorKind, action, integer time and outcome; inputs are sha256 refs.',
      path: issue?.path.join('.') ?? '',
    });
  }
  return utf8(canonicalJson(entry));
}

export type DecodeResult = { ok: true; entry: AuditEntry } | { ok: false; reason: string };

/**
 * Parses stored entry bytes strictly: valid UTF-8, valid JSON, the entry schema, and *canonical*
 * (re-encoding gives the same bytes), so two different byte strings never denote one entry.
 */
export function decodeEntry(bytes: Uint8Array): DecodeResult {
  const text = fromUtf8(bytes);
  if (text === undefined) return { ok: false, reason: 'entry bytes are not valid UTF-8' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'entry is not valid JSON' };
  }
  const parsed = entrySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `entry does not match the schema at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? ''}` };
  }
  let again: string;
  try {
    again = canonicalJson(value);
  } catch {
    return { ok: false, reason: 'entry holds a value that is not canonical JSON' };
  }
  if (again !== text) return { ok: false, reason: 'entry is not in canonical form' };
  return { ok: true, entry: value as AuditEntry };
}
