/**
 * Graded autonomy (PRODUCT.md principle 2). Every agent tool declares its effect; governance keys its
 * policy on the effect and the action class, never on the tool's name. Grades are ordered: raising a
 * grade means "more human involvement", and the system can only ever raise, never lower, a grade.
 */
export const TOOL_EFFECTS = ['read', 'simulate', 'actuate'] as const;
export type ToolEffect = (typeof TOOL_EFFECTS)[number];

export const AUTONOMY_GRADES = [
  'notify',
  'act-within-limits',
  'needs-approval',
  'needs-two-person-approval',
  'forbidden',
] as const;
export type AutonomyGrade = (typeof AUTONOMY_GRADES)[number];

export function gradeRank(g: AutonomyGrade): number {
  return AUTONOMY_GRADES.indexOf(g);
}

/** The stricter of two grades. */
export function stricter(a: AutonomyGrade, b: AutonomyGrade): AutonomyGrade {
  return gradeRank(a) >= gradeRank(b) ? a : b;
}

/** Raises a grade by `steps`, saturating at `forbidden`. */
export function raiseGrade(g: AutonomyGrade, steps = 1): AutonomyGrade {
  return AUTONOMY_GRADES[Math.min(AUTONOMY_GRADES.length - 1, gradeRank(g) + Math.max(0, steps))]!;
}

/** Grades under which the action may start without a human approval. */
export function runsWithoutApproval(g: AutonomyGrade): boolean {
  return g === 'notify' || g === 'act-within-limits';
}

/** How many distinct human approvals a grade needs (Infinity: never allowed). */
export function approvalsRequired(g: AutonomyGrade): number {
  switch (g) {
    case 'notify':
    case 'act-within-limits':
      return 0;
    case 'needs-approval':
      return 1;
    case 'needs-two-person-approval':
      return 2;
    case 'forbidden':
      return Number.POSITIVE_INFINITY;
  }
}
