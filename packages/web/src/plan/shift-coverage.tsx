import type { StrategosPlanResponse } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { fmtNumber, fmtTime } from '../format.ts';

type Coverage = NonNullable<NonNullable<StrategosPlanResponse['lastReplan']>['shifts']>;

const COLOURS = { regular: '#3fb950', overtime: '#d4a72c', uncovered: '#f85149' } as const;

/**
 * Strategos' shift plan after a worker absence (or work moved into another shift): per shift the
 * positions the plan needs, drawn as one bar (own crew, overtime, empty), then who moves where.
 */
export function ShiftCoverage({
  c,
  rosterProposalId,
  rosterRoute,
}: {
  c: Coverage;
  rosterProposalId?: string | undefined;
  rosterRoute?: string | undefined;
}) {
  const { t, locale } = useI18n();
  const widest = Math.max(1, ...c.shifts.map((s) => s.positions));
  return (
    <div className="plan-shifts" data-testid="plan-shifts">
      <div>
        <strong>{t('plan.shifts.title')}</strong> · {t(`plan.shifts.reason.${c.reason}` as MessageKey)} ·{' '}
        <span className={c.outcome === 'covered' ? undefined : 'late'}>
          {t(`plan.shifts.outcome.${c.outcome}` as MessageKey, { h: fmtNumber(locale, c.overtimeHours, 1) })}
        </span>
        {rosterProposalId === undefined
          ? ''
          : ` (${rosterProposalId}${rosterRoute === undefined ? '' : `, ${rosterRoute}`})`}
      </div>
      <table className="small" style={{ borderCollapse: 'collapse', marginTop: 4 }}>
        <thead>
          <tr className="muted">
            <th style={{ textAlign: 'left', paddingRight: 12 }}>{t('plan.shifts.shift')}</th>
            <th style={{ textAlign: 'right', paddingRight: 12 }}>{t('plan.shifts.positions')}</th>
            <th style={{ textAlign: 'right', paddingRight: 12 }}>{t('plan.shifts.regular')}</th>
            <th style={{ textAlign: 'right', paddingRight: 12 }}>{t('plan.shifts.overtime')}</th>
            <th style={{ textAlign: 'right', paddingRight: 12 }}>{t('plan.shifts.uncovered')}</th>
            <th aria-hidden="true" />
          </tr>
        </thead>
        <tbody>
          {c.shifts.map((s) => (
            <tr key={s.id}>
              <td style={{ paddingRight: 12 }}>
                {s.name} {fmtTime(locale, s.start)}
              </td>
              <td className="mono" style={{ textAlign: 'right', paddingRight: 12 }}>
                {s.positions}
              </td>
              <td className="mono" style={{ textAlign: 'right', paddingRight: 12 }}>
                {s.regular}
              </td>
              <td className="mono" style={{ textAlign: 'right', paddingRight: 12 }}>
                {s.overtime}
              </td>
              <td className="mono" style={{ textAlign: 'right', paddingRight: 12 }}>
                {s.uncovered}
              </td>
              <td style={{ width: 160 }}>
                <div style={{ display: 'flex', height: 10, width: `${(100 * s.positions) / widest}%` }}>
                  {(['regular', 'overtime', 'uncovered'] as const).map((k) =>
                    s[k] === 0 ? null : (
                      <span
                        key={k}
                        title={t(`plan.shifts.${k}` as MessageKey)}
                        style={{ flex: s[k], background: COLOURS[k] }}
                      />
                    ),
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {c.changes.length === 0 ? null : (
        <ul className="small" style={{ margin: '4px 0 0', paddingLeft: 18 }}>
          {c.changes.map((x) => (
            <li key={`${x.shift}/${x.station}`}>
              <span className="mono">{x.to}</span> → {x.station} ({x.qualification},{' '}
              {c.shifts.find((s) => s.id === x.shift)?.name ?? x.shift})
              {x.from === undefined ? '' : ` ${t('plan.shifts.instead', { w: x.from })}`}
              {x.overtime ? ` · ${t('plan.shifts.overtime')}` : ''}
            </li>
          ))}
        </ul>
      )}
      {c.uncovered.length === 0 ? null : (
        <div className="late">
          {t('plan.shifts.empty')}:{' '}
          {c.uncovered
            .map((u) => `${u.station} (${c.shifts.find((s) => s.id === u.shift)?.name ?? u.shift})`)
            .join(', ')}
        </div>
      )}
      {c.changes.length === 0 ? null : <div className="muted">{t('plan.shifts.noExecutor')}</div>}
    </div>
  );
}
