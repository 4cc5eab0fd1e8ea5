import type { KpiValues, KpisResponse } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { fmtDuration, fmtNumber, fmtPercent } from '../format.ts';

interface TileDef {
  readonly key: keyof KpiValues;
  readonly format: (locale: string, v: number) => string;
  /** A message key (`kpi.parts`) or a literal unit (`kWh`). */
  readonly unit?: string;
  /** For the baseline delta: is a rise good (output) or bad (downtime, energy)? */
  readonly higherIsBetter: boolean;
}

const TILES: readonly TileDef[] = [
  { key: 'output', format: (l, v) => fmtNumber(l, v), unit: 'kpi.parts', higherIsBetter: true },
  { key: 'oee', format: (l, v) => fmtPercent(l, v), higherIsBetter: true },
  { key: 'availability', format: (l, v) => fmtPercent(l, v), higherIsBetter: true },
  { key: 'performance', format: (l, v) => fmtPercent(l, v), higherIsBetter: true },
  { key: 'quality', format: (l, v) => fmtPercent(l, v), higherIsBetter: true },
  { key: 'energyPerUnitKWh', format: (l, v) => fmtNumber(l, v, 2), unit: 'kWh', higherIsBetter: false },
  { key: 'firstPassYield', format: (l, v) => fmtPercent(l, v, 2), higherIsBetter: true },
  { key: 'downtimeS', format: (_l, v) => fmtDuration(v), higherIsBetter: false },
];

export function KpiTiles({ kpis }: { kpis: KpisResponse | undefined }) {
  const { t, locale } = useI18n();
  return (
    <section className="panel kpis" aria-label={t('kpi.title')}>
      <ul className="kpi-grid" data-testid="kpis">
        {TILES.map((d) => {
          const v = kpis?.kpis[d.key];
          const delta = kpis?.deltas?.[d.key];
          const good = delta === undefined ? undefined : d.higherIsBetter ? delta >= 0 : delta <= 0;
          return (
            <li key={d.key} className="kpi" data-testid={`kpi-${d.key}`}>
              <span className="kpi-label" data-testid="kpi-label">
                {t(`kpi.${d.key}` as MessageKey)}
              </span>
              <span className="kpi-value mono" data-testid="kpi-value">
                {v === undefined ? '–' : d.format(locale, v)}
                {d.unit === undefined ? null : (
                  <span className="kpi-unit">
                    {d.unit.startsWith('kpi.') ? t(d.unit as MessageKey) : d.unit}
                  </span>
                )}
              </span>
              {delta === undefined || !Number.isFinite(delta) ? (
                <span className="kpi-delta muted">&nbsp;</span>
              ) : (
                <span className={`kpi-delta ${good === true ? 'better' : 'worse'}`}>
                  {delta >= 0 ? '▲' : '▼'} {fmtPercent(locale, Math.abs(delta))} {t('kpi.vsBaseline')}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
