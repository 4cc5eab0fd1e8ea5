/**
 * A policy's limits as short readable phrases for the table (the document itself is the reference).
 * Works on the JSON the API returns, defensively: a field of an unexpected shape is skipped.
 */
type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown, locale: string): string => (typeof v === 'number' ? v.toLocaleString(locale) : '?');

export interface LimitLabels {
  readonly per: string;
  readonly perOrder: string;
  readonly perDay: string;
  readonly step: string;
  readonly equipment: string;
  readonly window: string;
}

function duration(s: number, locale: string): string {
  if (s % 86_400 === 0) return `${num(s / 86_400, locale)} d`;
  if (s % 3_600 === 0) return `${num(s / 3_600, locale)} h`;
  if (s % 60 === 0) return `${num(s / 60, locale)} min`;
  return `${num(s, locale)} s`;
}

export function limitPhrases(limits: unknown, locale: string, l: LimitLabels): string[] {
  if (!isObj(limits)) return [];
  const out: string[] = [];
  const rate = limits['rate'];
  if (isObj(rate) && typeof rate['windowS'] === 'number')
    out.push(`≤ ${num(rate['max'], locale)} ${l.per} ${duration(rate['windowS'], locale)}`);
  const money = limits['money'];
  if (isObj(money)) {
    const cur = typeof money['currency'] === 'string' ? money['currency'] : '';
    if (money['maxPerOrder'] !== undefined)
      out.push(`≤ ${num(money['maxPerOrder'], locale)} ${cur} ${l.perOrder}`);
    if (money['maxPerDay'] !== undefined) out.push(`≤ ${num(money['maxPerDay'], locale)} ${cur} ${l.perDay}`);
  }
  const setpoints = limits['setpoints'];
  if (Array.isArray(setpoints)) {
    // Many stations often share one limit (ST01…ST20/speedFactor 0.5–1.2): one line per distinct limit.
    const groups = new Map<string, string[]>();
    for (const s of setpoints.filter(isObj)) {
      const target = String(s['target']);
      const variable = target.includes('/') ? target.slice(target.indexOf('/') + 1) : target;
      const unit = typeof s['unit'] === 'string' && s['unit'] !== 'none' ? ` ${s['unit']}` : '';
      const step = s['maxStep'] === undefined ? '' : `, ${l.step} ≤ ${num(s['maxStep'], locale)}`;
      const key = `${variable} ${num(s['min'], locale)}–${num(s['max'], locale)}${unit}${step}`;
      groups.set(key, [...(groups.get(key) ?? []), target]);
    }
    for (const [key, targets] of groups)
      out.push(
        targets.length === 1
          ? `${targets[0]}: ${key}`
          : `${targets.length}× (${targets[0]} … ${targets.at(-1)}): ${key}`,
      );
  }
  const equipment = limits['equipment'];
  if (Array.isArray(equipment)) out.push(`${l.equipment}: ${equipment.map(String).join(', ')}`);
  const windows = limits['timeWindows'];
  if (Array.isArray(windows))
    for (const w of windows.filter(isObj)) {
      const days = Array.isArray(w['days']) ? ` (${w['days'].map(String).join(',')})` : '';
      out.push(`${l.window} ${String(w['from'])}–${String(w['to'])}${days}`);
    }
  return out;
}
