import { shiftRows, type Coverage } from './shift-rows.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { fmtNumber, fmtTime } from '../format.ts';

const COLOURS = { regular: '#3fb950', overtime: '#d4a72c', uncovered: '#f85149' } as const;

/**
 * Strategos' shift plan after a worker absence (or work moved into another shift): per shift the
 * positions the plan needs, drawn as one bar (own crew, overtime, empty), the overtime hours, then
 * who works which hours where (own shift, extending their shift, called in) and what stays open.
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
          {c.callInTopUpHours > 0
            ? ` (${t('plan.shifts.topUp', { h: fmtNumber(locale, c.callInTopUpHours, 2) })})`
            : ''}
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
            <th style={{ textAlign: 'right', paddingRight: 12 }}>{t('plan.shifts.overtimeHours')}</th>
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
              <td className="mono" style={{ textAlign: 'right', paddingRight: 12 }}>
                {fmtNumber(locale, s.overtimeHours, 2)}
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
      {c.changes.length + c.uncovered.length === 0 ? null : (
        <table
          className="small"
          style={{ borderCollapse: 'collapse', marginTop: 6 }}
          data-testid="plan-shift-pieces"
        >
          <caption style={{ textAlign: 'left' }} className="muted">
            {t('plan.shifts.pieces')}
          </caption>
          <thead>
            <tr className="muted">
              <th style={{ textAlign: 'left', paddingRight: 12 }}>{t('plan.shifts.shift')}</th>
              <th style={{ textAlign: 'left', paddingRight: 12 }}>{t('plan.shifts.time')}</th>
              <th style={{ textAlign: 'left', paddingRight: 12 }}>{t('plan.shifts.station')}</th>
              <th style={{ textAlign: 'left', paddingRight: 12 }}>{t('plan.shifts.worker')}</th>
              <th style={{ textAlign: 'left', paddingRight: 12 }}>{t('plan.shifts.how')}</th>
              <th style={{ textAlign: 'left', paddingRight: 12 }}>{t('plan.shifts.overtime')}</th>
            </tr>
          </thead>
          <tbody>
            {shiftRows(c, locale).map((r) => (
              <tr key={r.key} className={r.open ? 'late' : undefined} data-testid="plan-shift-row">
                <td style={{ paddingRight: 12 }}>{r.shift}</td>
                <td className="mono" style={{ paddingRight: 12 }}>
                  {r.from}–{r.to}
                </td>
                <td style={{ paddingRight: 12 }}>
                  {r.station} ({r.qualification})
                </td>
                <td style={{ paddingRight: 12 }}>
                  {r.worker === undefined ? (
                    '—'
                  ) : (
                    <>
                      <span className="mono">{r.worker}</span>
                      {r.instead === undefined ? '' : ` ${t('plan.shifts.instead', { w: r.instead })}`}
                    </>
                  )}
                </td>
                <td style={{ paddingRight: 12 }}>
                  {t(r.how === 'empty' ? 'plan.shifts.empty' : (`plan.shifts.kind.${r.how}` as MessageKey))}
                </td>
                {r.open ? (
                  <td />
                ) : (
                  <td className={r.overtimeHours === undefined ? undefined : 'late'}>
                    {r.overtimeHours === undefined
                      ? t('plan.shifts.otNo')
                      : t('plan.shifts.otYes', { h: fmtNumber(locale, r.overtimeHours, 2) })}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {c.changes.length === 0 ? null : <div className="muted">{t('plan.shifts.noExecutor')}</div>}
    </div>
  );
}
