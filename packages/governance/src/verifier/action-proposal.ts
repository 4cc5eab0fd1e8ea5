import { zod as z } from '@aethercore/core';
import { TOOL_EFFECTS } from '../policy/autonomy.ts';

/**
 * An action proposal: what an agent wants to do, with the twin evidence that it was simulated from
 * the current state (PRODUCT.md principle 3), the KPI deltas it expects and an explanation. The
 * independent verifier re-checks all of it before anything runs.
 */
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const twinEvidenceSchema = z
  .object({
    /** The plant/twin state version the simulation started from. */
    stateVersion: z.number().int().nonnegative(),
    /** When the simulation ran (Clock time, ms): wall time, for `evidenceMaxAgeS`. */
    simulatedAt: z.number().int(),
    /**
     * The plant (twin) time the simulation started from (the twin's clock, ms), for
     * `evidenceMaxPlantAgeS`. A twin faster than real time (the demo's ×60) moves the line on
     * while wall time barely passes, so wall age alone cannot say whether the evidence still
     * describes the line. Absent in evidence of older versions: plant age unknown (see the verifier).
     */
    plantTime: finite.optional(),
    /** hashRef of the proposal's `change` that was simulated: evidence for *this* change, not another. */
    changeHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    /** KPIs of the baseline run and of the run with the change. */
    kpis: z.record(z.string(), z.object({ baseline: finite, withChange: finite }).strict()),
    /** Hard constraints the twin checked in the simulated run (e.g. "no machine double-booked"). */
    constraintsOk: z.boolean(),
    scenarioHash: z.string().max(100).optional(),
    /** How far ahead the twin ran (ms); lets a refresh after approval re-simulate the same horizon. */
    horizonMs: z
      .number()
      .int()
      .positive()
      .max(7 * 86_400_000)
      .optional(),
  })
  .strict();

export const actionProposalSchema = z
  .object({
    id: z.string().min(1).max(100),
    /** Proposing agent id (`strategos`). */
    proposer: z.string().min(1).max(100),
    tool: z.string().min(1).max(100),
    effect: z.enum(TOOL_EFFECTS),
    actionClass: z.string().min(1).max(100).optional(),
    equipment: z.string().max(100).optional(),
    /** The concrete change; `kind` names it (`setpoint`, `purchase-order`, `schedule`, `work-order`). */
    change: z
      .object({
        kind: z.string().min(1).max(50),
        setpoint: z
          .object({ target: z.string().min(1), value: z.number() })
          .strict()
          .optional(),
        money: z
          .object({ amount: z.number(), currency: z.string().length(3) })
          .strict()
          .optional(),
        params: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
    createdAt: z.number().int(),
    /** The proposer's uncertainty in [0, 1]. */
    uncertainty: z.number().min(0).max(1).optional(),
    evidence: twinEvidenceSchema.optional(),
    /** Expected KPI changes (withChange − baseline) the proposal claims. */
    expectedKpiDeltas: z.record(z.string(), finite).default({}),
    explanation: z.string().max(4000).default(''),
  })
  .strict();

export type ActionProposal = z.input<typeof actionProposalSchema>;
export type ParsedProposal = z.output<typeof actionProposalSchema>;
export type TwinEvidence = z.infer<typeof twinEvidenceSchema>;
