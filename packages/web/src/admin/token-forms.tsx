import { useRef, useState, type FormEvent } from 'react';
import type { TokenCreatedResponse, UserView } from '@aethercore/server';
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
  MAX_TEXT,
  TOKEN_DAYS,
  checkNewToken,
  tokenRolesFor,
  type NewTokenField,
  type Problems,
} from './identity-forms.ts';

const FIELDS: readonly NewTokenField[] = ['subject', 'roles', 'expiresInDays', 'label'];

/**
 * The new token, once: the POST answer is the only place it ever appears (the server stores its
 * hash). It lives in this component's state only and is gone when the admin clicks Done or leaves.
 */
export function SecretOnce({ created, onDone }: { created: TokenCreatedResponse; onDone: () => void }) {
  const { t } = useI18n();
  const field = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copyIt = async (): Promise<void> => {
    field.current?.select();
    try {
      await navigator.clipboard.writeText(created.token);
      setCopy('copied');
    } catch {
      // No clipboard permission (or not a secure context): the text is selected for Ctrl+C.
      setCopy('failed');
    }
  };
  return (
    <div className="ids-secret" role="alert" data-testid="token-secret-box">
      <strong>{t('ids.secret.title', { id: created.id, owner: created.subject })}</strong>
      <p className="small">{t('ids.secret.once')}</p>
      <div className="ids-secret-row">
        <input
          ref={field}
          readOnly
          className="mono"
          value={created.token}
          aria-label={t('ids.secret.title', { id: created.id, owner: created.subject })}
          data-testid="token-secret"
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="primary" data-testid="token-copy" onClick={() => void copyIt()}>
          {copy === 'copied' ? t('ids.secret.copied') : t('ids.secret.copy')}
        </button>
      </div>
      {copy === 'failed' ? <p className="small warn-text">{t('ids.secret.copyFailed')}</p> : null}
      <p className="small muted mono">{t('ids.secret.use')}</p>
      <div className="admin-actions">
        <button type="button" data-testid="token-secret-done" onClick={onDone}>
          {t('ids.secret.done')}
        </button>
      </div>
    </div>
  );
}

/** Issuing a token (`POST /api/tokens`): owner, roles (never admin), 1–365 days, label. */
export function IssueToken({
  token,
  users,
  onIssued,
}: {
  token: string;
  users: readonly UserView[];
  onIssued: (created: TokenCreatedResponse) => Promise<void>;
}) {
  const { t } = useI18n();
  const text = useRefusalText();
  const [subject, setSubject] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [days, setDays] = useState(String(TOKEN_DAYS.default));
  const [label, setLabel] = useState('');
  const [problems, setProblems] = useState<Problems<NewTokenField>>({});
  const [server, setServer] = useState<ServerProblem<NewTokenField> | undefined>();
  const [busy, setBusy] = useState(false);
  const owner = users.find((u) => u.id === subject);
  const allowed = tokenRolesFor(owner?.roles ?? []);
  const choose = (id: string): void => {
    setSubject(id);
    // A new owner: offer all of their roles a token may carry, ticked (the admin narrows).
    setRoles(tokenRolesFor(users.find((u) => u.id === id)?.roles ?? []));
    setProblems({});
    setServer(undefined);
  };
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setServer(undefined);
    const checked = checkNewToken({
      subject,
      subjectRoles: owner?.roles,
      roles,
      expiresInDays: days,
      label,
    });
    setProblems(checked.problems);
    if (checked.body === undefined) return;
    setBusy(true);
    try {
      const created = await adminApi.issueToken(token, checked.body);
      setLabel('');
      await onIssued(created);
    } catch (err) {
      setServer(serverProblem(err, FIELDS));
    } finally {
      setBusy(false);
    }
  };
  const at = (f: NewTokenField): string | undefined => (server?.field === f ? text(server) : undefined);
  return (
    <form className="ids-form" onSubmit={(e) => void submit(e)} data-testid="token-issue-form" noValidate>
      <h4 className="admin-h3">{t('ids.issue.title')}</h4>
      <div className="ids-fields">
        <label>
          {t('ids.issue.owner')}
          <select
            value={subject}
            aria-invalid={problems.subject !== undefined || at('subject') !== undefined}
            aria-describedby="ids-issue-subject"
            data-testid="token-issue-owner"
            onChange={(e) => choose(e.target.value)}
          >
            <option value="">{t('ids.issue.choose')}</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.id} · {u.displayName}
                {u.disabled ? ` (${t('admin.user.disabled')})` : ''}
              </option>
            ))}
          </select>
          <FieldMessage
            id="ids-issue-subject"
            testId="token-issue-error-subject"
            problem={problems.subject}
            server={at('subject')}
          />
        </label>
        <TextField
          label={t('ids.issue.days')}
          value={days}
          onChange={setDays}
          messageId="ids-issue-days"
          testId="token-issue-days"
          errorTestId="token-issue-error-expiresInDays"
          problem={problems.expiresInDays}
          server={at('expiresInDays')}
          input={{ type: 'number', inputMode: 'numeric', min: TOKEN_DAYS.min, max: TOKEN_DAYS.max }}
        />
        <TextField
          label={t('ids.issue.label')}
          value={label}
          onChange={setLabel}
          messageId="ids-issue-label"
          testId="token-issue-label"
          errorTestId="token-issue-error-label"
          problem={problems.label}
          server={at('label')}
          input={{ maxLength: MAX_TEXT + 1 }}
        />
      </div>
      <RoleChoice
        legend={t('ids.issue.roles')}
        roles={allowed}
        chosen={roles}
        onChange={setRoles}
        testIdPrefix="token-issue-role"
        describedBy="ids-issue-roles"
      >
        {owner === undefined ? <span className="small muted">{t('ids.issue.rolesAfterOwner')}</span> : null}
        <FieldMessage
          id="ids-issue-roles"
          testId="token-issue-error-roles"
          problem={problems.roles}
          server={at('roles')}
        />
      </RoleChoice>
      <FormEnd
        server={server}
        errorTestId="token-issue-error"
        submitLabel={t('ids.issue.submit')}
        submitTestId="token-issue-submit"
        busy={busy}
      />
    </form>
  );
}
