import type { BufferView, LineResponse, StationView } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';
import { REASON_LABELS } from '../i18n/messages.ts';
import { fmtNumber } from '../format.ts';

/**
 * The line in flow order. ISA-101 restraint: normal operation is grey (producing filled, idle
 * hollow, off dimmed); only abnormal states get colour: blocked/starved amber, failed red.
 * Each card shows the buffer that feeds it as a fill bar.
 */
export function LineView({ line, alarms }: { line: LineResponse | undefined; alarms: ReadonlySet<string> }) {
  const { t } = useI18n();
  if (line === undefined) return <section className="panel line-view" />;
  const inbound = new Map<string, BufferView>(line.buffers.map((b) => [b.to, b]));
  return (
    <section className="panel line-view" aria-label={t('line.title')}>
      <div className="panel-head">
        <h2>{t('line.title')}</h2>
        <span className="muted small">{t('line.flow')} →</span>
      </div>
      {line.stations.length === 0 ? (
        <p className="muted">{t('line.empty')}</p>
      ) : (
        <ol className="stations" data-testid="stations">
          {line.stations.map((s) => (
            <StationCard key={s.id} station={s} buffer={inbound.get(s.id)} alarm={alarms.has(s.id)} />
          ))}
        </ol>
      )}
    </section>
  );
}

function StationCard({
  station,
  buffer,
  alarm,
}: {
  station: StationView;
  buffer: BufferView | undefined;
  alarm: boolean;
}) {
  const { t, locale, lang } = useI18n();
  const reason =
    station.state === 'producing' || station.reason === undefined
      ? undefined
      : (REASON_LABELS[lang][station.reason] ?? station.reason);
  const fill =
    buffer === undefined || buffer.capacity <= 0 ? undefined : Math.min(1, buffer.level / buffer.capacity);
  return (
    <li
      className={`station st-${station.state}${alarm ? ' alarm' : ''}`}
      data-testid="station"
      data-state={station.state}
      title={`${station.id} · ${station.name}`}
    >
      <div
        className="buffer"
        aria-label={
          buffer === undefined ? undefined : `${t('line.buffer')} ${buffer.level}/${buffer.capacity}`
        }
      >
        {fill === undefined ? null : (
          <>
            <span className="buffer-bar">
              <span
                className={`buffer-fill${fill >= 1 ? ' full' : ''}`}
                style={{ width: `${fill * 100}%` }}
              />
            </span>
            <span className="buffer-text mono">
              {buffer?.level}/{buffer?.capacity}
            </span>
          </>
        )}
      </div>
      <div className="station-id mono">
        {station.id}
        {alarm ? (
          <span className="alarm-mark" data-testid="station-alarm" title={t('line.limitExceeded')}>
            !
          </span>
        ) : null}
      </div>
      <div className="station-name">{station.name}</div>
      <div className="station-foot">
        <span className="state" data-testid="station-state" title={reason}>
          {t(`state.${station.state}`)}
        </span>
        <span className="count mono" title={t('line.produced')}>
          {fmtNumber(locale, station.partsProduced)}
        </span>
      </div>
    </li>
  );
}
