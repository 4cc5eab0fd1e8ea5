import type { StrategosPlanResponse } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { fmtNumber, fmtTime } from '../format.ts';

type Coverage = NonNullable<NonNullable<StrategosPlanResponse['lastReplan']>['shifts']>;

const COLOURS = { regular: '#3fb950', overtime: '#d4a72c', uncovered: '#f85149' } as const;

/** "22:36" in UTC, the plant clock of the dashboard. */
const hm = (locale: string, ms: number): string =>
  new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(ms);

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
            {c.changes.map((x) => {
              const s = c.shifts.find((i) => i.id === x.shift);
              const at = (min: number): string => (s === undefined ? '' : hm(locale, s.start + min * 60_000));
              return (
                <tr key={`${x.shift}/${x.station}/${x.fromMin}`}>
                  <td style={{ paddingRight: 12 }}>{s?.name ?? x.shift}</td>
                  <td className="mono" style={{ paddingRight: 12 }}>
                    {at(x.fromMin)}–{at(x.toMin)}
                  </td>
                  <td style={{ paddingRight: 12 }}>
                    {x.station} ({x.qualification})
                  </td>
                  <td style={{ paddingRight: 12 }}>
                    <span className="mono">{x.to}</span>
                    {x.from === undefined ? '' : ` ${t('plan.shifts.instead', { w: x.from })}`}
                  </td>
                  <td style={{ paddingRight: 12 }}>{t(`plan.shifts.kind.${x.kind}` as MessageKey)}</td>
                  <td className={x.overtime ? 'late' : undefined}>
                    {x.overtime
                      ? t('plan.shifts.otYes', { h: fmtNumber(locale, x.overtimeHours, 2) })
                      : t('plan.shifts.otNo')}
                  </td>
                </tr>
              );
            })}
            {c.uncovered.map((u) => {
              const s = c.shifts.find((i) => i.id === u.shift);
              const at = (min: number): string => (s === undefined ? '' : hm(locale, s.start + min * 60_000));
              return (
                <tr key={`open/${u.shift}/${u.station}/${u.fromMin}`} className="late">
                  <td style={{ paddingRight: 12 }}>{s?.name ?? u.shift}</td>
                  <td className="mono" style={{ paddingRight: 12 }}>
                    {at(u.fromMin)}–{at(u.toMin)}
                  </td>
                  <td style={{ paddingRight: 12 }}>
                    {u.station} ({u.qualification})
                  </td>
                  <td style={{ paddingRight: 12 }}>—</td>
                  <td style={{ paddingRight: 12 }}>{t('plan.shifts.empty')}</td>
                  <td />
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {c.changes.length === 0 ? null : <div className="muted">{t('plan.shifts.noExecutor')}</div>}
    </div>
  );
}
