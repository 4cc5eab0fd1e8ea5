import { REFUSAL_MESSAGES, type Language } from '../i18n/messages.ts';

/** A refusal as the server sent it (`{ code, message, path }`), or a failure without a body (network). */
export interface Refusal {
  readonly code?: string | undefined;
  readonly message: string;
}

/**
 * The text a reader sees for a refusal: the server answers in English, so a known code is shown in
 * the reader's language with the code in parentheses (what support asks for); an unknown code keeps
 * the server's own message and its code, so the line is never blank; a failure without a code (the
 * server unreachable) shows its message.
 */
export function refusalText(lang: Language, r: Refusal): string {
  if (r.code === undefined || r.code === '') return r.message;
  const text = REFUSAL_MESSAGES[lang][r.code];
  return text === undefined ? `${r.code}: ${r.message}` : `${text} (${r.code})`;
}
