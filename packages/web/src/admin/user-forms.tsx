import { useState, type FormEvent } from 'react';
import type { UserView } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';
import { adminApi } from './admin-api.ts';
import {
  FieldMessage,
  FormEnd,
  RoleChoice,
  TextField,
  serverProblem,
  useRefusalText,
  type ServerProblem,
} from './form-bits.tsx';
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

/** Changing a user's roles or resetting their password (`PATCH /api/users/:id`), inline in their row. */
export function ChangeUser({
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
  const text = useRefusalText();
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
  const at = (f: 'roles' | 'password'): string | undefined =>
    server?.field === f ? text(server) : undefined;
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
      <TextField
        label={t('ids.change.password')}
        value={password}
        onChange={setPassword}
        messageId={`${base}-password`}
        testId="user-change-password"
        errorTestId="user-change-error-password"
        problem={problems.password}
        server={at('password')}
        input={{ type: 'password', autoComplete: 'new-password', maxLength: MAX_PASSWORD }}
      />
      <FormEnd
        server={server}
        errorTestId="user-change-error"
        submitLabel={t('ids.change.save')}
        submitTestId="user-change-save"
        busy={busy}
        onCancel={onCancel}
      />
    </form>
  );
}

/** Adding a user (`POST /api/users`): id, display name, roles, initial password. */
export function AddUser({ token, onAdded }: { token: string; onAdded: (id: string) => Promise<void> }) {
  const { t } = useI18n();
  const text = useRefusalText();
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
  const at = (f: NewUserField): string | undefined => (server?.field === f ? text(server) : undefined);
  return (
    <form className="ids-form" onSubmit={(e) => void submit(e)} data-testid="user-add-form" noValidate>
      <h4 className="admin-h3">{t('ids.add.title')}</h4>
      <div className="ids-fields">
        <TextField
          label={t('ids.add.id')}
          value={id}
          onChange={setId}
          messageId="ids-add-id"
          testId="user-add-id"
          errorTestId="user-add-error-id"
          problem={problems.id}
          server={at('id')}
          input={{ autoComplete: 'off', spellCheck: false, maxLength: 64 }}
        />
        <TextField
          label={t('ids.add.name')}
          value={displayName}
          onChange={setDisplayName}
          messageId="ids-add-name"
          testId="user-add-name"
          errorTestId="user-add-error-displayName"
          problem={problems.displayName}
          server={at('displayName')}
          input={{ maxLength: MAX_TEXT + 1 }}
        />
        <TextField
          label={t('ids.add.password')}
          value={password}
          onChange={setPassword}
          messageId="ids-add-password"
          testId="user-add-password"
          errorTestId="user-add-error-password"
          problem={problems.password}
          server={at('password')}
          input={{ type: 'password', autoComplete: 'new-password', maxLength: MAX_PASSWORD + 1 }}
        />
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
      <FormEnd
        server={server}
        errorTestId="user-add-error"
        submitLabel={t('ids.add.submit')}
        submitTestId="user-add-submit"
        busy={busy}
      />
    </form>
  );
}
