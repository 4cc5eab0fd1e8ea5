/**
 * A small, strict delimited-text reader: text in, typed columns out, coded errors that name the
 * line and the column. Pure (no file access): the CLI and the benchmarks read the file and pass
 * the string.
 *
 * Separators are detected from the first lines: `;` (SKAB, European exports with decimal comma),
 * tab, `,`, else runs of whitespace (NASA C-MAPSS). Double-quoted fields follow RFC 4180 §2
 * (`""` is a quote inside a quoted field) for the single-character separators.
 *
 * @example
 *   const t = parseCsv('unit,cycle,s1\n1,1,518.67\n', { source: 'plant.csv' });
 *   numericColumn(t, 's1'); // Float64Array [518.67]
 */
import { AetherError } from '@aethercore/core';

export type CsvSeparator = ',' | ';' | '\t' | 'whitespace';

export interface CsvOptions {
  /** Name used in error messages (usually the file name). Default `input`. */
  readonly source?: string;
  /** Default `auto`: `;`, tab or `,` if each of the first lines has the same positive count, else whitespace. */
  readonly separator?: CsvSeparator | 'auto';
  /** Default `auto`: the first row is a header when none of its fields is a number. */
  readonly header?: boolean | 'auto';
  /** Column names when the text has no header row (default `c1`, `c2`, …). */
  readonly names?: readonly string[];
  /**
   * `numeric` (default): every column must be numeric. `infer`: a column whose first data value is
   * not a number is a text column (e.g. SKAB's `datetime`), all others must be numeric.
   * Or an explicit list of the columns that hold text.
   */
  readonly columnTypes?: 'numeric' | 'infer' | { readonly text: readonly string[] };
  /** Decimal mark of numbers. Default `.`. With `,` the separator cannot be `,`. */
  readonly decimal?: '.' | ',';
  /** Empty numeric fields become NaN instead of an error. Default false. */
  readonly allowMissing?: boolean;
  /** Lines starting with this prefix are skipped (e.g. `#`). Default: none. */
  readonly comment?: string;
}

export type CsvColumn =
  | { readonly name: string; readonly kind: 'number'; readonly values: Float64Array }
  | { readonly name: string; readonly kind: 'text'; readonly values: readonly string[] };

export interface CsvTable {
  readonly source: string;
  readonly separator: CsvSeparator;
  readonly hasHeader: boolean;
  readonly columns: readonly CsvColumn[];
  readonly rowCount: number;
  /** 1-based line in the text of each data row, for error messages downstream. */
  readonly lines: Int32Array;
}

// Strict number syntax: `Number('')` is 0 and `Number('0x1f')` is 31, neither belongs in a sensor column.
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NUMBER_COMMA = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;

/** Parse delimited text into typed columns. Throws `AetherError` (`csv.*`) naming line and column. */
export function parseCsv(text: string, options: CsvOptions = {}): CsvTable {
  const source = options.source ?? 'input';
  const decimal = options.decimal ?? '.';
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rawLines = body.split(/\r\n|\n|\r/);
  const lines: { text: string; line: number }[] = [];
  for (let i = 0; i < rawLines.length; i++) {
    const l = rawLines[i] ?? '';
    if (l.trim() === '') continue;
    if (options.comment !== undefined && l.trimStart().startsWith(options.comment)) continue;
    lines.push({ text: l, line: i + 1 });
  }
  if (lines.length === 0) {
    throw new AetherError({
      code: 'csv.empty',
      message: `${source} holds no data rows`,
      hint: 'Check the file: it is empty or holds only blank/comment lines.',
      path: source,
    });
  }
  const separator =
    options.separator === undefined || options.separator === 'auto'
      ? detectSeparator(lines.slice(0, 20).map((l) => l.text))
      : options.separator;
  if (separator === ',' && decimal === ',') {
    throw new AetherError({
      code: 'csv.options-invalid',
      message: 'decimal comma cannot be combined with the comma separator',
      hint: 'Use `;` or tab as separator for numbers with a decimal comma.',
    });
  }
  const isNumber = (s: string): boolean => (decimal === '.' ? NUMBER : NUMBER_COMMA).test(s);
  const toNumber = (s: string): number => Number(decimal === '.' ? s : s.replace(',', '.'));

  const first = lines[0];
  if (first === undefined) throw new Error('unreachable: lines is not empty');
  const firstFields = splitLine(first.text, separator, source, first.line);
  const hasHeader =
    options.header === undefined || options.header === 'auto'
      ? firstFields.every((f) => !isNumber(f.trim()))
      : options.header;
  const width = firstFields.length;
  const names = hasHeader ? firstFields.map((f) => f.trim()) : defaultNames(width, options.names, source);
  checkNames(names, source, hasHeader ? first.line : undefined);

  const dataLines = hasHeader ? lines.slice(1) : lines;
  if (dataLines.length === 0) {
    throw new AetherError({
      code: 'csv.empty',
      message: `${source} has a header but no data rows`,
      hint: 'Add data rows below the header line.',
      path: `${source}:${first.line}`,
    });
  }
  const rows = dataLines.map((l) => splitLine(l.text, separator, source, l.line));
  for (let r = 0; r < rows.length; r++) {
    const n = rows[r]?.length ?? 0;
    if (n !== width) {
      const line = dataLines[r]?.line ?? 0;
      throw new AetherError({
        code: 'csv.column-count',
        message: `${source} line ${line}: expected ${width} columns, found ${n}`,
        hint: `Every row must have as many fields as ${hasHeader ? 'the header' : 'the first row'} (${width}), separated by ${describe(separator)}.`,
        path: `${source}:${line}`,
        details: { line, expected: width, found: n },
      });
    }
  }

  const textSet = textColumns(options.columnTypes, names, rows, isNumber, source);
  const columns: CsvColumn[] = names.map((name, c) => {
    if (textSet.has(name)) return { name, kind: 'text', values: rows.map((row) => (row[c] ?? '').trim()) };
    const values = new Float64Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const raw = (rows[r]?.[c] ?? '').trim();
      const line = dataLines[r]?.line ?? 0;
      if (raw === '') {
        if (options.allowMissing === true) {
          values[r] = Number.NaN;
          continue;
        }
        throw cellError('csv.value-missing', `is empty`, source, line, c, name, raw);
      }
      if (!isNumber(raw))
        throw cellError(
          'csv.value-not-numeric',
          `is not a number: '${raw.slice(0, 40)}'`,
          source,
          line,
          c,
          name,
          raw,
        );
      values[r] = toNumber(raw);
    }
    return { name, kind: 'number', values };
  });
  return {
    source,
    separator,
    hasHeader,
    columns,
    rowCount: rows.length,
    lines: Int32Array.from(dataLines, (l) => l.line),
  };
}

/** The numeric values of a column; `csv.column-unknown` / `csv.column-not-numeric` otherwise. */
export function numericColumn(table: CsvTable, name: string): Float64Array {
  const col = findColumn(table, name);
  if (col.kind !== 'number') {
    throw new AetherError({
      code: 'csv.column-not-numeric',
      message: `${table.source}: column '${name}' holds text, a number column was expected`,
      hint: 'Check the column or read it with textColumn().',
      path: `${table.source}:${name}`,
    });
  }
  return col.values;
}

/** The raw text values of a column (any column kind). */
export function textColumn(table: CsvTable, name: string): readonly string[] {
  const col = findColumn(table, name);
  return col.kind === 'text' ? col.values : Array.from(col.values, String);
}

function findColumn(table: CsvTable, name: string): CsvColumn {
  const col = table.columns.find((c) => c.name === name);
  if (col === undefined) {
    throw new AetherError({
      code: 'csv.column-unknown',
      message: `${table.source} has no column '${name}'`,
      hint: `Columns: ${table.columns.map((c) => c.name).join(', ')}`,
      path: `${table.source}:${name}`,
      kind: 'not-found',
    });
  }
  return col;
}

function cellError(
  code: string,
  what: string,
  source: string,
  line: number,
  c: number,
  name: string,
  raw: string,
): AetherError {
  return new AetherError({
    code,
    message: `${source} line ${line}, column ${c + 1} (${name}) ${what}`,
    hint:
      code === 'csv.value-missing'
        ? 'Fill the value or remove the row.'
        : 'Numeric columns take plain decimal numbers such as 518.67 or -1.2e-3 (no NaN, no units).',
    path: `${source}:${line}:${c + 1}`,
    details: { line, column: c + 1, columnName: name, value: raw.slice(0, 80) },
  });
}

function detectSeparator(sample: readonly string[]): CsvSeparator {
  // `;` first: with a decimal comma the `,` count is consistent too, but `;` is the real separator.
  for (const sep of [';', '\t', ','] as const) {
    const counts = sample.map((l) => countOutsideQuotes(l, sep));
    const c0 = counts[0] ?? 0;
    if (c0 > 0 && counts.every((c) => c === c0)) return sep;
  }
  return 'whitespace';
}

function countOutsideQuotes(line: string, sep: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === sep && !quoted) n++;
  }
  return n;
}

function splitLine(line: string, sep: CsvSeparator, source: string, lineNo: number): string[] {
  if (sep === 'whitespace') return line.trim().split(/\s+/);
  if (!line.includes('"')) return line.split(sep);
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (quoted) {
    throw new AetherError({
      code: 'csv.quote-unclosed',
      message: `${source} line ${lineNo}: a quoted field is not closed`,
      hint: 'Close the quote; a quote inside a quoted field is written as two quotes ("").',
      path: `${source}:${lineNo}`,
    });
  }
  out.push(cur);
  return out;
}

function defaultNames(width: number, names: readonly string[] | undefined, source: string): string[] {
  if (names === undefined) return Array.from({ length: width }, (_, i) => `c${i + 1}`);
  if (names.length !== width) {
    throw new AetherError({
      code: 'csv.column-count',
      message: `${source}: ${names.length} column names given, the first row has ${width} fields`,
      hint: 'Pass one name per column.',
      path: source,
      details: { expected: names.length, found: width },
    });
  }
  return [...names];
}

function checkNames(names: readonly string[], source: string, line: number | undefined): void {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (n === '' || seen.has(n)) {
      throw new AetherError({
        code: 'csv.header-invalid',
        message: `${source}: column ${i + 1} of the header is ${n === '' ? 'empty' : `a duplicate ('${n}')`}`,
        hint: 'Give every column a unique, non-empty name.',
        path: line === undefined ? source : `${source}:${line}:${i + 1}`,
      });
    }
    seen.add(n);
  });
}

function textColumns(
  types: CsvOptions['columnTypes'],
  names: readonly string[],
  rows: readonly (readonly string[])[],
  isNumber: (s: string) => boolean,
  source: string,
): Set<string> {
  if (types === undefined || types === 'numeric') return new Set();
  if (types === 'infer') {
    return new Set(
      names.filter((_, c) => {
        const v = rows.find((r) => (r[c] ?? '').trim() !== '')?.[c]?.trim();
        return v !== undefined && !isNumber(v);
      }),
    );
  }
  for (const t of types.text) {
    if (!names.includes(t)) {
      throw new AetherError({
        code: 'csv.column-unknown',
        message: `${source} has no column '${t}' (listed as a text column)`,
        hint: `Columns: ${names.join(', ')}`,
        path: source,
        kind: 'not-found',
      });
    }
  }
  return new Set(types.text);
}

function describe(sep: CsvSeparator): string {
  return sep === 'whitespace' ? 'whitespace' : sep === '\t' ? 'tabs' : `'${sep}'`;
}
