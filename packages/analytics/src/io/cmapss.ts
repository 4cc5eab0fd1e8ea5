/**
 * Run-to-failure histories of a fleet: NASA C-MAPSS text (Saxena, Goebel, Simon, Eklund,
 * "Damage Propagation Modeling for Aircraft Engine Run-to-Failure Simulation", PHM 2008) and a
 * plant's own CSV with a header.
 *
 * C-MAPSS layout: no header, whitespace-separated, 26 numbers per row:
 *   unit, cycle, setting1..setting3, s1..s21.
 * CSV layout: a header `unit,cycle,<settings…>,<sensors…>`; a column is an operating setting when
 * its name starts with `setting`, `op_setting` or `os` (or when listed in `settingColumns`), every
 * other column after unit and cycle is a sensor. Separator auto-detected (`,` `;` tab whitespace).
 */
import { AetherError } from '@aethercore/core';
import { numericColumn, parseCsv, textColumn, type CsvTable } from './csv.ts';

/** One unit (engine, spindle, pump): its readings per operating cycle, column-major. */
export interface UnitHistory {
  readonly unit: string;
  /** Cycle numbers, strictly increasing. */
  readonly cycles: Float64Array;
  /** settings[k][i]: operating setting k at the i-th cycle. */
  readonly settings: readonly Float64Array[];
  /** sensors[k][i]: sensor k at the i-th cycle. */
  readonly sensors: readonly Float64Array[];
}

export interface FleetHistory {
  readonly source: string;
  readonly settingNames: readonly string[];
  readonly sensorNames: readonly string[];
  /** Units in order of first appearance. */
  readonly units: readonly UnitHistory[];
}

export interface FleetReadOptions {
  readonly source?: string;
  /** CSV only: the operating-setting columns (default: names starting with setting/op_setting/os). */
  readonly settingColumns?: readonly string[];
}

const CMAPSS_NAMES = [
  'unit',
  'cycle',
  'setting1',
  'setting2',
  'setting3',
  ...Array.from({ length: 21 }, (_, i) => `s${i + 1}`),
];
const SETTING_NAME = /^(setting|op_?setting|os)/i;

/** Read C-MAPSS text or a CSV with header into per-unit histories. Throws `csv.*` / `fleet.*` errors. */
export function parseFleetHistory(text: string, options: FleetReadOptions = {}): FleetHistory {
  const source = options.source ?? 'input';
  // Decide the layout from the first line only (a header has no number in it); the full parse
  // below checks every row and names C-MAPSS columns in its errors.
  const probe = parseCsv(firstLine(text), { source, header: false, columnTypes: 'infer' });
  // A header has names, not numbers: a data line with one malformed token (`1,5`) can make every
  // probed column text, so a line whose tokens all read as numbers is data (and fails as data).
  const tokens = firstLine(text)
    .trim()
    .split(/[\s,;]+/)
    .filter((s) => s !== '');
  const allNumeric = tokens.length > 0 && tokens.every((s) => s.trim() !== '' && Number.isFinite(Number(s)));
  const hasHeader = !allNumeric && probe.columns.every((c) => c.kind === 'text');
  if (!hasHeader) {
    const width = probe.columns.length;
    const line = lineNumberOfFirst(text);
    if (width !== CMAPSS_NAMES.length) {
      throw new AetherError({
        code: 'fleet.layout-unknown',
        message: `${source}: a file without header must have 26 columns (C-MAPSS: unit, cycle, 3 settings, 21 sensors), line ${line} has ${width}`,
        hint: 'Add a header line `unit,cycle,<settings…>,<sensors…>` for other layouts.',
        path: `${source}:${line}`,
        details: { expected: 26, found: width },
      });
    }
    const table = parseCsv(text, { source, header: false, names: CMAPSS_NAMES });
    return fromTable(table, ['setting1', 'setting2', 'setting3'], CMAPSS_NAMES.slice(5));
  }
  // Unit ids stay text in the CSV layout (`engine-7`, `P-104`).
  const table = parseCsv(text, { source, header: true, columnTypes: { text: [firstField(probe)] } });
  const names = table.columns.map((c) => c.name);
  for (const [i, required] of ['unit', 'cycle'].entries()) {
    if (names[i]?.toLowerCase() !== required) {
      throw new AetherError({
        code: 'fleet.header-invalid',
        message: `${source}: column ${i + 1} of the header must be '${required}', found '${names[i] ?? ''}'`,
        hint: 'The CSV layout is `unit,cycle,<settings…>,<sensors…>`.',
        path: `${source}:${table.lines[0] === undefined ? 1 : table.lines[0] - 1}:${i + 1}`,
      });
    }
  }
  const rest = names.slice(2);
  const settingNames = options.settingColumns ?? rest.filter((n) => SETTING_NAME.test(n));
  for (const s of settingNames) {
    if (!rest.includes(s)) {
      throw new AetherError({
        code: 'fleet.column-unknown',
        message: `${source}: setting column '${s}' is not in the header`,
        hint: `Columns: ${names.join(', ')}`,
        path: source,
        kind: 'not-found',
      });
    }
  }
  const sensorNames = rest.filter((n) => !settingNames.includes(n));
  if (sensorNames.length === 0) {
    throw new AetherError({
      code: 'fleet.sensors-missing',
      message: `${source}: no sensor columns after unit, cycle and the settings`,
      hint: 'Add at least one sensor column.',
      path: source,
    });
  }
  return fromTable(table, settingNames, sensorNames);
}

/** One RUL value per line (C-MAPSS `RUL_FD00x.txt`): the truth for the test units in file order. */
export function parseRulTruth(text: string, source = 'input'): Float64Array {
  const t = parseCsv(text, { source, header: false, separator: 'whitespace' });
  if (t.columns.length !== 1) {
    throw new AetherError({
      code: 'fleet.truth-invalid',
      message: `${source}: expected one RUL value per line, found ${t.columns.length} columns`,
      hint: 'The truth file holds one number per line, one line per test unit.',
      path: source,
    });
  }
  return numericColumn(t, 'c1');
}

function fromTable(
  table: CsvTable,
  settingNames: readonly string[],
  sensorNames: readonly string[],
): FleetHistory {
  const unitCol = table.columns[0];
  const units = unitCol?.kind === 'text' ? unitCol.values : textColumn(table, unitCol?.name ?? 'unit');
  const cycle = numericColumn(table, table.columns[1]?.name ?? 'cycle');
  const settings = settingNames.map((n) => numericColumn(table, n));
  const sensors = sensorNames.map((n) => numericColumn(table, n));
  const rowsOf = new Map<string, number[]>();
  for (let r = 0; r < table.rowCount; r++) {
    const u = units[r] ?? '';
    let list = rowsOf.get(u);
    if (list === undefined) rowsOf.set(u, (list = []));
    list.push(r);
  }
  const out: UnitHistory[] = [];
  for (const [unit, rows] of rowsOf) {
    rows.sort((a, b) => (cycle[a] ?? 0) - (cycle[b] ?? 0));
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1] ?? 0;
      const b = rows[i] ?? 0;
      if (cycle[a] === cycle[b]) {
        const line = table.lines[b] ?? 0;
        throw new AetherError({
          code: 'fleet.cycle-duplicate',
          message: `${table.source} line ${line}, column 2 (cycle): unit ${unit} has cycle ${cycle[b]} twice (also line ${table.lines[a]})`,
          hint: 'Each unit needs one row per cycle.',
          path: `${table.source}:${line}:2`,
          details: { line, column: 2, unit },
        });
      }
    }
    const pick = (col: Float64Array): Float64Array => Float64Array.from(rows, (r) => col[r] ?? Number.NaN);
    out.push({ unit, cycles: pick(cycle), settings: settings.map(pick), sensors: sensors.map(pick) });
  }
  return {
    source: table.source,
    settingNames: [...settingNames],
    sensorNames: [...sensorNames],
    units: out,
  };
}

function firstLine(text: string): string {
  for (const l of text.split(/\r\n|\n|\r/, 50)) if (l.trim() !== '') return l;
  return '';
}

function lineNumberOfFirst(text: string): number {
  const lines = text.split(/\r\n|\n|\r/, 50);
  const i = lines.findIndex((l) => l.trim() !== '');
  return i < 0 ? 1 : i + 1;
}

function firstField(t: CsvTable): string {
  const c = t.columns[0];
  return c?.kind === 'text' ? (c.values[0] ?? 'unit') : 'unit';
}
