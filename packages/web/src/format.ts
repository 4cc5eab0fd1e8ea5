/** Number and time formatting for the dashboard; simulated time is shown in UTC, as the plant file defines shifts in UTC. */
export function fmtNumber(locale: string, v: number, digits = 0): string {
  if (!Number.isFinite(v)) return '–';
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(v);
}

export function fmtPercent(locale: string, ratio: number, digits = 1): string {
  if (!Number.isFinite(ratio)) return '–';
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(ratio);
}

export function fmtSimClock(locale: string, ms: number): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    weekday: 'short',
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(ms);
}

export function fmtTime(locale: string, ms: number): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(ms);
}

/** Seconds as `1 h 05 min` / `12 min` / `40 s`. */
export function fmtDuration(s: number): string {
  if (!Number.isFinite(s)) return '–';
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min`;
  return `${total} s`;
}

/** Units as engineers write them. */
export function fmtUnit(unit: string): string {
  return unit === 'degC' ? '°C' : unit === 'none' || unit === 'count' ? '' : unit;
}
