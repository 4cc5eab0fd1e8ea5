import type { AuditLog } from '../audit/audit-log.ts';
import type { PolicyVersionRecord } from './policy-registry.ts';

const VERSION = /^policy v(\d{1,9})$/;
const HASH_REF = /^sha256:[0-9a-f]{64}$/;

/**
 * The policy's version history as the audit log records it: every accepted `policy.changed` entry
 * (who, when, why, the new version's hash) and every `policy.loaded` entry (a start that found a
 * policy the log had not seen: the shipped default, or a file edited outside the API). Reads the log in pages; entries that do not decode are
 * skipped (`aethercore audit verify` reports them). The log is the record, so this is what the
 * history screen shows after a restart.
 */
export async function readPolicyHistory(log: AuditLog, pageSize = 10_000): Promise<PolicyVersionRecord[]> {
  const out: PolicyVersionRecord[] = [];
  for (let from = 0; from < log.size; from += pageSize) {
    const rows = await log.entries(from, Math.min(log.size, from + pageSize));
    for (const r of rows) {
      const e = r.entry;
      if (e === undefined || (e.action !== 'policy.changed' && e.action !== 'policy.loaded')) continue;
      const version = Number(VERSION.exec(e.subject ?? '')?.[1]);
      // A change whose policy file could not be written is followed by a `failed` entry: it never took effect.
      if (e.outcome === 'failed' && out.at(-1)?.version === version && out.at(-1)?.changedBy === e.actor) {
        out.pop();
        continue;
      }
      if (e.outcome !== 'done') continue;
      const hash = e.inputs?.['after'];
      if (!Number.isSafeInteger(version) || hash === undefined || !HASH_REF.test(hash)) continue;
      out.push({
        version,
        hash,
        changedBy: e.actor,
        time: e.time,
        reason: e.reason ?? '',
        auditIndex: r.index,
      });
    }
  }
  return out;
}
