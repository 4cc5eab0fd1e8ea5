import type { BilingualText } from '../finding.ts';
import type { RulEstimate } from './wear-trend.ts';

/** Plant time of day `HH:MM` (the twin's times are UTC read as plant time; no Date in pure code). */
export function hhmm(ms: number): string {
  const min = Math.floor(ms / 60_000) % 1440;
  const m = min < 0 ? min + 1440 : min;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Number with a fixed number of digits, German or English decimal mark. */
export function num(v: number, digits: number, lang: 'de' | 'en'): string {
  const s = v.toFixed(digits);
  return lang === 'de' ? s.replace('.', ',') : s;
}

export const round = (v: number, digits = 3): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

/** "18 h (90%: 15–22 h)" or the reason it is uncertain, in both languages. */
export function rulText(r: RulEstimate | undefined): BilingualText {
  if (r === undefined)
    return {
      en: 'remaining life: too few samples for a trend yet',
      de: 'Restlebensdauer: noch zu wenige Messwerte für einen Trend',
    };
  const upper = (lang: 'de' | 'en'): string =>
    r.upperH === undefined ? (lang === 'de' ? 'offen' : 'open') : `${num(r.upperH, 1, lang)} h`;
  const point = (lang: 'de' | 'en'): string =>
    r.rulH === undefined ? (lang === 'de' ? 'nicht absehbar' : 'not in sight') : `${num(r.rulH, 1, lang)} h`;
  const why: Record<string, BilingualText> = {
    'trend-not-established': { en: 'trend not yet established', de: 'Trend noch nicht gesichert' },
    'interval-open': { en: 'interval open-ended', de: 'Intervall nach oben offen' },
    'interval-wide': { en: 'interval wide', de: 'Intervall breit' },
    'extrapolation-far': {
      en: 'far beyond the observed wear',
      de: 'weit jenseits des beobachteten Verschleißes',
    },
  };
  const reasons = (lang: 'de' | 'en'): string => r.reasons.map((x) => why[x]?.[lang] ?? x).join(', ');
  const tag = (lang: 'de' | 'en'): string =>
    r.uncertain ? (lang === 'de' ? ` — unsicher: ${reasons('de')}` : ` — uncertain: ${reasons('en')}`) : '';
  return {
    en: `remaining life ${point('en')} to ${num(r.failureLevel, 1, 'en')} mm/s (90%: ${num(r.lowerH, 1, 'en')} h – ${upper('en')}; power-law wear trend)${tag('en')}`,
    de: `Restlebensdauer ${point('de')} bis ${num(r.failureLevel, 1, 'de')} mm/s (90 %: ${num(r.lowerH, 1, 'de')} h – ${upper('de')}; Potenzgesetz-Verschleißtrend)${tag('de')}`,
  };
}

/** The RUL as JSON evidence (no undefined, rounded). */
export function rulEvidence(r: RulEstimate | undefined): Record<string, unknown> | null {
  if (r === undefined) return null;
  return {
    model: 'power-law wear trend v = c + a·(t − t0)^b, profile-likelihood 90% interval',
    failureLevelMmS: r.failureLevel,
    rulH: r.rulH === undefined ? null : round(r.rulH, 2),
    lowerH: round(r.lowerH, 2),
    upperH: r.upperH === undefined ? null : round(r.upperH, 2),
    onset: r.onset,
    exponent: r.exponent,
    fittedNowMmS: round(r.fittedNow),
    residualSigmaMmS: round(r.residualSigma, 4),
    samples: r.samples,
    extrapolationRatio: r.extrapolationRatio === undefined ? null : round(r.extrapolationRatio, 2),
    uncertain: r.uncertain,
    reasons: [...r.reasons],
  };
}

/**
 * The proposer's uncertainty in [0, 1] from the RUL interval: its relative half-width
 * (upper − lower)/(upper + lower), 1 when open; at least 0.5 when the estimate is flagged uncertain,
 * so Sentinel's uncertainty gate raises the grade (policy `uncertaintyThreshold`).
 */
export function rulUncertainty(r: RulEstimate | undefined): number {
  if (r === undefined || r.upperH === undefined) return 1;
  const rel = r.upperH + r.lowerH > 0 ? (r.upperH - r.lowerH) / (r.upperH + r.lowerH) : 1;
  return round(Math.min(1, Math.max(r.uncertain ? 0.5 : 0, rel)), 2);
}
