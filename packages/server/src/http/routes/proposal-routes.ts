import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AetherError } from '@aethercore/core';
import type { ActionProposal, InboxItem } from '@aethercore/governance';
import type { ProposalView, ProposalsResponse } from '../../api/types.ts';
import type { RouteContext } from '../app.ts';
import { authorize, parseBody, reasonBody, requireGovernance } from '../governance-auth.ts';
import { parseQuery } from '../query.ts';

export const proposalsQuery = z
  .object({
    status: z
      .enum(['pending', 'approved', 'rejected', 'expired', 'all'])
      .optional()
      .describe('filter by status (default: all)'),
  })
  .strict();

function view(i: InboxItem): ProposalView {
  return {
    id: i.id,
    status: i.status,
    grade: i.grade,
    requiredApprovals: i.requiredApprovals,
    requester: i.requester,
    submittedAt: i.submittedAt,
    expiresAt: i.expiresAt,
    escalationLevel: i.escalationLevel,
    notifyRole: i.notifyRole,
    approvals: i.approvals.map((a) => ({ ...a })),
    acknowledgements: i.acknowledgements.map((a) => ({ ...a })),
    ...(i.rejection === undefined ? {} : { rejection: { ...i.rejection } }),
    ...(i.closedAt === undefined ? {} : { closedAt: i.closedAt }),
    proposal: i.proposal as unknown as ProposalView['proposal'],
    verdict: {
      pass: i.verdict.pass,
      grade: i.verdict.grade,
      approvalsRequired: i.verdict.approvalsRequired,
      policyVersion: i.verdict.policyVersion,
      reasons: i.verdict.reasons.map((r) => ({ check: r.check, code: r.code, message: r.message })),
      checks: i.verdict.checks.map((k) => ({ name: k.name, ok: k.ok })),
    },
  };
}

/**
 * The approval inbox over HTTP. Submitting runs Sentinel's `review` (independent verifier, audited);
 * only passing proposals that need approval enter the inbox. Acknowledge / approve / reject go to
 * the inbox's state machine, which enforces the two-person rule, the requester-cannot-approve rule,
 * reasons and expiry, audits every decision and every refusal, and refuses with `approval.<code>`.
 */
export function proposalRoutes(ctx: RouteContext): Hono {
  const decide =
    (type: 'ApproveProposal' | 'RejectProposal') =>
    async (c: Context): Promise<Response> => {
      const gov = requireGovernance(ctx.governance);
      const by = await authorize(gov, c);
      const { reason } = await parseBody(reasonBody, c);
      const id = c.req.param('id') ?? '';
      const events = await gov.sentinel.inbox.executeOrThrow({ type, id, by, reason, time: gov.clock.now() });
      const item = gov.sentinel.inbox.get(id);
      return c.json({ events, item: item === undefined ? undefined : view(item) });
    };
  return new Hono()
    .get('/proposals', async (c) => {
      const gov = requireGovernance(ctx.governance);
      await authorize(gov, c);
      const q = parseQuery(proposalsQuery, c.req.query());
      // Deadlines are checked on read too, so an expired item never shows as pending.
      await gov.sentinel.inbox.execute({ type: 'CheckDeadlines', time: gov.clock.now() });
      const items = gov.sentinel.inbox.list({ status: q.status ?? 'all' });
      const body: ProposalsResponse = { proposals: items.map(view), now: gov.clock.now() };
      return c.json(body);
    })
    .get('/proposals/:id', async (c) => {
      const gov = requireGovernance(ctx.governance);
      await authorize(gov, c);
      const item = gov.sentinel.inbox.get(c.req.param('id'));
      if (item === undefined) {
        throw new AetherError({
          code: 'approval.unknown-proposal',
          message: `No proposal '${c.req.param('id')}' in the inbox.`,
          hint: 'GET /api/proposals lists them.',
          kind: 'not-found',
        });
      }
      return c.json(view(item));
    })
    .post('/proposals', async (c) => {
      const gov = requireGovernance(ctx.governance);
      const requester = await authorize(gov, c);
      // The verifier validates the proposal itself (schema first) and audits a failing verdict;
      // here we only insist on a JSON object.
      const proposal = await parseBody(z.record(z.string(), z.unknown()), c);
      const { verdict, route } = await gov.sentinel.review(
        proposal as unknown as ActionProposal,
        requester,
        gov.stateVersion(),
      );
      const id = typeof proposal['id'] === 'string' ? proposal['id'] : undefined;
      const item = id === undefined || route !== 'inbox' ? undefined : gov.sentinel.inbox.get(id);
      // Within limits: the actuation gateway runs it now (it re-verifies and audits inside sentinel.execute).
      const execution =
        route === 'execute' && ctx.execute !== undefined
          ? await ctx.execute(proposal as unknown as ActionProposal)
          : undefined;
      return c.json(
        {
          route,
          verdict: {
            pass: verdict.pass,
            grade: verdict.grade,
            approvalsRequired: verdict.approvalsRequired,
            policyVersion: verdict.policyVersion,
            reasons: verdict.reasons.map((r) => ({ check: r.check, code: r.code, message: r.message })),
            checks: verdict.checks.map((k) => ({ name: k.name, ok: k.ok })),
          },
          ...(item === undefined ? {} : { item: view(item) }),
          ...(execution === undefined ? {} : { execution }),
        },
        route === 'inbox' ? 201 : 200,
      );
    })
    .post('/proposals/:id/acknowledge', async (c) => {
      const gov = requireGovernance(ctx.governance);
      const by = await authorize(gov, c);
      const id = c.req.param('id');
      const events = await gov.sentinel.inbox.executeOrThrow({
        type: 'AcknowledgeProposal',
        id,
        by,
        time: gov.clock.now(),
      });
      const item = gov.sentinel.inbox.get(id);
      return c.json({ events, item: item === undefined ? undefined : view(item) });
    })
    .post('/proposals/:id/approve', decide('ApproveProposal'))
    .post('/proposals/:id/reject', decide('RejectProposal'));
}
