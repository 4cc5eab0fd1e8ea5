/**
 * Shared tokenising for the benchmark text formats (JSPLib job shop, Brandimarte flexible job shop):
 * numbers separated by blanks or tabs, one record per line. Blank lines and comment lines (`#`, `//`,
 * `;`) are skipped so that hand-edited files and the JSPLib variants with headers still load.
 */
import { AetherError } from '@aethercore/core';

export interface NumberLine {
  /** 1-based line number in the original text, for error messages. */
  readonly line: number;
  readonly values: readonly number[];
}

const COMMENT = /^\s*(#|\/\/|;)/;

/** Split `text` into lines of numbers; a token that is not a number is a `planning.instance-malformed` error. */
export function numberLines(text: string, name: string): NumberLine[] {
  const out: NumberLine[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (raw.trim() === '' || COMMENT.test(raw)) continue;
    const tokens = raw.trim().split(/\s+/);
    const values: number[] = [];
    for (let t = 0; t < tokens.length; t++) {
      const tok = tokens[t] ?? '';
      const v = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(tok) ? Number(tok) : Number.NaN;
      if (Number.isNaN(v)) {
        throw malformed(name, i + 1, `expected a number as token ${t + 1}, found '${tok.slice(0, 20)}'`);
      }
      values.push(v);
    }
    out.push({ line: i + 1, values });
  }
  return out;
}

/** The coded error every instance parser throws, naming the file and line. */
export function malformed(name: string, line: number, what: string, hint?: string): AetherError {
  return new AetherError({
    code: 'planning.instance-malformed',
    message: `${name}, line ${line}: ${what}`,
    hint:
      hint ??
      'Check the file against its format: job shop = first line `jobs machines`, then one line per job of `machine duration` pairs; flexible job shop (Brandimarte) = `jobs machines avgFlex`, then per job `#ops` and per operation `#alternatives (machine duration)*`.',
    path: `line ${line}`,
    kind: 'invalid',
    details: { instance: name, line },
  });
}

/** A non-negative integer check with a helpful message. */
export function requireInt(
  name: string,
  line: number,
  value: number | undefined,
  what: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) throw malformed(name, line, `expected ${what}, found end of line`);
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in ${min}..${max}`;
    throw malformed(name, line, `expected ${what} as ${range}, found ${value}`);
  }
  return value;
}
