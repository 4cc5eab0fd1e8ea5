import { useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { fmtTime } from '../format.ts';
import type { FindingView } from './findings.ts';

/** Agent names as people read them (the identities are lower-case ids). */
const AGENT_LABEL: Readonly<Record<string, string>> = {
  strategos: 'Strategos',
  analytika: 'Analytika',
  linguos: 'Linguos',
  sentinel: 'Sentinel',
  visura: 'Visura',
  dexter: 'Dexter',
  scout: 'Scout',
};

/** Evidence as short key–value lines: numbers and texts as they are, lists and objects compact. */
function Evidence({ evidence, lang }: { evidence: Readonly<Record<string, unknown>>; lang: 'de' | 'en' }) {
  const show = (v: unknown): string => {
    if (typeof v === 'number') return String(Math.round(v * 10_000) / 10_000);
    if (typeof v === 'string' || typeof v === 'boolean') return String(v);
    if (v === null || v === undefined) return '–';
    if (typeof v === 'object' && 'de' in v && 'en' in v) return String((v as Record<string, unknown>)[lang]);
    return JSON.stringify(v, (_k, x: unknown) =>
      typeof x === 'number' ? Math.round(x * 10_000) / 10_000 : x,
    );
  };
  return (
    <dl className="finding-evidence mono" data-testid="finding-evidence">
      {Object.entries(evidence).map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{show(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function AgentPanel({ findings }: { findings: readonly FindingView[] }) {
  const { t, lang, locale } = useI18n();
  const [open, setOpen] = useState<number | undefined>();
  return (
    <section className="panel agents-panel" aria-label={t('agents.title')} data-testid="agent-panel">
      <div className="panel-head">
        <h2>{t('agents.title')}</h2>
        <span className="muted small">{findings.length}</span>
      </div>
      {findings.length === 0 ? (
        <p className="muted small">{t('agents.empty')}</p>
      ) : (
        <ol className="findings">
          {findings.map((f) => (
            <li
              key={f.seq}
              className={`finding sev-${f.severity}`}
              data-testid="finding"
              data-agent={f.agent}
              data-kind={f.kind}
            >
              <button
                type="button"
                className="finding-head"
                aria-expanded={open === f.seq}
                onClick={() => setOpen(open === f.seq ? undefined : f.seq)}
              >
                <span className="event-time mono">{fmtTime(locale, f.time)}</span>
                <span className="finding-agent">{AGENT_LABEL[f.agent] ?? f.agent}</span>
                <span className={`badge finding-sev-${f.severity}`}>
                  {t(`agents.severity.${f.severity}` as MessageKey)}
                </span>
                <span className="mono small">{f.subject}</span>
                <span className="finding-title">{f.title[lang]}</span>
              </button>
              {open === f.seq ? (
                <div className="finding-body small">
                  {f.detail === undefined ? null : <p>{f.detail[lang]}</p>}
                  {f.proposalId === undefined ? null : (
                    <p>
                      <span className="muted">{t('agents.proposal')}: </span>
                      <span className="mono">{f.proposalId}</span>
                    </p>
                  )}
                  <div className="muted">{t('agents.evidence')}</div>
                  <Evidence evidence={f.evidence} lang={lang} />
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
