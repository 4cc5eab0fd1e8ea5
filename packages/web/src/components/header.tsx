import { useEffect, useState } from 'react';
import type { HealthResponse, LineResponse, RunInfo } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';
import type { Language } from '../i18n/messages.ts';
import type { Connection } from '../live/live-client.ts';
import { fmtSimClock } from '../format.ts';

/**
 * The MQTT sensor path's state from `/api/health` (component `mqtt`), polled every 5 s;
 * undefined while unknown or when the server runs without MQTT (`--no-mqtt`).
 */
function useMqttState(): 'ok' | 'down' | undefined {
  const [state, setState] = useState<'ok' | 'down' | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    const poll = (): void => {
      fetch('/api/health', { headers: { accept: 'application/json' } })
        .then((r) => (r.ok ? (r.json() as Promise<HealthResponse>) : undefined))
        .then((h) => {
          const c = h?.components['mqtt'];
          if (alive) setState(c === undefined ? undefined : c === 'ok' ? 'ok' : 'down');
        })
        .catch(() => {
          if (alive) setState(undefined);
        });
    };
    poll();
    const timer = setInterval(poll, 5_000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);
  return state;
}

export function Header({
  line,
  conn,
  areaName,
  run,
  stopEngaged,
  onStop,
  user,
  onLogin,
  onLogout,
}: {
  line: LineResponse | undefined;
  conn: Connection;
  areaName: string | undefined;
  run?: RunInfo | undefined;
  stopEngaged: boolean;
  onStop: () => void;
  user: string | undefined;
  onLogin: () => void;
  onLogout: () => void;
}) {
  const { t, lang, setLang, locale } = useI18n();
  const mqtt = useMqttState();
  return (
    <header className="header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">{t('app.product')}</span>
        <span className="brand-sep">|</span>
        <span className="brand-title">{t('app.title')}</span>
      </div>
      <div className="line-name" data-testid="line-name">
        {line?.lineName ?? '…'}
        {areaName === undefined ? null : <span className="muted"> · {areaName}</span>}
      </div>
      <div className="header-right">
        <button
          type="button"
          className={`stop-button ${stopEngaged ? 'engaged' : ''}`}
          onClick={onStop}
          data-testid="stop-button"
          aria-pressed={stopEngaged}
        >
          {t('stop.button')}
        </button>
        <div className="sim-clock" title={t('header.simTime')}>
          <span className="label">{t('header.simTime')}</span>
          <span className="value mono" data-testid="sim-clock">
            {line === undefined ? '–' : fmtSimClock(locale, line.simTime)}
          </span>
        </div>
        {run === undefined ? null : (
          <div className="sim-clock" title={`${run.scenario} · seed ${run.seed}`}>
            <span className="label">{t('header.speed')}</span>
            <span className="value mono" data-testid="speed">
              ×{run.speed}
            </span>
          </div>
        )}
        {mqtt === undefined ? null : (
          <div
            className={`conn ${mqtt === 'ok' ? 'conn-live' : 'conn-offline'}`}
            data-testid="mqtt-state"
            role="status"
            title={t('mqtt.title')}
          >
            <span className="conn-dot" aria-hidden="true" />
            {t(mqtt === 'ok' ? 'mqtt.connected' : 'mqtt.down')}
          </div>
        )}
        <div className={`conn conn-${conn}`} data-testid="connection" role="status">
          <span className="conn-dot" aria-hidden="true" />
          {t(`conn.${conn}`)}
        </div>
        {user === undefined ? (
          <button type="button" className="auth-button" onClick={onLogin} data-testid="login-button">
            {t('auth.login')}
          </button>
        ) : (
          <button
            type="button"
            className="auth-button"
            onClick={onLogout}
            data-testid="logout-button"
            title={t('auth.logout')}
          >
            {user} · {t('auth.logout')}
          </button>
        )}
        <div className="lang-switch" role="group" aria-label={t('header.language')}>
          {(['de', 'en'] as const satisfies readonly Language[]).map((l) => (
            <button
              key={l}
              type="button"
              className={l === lang ? 'active' : ''}
              aria-pressed={l === lang}
              onClick={() => setLang(l)}
              data-testid={`lang-${l}`}
            >
              {l.toUpperCase()}
            </button>
          ))}
        </div>
      </div>
    </header>
  );
}
