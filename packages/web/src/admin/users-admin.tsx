import { useState } from 'react';
import type { UserView } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';
import { adminApi } from './admin-api.ts';
import { serverProblem, useRefusalText, useRoleLabel } from './form-bits.tsx';
import type { Refusal } from './refusal-text.ts';
import { AddUser, ChangeUser } from './user-forms.tsx';

/** What happened last, shown once above the table (role="status", so it is announced). */
type Notice = { readonly key: 'added' | 'disabled' | 'enabled' | 'changed'; readonly id: string };

/**
 * Users and agents (`user.manage`): the list, adding a user, disabling / enabling with a confirm step
 * (disabling ends the user's sessions and stops their tokens at once), and changing roles or resetting
 * the password. Agents' roles are fixed and agents cannot be disabled, so their rows have no actions.
 * The server's refusals (e.g. `access.self-change` when an admin disables themselves) are shown as
 * they come, at the field their path names.
 */
export function UsersAdmin({
  token,
  users,
  onChanged,
}: {
  token: string;
  users: readonly UserView[];
  onChanged: () => Promise<void>;
}) {
  const { t } = useI18n();
  const roleLabel = useRoleLabel();
  const [confirm, setConfirm] = useState<{ id: string; disabled: boolean } | undefined>();
  const [editing, setEditing] = useState<string | undefined>();
  const [rowError, setRowError] = useState<{ id: string; refusal: Refusal } | undefined>();
  const refusal = useRefusalText();
  const [notice, setNotice] = useState<Notice | undefined>();
  const [busy, setBusy] = useState(false);

  const act = async (id: string, body: { disabled: boolean }): Promise<void> => {
    setBusy(true);
    setRowError(undefined);
    setNotice(undefined);
    try {
      await adminApi.changeUser(token, id, body);
      setConfirm(undefined);
      setNotice({ key: body.disabled ? 'disabled' : 'enabled', id });
      await onChanged();
    } catch (e) {
      setConfirm(undefined);
      setRowError({ id, refusal: serverProblem(e, []) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ids-block" data-testid="users-admin">
      <h3 className="admin-h3">{t('admin.users')}</h3>
      {notice === undefined ? null : (
        <p className="small ok-text" role="status" data-testid="users-notice">
          {t(`ids.done.${notice.key}`, { id: notice.id })}
        </p>
      )}
      <table className="admin-table small" data-testid="users-table">
        <thead>
          <tr>
            <th>{t('admin.user.id')}</th>
            <th>{t('ids.user.name')}</th>
            <th>{t('admin.user.roles')}</th>
            <th>{t('admin.user.status')}</th>
            <th>{t('admin.user.tokens')}</th>
            <th>{t('ids.user.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.flatMap((u) => {
            const rows = [
              <tr key={u.id} data-testid="user-row" data-user={u.id} className={u.disabled ? 'disabled' : ''}>
                <td title={u.displayName}>
                  <span className="mono">{u.id}</span>
                </td>
                <td>{u.displayName}</td>
                <td>
                  {u.roles.map((r) => (
                    <span key={r} className="ids-role" title={r}>
                      {roleLabel(r)}
                    </span>
                  ))}
                </td>
                <td data-testid="user-status">
                  {u.kind === 'agent'
                    ? t('admin.user.agent')
                    : u.disabled
                      ? t('admin.user.disabled')
                      : t('admin.user.active')}
                </td>
                <td className="mono">{u.tokens}</td>
                <td className="ids-actions">
                  {u.kind === 'agent' ? (
                    <span className="muted">{t('ids.user.agentFixed')}</span>
                  ) : confirm?.id === u.id ? (
                    <span className="ids-confirm" role="group" aria-label={t('ids.confirm')}>
                      <span>
                        {t(confirm.disabled ? 'ids.confirmDisable' : 'ids.confirmEnable', { id: u.id })}
                      </span>
                      <button
                        type="button"
                        className={confirm.disabled ? 'danger' : 'primary'}
                        autoFocus
                        disabled={busy}
                        data-testid="user-confirm"
                        onClick={() => void act(u.id, { disabled: confirm.disabled })}
                      >
                        {t('ids.confirm')}
                      </button>
                      <button type="button" onClick={() => setConfirm(undefined)}>
                        {t('common.cancel')}
                      </button>
                    </span>
                  ) : (
                    <>
                      <button
                        type="button"
                        data-testid="user-edit"
                        aria-expanded={editing === u.id}
                        onClick={() => {
                          setRowError(undefined);
                          setEditing(editing === u.id ? undefined : u.id);
                        }}
                      >
                        {t('ids.edit')}
                      </button>
                      <button
                        type="button"
                        data-testid={u.disabled ? 'user-enable' : 'user-disable'}
                        onClick={() => {
                          setRowError(undefined);
                          setNotice(undefined);
                          setConfirm({ id: u.id, disabled: !u.disabled });
                        }}
                      >
                        {u.disabled ? t('ids.enable') : t('ids.disable')}
                      </button>
                    </>
                  )}
                </td>
              </tr>,
            ];
            if (rowError?.id === u.id)
              rows.push(
                <tr key={`${u.id}-error`}>
                  <td colSpan={6} className="error" role="alert" data-testid="user-row-error">
                    {refusal(rowError.refusal)}
                  </td>
                </tr>,
              );
            if (editing === u.id && u.kind === 'user')
              rows.push(
                <tr key={`${u.id}-edit`}>
                  <td colSpan={6}>
                    <ChangeUser
                      token={token}
                      user={u}
                      onDone={async () => {
                        setEditing(undefined);
                        setNotice({ key: 'changed', id: u.id });
                        await onChanged();
                      }}
                      onCancel={() => setEditing(undefined)}
                    />
                  </td>
                </tr>,
              );
            return rows;
          })}
        </tbody>
      </table>
      <AddUser
        token={token}
        onAdded={async (id) => {
          setNotice({ key: 'added', id });
          await onChanged();
        }}
      />
    </div>
  );
}
