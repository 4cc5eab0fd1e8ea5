import { hashRef } from '../audit/audit-entry.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ActionLedger } from '../policy/action-ledger.ts';
import type { AutonomyGrade } from '../policy/autonomy.ts';
import { evaluatePolicy, type PolicyFinding } from '../policy/evaluate-policy.ts';
import type { PolicyDocument } from '../policy/policy-schema.ts';
import { actionProposalSchema, type ParsedProposal, type TwinEvidence } from './action-proposal.ts';

/**
 * The independent verifier (PRODUCT.md principle 4; OWASP LLM06 "enforce permissions downstream").
 * It shares no code with the proposing agents beyond core types, uses no language model, and
 * re-derives everything: schema, policy and limits, that the twin evidence exists, is fresh (same
 * state version, recent) and is evidence for *this* change, that the simulated KPIs support the
 * claimed effect, and domain invariants via injected checkers (e.g. planning's schedule validator).
 */
export type CheckName = 'schema' | 'policy' | 'evidence' | 'invariants';

export interface VerdictReason {
  readonly check: CheckName;
  readonly code: string;
  readonly message: string;
}

export interface DomainInvariantChecker {
  readonly name: string;
  check(
    proposal: ParsedProposal,
  ): { readonly ok: true } | { readonly ok: false; readonly reasons: readonly string[] };
}

export interface VerifyContext {
  readonly policy: PolicyDocument;
  /** Clock time of the check. */
  readonly now: number;
  /** The current plant/twin state version; evidence from any other version is stale. */
  readonly stateVersion: number;
  /**
   * The plant's current time (the twin's clock, ms), for `evidenceMaxPlantAgeS`. Without it (no
   * plant clock wired) only the wall-time limit applies.
   */
  readonly plantNow?: number;
  readonly ledger: ActionLedger;
  readonly currentValue?: (target: string) => number | undefined;
  readonly invariants?: readonly DomainInvariantChecker[];
  /** Allowed relative difference between claimed and simulated KPI deltas (default 0.05). */
  readonly kpiTolerance?: number;
  /**
   * The evidence was re-simulated from the current state after the proposal was approved (the
   * approved evidence had gone stale). The approved claim must then still hold: every claimed KPI
   * delta keeps its sign and at least `refreshMinEffect` (default 0.5) of its size. The numbers
   * cannot match to 5 % because the twin has moved on; the direction and most of the effect must.
   */
  readonly refreshed?: boolean;
  readonly refreshMinEffect?: number;
}

export interface Verdict {
  readonly pass: boolean;
  readonly proposalId: string;
  readonly policyVersion: number;
  /** The autonomy grade that applies (forbidden when the verdict fails). */
  readonly grade: AutonomyGrade;
  readonly approvalsRequired: number;
  readonly reasons: readonly VerdictReason[];
  readonly escalations: readonly PolicyFinding[];
  readonly checks: readonly { readonly name: CheckName; readonly ok: boolean }[];
}

export function verifyProposal(input: unknown, ctx: VerifyContext): Verdict {
  const reasons: VerdictReason[] = [];
  const checks: { name: CheckName; ok: boolean }[] = [];
  const idOf = (x: unknown): string => {
    const id = (x as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : '(unknown)';
  };
  const fail = (id: string): Verdict => ({
    pass: false,
    proposalId: id,
    policyVersion: ctx.policy.version,
    grade: 'forbidden',
    approvalsRequired: Number.POSITIVE_INFINITY,
    reasons,
    escalations: [],
    checks,
  });

  // 1. Schema.
  const parsed = actionProposalSchema.safeParse(input);
  if (!parsed.success) {
    for (const i of parsed.error.issues.slice(0, 5))
      reasons.push({
        check: 'schema',
        code: 'schema.invalid',
        message: `${i.path.map(String).join('.') || '(root)'}: ${i.message}`,
      });
    checks.push({ name: 'schema', ok: false });
    return fail(idOf(input));
  }
  checks.push({ name: 'schema', ok: true });
  const p = parsed.data;

  // 2. Policy and limits (with uncertainty gating).
  const decision = evaluatePolicy(
    ctx.policy,
    {
      tool: p.tool,
      effect: p.effect,
      time: ctx.now,
      ...(p.actionClass === undefined ? {} : { actionClass: p.actionClass }),
      ...(p.equipment === undefined ? {} : { equipment: p.equipment }),
      ...(p.change.setpoint === undefined ? {} : { setpoint: p.change.setpoint }),
      ...(p.change.money === undefined ? {} : { money: p.change.money }),
      ...(p.uncertainty === undefined ? {} : { uncertainty: p.uncertainty }),
    },
    { ledger: ctx.ledger, ...(ctx.currentValue === undefined ? {} : { currentValue: ctx.currentValue }) },
  );
  for (const v of decision.violations) reasons.push({ check: 'policy', code: v.code, message: v.message });
  if (decision.grade === 'forbidden' && decision.violations.length === 0) {
    reasons.push({
      check: 'policy',
      code: 'policy.forbidden',
      message: `action class '${decision.actionClass ?? '-'}' is forbidden`,
    });
  }
  checks.push({ name: 'policy', ok: decision.grade !== 'forbidden' });

  // 3. Twin evidence: present, fresh, for this change, supporting the claimed effect.
  const before = reasons.length;
  if (p.effect === 'actuate') checkEvidence(p, ctx, reasons);
  checks.push({ name: 'evidence', ok: reasons.length === before });

  // 4. Domain invariants (injected by the composition root).
  const beforeInv = reasons.length;
  for (const inv of ctx.invariants ?? []) {
    try {
      const r = inv.check(p);
      if (!r.ok)
        for (const m of r.reasons)
          reasons.push({ check: 'invariants', code: `invariant.${inv.name}`, message: m });
    } catch (e) {
      reasons.push({
        check: 'invariants',
        code: `invariant.${inv.name}`,
        message: `checker failed: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  }
  checks.push({ name: 'invariants', ok: reasons.length === beforeInv });

  if (reasons.length > 0) return fail(p.id);
  return {
    pass: true,
    proposalId: p.id,
    policyVersion: decision.policyVersion,
    grade: decision.grade,
    approvalsRequired: decision.approvalsRequired,
    reasons,
    escalations: decision.escalations,
    checks,
  };
}

/** What the evidence's age is judged against: the policy's limits, the clocks and the state version. */
export type EvidenceAgeContext = Pick<VerifyContext, 'policy' | 'now' | 'stateVersion' | 'plantNow'>;

/**
 * Why evidence is too old to act on, or `[]` when it is fresh: another state version
 * (`evidence.stale-state`), wall age (`evidence.too-old`, `evidence.from-future`) and plant age
 * (`evidence.plant-too-old`, `evidence.plant-from-future`). One rule for the verifier and for
 * Dexter's decision to simulate an approved change again.
 *
 * Plant age is judged only when both sides know the plant time and the state versions match:
 * evidence of an older version records no `plantTime` (its plant age is unknown, so the wall-time
 * limit alone applies, as before; refusing it would reject every proposal a proposer of the older
 * version makes), and a plant time of another state version is on another replay's clock (the
 * state version already makes it stale).
 */
export function evidenceAgeReasons(
  ev: Pick<TwinEvidence, 'stateVersion' | 'simulatedAt' | 'plantTime'>,
  ctx: EvidenceAgeContext,
): VerdictReason[] {
  const out: VerdictReason[] = [];
  const add = (code: string, message: string): void => void out.push({ check: 'evidence', code, message });
  if (ev.stateVersion !== ctx.stateVersion)
    add(
      'evidence.stale-state',
      `simulated from state v${ev.stateVersion}, the plant is at v${ctx.stateVersion}`,
    );
  const maxAge = ctx.policy.evidenceMaxAgeS * 1000;
  if (ev.simulatedAt > ctx.now)
    add('evidence.from-future', `simulation time ${ev.simulatedAt} is after now ${ctx.now}`);
  else if (ctx.now - ev.simulatedAt > maxAge)
    add(
      'evidence.too-old',
      `simulated ${Math.round((ctx.now - ev.simulatedAt) / 1000)} s ago; limit ${ctx.policy.evidenceMaxAgeS} s`,
    );
  const plantNow = ctx.plantNow;
  if (plantNow !== undefined && ev.plantTime !== undefined && ev.stateVersion === ctx.stateVersion) {
    const maxPlantAge = ctx.policy.evidenceMaxPlantAgeS * 1000;
    if (ev.plantTime > plantNow)
      add(
        'evidence.plant-from-future',
        `simulated from plant time ${ev.plantTime}, after the plant's time ${plantNow}`,
      );
    else if (plantNow - ev.plantTime > maxPlantAge)
      add(
        'evidence.plant-too-old',
        `simulated from the plant as it was ${Math.round((plantNow - ev.plantTime) / 1000)} s of plant time ago; limit ${ctx.policy.evidenceMaxPlantAgeS} s`,
      );
  }
  return out;
}

function checkEvidence(p: ParsedProposal, ctx: VerifyContext, reasons: VerdictReason[]): void {
  const ev = p.evidence;
  const add = (code: string, message: string): void =>
    void reasons.push({ check: 'evidence', code, message });
  if (ev === undefined)
    return add('evidence.missing', 'an actuation needs twin evidence (simulate before actuate)');
  reasons.push(...evidenceAgeReasons(ev, ctx));
  if (ev.changeHash !== hashRef(p.change))
    add('evidence.other-change', 'the evidence was computed for a different change than the one proposed');
  if (!ev.constraintsOk) add('evidence.constraints-violated', 'the simulated run violated hard constraints');
  const tol = ctx.kpiTolerance ?? 0.05;
  const minEffect = ctx.refreshMinEffect ?? 0.5;
  for (const [kpi, claimed] of Object.entries(p.expectedKpiDeltas)) {
    const k = ev.kpis[kpi];
    if (k === undefined) {
      add('evidence.kpi-missing', `claimed effect on '${kpi}' was not simulated`);
      continue;
    }
    const simulated = k.withChange - k.baseline;
    if (ctx.refreshed === true) {
      if (Math.sign(simulated) !== Math.sign(claimed) || Math.abs(simulated) < minEffect * Math.abs(claimed))
        add(
          'evidence.kpi-unsupported',
          `approved Δ${kpi} = ${claimed}; re-simulated from the current state the twin shows ${simulated} (needs the same sign and at least ${minEffect * 100} % of it)`,
        );
      continue;
    }
    const scale = Math.max(Math.abs(claimed), Math.abs(simulated), 1e-9);
    if (Math.sign(simulated) !== Math.sign(claimed) || Math.abs(simulated - claimed) > tol * scale) {
      add('evidence.kpi-unsupported', `claimed Δ${kpi} = ${claimed}, the twin shows ${simulated}`);
    }
  }
}

/** Verifies and audits the verdict (pass or fail with reasons) before returning it. */
export async function verifyAndAudit(input: unknown, ctx: VerifyContext, log: AuditLog): Promise<Verdict> {
  const verdict = verifyProposal(input, ctx);
  const ev = (input as { evidence?: unknown } | null)?.evidence;
  let inputs: Record<string, string> | undefined;
  try {
    inputs = { proposal: hashRef(input), ...(ev === undefined ? {} : { evidence: hashRef(ev) }) };
  } catch {
    inputs = undefined;
  }
  await log.append({
    actor: 'system:verifier',
    actorKind: 'system',
    action: 'proposal.verified',
    time: ctx.now,
    subject: verdict.proposalId,
    ...(inputs === undefined ? {} : { inputs }),
    decision: verdict.grade,
    policyVersion: String(verdict.policyVersion),
    outcome: verdict.pass ? 'pass' : 'fail',
    ...(verdict.reasons.length === 0
      ? {}
      : {
          reason: verdict.reasons
            .map((r) => r.message)
            .join('; ')
            .slice(0, 4000),
        }),
    data: {
      reasons: verdict.reasons.map((r) => r.code),
      escalations: verdict.escalations.map((e) => e.code),
    },
  });
  return verdict;
}
