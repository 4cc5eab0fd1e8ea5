import type { StoredEvent } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';
import { eventLabel, type MessageKey } from '../i18n/messages.ts';
import { fmtTime } from '../format.ts';

/** How much attention an event type needs (ISA-18.2 alarm priority, coarsely): colour only for the abnormal. */
function severity(e: StoredEvent): 'alarm' | 'warning' | 'normal' {
  if (/Failed|Scrapped|Breakdown|Stopped/.test(e.type)) return 'alarm';
  if (/Delayed|Shortage|Abnormal|Drift|Deviation|Absent|Degradation|Warning|Exceeded/.test(e.type)) return 'warning';
  if (e.type === 'StationStateChanged' && (e.data['to'] === 'failed' || e.data['state'] === 'failed')) return 'alarm';
  return 'normal';
}

const STATES = new Set(['producing', 'idle', 'blocked', 'starved', 'failed', 'off']);

/** A short, translated summary of the event's data (`ST05: producing → failed`). */
function Summary({ e }: { e: StoredEvent }) {
  const { t } = useI18n();
  const tr = (v: unknown): string => (typeof v === 'string' && STATES.has(v) ? t(`state.${v}` as MessageKey) : typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : String(v));
  const d = e.data;
  if ('from' in d && 'to' in d && (STATES.has(String(d['from'])) || STATES.has(String(d['to'])))) {
    return (
      <>
        {tr(d['from'])} → {tr(d['to'])}
      </>
    );
  }
  const parts = Object.entries(d)
    .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v) && String(v).length <= 24)
    .slice(0, 3)
    .map(([k, v]) => `${k} ${tr(v)}`);
  return <>{parts.join(' · ')}</>;
}

export function EventTimeline({ events }: { events: readonly StoredEvent[] }) {
  const { t, lang, locale } = useI18n();
  return (
    <section className="panel timeline" aria-label={t('events.title')}>
      <div className="panel-head">
        <h2>{t('events.title')}</h2>
      </div>
      {events.length === 0 ? (
        <p className="muted small">{t('events.empty')}</p>
      ) : (
        <ol className="events" data-testid="events">
          {events.map((e) => (
            <li key={e.seq} className={`event sev-${severity(e)}`} data-testid="event">
              <span className="event-time mono">{fmtTime(locale, e.time)}</span>
              <span className="event-body">
                <span className="event-label">{eventLabel(lang, e.type)}</span>
                <span className="event-meta">
                  <span className="mono">{e.stream.split('/').pop()}</span> <Summary e={e} />
                </span>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
