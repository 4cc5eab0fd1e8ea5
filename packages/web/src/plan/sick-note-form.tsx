import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { CrewAbsenceResponse, CrewResponse, CrewWorkerView } from '@aethercore/server';
import { useI18n } from '../i18n/i18n.tsx';
import { fmtTime } from '../format.ts';
import { call } from '../governance/governance-api.ts';
import { DECIDE_ROLES, type Session } from '../governance/use-session.ts';
import { ApiError } from '../live/api.ts';
import { useRefusalText } from '../admin/form-bits.tsx';
import type { Refusal } from '../admin/refusal-text.ts';

type Status =
  | { readonly kind: 'idle' }
  | { readonly kind: 'sending' }
  | { readonly kind: 'done'; readonly name: string; readonly id: string; readonly untilMs: number }
  | { readonly kind: 'refused'; readonly refusal: Refusal };

const refusalOf = (e: unknown): Refusal =>
  e instanceof ApiError && e.body !== undefined
    ? { code: e.body.code, message: e.body.message }
    : { message: e instanceof Error ? e.message : String(e) };

/**
 * A shift lead reports a sick note (`POST /api/crew/absences`, 24 h of plant time): the running line
 * gets `WorkerReportedSick` and Strategos re-plans the shifts as after any absence. Shown to whoever
 * may approve schedule changes (`proposal.approve`: supervisor, engineer, production manager).
 */
export function SickNoteForm({ session }: { session: Session | undefined }) {
  const { t, locale } = useI18n();
  const refusalText = useRefusalText();
  const allowed = session !== undefined && session.principal.roles.some((r) => DECIDE_ROLES.includes(r));
  const [crew, setCrew] = useState<CrewResponse | undefined>(undefined);
  const [worker, setWorker] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const load = useCallback(() => {
    call<CrewResponse>('GET', '/api/crew')
      .then(setCrew)
      .catch((e: unknown) => setStatus({ kind: 'refused', refusal: refusalOf(e) }));
  }, []);
  useEffect(() => {
    if (allowed) load();
  }, [allowed, load]);
  const groups = useMemo(() => {
    const by = new Map<string, CrewWorkerView[]>();
    for (const w of crew?.workers ?? []) by.set(w.shift, [...(by.get(w.shift) ?? []), w]);
    return (crew?.shifts ?? []).map((s) => ({ shift: s, workers: by.get(s.id) ?? [] }));
  }, [crew]);
  if (!allowed || session === undefined) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (worker === '') return;
    setStatus({ kind: 'sending' });
    call<CrewAbsenceResponse>('POST', '/api/crew/absences', session.token, { worker })
      .then((r) => {
        const name = crew?.workers.find((w) => w.id === r.worker)?.name ?? r.worker;
        setStatus({ kind: 'done', name, id: r.worker, untilMs: r.untilMs });
        load();
      })
      .catch((err: unknown) => setStatus({ kind: 'refused', refusal: refusalOf(err) }));
  };
  return (
    <form className="plan-sick small" data-testid="sick-note-form" onSubmit={submit}>
      <strong>{t('plan.sick.title')}</strong>{' '}
      <label>
        {t('plan.sick.worker')}{' '}
        <select
          data-testid="sick-note-worker"
          value={worker}
          onChange={(e) => {
            setWorker(e.target.value);
            setStatus({ kind: 'idle' });
          }}
        >
          <option value="">–</option>
          {groups.map((g) => (
            <optgroup key={g.shift.id} label={g.shift.name}>
              {g.workers.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.id} {w.name} ({w.qualifications.join(', ')})
                  {w.sickUntil === null
                    ? ''
                    : ` · ${t('plan.sick.sickUntil', { until: fmtTime(locale, w.sickUntil) })}`}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>{' '}
      <button
        type="submit"
        data-testid="sick-note-submit"
        disabled={worker === '' || status.kind === 'sending'}
      >
        {status.kind === 'sending' ? t('plan.sick.sending') : t('plan.sick.submit')}
      </button>
      <div className="muted">{t('plan.sick.hint')}</div>
      {status.kind === 'done' ? (
        <div role="status" data-testid="sick-note-status">
          {t('plan.sick.done', { name: status.name, id: status.id, until: fmtTime(locale, status.untilMs) })}
        </div>
      ) : status.kind === 'refused' ? (
        <div role="alert" className="late" data-testid="sick-note-status">
          {refusalText(status.refusal)}
        </div>
      ) : null}
    </form>
  );
}
