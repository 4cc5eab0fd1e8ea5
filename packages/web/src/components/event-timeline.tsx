import type { StoredEvent } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';
import { REASON_LABELS, eventLabel, type MessageKey } from '../i18n/messages.ts';
import { fmtTime } from '../format.ts';
import { findingLine, findingOf } from '../agents/findings.ts';

/** How much attention an event type needs (ISA-18.2 alarm priority, coarsely): colour only for the abnormal. */
function severity(e: StoredEvent): 'alarm' | 'warning' | 'normal' {
  const finding = findingOf(e);
  if (finding !== undefined) return finding.severity === 'info' ? 'normal' : finding.severity;
  if (/Failed|Scrapped|Breakdown|Stopped/.test(e.type)) return 'alarm';
  if (/Delayed|Shortage|Abnormal|Drift|Deviation|Absent|Degradation|Warning|Exceeded/.test(e.type))
    return 'warning';
  if (e.type === 'StationStateChanged' && (e.data['to'] === 'failed' || e.data['state'] === 'failed'))
    return 'alarm';
  return 'normal';
}

const STATES = new Set(['producing', 'idle', 'blocked', 'starved', 'failed', 'off']);

/** A short, translated summary of the event's data, per type where we know it, else key–value pairs. */
function Summary({ e }: { e: StoredEvent }) {
  const { t, lang } = useI18n();
  const d = e.data;
  const str = (k: string): string =>
    typeof d[k] === 'string' || typeof d[k] === 'number' ? String(d[k]) : '';
  const state = (v: unknown): string =>
    typeof v === 'string' && STATES.has(v) ? t(`state.${v}` as MessageKey) : String(v);
  const pcs = t('unit.pcs');
  switch (e.type) {
    case 'StationStateChanged':
      return <>{`${state(d['from'])} → ${state(d['to'])}`}</>;
    case 'MaterialDelivered':
      return <>{`${str('material')} +${str('quantity')} ${pcs}`}</>;
    case 'SupplierDeliveryDelayed':
      return <>{`${str('material')} · +${str('latenessMin')} min`}</>;
    case 'OrderReleased':
      return <>{`${str('order')} · ${str('variant')} · ${str('quantity')} ${pcs}`}</>;
    case 'OrderCompleted':
      return (
        <>{`${str('order')} · ${str('good')} ${t('line.good')} · ${str('scrapped')} ${t('line.scrap')}`}</>
      );
    case 'ShiftStarted':
      return <>{str('name') || str('shift')}</>;
    case 'StationFailed': {
      const cause = str('cause');
      return <>{`${str('station')} · ${REASON_LABELS[lang][cause] ?? cause}`}</>;
    }
    case 'StationRepaired':
      return <>{`${str('station') || (e.stream.split('/').pop() ?? '')} · ${str('downtimeMin')} min`}</>;
    case 'OperatorReportReceived':
      return <>{`${str('station')}: ${str('text')}`}</>;
    case 'DayEnded':
      return <>{`${str('goodParts')} ${t('line.good')} · ${str('scrapped')} ${t('line.scrap')}`}</>;
    case 'AgentFindingRecorded': {
      // The agent's own bilingual title (the agent panel shows the evidence).
      const finding = findingOf(e);
      return <>{finding === undefined ? '' : findingLine(finding, lang)}</>;
    }
    case 'SimulationStarted':
      return <>{`${str('scenario')} · seed ${str('seed')}`}</>;
    default: {
      const source = e.stream.split('/').pop();
      const parts = Object.entries(d)
        .filter(
          ([, v]) =>
            ['string', 'number', 'boolean'].includes(typeof v) && String(v).length <= 24 && v !== source,
        )
        .slice(0, 3)
        .map(([k, v]) => `${k} ${typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : state(v)}`);
      return <>{parts.join(' · ')}</>;
    }
  }
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
                <span className="event-meta" title={JSON.stringify(e.data)}>
                  <Summary e={e} />
                </span>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
