import type { EquipmentNodeSpec, TrendSpec } from '@aethercore/server';
import { Header } from './components/header.tsx';
import { KpiTiles } from './components/kpi-tiles.tsx';
import { LineView } from './components/line-view.tsx';
import { TrendChart } from './components/trend-chart.tsx';
import { EventTimeline } from './components/event-timeline.tsx';
import { useI18n } from './i18n/i18n.tsx';
import { characteristicLabel } from './i18n/messages.ts';
import { useLive } from './live/use-live.ts';

/** The ISA-95 area (the hall) the line stands in, for the header. */
function areaOf(root: EquipmentNodeSpec | undefined): string | undefined {
  if (root === undefined) return undefined;
  if (root.level === 'Area') return root.displayName;
  for (const c of root.children) {
    const a = areaOf(c);
    if (a !== undefined) return a;
  }
  return undefined;
}

export function App() {
  const live = useLive();
  const { t, lang } = useI18n();
  const title = (s: TrendSpec): string =>
    s.kind === 'vibration'
      ? t('trend.vibration', { eq: s.equipmentId })
      : s.kind === 'temperature'
        ? t('trend.temperature', { eq: s.equipmentId })
        : t('trend.characteristic', { name: characteristicLabel(lang, s.name), eq: s.equipmentId });
  // A trend outside its limits marks its station in the line view (the R7 cell when R7 runs hot).
  const alarms = new Set<string>();
  for (const s of live.plant?.trends ?? []) {
    const v = live.latest[s.seriesId]?.value;
    const { low, high } = s.limits;
    if (v !== undefined && ((high !== undefined && v > high) || (low !== undefined && v < low))) {
      alarms.add(s.seriesId.split('/')[0] ?? '');
    }
  }
  return (
    <div className="app">
      <Header line={live.line} conn={live.conn} areaName={areaOf(live.plant?.root)} run={live.run} />
      <main className="layout">
        <div className="main-col">
          <KpiTiles kpis={live.kpis} />
          <LineView line={live.line} alarms={alarms} />
          <div className="trends">
            {(live.plant?.trends ?? []).map((s) => (
              <TrendChart
                key={s.seriesId}
                spec={s}
                title={title(s)}
                points={live.series[s.seriesId] ?? []}
                latest={live.latest[s.seriesId]}
              />
            ))}
          </div>
        </div>
        <EventTimeline events={live.events} />
      </main>
      <footer className="footer muted small">
        <span>{t('footer.opcua')}</span>
        <span className="mono">{live.plant?.namespaceUri}</span>
      </footer>
    </div>
  );
}
