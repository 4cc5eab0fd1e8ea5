import { zod as z } from '@aethercore/core';
import { AUTONOMY_GRADES, TOOL_EFFECTS } from './autonomy.ts';

/**
 * The policy file (YAML or JSON), validated with zod. Humans write it; the system never raises its
 * own limits (EU AI Act recital 48). Times of day are minutes in the plant's time zone, given by
 * `utcOffsetMinutes` (a fixed offset keeps the pure package free of time-zone databases).
 */
const id = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:/-]+$/, 'letters, digits and _ . : / - only');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time of day as HH:MM');

export const setpointLimitSchema = z
  .object({
    /** The setpoint's node or parameter id (`ST07/spindleSpeed`). */
    target: id,
    min: z.number(),
    max: z.number(),
    /** Largest allowed change from the current value in one action. */
    maxStep: z.number().positive().optional(),
    unit: z.string().max(20).optional(),
  })
  .strict()
  .refine((l) => l.min <= l.max, { message: 'min must not exceed max', path: ['max'] });

export const timeWindowSchema = z
  .object({
    from: hhmm,
    to: hhmm,
    /** ISO weekdays 1 (Mon) … 7 (Sun); all days when absent. */
    days: z.array(z.number().int().min(1).max(7)).min(1).optional(),
  })
  .strict();

export const limitsSchema = z
  .object({
    setpoints: z.array(setpointLimitSchema).optional(),
    /** At most `max` actions of this class per sliding window. */
    rate: z
      .object({ max: z.number().int().nonnegative(), windowS: z.number().positive() })
      .strict()
      .optional(),
    money: z
      .object({
        currency: z.string().length(3),
        maxPerOrder: z.number().nonnegative().optional(),
        maxPerDay: z.number().nonnegative().optional(),
      })
      .strict()
      .optional(),
    /** Allowed target equipment ids; any when absent. */
    equipment: z.array(id).min(1).optional(),
    /** When the class may act autonomously; outside these windows it needs approval. */
    timeWindows: z.array(timeWindowSchema).min(1).optional(),
  })
  .strict();

export const actionClassSchema = z
  .object({
    description: z.string().max(500).optional(),
    grade: z.enum(AUTONOMY_GRADES),
    /** Uncertainty (0…1) above which the grade is raised one step (strategy paper: defensive protocol). */
    uncertaintyThreshold: z.number().min(0).max(1).optional(),
    /** Uncertainty above which a human must decide, whatever the grade. */
    handToHumanAbove: z.number().min(0).max(1).optional(),
    limits: limitsSchema.optional(),
  })
  .strict();

export const toolSchema = z
  .object({
    effect: z.enum(TOOL_EFFECTS),
    /** Required for `actuate` tools: the class whose grade and limits apply. */
    actionClass: id.optional(),
  })
  .strict();

export const policyDocumentSchema = z
  .object({
    /** Monotonically increasing; every accepted change bumps it. */
    version: z.number().int().positive(),
    utcOffsetMinutes: z
      .number()
      .int()
      .min(-14 * 60)
      .max(14 * 60)
      .default(0),
    actionClasses: z.record(id, actionClassSchema),
    tools: z.record(id, toolSchema),
    /** Evidence older than this (or from another state version) is stale. */
    evidenceMaxAgeS: z.number().positive().default(300),
    /**
     * Evidence whose simulation started more than this many seconds of *plant* time ago is stale
     * (the twin's clock; checked when the evidence records `plantTime` and the verifier knows the
     * plant's time). Both limits apply: at ×60, 300 wall seconds are five plant hours.
     */
    evidenceMaxPlantAgeS: z.number().positive().default(300),
  })
  .strict()
  .superRefine((doc, ctx) => {
    for (const [name, tool] of Object.entries(doc.tools)) {
      if (tool.effect === 'actuate' && tool.actionClass === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['tools', name, 'actionClass'],
          message: 'an actuate tool needs an actionClass',
        });
      }
      if (tool.actionClass !== undefined && !(tool.actionClass in doc.actionClasses)) {
        ctx.addIssue({
          code: 'custom',
          path: ['tools', name, 'actionClass'],
          message: `unknown action class '${tool.actionClass}'`,
        });
      }
    }
  });

export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type ActionClassPolicy = z.infer<typeof actionClassSchema>;
export type Limits = z.infer<typeof limitsSchema>;
export type SetpointLimit = z.infer<typeof setpointLimitSchema>;
