/**
 * Parser for the flexible job-shop text format of Brandimarte (1993), also used for the Hurink,
 * Kacem and Fattahi sets: `jobs machines avgFlexibility`, then one line per job holding `#ops` and,
 * per operation, `#alternatives` followed by `(machine duration)` pairs. Machines are **1-based** in
 * the files; they are converted to 0-based here, as `FlexibleJobShopInstance` requires.
 */
import type { FlexibleJobShopInstance } from './instances.ts';
import { malformed, numberLines, requireInt } from './text-lines.ts';

type Alt = { machine: number; duration: number };

/** Parse a flexible job-shop instance; `planning.instance-malformed` naming the line on bad input. */
export function parseFlexibleJobShop(text: string, name: string): FlexibleJobShopInstance {
  const lines = numberLines(text, name);
  const header = lines[0];
  if (header === undefined)
    throw malformed(name, 1, 'expected a header line `jobs machines avgFlexibility`, found an empty file');
  if (header.values.length < 2 || header.values.length > 3) {
    throw malformed(
      name,
      header.line,
      `expected the header \`jobs machines [avgFlexibility]\`, found ${header.values.length} numbers`,
    );
  }
  const jobs = requireInt(name, header.line, header.values[0], 'the number of jobs', 1);
  const machines = requireInt(name, header.line, header.values[1], 'the number of machines', 1);
  const ops: Alt[][][] = [];
  for (let j = 0; j < jobs; j++) {
    const l = lines[j + 1];
    if (l === undefined) {
      const last = lines[lines.length - 1]?.line ?? header.line;
      throw malformed(
        name,
        last + 1,
        `expected the line of job ${j + 1} (${jobs} jobs declared), found end of file`,
      );
    }
    const v = l.values;
    let p = 0;
    const nOps = requireInt(name, l.line, v[p++], `the number of operations of job ${j + 1}`, 1);
    const job: Alt[][] = [];
    for (let o = 0; o < nOps; o++) {
      const nAlt = requireInt(
        name,
        l.line,
        v[p++],
        `the number of alternatives of operation ${o + 1} of job ${j + 1}`,
        1,
        machines,
      );
      const alts: Alt[] = [];
      for (let a = 0; a < nAlt; a++) {
        const m1 = requireInt(
          name,
          l.line,
          v[p++],
          `a 1-based machine number (1..${machines}) for operation ${o + 1}, alternative ${a + 1}`,
          1,
          machines,
        );
        const duration = requireInt(
          name,
          l.line,
          v[p++],
          `a duration for operation ${o + 1}, alternative ${a + 1}`,
          0,
        );
        if (alts.some((x) => x.machine === m1 - 1)) {
          throw malformed(name, l.line, `operation ${o + 1} of job ${j + 1} lists machine ${m1} twice`);
        }
        alts.push({ machine: m1 - 1, duration });
      }
      job.push(alts);
    }
    if (p !== v.length) {
      throw malformed(
        name,
        l.line,
        `expected ${p} numbers for job ${j + 1} (${nOps} operations), found ${v.length}`,
      );
    }
    ops.push(job);
  }
  const extra = lines[jobs + 1];
  if (extra !== undefined) {
    throw malformed(
      name,
      extra.line,
      `expected end of file after ${jobs} job lines, found more numbers`,
      'Is the job count in the header right?',
    );
  }
  return { name, jobs, machines, ops };
}
