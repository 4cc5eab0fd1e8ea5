import type { AuditCheckpointResponse, AuditEntriesResponse } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';

/** The latest audit entries and the server-verified signed checkpoint (size and root). */
export function AuditPanel({
  signedIn,
  entries,
  checkpoint,
}: {
  signedIn: boolean;
  entries: AuditEntriesResponse | undefined;
  checkpoint: AuditCheckpointResponse | undefined;
}) {
  const { t, locale } = useI18n();
  return (
    <section className="panel audit" data-testid="audit-panel">
      <div className="panel-head">
        <h2>{t('audit.title')}</h2>
        {entries === undefined ? null : (
          <span className="muted small">{t('audit.size', { n: entries.size.toLocaleString(locale) })}</span>
        )}
      </div>
      {!signedIn ? (
        <p className="muted small">{t('audit.signIn')}</p>
      ) : (
        <>
          {checkpoint?.checkpoint === undefined ? null : (
            <div
              className={`checkpoint small ${checkpoint.verified ? 'ok' : 'bad'}`}
              data-testid="audit-checkpoint"
              title={checkpoint.checkpoint.note}
            >
              <span>{checkpoint.verified ? t('audit.verified') : t('audit.unverified')}</span>
              <span className="mono">
                #{checkpoint.checkpoint.treeSize} · {t('audit.root')}{' '}
                {checkpoint.checkpoint.rootHash.slice(0, 16)}…
              </span>
            </div>
          )}
          {entries === undefined || entries.entries.length === 0 ? (
            <p className="muted small">{t('audit.empty')}</p>
          ) : (
            <ol className="audit-entries" reversed>
              {[...entries.entries].reverse().map((e) => {
                const x = e.entry as
                  | { actor?: string; action?: string; outcome?: string; time?: number; reason?: string }
                  | undefined;
                return (
                  <li
                    key={e.index}
                    className={`small ${x?.outcome === 'denied' ? 'denied' : ''}`}
                    data-testid="audit-entry"
                  >
                    <span className="mono muted">{e.index}</span>{' '}
                    <span className="mono">{x?.action ?? '?'}</span> <span>{x?.actor ?? ''}</span>{' '}
                    <span className="muted">{x?.outcome ?? ''}</span>
                    {x?.time === undefined ? null : (
                      <span className="muted"> · {new Date(x.time).toLocaleTimeString(locale)}</span>
                    )}
                  </li>
                );
              })}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
