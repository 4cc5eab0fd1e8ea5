/**
 * Parser for the classic job-shop text format used by JSPLib / OR-Library (Fisher & Thompson 1963,
 * Lawrence 1984, Taillard 1993, …): the first line holds `jobs machines`, then one line per job of
 * `machine duration` pairs in processing order, machines 0-based.
 *
 * A job may visit a machine more than once (recirculation, as in the `bel` industrial-like set).
 *
 * Taillard's original files use a different (two-matrix) layout; JSPLib ships them converted to this
 * one, which is what `bench-data/jssp` holds.
 */
import type { JobShopInstance } from './instances.ts';
import { malformed, numberLines, requireInt } from './text-lines.ts';

/**
 * Parse a job-shop instance. Throws `AetherError` `planning.instance-malformed` naming the line on bad input.
 * @example parseJobShop('2 2\n0 3 1 2\n1 4 0 1\n', 'tiny').ops[1][0] // { machine: 1, duration: 4 }
 */
export function parseJobShop(text: string, name: string): JobShopInstance {
  const lines = numberLines(text, name);
  const header = lines[0];
  if (header === undefined)
    throw malformed(name, 1, 'expected a header line `jobs machines`, found an empty file');
  if (header.values.length !== 2) {
    throw malformed(
      name,
      header.line,
      `expected the header \`jobs machines\` (2 numbers), found ${header.values.length} numbers`,
    );
  }
  const jobs = requireInt(name, header.line, header.values[0], 'the number of jobs', 1);
  const machines = requireInt(name, header.line, header.values[1], 'the number of machines', 1);
  const ops: { machine: number; duration: number }[][] = [];
  for (let j = 0; j < jobs; j++) {
    const l = lines[j + 1];
    if (l === undefined) {
      const last = lines[lines.length - 1]?.line ?? header.line;
      throw malformed(
        name,
        last + 1,
        `expected the line of job ${j} (${jobs} jobs declared), found end of file`,
      );
    }
    if (l.values.length === 0 || l.values.length % 2 !== 0) {
      throw malformed(
        name,
        l.line,
        `expected \`machine duration\` pairs for job ${j}, found ${l.values.length} numbers (odd count)`,
      );
    }
    const seq: { machine: number; duration: number }[] = [];
    for (let k = 0; k < l.values.length; k += 2) {
      const machine = requireInt(
        name,
        l.line,
        l.values[k],
        `a machine number (0..${machines - 1}) at pair ${k / 2 + 1}`,
        0,
        machines - 1,
      );
      const duration = requireInt(name, l.line, l.values[k + 1], `a duration at pair ${k / 2 + 1}`, 0);
      seq.push({ machine, duration });
    }
    ops.push(seq);
  }
  const extra = lines[jobs + 1];
  if (extra !== undefined) {
    throw malformed(
      name,
      extra.line,
      `expected end of file after ${jobs} job lines, found more numbers`,
      'Is the job count in the header right? Remove trailing data, or put it in a `#` comment.',
    );
  }
  return { name, jobs, machines, ops };
}
