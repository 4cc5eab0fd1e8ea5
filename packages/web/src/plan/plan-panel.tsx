import { useMemo } from 'react';
import type { StrategosPlanResponse } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { fmtNumber, fmtTime } from '../format.ts';
import { GanttChart } from './gantt-chart.tsx';
import { ShiftCoverage } from './shift-coverage.tsx';
import { SickNoteForm } from './sick-note-form.tsx';
import type { Session } from '../governance/use-session.ts';

const signed = (locale: string, v: number, digits = 0): string =>
  `${v > 0 ? '+' : v < 0 ? '−' : '±'}${fmtNumber(locale, Math.abs(v), digits)}`;

/** The simulated KPI deltas people read first, in this order. */
const SIM_KPIS = ['goodParts', 'throughputPerH', 'totalTardinessMin', 'ordersLate', 'energyKWh'] as const;

/**
 * Strategos' plan on the dashboard: the Gantt chart of the next hours per station, the planned
 * release sequence, and what the last re-plan did (its trigger, outcome, the planner's deltas
 * against a plain right shift, its stability, the twin's simulated deltas and the latency).
 */
export function PlanPanel({
  plan,
  now,
  session,
}: {
  plan: StrategosPlanResponse | undefined;
  now: number | undefined;
  /** The signed-in person, for the sick-note form (shown to roles with `proposal.approve`). */
  session?: Session | undefined;
}) {
  const { t, locale } = useI18n();
  const p = plan?.plan ?? null;
  const last = plan?.lastReplan ?? null;
  const orders = useMemo(() => p?.orders ?? [], [p]);
  const orderIds = useMemo(() => orders.map((o) => o.id), [orders]);
  // The chart moves in 5-minute steps of simulated time, not with every second of the clock.
  const at = now ?? p?.builtAt ?? 0;
  const chartNow = Math.floor(at / 300_000) * 300_000;
  return (
    <section className="panel plan-panel" aria-label={t('plan.title')} data-testid="plan-panel">
      <div className="panel-head">
        <h2>{t('plan.title')}</h2>
        {p === null ? null : (
          <span className="muted small">
            {t(`plan.reason.${p.reason}` as MessageKey)} {fmtTime(locale, p.builtAt)} ·{' '}
            {t('plan.lots', { n: String(p.lotSize) })} · {p.valid ? t('plan.valid') : t('plan.invalid')}
          </span>
        )}
      </div>
      {p === null ? (
        <p className="muted small">{t('plan.empty')}</p>
      ) : (
        <>
          <GanttChart stations={p.stations} operations={p.operations} orderIds={orderIds} now={chartNow} />
          <ol className="plan-sequence small" data-testid="plan-sequence">
            {orders.map((o) => (
              <li key={o.id} className={o.tardinessMin > 0 ? 'late' : undefined}>
                <span className="mono">{o.id}</span> {o.variant} × {o.quantity} · {t('plan.due')}{' '}
                {fmtTime(locale, o.dueAt)}
                {o.completion === undefined ? null : ` · ${t('plan.done')} ${fmtTime(locale, o.completion)}`}
                {o.tardinessMin > 0 ? ` · ${t('plan.late', { min: String(o.tardinessMin) })}` : ''}
              </li>
            ))}
          </ol>
        </>
      )}
      <SickNoteForm session={session} />
      {last === null ? null : (
        <div className="plan-replan small" data-testid="plan-replan">
          <div>
            <strong>{t('plan.lastReplan')}</strong> {fmtTime(locale, last.time)} ·{' '}
            {last.triggers.map((x) => `${x.type} ${x.subject}`).join(', ')} →{' '}
            {t(`plan.outcome.${last.outcome}` as MessageKey)}
            {last.proposalId === undefined
              ? ''
              : ` (${last.proposalId}${last.route === undefined ? '' : `, ${last.route}`})`}
          </div>
          {last.planner === undefined ? null : (
            <div>
              {t('plan.planner', {
                makespan: signed(locale, last.planner.delta.makespanMin),
                tardiness: signed(locale, last.planner.delta.totalTardinessMin),
                moved: String(last.planner.stability.moved),
                shift: fmtNumber(locale, last.planner.stability.meanShift / 60),
              })}
            </div>
          )}
          {last.simulated === undefined ? null : (
            <dl className="plan-deltas" data-testid="plan-deltas">
              {SIM_KPIS.map((k) => {
                const v = last.simulated?.kpis[k];
                if (v === undefined) return null;
                const d = v.withChange - v.baseline;
                return (
                  <div key={k} className={d === 0 ? 'muted' : undefined}>
                    <dt>{t(`plan.kpi.${k}` as MessageKey)}</dt>
                    <dd className="mono">
                      {fmtNumber(locale, v.baseline, 1)} → {fmtNumber(locale, v.withChange, 1)} (
                      {signed(locale, d, 1)})
                    </dd>
                  </div>
                );
              })}
            </dl>
          )}
          {last.shifts === undefined ? null : (
            <ShiftCoverage
              c={last.shifts}
              rosterProposalId={last.rosterProposalId}
              rosterRoute={last.rosterRoute}
            />
          )}
          <div className="muted">
            {t('plan.latency', {
              ms: String(last.latencyMs),
              p50: String(plan?.latency.p50Ms ?? '–'),
              p95: String(plan?.latency.p95Ms ?? '–'),
              n: String(plan?.latency.count ?? 0),
            })}
          </div>
        </div>
      )}
    </section>
  );
}
