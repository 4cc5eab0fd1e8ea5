/**
 * "Last used" of an API token, relative to the server's time (`GET /api/tokens` → `now`), so a browser
 * with a wrong clock does not show "in 3 minutes". The server stores the time at most once a minute
 * per token but shows every use, so "just now" covers the first minute.
 */
export type LastUsed =
  | { readonly kind: 'never' }
  | { readonly kind: 'just-now' }
  | { readonly kind: 'ago'; readonly value: number; readonly unit: 'minute' | 'hour' | 'day' };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function lastUsedOf(lastUsedAt: number | undefined, now: number): LastUsed {
  if (lastUsedAt === undefined) return { kind: 'never' };
  // A use after `now` (clock step between the list and the use) reads as just now, never as future.
  const age = Math.max(0, now - lastUsedAt);
  if (age < MINUTE) return { kind: 'just-now' };
  if (age < HOUR) return { kind: 'ago', value: Math.floor(age / MINUTE), unit: 'minute' };
  if (age < DAY) return { kind: 'ago', value: Math.floor(age / HOUR), unit: 'hour' };
  return { kind: 'ago', value: Math.floor(age / DAY), unit: 'day' };
}

/** "vor 3 Minuten" / "3 minutes ago" (Intl.RelativeTimeFormat of the reader's locale). */
export function agoText(locale: string, v: Extract<LastUsed, { kind: 'ago' }>): string {
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-v.value, v.unit);
}
