import { localClock, localDayStart, type ActionLedger } from './action-ledger.ts';
import { approvalsRequired, raiseGrade, stricter, type AutonomyGrade, type ToolEffect } from './autonomy.ts';
import type { PolicyDocument } from './policy-schema.ts';

/** What an agent wants to do, reduced to what policy needs to see. */
export interface PolicyRequest {
  readonly tool: string;
  readonly effect: ToolEffect;
  readonly actionClass?: string;
  /** Target equipment id (`ST07`). */
  readonly equipment?: string;
  readonly setpoint?: { readonly target: string; readonly value: number };
  readonly money?: { readonly amount: number; readonly currency: string };
  /** The proposer's own uncertainty, 0…1 (e.g. relative width of a prediction interval). */
  readonly uncertainty?: number;
  readonly time: number;
}

export interface PolicyContext {
  readonly ledger: ActionLedger;
  /** Current value of a setpoint (for max-step checks), if known. */
  readonly currentValue?: (target: string) => number | undefined;
}

export interface PolicyFinding {
  readonly code: string;
  readonly message: string;
}

export interface PolicyDecision {
  readonly policyVersion: number;
  readonly actionClass: string | undefined;
  /** The class's configured grade before gating. */
  readonly baseGrade: AutonomyGrade;
  /** The grade that applies to this request. */
  readonly grade: AutonomyGrade;
  readonly approvalsRequired: number;
  /** Hard-limit violations: the request is forbidden. */
  readonly violations: readonly PolicyFinding[];
  /** Reasons the grade was raised (soft limits, uncertainty, time windows). */
  readonly escalations: readonly PolicyFinding[];
}

/**
 * Evaluates a request against the policy. Hard limits (setpoint range/step/type, allowed equipment,
 * money per order, unknown tool, wrong effect) make it `forbidden`; soft limits (rate, daily money,
 * time window) and uncertainty raise the grade, which a human then decides. Read and simulate tools
 * only need to be declared with that effect: they change nothing in the plant.
 */
export function evaluatePolicy(
  policy: PolicyDocument,
  req: PolicyRequest,
  ctx: PolicyContext,
): PolicyDecision {
  const violations: PolicyFinding[] = [];
  const escalations: PolicyFinding[] = [];
  const tool = policy.tools[req.tool];
  const done = (base: AutonomyGrade, grade: AutonomyGrade, cls?: string): PolicyDecision => {
    const g = violations.length > 0 ? 'forbidden' : grade;
    return {
      policyVersion: policy.version,
      actionClass: cls,
      baseGrade: base,
      grade: g,
      approvalsRequired: approvalsRequired(g),
      violations,
      escalations,
    };
  };
  if (tool === undefined) {
    violations.push({
      code: 'tool.unknown',
      message: `tool '${req.tool}' is not declared in policy v${policy.version}`,
    });
    return done('forbidden', 'forbidden');
  }
  if (tool.effect !== req.effect) {
    violations.push({
      code: 'tool.effect-mismatch',
      message: `tool '${req.tool}' is declared '${tool.effect}', the request claims '${req.effect}'`,
    });
  }
  if (tool.effect !== 'actuate' && req.effect !== 'actuate') return done('notify', 'notify');

  const clsName = tool.actionClass;
  if (req.actionClass !== undefined && req.actionClass !== clsName) {
    violations.push({
      code: 'tool.class-mismatch',
      message: `tool '${req.tool}' belongs to class '${clsName ?? '-'}', not '${req.actionClass}'`,
    });
  }
  const cls = clsName === undefined ? undefined : policy.actionClasses[clsName];
  if (cls === undefined) {
    violations.push({ code: 'class.unknown', message: `action class '${clsName ?? '-'}' is not defined` });
    return done('forbidden', 'forbidden', clsName);
  }
  if (cls.grade === 'forbidden')
    violations.push({
      code: 'class.forbidden',
      message: `action class '${clsName}' is forbidden by policy v${policy.version}`,
    });
  let grade: AutonomyGrade = cls.grade;
  const limits = cls.limits ?? {};

  if (
    limits.equipment !== undefined &&
    (req.equipment === undefined || !limits.equipment.includes(req.equipment))
  ) {
    violations.push({
      code: 'limit.equipment',
      message: `equipment '${req.equipment ?? '(none)'}' is not allowed for '${clsName}'`,
    });
  }

  if (req.setpoint !== undefined || (limits.setpoints?.length ?? 0) > 0) {
    const sp = req.setpoint;
    const lim = sp === undefined ? undefined : limits.setpoints?.find((l) => l.target === sp.target);
    if (sp === undefined)
      violations.push({
        code: 'limit.setpoint-missing',
        message: `class '${clsName}' acts on setpoints but the request names none`,
      });
    else if (typeof sp.value !== 'number' || !Number.isFinite(sp.value)) {
      violations.push({
        code: 'limit.setpoint-not-finite',
        message: `setpoint ${sp.target} value ${String(sp.value)} is not a finite number`,
      });
    } else if (lim === undefined)
      violations.push({
        code: 'limit.setpoint-unlisted',
        message: `setpoint ${sp.target} has no limits in the policy`,
      });
    else {
      if (sp.value < lim.min || sp.value > lim.max) {
        violations.push({
          code: 'limit.setpoint-range',
          message: `${sp.target} = ${sp.value} is outside [${lim.min}, ${lim.max}]${lim.unit ? ` ${lim.unit}` : ''}`,
        });
      }
      if (lim.maxStep !== undefined) {
        const cur = ctx.currentValue?.(sp.target);
        if (cur === undefined)
          escalations.push({
            code: 'limit.setpoint-current-unknown',
            message: `current value of ${sp.target} unknown: step cannot be checked`,
          });
        else if (Math.abs(sp.value - cur) > lim.maxStep) {
          violations.push({
            code: 'limit.setpoint-step',
            message: `${sp.target} step ${Math.abs(sp.value - cur)} exceeds max step ${lim.maxStep}`,
          });
        }
      }
    }
  }

  if (limits.money !== undefined) {
    const m = req.money;
    if (m === undefined || !Number.isFinite(m.amount) || m.amount < 0)
      violations.push({
        code: 'limit.money-missing',
        message: `class '${clsName}' commits money; the request states no valid amount`,
      });
    else if (m.currency !== limits.money.currency)
      violations.push({
        code: 'limit.currency',
        message: `currency ${m.currency} ≠ policy currency ${limits.money.currency}`,
      });
    else {
      if (limits.money.maxPerOrder !== undefined && m.amount > limits.money.maxPerOrder) {
        violations.push({
          code: 'limit.money-per-order',
          message: `${m.amount} ${m.currency} exceeds ${limits.money.maxPerOrder} per order`,
        });
      }
      if (limits.money.maxPerDay !== undefined) {
        const spent = ctx.ledger.spentSince(
          clsName!,
          localDayStart(req.time, policy.utcOffsetMinutes),
          req.time,
        );
        if (spent + m.amount > limits.money.maxPerDay) {
          escalations.push({
            code: 'limit.money-per-day',
            message: `${spent} + ${m.amount} ${m.currency} exceeds ${limits.money.maxPerDay} per day`,
          });
        }
      }
    }
  }

  if (limits.rate !== undefined) {
    const n = ctx.ledger.countInWindow(clsName!, req.time, limits.rate.windowS * 1000);
    if (n + 1 > limits.rate.max)
      escalations.push({
        code: 'limit.rate',
        message: `${n} '${clsName}' actions in the last ${limits.rate.windowS} s; limit ${limits.rate.max}`,
      });
  }

  if (limits.timeWindows !== undefined) {
    const { minutes, isoWeekday } = localClock(req.time, policy.utcOffsetMinutes);
    const inside = limits.timeWindows.some((w) => {
      const from = toMinutes(w.from);
      const to = toMinutes(w.to);
      const dayOk = w.days === undefined || w.days.includes(isoWeekday);
      const timeOk = from <= to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
      return dayOk && timeOk;
    });
    if (!inside)
      escalations.push({
        code: 'limit.time-window',
        message: `outside the autonomous time windows of '${clsName}'`,
      });
  }

  if (escalations.some((e) => e.code.startsWith('limit.'))) grade = stricter(grade, 'needs-approval');

  // Uncertainty gating: above the class threshold → one grade up; above handToHumanAbove → a human decides.
  const u = req.uncertainty;
  if (u !== undefined) {
    if (!Number.isFinite(u) || u < 0 || u > 1) {
      violations.push({ code: 'uncertainty.invalid', message: `uncertainty ${u} is not in [0, 1]` });
    } else {
      if (cls.uncertaintyThreshold !== undefined && u > cls.uncertaintyThreshold) {
        grade = raiseGrade(grade);
        escalations.push({
          code: 'uncertainty.above-threshold',
          message: `uncertainty ${u} > ${cls.uncertaintyThreshold}: grade raised to ${grade}`,
        });
      }
      if (cls.handToHumanAbove !== undefined && u > cls.handToHumanAbove) {
        grade = stricter(grade, 'needs-approval');
        escalations.push({
          code: 'uncertainty.hand-to-human',
          message: `uncertainty ${u} > ${cls.handToHumanAbove}: handed to a human`,
        });
      }
    }
  }
  return done(cls.grade, grade, clsName);
}

function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
