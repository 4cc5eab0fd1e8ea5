import { AetherError } from '@aethercore/core';
import { parseCsv, textColumn } from '../io/csv.ts';

/**
 * A time-stamped numeric table for the anomaly models: the first column is the time (kept as text),
 * every other column must be numeric. Built on the shared strict CSV reader (`io/csv.ts`: separator
 * auto-detection, coded `csv.*` errors naming line and column); this adds the anomaly-specific rule
 * that only the first column may hold text.
 */
export interface NumericTable {
  readonly timeColumn: string;
  readonly columns: readonly string[];
  readonly times: readonly string[];
  /** Row-major values in `columns` order. */
  readonly rows: readonly (readonly number[])[];
  /** 1-based line in the text of each row (for messages). */
  readonly lines: readonly number[];
}

export interface ParseNumericTableOptions {
  /** Columns to drop (e.g. SKAB's labels `anomaly`, `changepoint` when fitting). */
  readonly exclude?: readonly string[];
  /** Name used in error messages (usually the file name). */
  readonly source?: string;
}

/**
 * The separator is taken from the header line alone (the one of `;`, tab, `,` it holds most of), so a
 * data row with a missing field is reported as a column-count error on its line instead of making the
 * shared reader's consistency-based detection fall back to whitespace.
 */
function headerSeparator(text: string): ';' | '\t' | ',' | 'auto' {
  const header =
    text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .find((l) => l.trim() !== '') ?? '';
  let best: ';' | '\t' | ',' | 'auto' = 'auto';
  let most = 0;
  for (const sep of [';', '\t', ','] as const) {
    const n = header.split(sep).length - 1;
    if (n > most) {
      most = n;
      best = sep;
    }
  }
  return best;
}

export function parseNumericTable(text: string, options: ParseNumericTableOptions = {}): NumericTable {
  const source = options.source ?? 'input';
  const t = parseCsv(text, { source, header: true, columnTypes: 'infer', separator: headerSeparator(text) });
  const first = t.columns[0];
  if (first === undefined || t.columns.length < 2) {
    throw new AetherError({
      code: 'anomaly.csv-columns',
      message: `${source} has ${t.columns.length} column(s); a time column and at least one numeric column are needed`,
      hint: 'Give a header line: time;sensor1;sensor2;… (separator ; , or tab).',
      path: source,
    });
  }
  const exclude = new Set(options.exclude ?? []);
  const kept = t.columns.slice(1).filter((c) => !exclude.has(c.name));
  const firstLine = t.lines[0] ?? 2;
  const numeric = kept.map((c) => {
    const col = t.columns.indexOf(c) + 1;
    if (c.kind !== 'number') {
      throw new AetherError({
        code: 'csv.value-not-numeric',
        message: `${source} line ${firstLine}, column ${col} (${c.name}) is not a number: '${(c.values[0] ?? '').slice(0, 40)}'`,
        hint: 'Only the first column (time) may hold text; every other column takes plain decimal numbers.',
        path: `${source}:${firstLine}:${col}`,
      });
    }
    return c.values;
  });
  const rows: number[][] = [];
  for (let r = 0; r < t.rowCount; r++) rows.push(numeric.map((v) => v[r] as number));
  return {
    timeColumn: first.name,
    columns: kept.map((c) => c.name),
    times: textColumn(t, first.name),
    rows,
    lines: Array.from(t.lines),
  };
}
