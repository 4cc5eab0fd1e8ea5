import { useCallback, useEffect, useState } from 'react';
import type { TokensResponse, UsersResponse } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';
import { adminApi } from './admin-api.ts';
import { UsersAdmin } from './users-admin.tsx';
import { TokensAdmin } from './tokens-admin.tsx';
import { serverProblem, useRefusalText } from './form-bits.tsx';
import type { Refusal } from './refusal-text.ts';

const POLL_MS = 15_000;

/**
 * Users and API tokens for administrators (`user.manage`, `token.issue`; the caller shows this only
 * to those roles and the server checks every request against the matrix). Reloaded after every change
 * and every 15 s, so another admin's changes appear without a reload.
 */
export function IdentityAdmin({ token }: { token: string }) {
  const { t } = useI18n();
  const [users, setUsers] = useState<UsersResponse | undefined>();
  const [tokens, setTokens] = useState<TokensResponse | undefined>();
  const [now, setNow] = useState(() => Date.now());
  const [failed, setFailed] = useState<Refusal | undefined>();
  const refusal = useRefusalText();

  const load = useCallback(async (): Promise<void> => {
    try {
      const [u, k] = await Promise.all([adminApi.users(token), adminApi.tokens(token)]);
      setUsers(u);
      setTokens(k);
      setNow(Date.now());
      setFailed(undefined);
    } catch (e) {
      // 401/403/outage: keep what is shown and say that it may be stale.
      setFailed(serverProblem(e, []));
    }
  }, [token]);

  useEffect(() => {
    void load();
    const id = window.setInterval(() => void load(), POLL_MS);
    return () => window.clearInterval(id);
  }, [load]);

  return (
    <div className="ids" data-testid="identity-admin">
      <h3 className="ids-title">{t('ids.title')}</h3>
      {failed === undefined ? null : (
        <p className="small warn-text" role="status">
          {t('ids.loadFailed')}: {refusal(failed)}
        </p>
      )}
      {users === undefined ? null : (
        <div className="ids-grid">
          <UsersAdmin token={token} users={users.users} onChanged={load} />
          <TokensAdmin
            token={token}
            tokens={tokens?.tokens ?? []}
            users={users.users}
            now={tokens?.now ?? now}
            onChanged={load}
          />
        </div>
      )}
    </div>
  );
}
