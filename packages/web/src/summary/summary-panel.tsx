import { useMemo } from 'react';
import type { DailySummaryResponse } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { fmtNumber, fmtTime } from '../format.ts';
import { DeltaChart, type DeltaBar } from './delta-chart.tsx';

type Summary = DailySummaryResponse['summary'];
type Comparison = Summary['comparisons'][number];

/** The KPIs the panel charts and lists (the magazine's four first), with their display digits. */
const SHOWN: readonly { kpi: Comparison['kpi']; digits: number; unit: string }[] = [
  { kpi: 'goodParts', digits: 0, unit: '' },
  { kpi: 'downtimeMin', digits: 0, unit: 'min' },
  { kpi: 'energyPerGoodPartKWh', digits: 3, unit: 'kWh' },
  { kpi: 'qualityRate', digits: 2, unit: '%' },
  { kpi: 'oee', digits: 1, unit: '%' },
  { kpi: 'mttrMin', digits: 0, unit: 'min' },
  { kpi: 'lateOrders', digits: 0, unit: '' },
];

const signed = (locale: string, v: number, digits: number): string =>
  `${v > 0 ? '+' : v < 0 ? '−' : '±'}${fmtNumber(locale, Math.abs(v), digits)}`;

/**
 * "Tagesbericht / Daily summary": Analytika's summary of the running day against its reference day
 * (a bar chart of the deltas, the day and reference figures side by side) and the two changes for
 * tomorrow the twin measured best, ranked by energy saving and delivery reliability.
 */
export function SummaryPanel({ data }: { data: DailySummaryResponse | undefined }) {
  const { t, lang, locale } = useI18n();
  const s = data?.summary;
  const value = (c: Comparison, v: number | undefined, digits: number, unit: string): string =>
    v === undefined
      ? '–'
      : `${fmtNumber(locale, c.ratio ? v * 100 : v, digits)}${unit === '' ? '' : ` ${unit}`}`;
  const bars = useMemo<DeltaBar[]>(() => {
    if (s === undefined) return [];
    return SHOWN.flatMap(({ kpi, digits, unit }) => {
      const c = s.comparisons.find((x) => x.kpi === kpi);
      if (c === undefined || c.delta === undefined) return [];
      const v = c.ratio ? c.delta * 100 : c.relative === undefined ? undefined : c.relative * 100;
      if (v === undefined) return [];
      return [
        {
          label: t(`summary.kpi.${kpi}` as MessageKey),
          value: v,
          unit: c.ratio ? ('pp' as const) : ('%' as const),
          verdict: c.verdict,
          detail: `${t('summary.day')} ${value(c, c.day, digits, unit)} · ${t('summary.reference')} ${value(c, c.reference, digits, unit)}`,
        },
      ];
    });
  }, [s, t, locale]);
  return (
    <section className="panel summary-panel" aria-label={t('summary.title')} data-testid="summary-panel">
      <div className="panel-head">
        <h2>{t('summary.title')}</h2>
        {s === undefined ? null : (
          <span className="muted small">
            {s.date} · {fmtTime(locale, s.window.fromMs)}–{fmtTime(locale, s.window.toMs)} ·{' '}
            {t(s.reference.kind === 'undisturbed' ? 'summary.vsUndisturbed' : 'summary.vsWithoutActions')}
          </span>
        )}
      </div>
      {s === undefined ? (
        <p className="muted small">{t('summary.empty')}</p>
      ) : (
        <>
          <DeltaChart bars={bars} />
          <table className="summary-table small" data-testid="summary-table">
            <thead>
              <tr>
                <th>{t('summary.kpi')}</th>
                <th>{t('summary.day')}</th>
                <th>{t('summary.reference')}</th>
                <th>Δ</th>
              </tr>
            </thead>
            <tbody>
              {SHOWN.map(({ kpi, digits, unit }) => {
                const c = s.comparisons.find((x) => x.kpi === kpi);
                if (c === undefined) return null;
                const d =
                  c.delta === undefined
                    ? '–'
                    : c.ratio
                      ? `${signed(locale, c.delta * 100, digits)} pp`
                      : `${signed(locale, c.delta, digits)}${unit === '' ? '' : ` ${unit}`}`;
                return (
                  <tr key={kpi} className={c.verdict === undefined ? undefined : `verdict-${c.verdict}`}>
                    <td>{t(`summary.kpi.${kpi}` as MessageKey)}</td>
                    <td className="mono">{value(c, c.day, digits, unit)}</td>
                    <td className="mono muted">{value(c, c.reference, digits, unit)}</td>
                    <td className="mono">{d}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h3 className="small">{t('summary.tomorrow')}</h3>
          {data?.proposals.status !== 'ready' ? (
            <p className="muted small">{t('summary.computing')}</p>
          ) : s.proposals.length === 0 ? (
            <p className="muted small">
              {t('summary.noProposal', { n: String(s.tomorrow?.candidates ?? 0) })}
            </p>
          ) : (
            <ol className="summary-proposals small" data-testid="summary-proposals">
              {s.proposals.map((p) => (
                <li key={p.id}>
                  <div>{p.text[lang]}</div>
                  <div className="muted mono">
                    {t('summary.proposalFigures', {
                      energy: signed(locale, -p.energySaving * 100, 1),
                      parts: signed(locale, p.deltas.goodParts, 0),
                      late: signed(locale, p.deltas.lateOrders, 0),
                      tardiness: signed(locale, p.deltas.tardinessMin, 0),
                    })}
                  </div>
                </li>
              ))}
            </ol>
          )}
          {s.tomorrow === undefined ? null : (
            <p className="muted small">
              {t('summary.measured', {
                n: String(s.tomorrow.candidates),
                h: fmtNumber(locale, (s.tomorrow.toMs - s.tomorrow.fromMs) / 3_600_000, 0),
                from: fmtTime(locale, s.tomorrow.fromMs),
              })}
            </p>
          )}
        </>
      )}
    </section>
  );
}
