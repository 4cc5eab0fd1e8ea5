import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AetherError, parseYamlText } from '@aethercore/core';
import {
  authorizeEndpoint,
  hashRef,
  isHuman,
  type HumanPrincipal,
  type PolicyVersionRecord,
} from '@aethercore/governance';
import type { RouteContext } from '../app.ts';
import { authenticate, authorize, parseBody, requireGovernance } from '../governance-auth.ts';
import type { Governance } from '../../governance/governance.ts';

/** `GET /api/policy`: the policy in force. */
export interface PolicyResponse {
  readonly version: number;
  /** `sha256:` of the canonical JSON of the document (as in the audit log's `inputs.after`). */
  readonly hash: string;
  /** The validated document (defaults filled in). */
  readonly policy: Record<string, unknown>;
  /** Its source text as written (YAML or JSON), for the editor. */
  readonly text: string;
  /** The history record of this version (who, when, why). */
  readonly current: PolicyVersionRecord | undefined;
}

/** `GET /api/policy/history`: every version, oldest first, from the audit log. */
export interface PolicyHistoryResponse {
  readonly versions: readonly PolicyVersionRecord[];
}

const REASON = z.string().trim().min(3).max(500);
const putJsonBody = z
  .object({
    reason: REASON,
    /** The new policy: a JSON object, or its YAML/JSON source text. */
    policy: z.union([z.string().min(1).max(200_000), z.record(z.string(), z.unknown())]),
  })
  .strict();

function view(gov: Governance): PolicyResponse {
  const reg = gov.sentinel.policy;
  const doc = reg.current;
  const hash = hashRef(doc);
  return {
    version: doc.version,
    hash,
    policy: doc,
    text: reg.currentText ?? `${JSON.stringify(doc, null, 2)}\n`,
    current: [...reg.history()].reverse().find((r) => r.version === doc.version && r.hash === hash),
  };
}

/** Reads a PUT body: JSON `{ reason, policy }`, or a YAML body with the reason in `x-aethercore-reason`. */
async function readChange(c: Context): Promise<{ value: unknown; text: string | undefined; reason: string }> {
  const type = c.req.header('content-type') ?? '';
  if (/^(application|text)\/(yaml|x-yaml)|^text\/plain/i.test(type)) {
    const reason = REASON.safeParse(c.req.header('x-aethercore-reason') ?? c.req.query('reason') ?? '');
    if (!reason.success) {
      throw new AetherError({
        code: 'api.body-invalid',
        message: 'A policy change needs a reason (3–500 characters).',
        hint: 'Send it in the x-aethercore-reason header (YAML body) or as { reason, policy } JSON.',
        path: 'reason',
      });
    }
    const text = await c.req.text();
    return { value: parseText(text), text, reason: reason.data };
  }
  const body = await parseBody(putJsonBody, c);
  return typeof body.policy === 'string'
    ? { value: parseText(body.policy), text: body.policy, reason: body.reason }
    : { value: body.policy, text: undefined, reason: body.reason };
}

function parseText(text: string): unknown {
  if (text.length > 200_000) {
    throw new AetherError({
      code: 'policy.too-large',
      message: 'A policy file may have at most 200,000 characters.',
      hint: 'Policies are small; check what was sent.',
      path: 'policy',
    });
  }
  try {
    return parseYamlText(text) as unknown;
  } catch (e) {
    throw new AetherError({
      code: 'policy.unreadable',
      message: `The policy is not valid YAML/JSON: ${(e as Error).message ?? 'parse error'}`.slice(0, 400),
      hint: 'Check indentation and quoting; JSON is accepted too.',
      path: 'policy',
    });
  }
}

/**
 * Policy authorship over the API. Reading is open to every role with `policy.view` (agents too: they
 * must know their limits). Changing needs `policy.change` (engineer, production manager in the
 * matrix), is audited *before* it takes effect, persisted to `<dataDir>/policy.yaml`, and the
 * running Sentinel verifies every later proposal against it. An agent's (or anyone's) unauthorised
 * attempt is handed to the registry, which refuses it and writes `policy.change` / `denied`.
 */
export function policyRoutes(ctx: RouteContext): Hono {
  return new Hono()
    .get('/policy', async (c) => {
      const gov = requireGovernance(ctx.governance);
      await authorize(gov, c);
      return c.json(view(gov));
    })
    .get('/policy/history', async (c) => {
      const gov = requireGovernance(ctx.governance);
      await authorize(gov, c);
      const body: PolicyHistoryResponse = { versions: gov.sentinel.policy.history() };
      return c.json(body);
    })
    .put('/policy', async (c) => {
      const gov = requireGovernance(ctx.governance);
      const principal = authenticate(gov, c);
      const registry = gov.sentinel.policy;
      if (!isHuman(principal) || !authorizeEndpoint(principal.roles, 'PUT', '/api/policy')) {
        // Refused (and audited as policy.change / denied) by the registry itself: agents by type
        // and at run time, humans without policy.change by the matrix.
        await registry.change(principal as unknown as HumanPrincipal, undefined, 'unauthorised attempt');
        await authorize(gov, c); // unreachable unless the registry and the matrix disagree: deny anyway
      }
      const { value, text, reason } = await readChange(c);
      await registry.change(principal as HumanPrincipal, value, reason, text);
      return c.json(view(gov));
    });
}
