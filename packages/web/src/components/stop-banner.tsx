import { useState } from 'react';
import type { StopResponse } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';

/** Full-width red banner while the stop-all switch is engaged; resume for the roles that may. */
export function StopBanner({
  state,
  canResume,
  onResume,
}: {
  state: StopResponse | undefined;
  canResume: boolean;
  onResume: (reason: string) => Promise<void>;
}) {
  const { t, locale } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  if (state?.engaged !== true) return null;
  const time = state.at === undefined ? '' : new Date(state.at).toLocaleTimeString(locale);
  return (
    <div className="stop-banner" role="alert" data-testid="stop-banner">
      <strong>{t('stop.engaged')}</strong>
      <span>{t('stop.by', { by: state.by ?? '?', time, reason: state.reason ?? '' })}</span>
      {canResume ? (
        <form
          className="stop-resume"
          onSubmit={(e) => {
            e.preventDefault();
            setError(undefined);
            onResume(reason.trim()).then(
              () => setReason(''),
              (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
            );
          }}
        >
          <input
            placeholder={t('stop.resumeReason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid="resume-reason"
          />
          <button type="submit" disabled={reason.trim().length < 3} data-testid="resume-button">
            {t('stop.resume')}
          </button>
          {error === undefined ? null : <span className="small">{error}</span>}
        </form>
      ) : (
        <span className="small">{t('stop.resumeWho')}</span>
      )}
    </div>
  );
}
