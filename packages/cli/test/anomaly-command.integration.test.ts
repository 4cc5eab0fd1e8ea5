// `aethercore anomaly fit|score` end to end: real files in a temp folder, the CLI as a child process.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliResult, REPO_ROOT, runCli } from './run-cli.ts';

const root = REPO_ROOT;
const fixture = path.join(root, 'fixtures', 'skab', 'valve1-1.csv');
const dir = mkdtempSync(path.join(os.tmpdir(), 'ac-anomaly-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]): Promise<CliResult> => runCli(['anomaly', ...args]);

describe('aethercore anomaly', () => {
  const model = path.join(dir, 'model.json');

  it('fits on the first 400 rows and scores every row with a score and a 0/1 label', async () => {
    const fit = await cli(
      'fit',
      '--data',
      fixture,
      '--train-rows',
      '400',
      '--exclude',
      'anomaly,changepoint',
      '--rate-only',
      'Temperature,Thermocouple',
      '--method',
      't2q',
      '--out',
      model,
    );
    expect(fit.stderr + fit.stdout).toContain('fitted t2q on 400 rows × 8 columns');
    expect(fit.code).toBe(0);
    const saved = JSON.parse(readFileSync(model, 'utf8')) as { format: string; columns: string[] };
    expect(saved.format).toBe('aethercore.anomaly-model/1');
    expect(saved.columns).not.toContain('anomaly');

    const score = await cli('score', '--model', model, '--data', fixture, '--csv', '--explain');
    expect(score.code).toBe(0);
    // Other modules loaded by the CLI may log to stdout (node-opcua's start-up notice): keep CSV lines.
    const lines = score.stdout
      .trim()
      .split('\n')
      .filter((l) => /^[^,]+,[^,]+,[^,]+,[^,]*$/.test(l));
    expect(lines[0]).toBe('datetime,score,label,top');
    expect(lines).toHaveLength(1146);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(
      rows.every((r) => r.length === 4 && Number.isFinite(Number(r[1])) && (r[2] === '0' || r[2] === '1')),
    ).toBe(true);
    // --explain names the column that drives the score on every labelled row, e.g. "Volume Flow RateRMS (59%)".
    expect(rows.filter((r) => r[2] === '1').every((r) => / \(\d+%\)$/.test(r[3]!))).toBe(true);
    expect(rows.filter((r) => r[2] === '0').every((r) => r[3] === '')).toBe(true);
    // The labels agree with the file's own ground truth on most test rows.
    const truth = readFileSync(fixture, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => (l.split(';')[9] === '1.0' || l.split(';')[9] === '1' ? '1' : '0'));
    const agree = rows.slice(400).filter((r, i) => r[2] === truth[400 + i]).length / (rows.length - 400);
    expect(agree).toBeGreaterThan(0.7);
  }, 180_000);

  it('bad data gives a coded error naming line and column, exit code 2, no stack trace', async () => {
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'time;a;b\n0;1;2\n1;x;2\n');
    const r = await cli('fit', '--data', bad, '--out', path.join(dir, 'm2.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error csv\.value-not-numeric.*line 3, column 2 \(a\)/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);

    const short = path.join(dir, 'short.csv');
    writeFileSync(short, 'time;a;b\n0;1;2\n1;2\n');
    expect((await cli('fit', '--data', short, '--out', path.join(dir, 'm3.json'))).stderr).toMatch(
      /error csv\.column-count.*line 3/,
    );

    const empty = path.join(dir, 'empty.csv');
    writeFileSync(empty, '');
    expect((await cli('score', '--model', model, '--data', empty)).stderr).toMatch(/error csv\.empty/);
  }, 180_000);

  it('rejects a data file without the model columns and a broken model file', async () => {
    const other = path.join(dir, 'other.csv');
    writeFileSync(other, 'time;a;b\n0;1;2\n');
    const r = await cli('score', '--model', model, '--data', other);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error anomaly.column-missing');
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{"format": "nope"');
    expect((await cli('score', '--model', broken, '--data', fixture)).stderr).toContain(
      'error anomaly.model-invalid',
    );
    expect((await cli('fit', '--data', fixture, '--out', model, '--method', 'lstm')).stderr).toContain(
      'error cli.bad-option',
    );
  }, 180_000);
});
