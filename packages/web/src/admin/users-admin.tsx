import { useState, type FormEvent } from 'react';
import type { UserView } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';
import { adminApi } from './admin-api.ts';
import { FieldMessage, RoleChoice, serverProblem, useRoleLabel, type ServerProblem } from './form-bits.tsx';
import {
  HUMAN_ROLES,
  MAX_PASSWORD,
  MAX_TEXT,
  checkNewUser,
  checkUserChange,
  sameRoles,
  type NewUserField,
  type Problems,
} from './identity-forms.ts';

const ADD_FIELDS: readonly NewUserField[] = ['id', 'displayName', 'roles', 'password'];
const CHANGE_FIELDS = ['roles', 'password'] as const;

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
  const [rowError, setRowError] = useState<{ id: string; text: string } | undefined>();
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
      setRowError({ id, text: serverProblem(e, []).text });
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
                    {rowError.text}
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

function ChangeUser({
  token,
  user,
  onDone,
  onCancel,
}: {
  token: string;
  user: UserView;
  onDone: () => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [roles, setRoles] = useState<string[]>([...user.roles]);
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<Problems<'roles' | 'password'>>({});
  const [server, setServer] = useState<ServerProblem<'roles' | 'password'> | undefined>();
  const [busy, setBusy] = useState(false);
  const base = `ids-change-${user.id}`;
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setServer(undefined);
    const checked = checkUserChange({ roles, password });
    setProblems(checked.problems);
    if (checked.body === undefined) return;
    // Only what changed: the server refuses a self-change of roles even when they stay the same.
    const same = sameRoles(checked.body.roles, user.roles);
    const body = {
      ...(same ? {} : { roles: checked.body.roles }),
      ...(checked.body.password === undefined ? {} : { password: checked.body.password }),
    };
    if (Object.keys(body).length === 0) {
      onCancel();
      return;
    }
    setBusy(true);
    try {
      await adminApi.changeUser(token, user.id, body);
      await onDone();
    } catch (err) {
      setServer(serverProblem(err, CHANGE_FIELDS));
    } finally {
      setBusy(false);
    }
  };
  const at = (f: 'roles' | 'password'): string | undefined => (server?.field === f ? server.text : undefined);
  return (
    <form className="ids-form ids-inline" onSubmit={(e) => void submit(e)} data-testid="user-change-form">
      <RoleChoice
        legend={t('ids.add.roles')}
        roles={HUMAN_ROLES}
        chosen={roles}
        onChange={setRoles}
        testIdPrefix="user-change-role"
        describedBy={`${base}-roles`}
      >
        <FieldMessage
          id={`${base}-roles`}
          testId="user-change-error-roles"
          problem={problems.roles}
          server={at('roles')}
        />
      </RoleChoice>
      <label>
        {t('ids.change.password')}
        <input
          type="password"
          autoComplete="new-password"
          maxLength={MAX_PASSWORD}
          value={password}
          aria-describedby={`${base}-password`}
          data-testid="user-change-password"
          onChange={(e) => setPassword(e.target.value)}
        />
        <FieldMessage
          id={`${base}-password`}
          testId="user-change-error-password"
          problem={problems.password}
          server={at('password')}
        />
      </label>
      {server === undefined || server.field !== undefined ? null : (
        <p className="error small" role="alert" data-testid="user-change-error">
          {server.text}
        </p>
      )}
      <div className="admin-actions">
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="primary" disabled={busy} data-testid="user-change-save">
          {t('ids.change.save')}
        </button>
      </div>
    </form>
  );
}

function AddUser({ token, onAdded }: { token: string; onAdded: (id: string) => Promise<void> }) {
  const { t } = useI18n();
  const [id, setId] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<string[]>(['operator']);
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<Problems<NewUserField>>({});
  const [server, setServer] = useState<ServerProblem<NewUserField> | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setServer(undefined);
    const checked = checkNewUser({ id, displayName, roles, password });
    setProblems(checked.problems);
    if (checked.body === undefined) return;
    setBusy(true);
    try {
      await adminApi.addUser(token, checked.body);
      setId('');
      setDisplayName('');
      setRoles(['operator']);
      setPassword('');
      await onAdded(checked.body.id);
    } catch (err) {
      setServer(serverProblem(err, ADD_FIELDS));
    } finally {
      setBusy(false);
    }
  };
  const at = (f: NewUserField): string | undefined => (server?.field === f ? server.text : undefined);
  return (
    <form className="ids-form" onSubmit={(e) => void submit(e)} data-testid="user-add-form" noValidate>
      <h4 className="admin-h3">{t('ids.add.title')}</h4>
      <div className="ids-fields">
        <label>
          {t('ids.add.id')}
          <input
            value={id}
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
            aria-invalid={problems.id !== undefined || at('id') !== undefined}
            aria-describedby="ids-add-id"
            data-testid="user-add-id"
            onChange={(e) => setId(e.target.value)}
          />
          <FieldMessage id="ids-add-id" testId="user-add-error-id" problem={problems.id} server={at('id')} />
        </label>
        <label>
          {t('ids.add.name')}
          <input
            value={displayName}
            maxLength={MAX_TEXT + 1}
            aria-invalid={problems.displayName !== undefined || at('displayName') !== undefined}
            aria-describedby="ids-add-name"
            data-testid="user-add-name"
            onChange={(e) => setDisplayName(e.target.value)}
          />
          <FieldMessage
            id="ids-add-name"
            testId="user-add-error-displayName"
            problem={problems.displayName}
            server={at('displayName')}
          />
        </label>
        <label>
          {t('ids.add.password')}
          <input
            type="password"
            autoComplete="new-password"
            value={password}
            maxLength={MAX_PASSWORD + 1}
            aria-invalid={problems.password !== undefined || at('password') !== undefined}
            aria-describedby="ids-add-password"
            data-testid="user-add-password"
            onChange={(e) => setPassword(e.target.value)}
          />
          <FieldMessage
            id="ids-add-password"
            testId="user-add-error-password"
            problem={problems.password}
            server={at('password')}
          />
        </label>
      </div>
      <RoleChoice
        legend={t('ids.add.roles')}
        roles={HUMAN_ROLES}
        chosen={roles}
        onChange={setRoles}
        testIdPrefix="user-add-role"
        describedBy="ids-add-roles"
      >
        <FieldMessage
          id="ids-add-roles"
          testId="user-add-error-roles"
          problem={problems.roles}
          server={at('roles')}
        />
      </RoleChoice>
      {server === undefined || server.field !== undefined ? null : (
        <p className="error small" role="alert" data-testid="user-add-error">
          {server.text}
        </p>
      )}
      <div className="admin-actions">
        <button type="submit" className="primary" disabled={busy} data-testid="user-add-submit">
          {t('ids.add.submit')}
        </button>
      </div>
    </form>
  );
}
