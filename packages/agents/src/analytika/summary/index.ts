// Analytika's daily summary (PRODUCT.md, 16:30): the day against a reference day (ISO 22400 KPIs from
// the event logs), the notable events, and two process changes for tomorrow measured in twin forks.
export { dayKpis, lateOrders, stateIntervals, type DayKpis, type DayWindow } from './day-kpis.ts';
export {
  notableEvents,
  type NotableCategory,
  type NotableEvent,
  type ProposalDecision,
} from './notable-events.ts';
export {
  tomorrowCandidates,
  type Candidate,
  type CandidateKind,
  type CandidateOptions,
  type TimedCommand,
} from './tomorrow-candidates.ts';
export {
  combination,
  measureCandidate,
  measureFork,
  planTomorrow,
  planTomorrowSteps,
  rankCandidates,
  type MeasuredCandidate,
  type PlanTomorrowOptions,
  type RankedProposal,
  type RankOptions,
  type TomorrowFigures,
  type TomorrowPlan,
} from './measure-tomorrow.ts';
export {
  summarizeDay,
  SUMMARY_KPIS,
  type DailySummary,
  type DailySummaryInput,
  type DayLog,
  type KpiComparison,
  type ReferenceKind,
  type SummaryKpi,
} from './daily-summary.ts';
export { formatNumber, renderMarkdown, renderText, type ReportLanguage } from './render-report.ts';
