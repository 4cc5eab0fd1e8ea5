import { useState } from 'react';
import type { TokenCreatedResponse, TokensResponse, UserView } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';
import { adminApi } from './admin-api.ts';
import { serverProblem, useRefusalText, useRoleLabel } from './form-bits.tsx';
import type { Refusal } from './refusal-text.ts';
import { daysLeft } from './identity-forms.ts';
import { agoText, lastUsedOf } from './last-used.ts';
import { IssueToken, SecretOnce } from './token-forms.tsx';

/**
 * API tokens (`token.issue`): the list (id, owner, roles, label, issued by/when, expiry, last use;
 * never the secret: the server keeps only its SHA-256), issuing one for a user or agent (roles
 * narrowed to the owner's, never admin; 1–365 days), the secret shown exactly once with a copy
 * button, and revoking with a confirm step. "Last used" (relative to the server's time, the exact
 * time underneath) tells an administrator which tokens are still in use before revoking one.
 */
export function TokensAdmin({
  token,
  tokens,
  users,
  now,
  onChanged,
}: {
  token: string;
  tokens: TokensResponse['tokens'];
  users: readonly UserView[];
  /** The server's time of the list (`GET /api/tokens` → `now`), for "last used 3 minutes ago". */
  now: number;
  onChanged: () => Promise<void>;
}) {
  const { t, locale } = useI18n();
  const roleLabel = useRoleLabel();
  const [confirm, setConfirm] = useState<string | undefined>();
  const [rowError, setRowError] = useState<{ id: string; refusal: Refusal } | undefined>();
  const refusal = useRefusalText();
  const [revoked, setRevoked] = useState<string | undefined>();
  const [secret, setSecret] = useState<TokenCreatedResponse | undefined>();
  const [busy, setBusy] = useState(false);
  const when = (ms: number | undefined): string =>
    ms === undefined ? '—' : new Date(ms).toLocaleDateString(locale, { dateStyle: 'medium' });
  const lastUsed = (ms: number | undefined): string => {
    const v = lastUsedOf(ms, now);
    return v.kind === 'never'
      ? t('ids.token.never')
      : v.kind === 'just-now'
        ? t('ids.token.justNow')
        : agoText(locale, v);
  };

  const revoke = async (id: string): Promise<void> => {
    setBusy(true);
    setRowError(undefined);
    try {
      await adminApi.revokeToken(token, id);
      setConfirm(undefined);
      setRevoked(id);
      await onChanged();
    } catch (e) {
      setConfirm(undefined);
      setRowError({ id, refusal: serverProblem(e, []) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ids-block" data-testid="tokens-admin">
      <h3 className="admin-h3">{t('ids.tokens')}</h3>
      {secret === undefined ? null : <SecretOnce created={secret} onDone={() => setSecret(undefined)} />}
      {revoked === undefined ? null : (
        <p className="small ok-text" role="status" data-testid="tokens-notice">
          {t('ids.token.revoked', { id: revoked })}
        </p>
      )}
      {tokens.length === 0 ? (
        <p className="small muted" data-testid="tokens-empty">
          {t('ids.token.none')}
        </p>
      ) : (
        <table className="admin-table small" data-testid="tokens-table">
          <thead>
            <tr>
              <th>
                {t('ids.token.id')} · {t('ids.token.label')}
              </th>
              <th>{t('ids.token.owner')}</th>
              <th>{t('ids.token.roles')}</th>
              <th>{t('ids.token.created')}</th>
              <th>{t('ids.token.expires')}</th>
              <th>{t('ids.token.lastUsed')}</th>
              <th>{t('ids.user.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.flatMap((k) => {
              const owner = users.find((u) => u.id === k.subject);
              const left = k.expiresAt === undefined ? undefined : daysLeft(k.expiresAt, now);
              const rows = [
                <tr
                  key={k.id}
                  data-testid="token-row"
                  data-token={k.id}
                  className={k.expired || owner?.disabled === true ? 'disabled' : ''}
                >
                  {/* Label under the id, so the last-use column fits beside the others. */}
                  <td>
                    <span className="mono">{k.id}</span>
                    {k.label === undefined ? null : <div data-testid="token-label">{k.label}</div>}
                  </td>
                  <td>
                    <span className="mono">{k.subject}</span>
                    {owner?.disabled === true ? (
                      <span className="muted"> ({t('admin.user.disabled')})</span>
                    ) : null}
                  </td>
                  <td>
                    {(k.roles ?? owner?.roles ?? []).map((r) => (
                      <span key={r} className="ids-role" title={r}>
                        {roleLabel(r)}
                      </span>
                    ))}
                  </td>
                  <td>
                    {when(k.createdAt)}
                    {k.createdBy === undefined ? null : <div className="muted">{k.createdBy}</div>}
                  </td>
                  <td data-testid="token-expiry">
                    {when(k.expiresAt)}
                    {left === undefined ? null : (
                      <div className={k.expired ? 'error' : left <= 7 ? 'warn-text' : 'muted'}>
                        {k.expired ? t('ids.token.expired') : t('ids.token.daysLeft', { d: String(left) })}
                      </div>
                    )}
                  </td>
                  <td data-testid="token-last-used" data-last-used={k.lastUsedAt ?? ''}>
                    <span className={k.lastUsedAt === undefined ? 'muted' : ''}>
                      {lastUsed(k.lastUsedAt)}
                    </span>
                    {k.lastUsedAt === undefined ? null : (
                      <div className="muted">
                        <time dateTime={new Date(k.lastUsedAt).toISOString()}>
                          {new Date(k.lastUsedAt).toLocaleString(locale, {
                            dateStyle: 'medium',
                            timeStyle: 'short',
                          })}
                        </time>
                      </div>
                    )}
                  </td>
                  <td className="ids-actions">
                    {confirm === k.id ? (
                      <span className="ids-confirm" role="group" aria-label={t('ids.confirm')}>
                        <span>{t('ids.token.confirmRevoke', { id: k.id })}</span>
                        <button
                          type="button"
                          className="danger"
                          autoFocus
                          disabled={busy}
                          data-testid="token-confirm"
                          onClick={() => void revoke(k.id)}
                        >
                          {t('ids.confirm')}
                        </button>
                        <button type="button" onClick={() => setConfirm(undefined)}>
                          {t('common.cancel')}
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        data-testid="token-revoke"
                        onClick={() => {
                          setRowError(undefined);
                          setRevoked(undefined);
                          setConfirm(k.id);
                        }}
                      >
                        {t('ids.token.revoke')}
                      </button>
                    )}
                  </td>
                </tr>,
              ];
              if (rowError?.id === k.id)
                rows.push(
                  <tr key={`${k.id}-error`}>
                    <td colSpan={7} className="error" role="alert" data-testid="token-row-error">
                      {refusal(rowError.refusal)}
                    </td>
                  </tr>,
                );
              return rows;
            })}
          </tbody>
        </table>
      )}
      <IssueToken
        token={token}
        users={users}
        onIssued={async (created) => {
          setRevoked(undefined);
          setSecret(created);
          await onChanged();
        }}
      />
    </div>
  );
}
