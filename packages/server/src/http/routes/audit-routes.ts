import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AetherError } from '@aethercore/core';
import { formatVerifierKey, openCheckpoint, toBase64, toHex, verifyInclusion } from '@aethercore/governance';
import type { AuditCheckpointResponse, AuditEntriesResponse, AuditProofResponse } from '../../api/types.ts';
import type { RouteContext } from '../app.ts';
import type { Governance } from '../../governance/governance.ts';
import { authorize, requireGovernance } from '../governance-auth.ts';
import { parseQuery } from '../query.ts';

const int = (what: string) =>
  z
    .string()
    .regex(/^\d{1,15}$/, 'a non-negative integer')
    .transform(Number)
    .describe(what);

export const auditQuery = z
  .object({
    after: int('entries with index > after, oldest first; without it: the newest `limit` entries').optional(),
    limit: int('at most this many entries (1–1000, default 100)')
      .refine((n) => n >= 1 && n <= 1000, 'between 1 and 1000')
      .optional(),
  })
  .strict();

/** The latest signed checkpoint, its signature checked with the log key and its root recomputed. */
async function checkedCheckpoint(gov: Governance): Promise<AuditCheckpointResponse> {
  const rec = await gov.log.latestCheckpoint();
  const logKey = gov.logKey === undefined ? undefined : formatVerifierKey(gov.logKey);
  if (rec === undefined || gov.logKey === undefined || gov.signatureVerifier === undefined) {
    return { size: gov.log.size, checkpoint: undefined, logKey, verified: false };
  }
  const opened = openCheckpoint(
    rec.note,
    { logKey: gov.logKey, origin: gov.log.origin },
    gov.signatureVerifier,
  );
  const root = opened.ok ? gov.log.tree.rootAt(opened.checkpoint.treeSize) : undefined;
  const verified =
    opened.ok &&
    opened.checkpoint.treeSize === rec.treeSize &&
    root !== undefined &&
    toHex(root) === toHex(opened.checkpoint.rootHash);
  return {
    size: gov.log.size,
    checkpoint: {
      note: rec.note,
      treeSize: rec.treeSize,
      rootHash: opened.ok ? toBase64(opened.checkpoint.rootHash) : '',
    },
    logKey,
    verified,
    ...(opened.ok ? {} : { problem: opened.reason }),
  };
}

/**
 * The audit trail over HTTP (read-only): entries, the latest signed checkpoint (verified here
 * against the log key and the recomputed tree), and RFC 9162 inclusion proofs a client can check
 * with only the checkpoint. `GET /audit` is the short form of `GET /audit/entries`.
 */
export function auditRoutes(ctx: RouteContext): Hono {
  const entries = async (c: Context): Promise<Response> => {
    const gov = requireGovernance(ctx.governance);
    await authorize(gov, c, '/api/audit/entries');
    const q = parseQuery(auditQuery, c.req.query());
    const limit = q.limit ?? 100;
    const size = gov.log.size;
    const from = q.after === undefined ? Math.max(0, size - limit) : Math.min(size, q.after + 1);
    const to = Math.min(size, from + limit);
    const rows = await gov.log.entries(from, to);
    const body: AuditEntriesResponse = {
      size,
      entries: rows.map((r) => ({
        index: r.index,
        ...(r.entry === undefined ? { undecodable: true } : { entry: { ...r.entry } }),
      })),
    };
    return c.json(body);
  };
  return new Hono()
    .get('/audit', entries)
    .get('/audit/entries', entries)
    .get('/audit/checkpoint', async (c) => {
      const gov = requireGovernance(ctx.governance);
      await authorize(gov, c);
      parseQuery(z.object({}).strict(), c.req.query());
      return c.json(await checkedCheckpoint(gov));
    })
    .get('/audit/proof/:index', async (c) => {
      const gov = requireGovernance(ctx.governance);
      await authorize(gov, c);
      const raw = c.req.param('index');
      const index = /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
      const cp = await checkedCheckpoint(gov);
      // Prove against the latest signed checkpoint when it covers the entry, else the current tree.
      const treeSize =
        cp.checkpoint !== undefined && cp.verified && index < cp.checkpoint.treeSize
          ? cp.checkpoint.treeSize
          : gov.log.size;
      if (!Number.isInteger(index) || index >= treeSize) {
        throw new AetherError({
          code: 'audit.index-unknown',
          message: `No audit entry ${raw} (the log has ${gov.log.size}).`,
          hint: 'Entry indexes start at 0; GET /api/audit lists them.',
          path: 'index',
          kind: Number.isInteger(index) ? 'not-found' : 'invalid',
        });
      }
      const [row] = await gov.log.entries(index, index + 1);
      const leafHash = gov.log.tree.leafHash(index);
      const proof = gov.log.inclusionProof(index, treeSize);
      const root = gov.log.tree.rootAt(treeSize);
      const body: AuditProofResponse = {
        index,
        treeSize,
        leafHash: toBase64(leafHash),
        proof: proof.map(toBase64),
        rootHash: toBase64(root),
        verified: verifyInclusion(index, treeSize, leafHash, proof, root),
        ...(row?.entry === undefined ? {} : { entry: { ...row.entry } }),
        ...(cp.checkpoint !== undefined && cp.checkpoint.treeSize === treeSize
          ? { checkpoint: cp.checkpoint.note }
          : {}),
      };
      return c.json(body);
    });
}
