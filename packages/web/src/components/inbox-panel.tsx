import { useState } from 'react';
import type { ProposalView } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';

const num = (locale: string, v: number): string => v.toLocaleString(locale, { maximumFractionDigits: 2 });

function Item({
  p,
  canDecide,
  onDecide,
}: {
  p: ProposalView;
  canDecide: boolean;
  onDecide: (id: string, d: 'approve' | 'reject', reason: string) => Promise<void>;
}) {
  const { t, locale } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const decide = (d: 'approve' | 'reject'): void => {
    setError(undefined);
    onDecide(p.id, d, reason.trim()).then(
      () => setReason(''),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  const kpis = Object.entries(p.proposal.evidence?.kpis ?? {});
  const deltas = Object.entries(p.proposal.expectedKpiDeltas ?? {});
  return (
    <li className={`proposal proposal-${p.status}`} data-testid="proposal">
      <div className="proposal-head">
        <span className="mono">{p.id}</span>
        <span>{p.proposal.actionClass ?? p.proposal.change.kind}</span>
        <span className="muted small">{p.proposal.proposer}</span>
        <span className={`badge status-${p.status}`}>{t(`inbox.status.${p.status}` as MessageKey)}</span>
      </div>
      {p.proposal.explanation === undefined || p.proposal.explanation === '' ? null : (
        <p className="small">{p.proposal.explanation}</p>
      )}
      {kpis.length === 0 ? null : (
        <div className="small">
          <span className="muted">{t('inbox.evidence')}: </span>
          {kpis.map(([k, v]) => (
            <span key={k} className="mono kv">
              {k} {num(locale, v.baseline)} → {num(locale, v.withChange)}
            </span>
          ))}
        </div>
      )}
      {deltas.length === 0 ? null : (
        <div className="small">
          <span className="muted">{t('inbox.expected')}: </span>
          {deltas.map(([k, v]) => (
            <span key={k} className="mono kv">
              {k} {v > 0 ? '+' : ''}
              {num(locale, v)}
            </span>
          ))}
        </div>
      )}
      <div className="small muted">
        {t('inbox.approvals', { n: String(p.approvals.length), m: String(p.requiredApprovals) })} ·{' '}
        {t('inbox.expires', { time: new Date(p.expiresAt).toLocaleTimeString(locale) })}
      </div>
      {p.status === 'pending' && canDecide ? (
        <div className="proposal-actions">
          <input
            placeholder={t('inbox.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid="proposal-reason"
          />
          <button type="button" disabled={reason.trim().length < 3} onClick={() => decide('approve')}>
            {t('inbox.approve')}
          </button>
          <button type="button" disabled={reason.trim().length < 3} onClick={() => decide('reject')}>
            {t('inbox.reject')}
          </button>
        </div>
      ) : null}
      {error === undefined ? null : <p className="error small">{error}</p>}
    </li>
  );
}

/** The approval inbox: proposals Sentinel verified and routed to humans, newest first. */
export function InboxPanel({
  signedIn,
  proposals,
  canDecide,
  onDecide,
}: {
  signedIn: boolean;
  proposals: readonly ProposalView[] | undefined;
  canDecide: boolean;
  onDecide: (id: string, d: 'approve' | 'reject', reason: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const pending = proposals?.filter((p) => p.status === 'pending').length ?? 0;
  return (
    <section className="panel inbox" data-testid="inbox">
      <div className="panel-head">
        <h2>{t('inbox.title')}</h2>
        {signedIn ? <span className="muted small">{pending}</span> : null}
      </div>
      {!signedIn ? (
        <p className="muted small">{t('inbox.signIn')}</p>
      ) : proposals === undefined ? null : proposals.length === 0 ? (
        <p className="muted small" data-testid="inbox-empty">
          {t('inbox.empty')}
        </p>
      ) : (
        <ul className="proposals">
          {proposals.slice(0, 20).map((p) => (
            <Item key={p.id} p={p} canDecide={canDecide} onDecide={onDecide} />
          ))}
        </ul>
      )}
    </section>
  );
}
