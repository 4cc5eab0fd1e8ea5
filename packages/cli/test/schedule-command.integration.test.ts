// `aethercore schedule` end to end: a JSPLib file in, a makespan and a full schedule out, checked here
// independently of the solver and of the planning package's validator.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './run-cli.ts';

const ft06 = path.join(REPO_ROOT, 'fixtures', 'jssp', 'ft06.txt');
const dir = mkdtempSync(path.join(os.tmpdir(), 'ac-schedule-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Out {
  makespan: number;
  valid: boolean;
  schedule: { assignments: { job: number; index: number; machine: number; start: number; end: number }[] };
}

describe('aethercore schedule', () => {
  it('solves ft06 and prints a schedule that respects the instance', async () => {
    const r = await runCli(['schedule', ft06, '--time-limit', '1', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.valid).toBe(true);
    // The proven optimum of ft06 is 55 (Fisher & Thompson 1963): no schedule can be shorter.
    expect(out.makespan).toBeGreaterThanOrEqual(55);
    const rows = readFileSync(ft06, 'utf8').trim().split('\n').slice(1);
    const a = out.schedule.assignments;
    expect(a).toHaveLength(36);
    for (const x of a) {
      const pairs = (rows[x.job] ?? '').trim().split(/\s+/).map(Number);
      expect(x.machine).toBe(pairs[2 * x.index]);
      expect(x.end - x.start).toBe(pairs[2 * x.index + 1]);
      expect(x.end).toBeLessThanOrEqual(out.makespan);
      const prev = a.find((y) => y.job === x.job && y.index === x.index - 1);
      if (prev) expect(x.start).toBeGreaterThanOrEqual(prev.end);
    }
    for (const x of a)
      for (const y of a)
        if (x !== y && x.machine === y.machine) expect(x.end <= y.start || y.end <= x.start).toBe(true);
  });

  it('names the line of a malformed instance and exits 2', async () => {
    const bad = path.join(dir, 'bad.txt');
    writeFileSync(bad, '2 2\n0 3 1 2\n1 four 0 1\n');
    const r = await runCli(['schedule', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error planning\.instance-malformed/);
    expect(r.stderr).toMatch(/line 3/);
  });
});
