import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAuditBench } from './measure.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ac-audit-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit benchmark smoke', () => {
  it('runs on a tiny log and verifies every proof', async () => {
    const r = await runAuditBench({ entries: 2000, proofs: 50, sqliteEntries: 500, dir, seed: 1 });
    expect(r.inclusion.verified).toBe(50);
    expect(r.consistency.verified).toBe(50);
    expect(r.inclusion.tamperedRejected).toBe(50);
    expect(r.consistency.tamperedRejected).toBe(50);
    expect(r.sqlite.verifyOk).toBe(true);
    expect(r.append.entriesPerS).toBeGreaterThan(0);
  }, 120_000);
});
