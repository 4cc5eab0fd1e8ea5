import type { DailySummary, KpiComparison, SummaryKpi } from './daily-summary.ts';
import type { RankedProposal } from './measure-tomorrow.ts';
import type { NotableCategory } from './notable-events.ts';
import type { TwinCommand } from '@aethercore/twin';
import { clockTime } from './format.ts';

/** The daily summary as a report for people, German or English: Markdown, or a plain-text table for the terminal. */
export type ReportLanguage = 'de' | 'en';

interface KpiLabel {
  readonly de: string;
  readonly en: string;
  readonly unit: { readonly de: string; readonly en: string };
  readonly digits: number;
}

const U = (de: string, en = de): { de: string; en: string } => ({ de, en });
const LABELS: Readonly<Record<SummaryKpi, KpiLabel>> = {
  goodParts: { de: 'Ausbringung (Gutteile)', en: 'Output (good parts)', unit: U('Stk.', 'pcs'), digits: 0 },
  downtimeMin: { de: 'Stillstand der Linie', en: 'Line downtime', unit: U('min'), digits: 1 },
  energyPerGoodPartKWh: {
    de: 'Energie je Gutteil',
    en: 'Energy per good part',
    unit: U('kWh/Stk.', 'kWh/pc'),
    digits: 3,
  },
  energyKWh: { de: 'Energie gesamt', en: 'Energy, total', unit: U('kWh'), digits: 1 },
  qualityRate: { de: 'Qualitätsrate', en: 'Quality rate', unit: U('%'), digits: 2 },
  oee: { de: 'OEE (Gesamtanlageneffektivität)', en: 'OEE', unit: U('%'), digits: 1 },
  availability: { de: 'Verfügbarkeit', en: 'Availability', unit: U('%'), digits: 1 },
  performance: { de: 'Leistungsgrad', en: 'Performance', unit: U('%'), digits: 1 },
  failures: { de: 'Ausfälle', en: 'Failures', unit: U(''), digits: 0 },
  mtbfH: { de: 'MTBF (Linie)', en: 'MTBF (line)', unit: U('h'), digits: 2 },
  mttrMin: { de: 'MTTR', en: 'MTTR', unit: U('min'), digits: 1 },
  ordersCompleted: { de: 'Aufträge abgeschlossen', en: 'Orders completed', unit: U(''), digits: 0 },
  lateOrders: { de: 'Verspätete Aufträge', en: 'Late orders', unit: U(''), digits: 0 },
  tardinessMin: { de: 'Verspätung gesamt', en: 'Total tardiness', unit: U('min'), digits: 0 },
};

const T = {
  title: U('Tagesbericht', 'Daily summary'),
  kpi: U('Kennzahl', 'KPI'),
  day: U('Tag', 'Day'),
  reference: U('Referenz', 'Reference'),
  delta: U('Δ', 'Δ'),
  verdict: U('Bewertung', 'Verdict'),
  better: U('besser', 'better'),
  worse: U('schlechter', 'worse'),
  same: U('gleich', 'same'),
  scenario: U('Szenario', 'Scenario'),
  against: U('Verglichen mit', 'Compared with'),
  undisturbed: U(
    'dem ungestörten Tag (gleiche Anlage, gleicher Seed, keine Störungen)',
    'the undisturbed day (same plant and seed, no disruptions)',
  ),
  undisturbedMeaning: U(
    'Die Abweichungen zeigen, was die Störungen des Tages gekostet haben (abzüglich dessen, was Eingriffe am Tag aufgefangen haben) – nicht den Beitrag der Agenten.',
    "The deltas show what the day's disruptions cost (net of what actions during the day recovered) — not the agents' contribution.",
  ),
  withoutActions: U(
    'demselben Tag ohne die Eingriffe der Agenten (gleiche Störungen, keine Befehle)',
    "the same day without the agents' actions (same disruptions, no commands)",
  ),
  withoutActionsMeaning: U(
    'Die Abweichungen zeigen, was die Eingriffe gebracht haben.',
    'The deltas show what the actions gained.',
  ),
  notable: U('Besondere Ereignisse', 'Notable events'),
  none: U('keine', 'none'),
  proposals: U('Vorschläge für morgen', 'Proposals for tomorrow'),
  measuredIn: U('Gemessen im digitalen Zwilling', 'Measured in the digital twin'),
  ranked: U(
    'gereiht nach Energieeinsparung und Liefertreue',
    'ranked by energy saving and delivery reliability',
  ),
  noProposal: U(
    'Keine der gemessenen Änderungen war in Energie oder Liefertreue besser, ohne anderes zu verschlechtern.',
    'None of the measured changes was better in energy or delivery without making something else worse.',
  ),
  notMeasured: U(
    'Keine Was-wäre-wenn-Läufe (nur im Bericht mit Zwilling).',
    'No what-if runs (only in a report with the twin).',
  ),
  energyPerPart: U('Energie je Gutteil', 'energy per good part'),
  goodParts: U('Gutteile', 'good parts'),
  lateOrders: U('verspätete Aufträge', 'late orders'),
  tardiness: U('Verspätung', 'tardiness'),
  commands: U('Befehle', 'commands'),
  withoutChange: U('ohne Änderung', 'without a change'),
  onTop: U('gemessen zusätzlich zu Vorschlag 1', 'measured on top of proposal 1'),
} as const;

const CATEGORY: Readonly<Record<NotableCategory, { de: string; en: string }>> = {
  disruption: U('Störung', 'disruption'),
  finding: U('Befund', 'finding'),
  action: U('Eingriff', 'action'),
  decision: U('Entscheidung', 'decision'),
};

const MINUS = '−';

/** A number with fixed digits, German decimal comma, a real minus sign; `signed` adds + for positives. */
export function formatNumber(v: number, digits: number, lang: ReportLanguage, signed = false): string {
  const r = Number(v.toFixed(digits));
  const body = Math.abs(r).toFixed(digits);
  const text = lang === 'de' ? body.replace('.', ',') : body;
  const sign = r < 0 ? MINUS : signed && r > 0 ? '+' : signed ? '±' : '';
  return `${sign}${text}`;
}

const withUnit = (text: string, unit: string): string =>
  unit === '' ? text : unit === '%' ? `${text} %` : `${text} ${unit}`;

function value(c: KpiComparison, v: number | undefined, lang: ReportLanguage): string {
  const l = LABELS[c.kpi];
  if (v === undefined) return '–';
  return withUnit(formatNumber(c.ratio ? v * 100 : v, l.digits, lang), l.unit[lang]);
}

function delta(c: KpiComparison, lang: ReportLanguage): string {
  const l = LABELS[c.kpi];
  if (c.delta === undefined) return '–';
  if (c.ratio) return `${formatNumber(c.delta * 100, l.digits, lang, true)} pp`;
  const abs = withUnit(formatNumber(c.delta, l.digits, lang, true), l.unit[lang]);
  return c.relative === undefined ? abs : `${abs} (${formatNumber(c.relative * 100, 1, lang, true)} %)`;
}

const verdict = (c: KpiComparison, lang: ReportLanguage): string =>
  c.verdict === undefined
    ? ''
    : `${c.verdict === 'better' ? '▲' : c.verdict === 'worse' ? '▼' : '='} ${T[c.verdict][lang]}`;

function commandText(c: TwinCommand): string {
  switch (c.type) {
    case 'SetStationSpeed':
      return `SetStationSpeed ${c.station} ${c.speedFactor}`;
    case 'PerformMaintenance':
      return `PerformMaintenance ${c.station} ${c.durationMin} min`;
    case 'SetOrderPriority':
      return `SetOrderPriority ${c.order} ${c.priority}`;
    case 'CorrectThermalDrift':
      return `CorrectThermalDrift ${c.station}`;
    case 'CancelOrder':
      return `CancelOrder ${c.order}`;
    case 'ReportWorkerSick':
      return `ReportWorkerSick ${c.worker}`;
  }
}

function proposalLine(p: RankedProposal, lang: ReportLanguage): string {
  const parts = [
    `${T.energyPerPart[lang]} ${formatNumber(-p.energySaving * 100, 1, lang, true)} % (${formatNumber(p.figures.energyPerGoodPartKWh, 3, lang)} ${lang === 'de' ? 'statt' : 'vs'} ${formatNumber(p.baseline.energyPerGoodPartKWh, 3, lang)} kWh)`,
    `${T.goodParts[lang]} ${formatNumber(p.deltas.goodParts, 0, lang, true)}`,
    `${T.lateOrders[lang]} ${formatNumber(p.deltas.lateOrders, 0, lang, true)}`,
    `${T.tardiness[lang]} ${formatNumber(p.deltas.tardinessMin, 0, lang, true)} min`,
  ];
  const onTop = p.after === undefined ? '' : ` (${T.onTop[lang]})`;
  return `${p.text[lang]} — ${parts.join(', ')}${onTop}`;
}

function header(s: DailySummary, lang: ReportLanguage): string[] {
  const ref = s.reference.kind === 'undisturbed' ? T.undisturbed : T.withoutActions;
  const meaning = s.reference.kind === 'undisturbed' ? T.undisturbedMeaning : T.withoutActionsMeaning;
  return [
    `${T.title[lang]} ${s.plant.name} – ${s.date}, ${clockTime(s.window.fromMs)}–${clockTime(s.window.toMs)}`,
    `${T.scenario[lang]}: ${s.scenario ?? '–'} · ${T.against[lang]} ${ref[lang]}${s.reference.scenario === undefined ? '' : `, ${lang === 'de' ? 'Szenario' : 'scenario'} ${s.reference.scenario}`}. ${meaning[lang]}`,
  ];
}

function tomorrowIntro(s: DailySummary, lang: ReportLanguage): string {
  const t = s.tomorrow;
  if (t === undefined) return T.notMeasured[lang];
  const hours = formatNumber((t.toMs - t.fromMs) / 3_600_000, 0, lang);
  const from = clockTime(t.fromMs);
  return lang === 'de'
    ? `${T.measuredIn.de}: ${t.candidates} Änderungen über ${hours} h ab ${from} (Referenz ${T.withoutChange.de}: ${t.reference.goodParts} Gutteile, ${formatNumber(t.reference.energyPerGoodPartKWh, 3, 'de')} kWh/Stk., verspätete Aufträge: ${t.reference.lateOrders}), ${t.qualifying} davon besser; die übrigen danach zusätzlich zur besten gemessen; ${T.ranked.de}.`
    : `${T.measuredIn.en}: ${t.candidates} changes over ${hours} h from ${from} (reference ${T.withoutChange.en}: ${t.reference.goodParts} good parts, ${formatNumber(t.reference.energyPerGoodPartKWh, 3, 'en')} kWh/pc, late orders: ${t.reference.lateOrders}), ${t.qualifying} of them better; the others then measured on top of the best; ${T.ranked.en}.`;
}

const cell = (x: string): string => x.replace(/\|/g, '\\|');

export function renderMarkdown(s: DailySummary, lang: ReportLanguage): string {
  const [title, sub] = header(s, lang);
  const out = [`# ${title}`, '', sub ?? '', ''];
  out.push(
    `| ${T.kpi[lang]} | ${T.day[lang]} | ${T.reference[lang]} | ${T.delta[lang]} | ${T.verdict[lang]} |`,
    '|---|---:|---:|---:|---|',
  );
  for (const c of s.comparisons)
    out.push(
      `| ${LABELS[c.kpi][lang]} | ${value(c, c.day, lang)} | ${value(c, c.reference, lang)} | ${delta(c, lang)} | ${verdict(c, lang)} |`,
    );
  out.push('', `## ${T.notable[lang]}`, '');
  if (s.notable.length === 0) out.push(`- ${T.none[lang]}`);
  for (const n of s.notable)
    out.push(`- ${clockTime(n.time)} · ${CATEGORY[n.category][lang]} · ${cell(n.text[lang])}`);
  out.push('', `## ${T.proposals[lang]}`, '', tomorrowIntro(s, lang), '');
  if (s.tomorrow !== undefined && s.proposals.length === 0) out.push(T.noProposal[lang]);
  s.proposals.forEach((p, i) => {
    out.push(`${i + 1}. **${proposalLine(p, lang).replace(' — ', '** — ')}`);
    out.push(
      `   ${T.commands[lang]}: ${p.commands.map((c) => `\`${commandText(c.command)}\`${c.afterMs > 0 ? ` @ ${clockTime((s.tomorrow?.fromMs ?? 0) + c.afterMs)}` : ''}`).join(', ')}`,
    );
  });
  return `${out.join('\n')}\n`;
}

function textTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  right: ReadonlySet<number>,
): string[] {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r
      .map((c, i) => (right.has(i) ? c.padStart(w[i] ?? 0) : c.padEnd(w[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), w.map((n) => '─'.repeat(n)).join('  '), ...rows.map(line)];
}

export function renderText(s: DailySummary, lang: ReportLanguage): string {
  const [title, sub] = header(s, lang);
  const out = [title ?? '', sub ?? '', ''];
  const rows = s.comparisons.map((c) => [
    LABELS[c.kpi][lang],
    value(c, c.day, lang),
    value(c, c.reference, lang),
    delta(c, lang),
    verdict(c, lang),
  ]);
  out.push(
    ...textTable(
      [T.kpi[lang], T.day[lang], T.reference[lang], T.delta[lang], T.verdict[lang]],
      rows,
      new Set([1, 2, 3]),
    ),
  );
  out.push('', `${T.notable[lang]}:`);
  if (s.notable.length === 0) out.push(`  ${T.none[lang]}`);
  for (const n of s.notable)
    out.push(`  ${clockTime(n.time)}  ${CATEGORY[n.category][lang].padEnd(12)} ${n.text[lang]}`);
  out.push('', `${T.proposals[lang]}:`, `  ${tomorrowIntro(s, lang)}`);
  if (s.tomorrow !== undefined && s.proposals.length === 0) out.push(`  ${T.noProposal[lang]}`);
  s.proposals.forEach((p, i) => out.push(`  ${i + 1}. ${proposalLine(p, lang)}`));
  return `${out.join('\n')}\n`;
}
