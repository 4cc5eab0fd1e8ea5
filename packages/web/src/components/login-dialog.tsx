import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

export function LoginDialog({
  note,
  onLogin,
  onCancel,
}: {
  note?: string | undefined;
  onLogin: (user: string, password: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setFailed(false);
    try {
      await onLogin(user.trim(), password);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="dialog-backdrop" role="presentation" onClick={onCancel}>
      <form
        className="dialog panel"
        role="dialog"
        aria-modal="true"
        aria-label={t('auth.login')}
        onClick={(e) => e.stopPropagation()}
        onSubmit={(e) => void submit(e)}
        data-testid="login-dialog"
      >
        <h2>{t('auth.login')}</h2>
        {note === undefined ? null : <p className="muted small">{note}</p>}
        <label>
          {t('auth.user')}
          <input
            autoFocus
            autoComplete="username"
            value={user}
            onChange={(e) => setUser(e.target.value)}
            data-testid="login-user"
          />
        </label>
        <label>
          {t('auth.password')}
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
          />
        </label>
        {failed ? (
          <p className="error small" role="alert">
            {t('auth.failed')}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid="login-submit">
            {t('auth.login')}
          </button>
        </div>
      </form>
    </div>
  );
}
