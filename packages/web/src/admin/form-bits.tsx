import type { InputHTMLAttributes, ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { ApiError } from '../live/api.ts';
import { HUMAN_ROLES, fieldOfPath, type FieldProblem } from './identity-forms.ts';
import { refusalText, type Refusal } from './refusal-text.ts';

/** A refusal from the server: its code and message, and the form field its `path` names (if any). */
export interface ServerProblem<F extends string> extends Refusal {
  readonly field?: F | undefined;
}

export function serverProblem<F extends string>(e: unknown, fields: readonly F[]): ServerProblem<F> {
  if (e instanceof ApiError && e.body !== undefined)
    return { code: e.body.code, message: e.body.message, field: fieldOfPath(e.body.path, fields) };
  return { message: e instanceof Error ? e.message : String(e) };
}

/**
 * A refusal's text in the reader's language, at render time (switching the language re-renders it):
 * known codes translated with the code in parentheses, unknown ones as `code: server message`.
 */
export function useRefusalText(): (r: Refusal | undefined) => string | undefined {
  const { lang } = useI18n();
  return (r) => (r === undefined ? undefined : refusalText(lang, r));
}

/** A role's name in the reader's language (the id stays visible as the tooltip). */
export function useRoleLabel(): (role: string) => string {
  const { t } = useI18n();
  return (role) =>
    role === 'agent' || (HUMAN_ROLES as readonly string[]).includes(role)
      ? t(`ids.role.${role}` as MessageKey)
      : role;
}

/**
 * The message under a field: the client-side check's, or the server's refusal when its path names
 * this field. `aria-describedby` of the input points here, so screen readers announce it.
 */
export function FieldMessage({
  id,
  testId,
  problem,
  server,
}: {
  id: string;
  testId: string;
  problem: FieldProblem | undefined;
  server: string | undefined;
}) {
  const { t } = useI18n();
  if (problem === undefined && server === undefined) return null;
  return (
    <span id={id} className="error small" role="alert" data-testid={testId}>
      {problem === undefined ? server : t(`ids.problem.${problem}` as MessageKey)}
    </span>
  );
}

/**
 * A labelled text input with its message underneath (the client check's or the server's refusal):
 * `aria-invalid` when either applies, `aria-describedby` pointing at the message.
 */
export function TextField({
  label,
  value,
  onChange,
  messageId,
  testId,
  errorTestId,
  problem,
  server,
  input,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  messageId: string;
  testId: string;
  errorTestId: string;
  problem: FieldProblem | undefined;
  server: string | undefined;
  /** Further attributes of the input (type, maxLength, autoComplete, …). */
  input?: InputHTMLAttributes<HTMLInputElement>;
}) {
  return (
    <label>
      {label}
      <input
        {...input}
        value={value}
        aria-invalid={problem !== undefined || server !== undefined}
        aria-describedby={messageId}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
      />
      <FieldMessage id={messageId} testId={errorTestId} problem={problem} server={server} />
    </label>
  );
}

/**
 * The end of a form: a server refusal that names no field (shown here, not at a field), then the
 * buttons: an optional Cancel and the primary submit.
 */
export function FormEnd<F extends string>({
  server,
  errorTestId,
  submitLabel,
  submitTestId,
  busy,
  onCancel,
}: {
  server: ServerProblem<F> | undefined;
  errorTestId: string;
  submitLabel: string;
  submitTestId: string;
  busy: boolean;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const text = useRefusalText();
  return (
    <>
      {server === undefined || server.field !== undefined ? null : (
        <p className="error small" role="alert" data-testid={errorTestId}>
          {text(server)}
        </p>
      )}
      <div className="admin-actions">
        {onCancel === undefined ? null : (
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
        <button type="submit" className="primary" disabled={busy} data-testid={submitTestId}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}

/** Role checkboxes as one fieldset (arrow-free: Tab moves between them, Space toggles). */
export function RoleChoice({
  legend,
  roles,
  chosen,
  onChange,
  testIdPrefix,
  describedBy,
  children,
}: {
  legend: string;
  roles: readonly string[];
  chosen: readonly string[];
  onChange: (roles: string[]) => void;
  testIdPrefix: string;
  describedBy?: string | undefined;
  children?: ReactNode;
}) {
  const label = useRoleLabel();
  return (
    <fieldset className="ids-roles" aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {roles.map((r) => (
        <label key={r} title={r}>
          <input
            type="checkbox"
            checked={chosen.includes(r)}
            data-testid={`${testIdPrefix}-${r}`}
            onChange={(e) =>
              onChange(
                e.target.checked ? [...chosen.filter((x) => x !== r), r] : chosen.filter((x) => x !== r),
              )
            }
          />
          {label(r)}
        </label>
      ))}
      {children}
    </fieldset>
  );
}
