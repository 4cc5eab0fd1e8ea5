import { memo, useCallback, useEffect, useState } from 'react';
import type { PolicyHistoryResponse, PolicyResponse } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { ApiError } from '../live/api.ts';
import type { Session } from '../governance/use-session.ts';
import { POLICY_CHANGE_ROLES, USER_ADMIN_ROLES, adminApi, nextVersionText } from './admin-api.ts';
import { limitPhrases } from './limits-summary.ts';
import { IdentityAdmin } from './identity-admin.tsx';

/** The autonomy grades in order (governance's AUTONOMY_GRADES), for the scale drawn per class. */
const GRADES = [
  'notify',
  'act-within-limits',
  'needs-approval',
  'needs-two-person-approval',
  'forbidden',
] as const;
const POLL_MS = 15_000;

interface Problem {
  readonly message: string;
  readonly path?: string | undefined;
}

function problemOf(e: unknown): Problem {
  if (e instanceof ApiError && e.body !== undefined)
    return { message: `${e.body.code}: ${e.body.message}`, path: e.body.path };
  return { message: e instanceof Error ? e.message : String(e) };
}

/** Where the class sits on the autonomy scale: five cells, the grade's cell lit (look, do not read). */
function GradeScale({ grade }: { grade: string }) {
  const { t } = useI18n();
  const rank = GRADES.indexOf(grade as (typeof GRADES)[number]);
  return (
    <span className="grade" data-testid="policy-grade" title={grade}>
      <span className="grade-scale" aria-hidden="true">
        {GRADES.map((g, i) => (
          <span key={g} className={`grade-cell ${i === rank ? `on grade-${g}` : ''}`} />
        ))}
      </span>
      <span>{rank < 0 ? grade : t(`admin.grade.${grade}` as MessageKey)}</span>
    </span>
  );
}

/**
 * Policy and administration (Sentinel): the policy in force as a table of action classes (grade on
 * the autonomy scale, limits), its version history from the audit log, an editor for the roles the
 * matrix lets change it (validation errors name the field), and for admins the users and API tokens
 * (`identity-admin.tsx`).
 * Memoised: the live stream re-renders the app every second; this screen changes only with the session.
 */
export const AdminScreen = memo(function AdminScreen({ session }: { session: Session | undefined }) {
  const { t, locale } = useI18n();
  const [policy, setPolicy] = useState<PolicyResponse | undefined>();
  const [history, setHistory] = useState<PolicyHistoryResponse | undefined>();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [saved, setSaved] = useState<number | undefined>();
  const [busy, setBusy] = useState(false);
  const token = session?.token;
  const roles = session?.principal.roles ?? [];
  const canEdit = roles.some((r) => POLICY_CHANGE_ROLES.includes(r));
  const isAdmin = roles.some((r) => USER_ADMIN_ROLES.includes(r));

  const load = useCallback(async (): Promise<void> => {
    if (token === undefined) {
      setPolicy(undefined);
      setHistory(undefined);
      return;
    }
    try {
      const [p, h] = await Promise.all([adminApi.policy(token), adminApi.history(token)]);
      setPolicy(p);
      setHistory(h);
    } catch {
      // 401/403/outage: keep what is shown; the governance panels handle sign-out.
    }
  }, [token]);

  useEffect(() => {
    void load();
    const id = window.setInterval(() => void load(), POLL_MS);
    return () => window.clearInterval(id);
  }, [load]);

  const startEdit = (): void => {
    if (policy === undefined) return;
    setText(nextVersionText(policy.text, policy.version));
    setReason('');
    setProblem(undefined);
    setSaved(undefined);
    setEditing(true);
  };

  const save = async (): Promise<void> => {
    if (token === undefined) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const p = await adminApi.changePolicy(token, text, reason.trim());
      setPolicy(p);
      setSaved(p.version);
      setEditing(false);
      setHistory(await adminApi.history(token));
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setBusy(false);
    }
  };

  const classes = Object.entries(
    (policy?.policy['actionClasses'] ?? {}) as Record<string, Record<string, unknown>>,
  );
  const labels = {
    per: t('admin.limit.per'),
    perOrder: t('admin.limit.perOrder'),
    perDay: t('admin.limit.perDay'),
    step: t('admin.limit.step'),
    equipment: t('admin.limit.equipment'),
    window: t('admin.limit.window'),
  };
  const when = (ms: number): string => new Date(ms).toLocaleString(locale);

  return (
    <section className="panel admin" data-testid="admin-screen">
      <div className="panel-head">
        <h2>{t('admin.title')}</h2>
        {policy === undefined ? null : (
          <span className="small" data-testid="policy-version">
            {t('admin.version', { v: String(policy.version) })}{' '}
            <span className="mono muted" title={policy.hash}>
              {policy.hash.slice(7, 19)}
            </span>
          </span>
        )}
      </div>
      {session === undefined ? (
        <p className="muted small">{t('admin.signIn')}</p>
      ) : policy === undefined ? null : (
        <div className="admin-grid">
          <div className="admin-policy">
            {policy.current === undefined ? null : (
              <p className="small muted">
                {t('admin.changedBy', { who: policy.current.changedBy, when: when(policy.current.time) })} ·{' '}
                {policy.current.reason}
              </p>
            )}
            <table className="admin-table small" data-testid="policy-table">
              <thead>
                <tr>
                  <th>{t('admin.class')}</th>
                  <th>{t('admin.grade')}</th>
                  <th>{t('admin.limits')}</th>
                </tr>
              </thead>
              <tbody>
                {classes.map(([name, c]) => {
                  const phrases = limitPhrases(c['limits'], locale, labels);
                  const raise =
                    typeof c['uncertaintyThreshold'] === 'number' ? c['uncertaintyThreshold'] : undefined;
                  const human = typeof c['handToHumanAbove'] === 'number' ? c['handToHumanAbove'] : undefined;
                  return (
                    <tr key={name} data-testid="policy-class">
                      <td>
                        <span className="mono">{name}</span>
                        {typeof c['description'] === 'string' ? (
                          <div className="muted admin-desc">{c['description']}</div>
                        ) : null}
                      </td>
                      <td>
                        <GradeScale grade={String(c['grade'])} />
                      </td>
                      <td data-testid="policy-limits">
                        {phrases.length === 0 && raise === undefined && human === undefined ? (
                          <span className="muted">—</span>
                        ) : null}
                        {phrases.map((p) => (
                          <div key={p} className="mono">
                            {p}
                          </div>
                        ))}
                        {raise === undefined ? null : (
                          <div className="muted">{t('admin.raise', { u: raise.toLocaleString(locale) })}</div>
                        )}
                        {human === undefined ? null : (
                          <div className="muted">{t('admin.human', { u: human.toLocaleString(locale) })}</div>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {saved === undefined ? null : (
              <p className="small ok-text" data-testid="policy-saved">
                {t('admin.saved', { v: String(saved) })}
              </p>
            )}
            {!canEdit ? (
              <p className="small muted">{t('admin.readOnly')}</p>
            ) : !editing ? (
              <div className="admin-actions">
                <button type="button" data-testid="policy-edit" onClick={startEdit}>
                  {t('admin.edit')}
                </button>
              </div>
            ) : (
              <div className="policy-editor">
                <p className="small muted">{t('admin.editorHint')}</p>
                <textarea
                  data-testid="policy-text"
                  className="mono"
                  spellCheck={false}
                  value={text}
                  rows={22}
                  onChange={(e) => setText(e.target.value)}
                />
                <input
                  data-testid="policy-reason"
                  placeholder={t('admin.reason')}
                  value={reason}
                  maxLength={500}
                  onChange={(e) => setReason(e.target.value)}
                />
                {problem === undefined ? null : (
                  <div className="error small" role="alert" data-testid="policy-error">
                    <div>{problem.message}</div>
                    {problem.path === undefined || problem.path === '' ? null : (
                      <div>
                        {t('admin.errorField')}: <span className="mono">{problem.path}</span>
                      </div>
                    )}
                  </div>
                )}
                <div className="admin-actions">
                  <button type="button" onClick={() => setEditing(false)}>
                    {t('admin.cancel')}
                  </button>
                  <button
                    type="button"
                    className="primary"
                    data-testid="policy-save"
                    disabled={busy || reason.trim().length < 3}
                    onClick={() => void save()}
                  >
                    {t('admin.save')}
                  </button>
                </div>
              </div>
            )}
          </div>
          <div className="admin-side">
            <h3 className="admin-h3">{t('admin.history')}</h3>
            <ol className="policy-history small" data-testid="policy-history">
              {[...(history?.versions ?? [])].reverse().map((v) => (
                <li key={`${v.version}-${v.time}-${v.hash}`} data-testid="policy-history-entry">
                  <span className="mono">v{v.version}</span> <span>{v.changedBy}</span>{' '}
                  <span className="muted">· {when(v.time)}</span>
                  {v.auditIndex === undefined ? null : <span className="mono muted"> · #{v.auditIndex}</span>}
                  <div className="muted">{v.reason}</div>
                </li>
              ))}
            </ol>
          </div>
        </div>
      )}
      {token === undefined || !isAdmin ? null : <IdentityAdmin key={token} token={token} />}
    </section>
  );
});
