// `aethercore report daily` end to end, as a user runs it: twin day and baseline in process, the
// report in both languages and as JSON, the file output, and bad options as coded errors.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ac-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Summary {
  seed: number;
  reference: { kind: string; scenario: string };
  kpis: { goodParts: number };
  referenceKpis: { goodParts: number };
  comparisons: { kpi: string; day: number; reference: number; delta: number }[];
  notable: { type: string }[];
  proposals: { id: string; rank: number }[];
  tomorrow: { candidates: number };
}

describe('aethercore report daily', () => {
  it('prints the seed day against the baseline as JSON, with measured proposals', async () => {
    const r = await runCli(
      ['report', 'daily', '--seed', '2', '--until', '10:00', '--horizon', '2', '--format', 'json'],
      240_000,
    );
    expect(r.stderr).not.toMatch(/^error /m);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.seed).toBe(2);
    expect(s.reference).toEqual({ kind: 'undisturbed', scenario: 'baseline' });
    expect(s.kpis.goodParts).toBeGreaterThan(0);
    const out = s.comparisons.find((c) => c.kpi === 'goodParts');
    expect(out?.delta).toBe((out?.day ?? 0) - (out?.reference ?? 0));
    expect(s.notable.map((n) => n.type)).toContain('SupplierDeliveryDelayed');
    expect(s.tomorrow.candidates).toBeGreaterThan(2);
    expect(s.proposals.length).toBeLessThanOrEqual(2);
    // The progress bar goes to stderr, never into the JSON.
    expect(r.stderr).toContain('simulate day + baseline');
  }, 300_000);

  it('writes the German Markdown report to a file', async () => {
    const out = path.join(dir, 'daily.md');
    const r = await runCli(
      [
        'report',
        'daily',
        '--until',
        '09:00',
        '--no-tomorrow',
        '--lang',
        'de',
        '--format',
        'md',
        '--out',
        out,
      ],
      240_000,
    );
    expect(r.code).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).toMatch(/^# Tagesbericht Werkhalle 4 – 2026-03-10, 06:00–09:00/);
    expect(md).toContain('| Kennzahl | Tag | Referenz | Δ | Bewertung |');
    expect(md).toContain('Keine Was-wäre-wenn-Läufe');
  }, 300_000);

  it('prints the English text table and has --help', async () => {
    const r = await runCli(['report', 'daily', '--until', '08:00', '--no-tomorrow', '--lang', 'en'], 240_000);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Daily summary Werkhalle 4');
    expect(r.stdout).toMatch(/Output \(good parts\)\s+\d+ pcs\s+\d+ pcs/);
    const h = await runCli(['report', 'daily', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--lang <lang>');
    expect(h.stdout).toContain('--format <format>');
  }, 300_000);

  it('refuses bad options with a coded error', async () => {
    const lang = await runCli(['report', 'daily', '--lang', 'fr']);
    expect(lang.code).toBe(2);
    expect(lang.stderr).toContain('cli.bad-option');
    const scen = await runCli(['report', 'daily', '--scenario', 'nope']);
    expect(scen.code).toBe(2);
    expect(scen.stderr).toContain('cli.bad-option');
    const plant = await runCli(['report', 'daily', '--plant', path.join(dir, 'missing.yaml')]);
    expect(plant.code).toBe(2);
  }, 300_000);
});
