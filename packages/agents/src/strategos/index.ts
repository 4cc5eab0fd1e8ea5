// Strategos, the planning agent (PRODUCT.md): event-driven re-planning on the running line.
export {
  Strategos,
  type StrategosOptions,
  type StrategosResult,
  type ReplanReport,
  type ReplanOutcome,
  type PlannerFigures,
  type StrategosProposalContext,
} from './strategos.ts';
export {
  isReplanTrigger,
  REPLAN_TRIGGERS,
  describeTrigger,
  type ReplanTrigger,
  type TriggerEvent,
} from './triggers.ts';
export {
  simulatePriorities,
  WHAT_IF_KPIS,
  type WhatIfResult,
  type WhatIfKpi,
  type OrderPriority,
} from './what-if.ts';
export { buildPlanModel, type PlanModel, type PlanModelOptions, type PlanOpInfo } from './plan-model.ts';
export { LineKnowledge, lineSequence, type LineState, type PlanOrder } from './line-state.ts';
export { sickNoteUntil, SICK_NOTE_DEFAULT_MS } from './sick-note.ts';
export type { PlanView, PlannedOperation, PlannedOrder } from './plan-view.ts';
export {
  planShiftCoverage,
  shiftInstances,
  checkShiftPlan,
  type ShiftCoverage,
  type ShiftInstance,
  type WorkerAbsence,
} from './shift-coverage.ts';
