import { AetherError } from '@aethercore/core';
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

interface Issue {
  readonly path: string;
  readonly message: string;
}

const HASH_REF = /^sha256:[0-9a-f]{64}$/;
const KEYS = new Set([
  'v',
  'index',
  'actor',
  'actorKind',
  'action',
  'time',
  'subject',
  'inputs',
  'decision',
  'policyVersion',
  'outcome',
  'reason',
  'data',
]);

function str(v: unknown, min: number, max: number): boolean {
  return typeof v === 'string' && v.length >= min && v.length <= max;
}

/**
 * The entry schema, checked by hand rather than with zod: it runs for every append and for every
 * entry `verify` reads (a million times in the benchmark), where a generic schema library costs
 * several times the SHA-256 itself. Returns the first issue, or undefined when the entry is valid.
 */
function checkEntry(e: unknown): Issue | undefined {
  if (e === null || typeof e !== 'object' || Array.isArray(e))
    return { path: '', message: 'entry must be an object' };
  const r = e as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!KEYS.has(k)) return { path: k, message: `unknown field '${k}'` };
  if (r['v'] !== 1) return { path: 'v', message: 'format version must be 1' };
  if (!Number.isSafeInteger(r['index']) || (r['index'] as number) < 0)
    return { path: 'index', message: 'index must be a non-negative integer' };
  if (!str(r['actor'], 1, 200)) return { path: 'actor', message: 'actor must be 1–200 characters' };
  if (r['actorKind'] !== 'user' && r['actorKind'] !== 'agent' && r['actorKind'] !== 'system') {
    return { path: 'actorKind', message: "actorKind must be 'user', 'agent' or 'system'" };
  }
  if (!str(r['action'], 1, 200)) return { path: 'action', message: 'action must be 1–200 characters' };
  if (!Number.isSafeInteger(r['time']))
    return { path: 'time', message: 'time must be integer ms since the epoch' };
  if (!str(r['outcome'], 1, 100)) return { path: 'outcome', message: 'outcome must be 1–100 characters' };
  for (const [k, max] of [
    ['subject', 500],
    ['decision', 500],
    ['policyVersion', 100],
    ['reason', 4000],
  ] as const) {
    if (r[k] !== undefined && !str(r[k], 0, max))
      return { path: k, message: `${k} must be a string of at most ${max} characters` };
  }
  const inputs = r['inputs'];
  if (inputs !== undefined) {
    if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs))
      return { path: 'inputs', message: 'inputs must be an object' };
    for (const [k, v] of Object.entries(inputs)) {
      if (typeof v !== 'string' || !HASH_REF.test(v))
        return { path: `inputs.${k}`, message: 'inputs are referenced by hash: sha256:<64 hex>' };
    }
  }
  const data = r['data'];
  if (data !== undefined && (data === null || typeof data !== 'object' || Array.isArray(data)))
    return { path: 'data', message: 'data must be an object' };
  return undefined;
}

/** `sha256:<hex>` of the canonical JSON of any value: how entries reference their inputs. */
export function hashRef(value: unknown): string {
  return `sha256:${toHex(sha256(utf8(canonicalJson(value))))}`;
}

/** Canonical bytes of an entry at `index` (validates first: a bad entry must never reach the log). */
export function encodeEntry(input: AuditEntryInput, index: number): Uint8Array {
  const entry = { ...input, v: 1 as const, index };
  const issue = checkEntry(entry);
  if (issue !== undefined) {
    throw new AetherError({
      code: 'audit.entry-invalid',
      message: `Audit entry is invalid: ${issue.message}.`,
      hint: 'Every entry needs actor, actorKind, action, integer time and outcome; inputs are sha256 refs.',
      path: issue.path,
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
  const issue = checkEntry(value);
  if (issue !== undefined)
    return {
      ok: false,
      reason: `entry does not match the schema at ${issue.path || '(root)'}: ${issue.message}`,
    };
  let again: string;
  try {
    again = canonicalJson(value);
  } catch {
    return { ok: false, reason: 'entry holds a value that is not canonical JSON' };
  }
  if (again !== text) return { ok: false, reason: 'entry is not in canonical form' };
  return { ok: true, entry: value as AuditEntry };
}
