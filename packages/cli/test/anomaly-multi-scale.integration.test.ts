// `aethercore anomaly fit --window 20,40` writes a multi-scale model; `score` reads it like a single one.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './run-cli.ts';

const fixture = path.join(REPO_ROOT, 'fixtures', 'skab', 'valve1-1.csv');
const dir = mkdtempSync(path.join(os.tmpdir(), 'ac-anomaly-ms-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('aethercore anomaly (multi-scale)', () => {
  it('fits one member per window and scores every row', async () => {
    const model = path.join(dir, 'multi.json');
    const fit = await runCli([
      'anomaly',
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
      't2',
      '--features',
      'mean,std',
      '--window',
      '20,40',
      '--out',
      model,
    ]);
    expect(fit.stderr + fit.stdout).toContain(
      'fitted a multi-scale t2 on 400 rows × 8 columns (windows 20, 40',
    );
    expect(fit.code).toBe(0);
    const saved = JSON.parse(readFileSync(model, 'utf8')) as {
      format: string;
      members: { features: { window: number; kinds: string[] } }[];
    };
    expect(saved.format).toBe('aethercore.anomaly-multi-scale/1');
    expect(saved.members.map((m) => m.features.window)).toEqual([20, 40]);
    expect(saved.members[0]?.features.kinds).toEqual(['mean', 'std']);

    const score = await runCli(['anomaly', 'score', '--model', model, '--data', fixture, '--json']);
    expect(score.code).toBe(0);
    const json = score.stdout.slice(score.stdout.indexOf('{"rows"'));
    const out = JSON.parse(json) as { rows: { label: number }[]; anomalies: number };
    expect(out.rows).toHaveLength(1145);
    const truth = readFileSync(fixture, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(';')[9]));
    const agree =
      out.rows.slice(400).filter((r, i) => r.label === truth[400 + i]).length / (out.rows.length - 400);
    expect(agree).toBeGreaterThan(0.8);
  }, 180_000);
});
