import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MUTATION_KINDS, NEEDS_REMEMBERED, runMutationCampaign } from './mutations.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ac-audit-mut-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit mutation campaign (RELIABILITY.md: 1,000 mutations → 100% detected)', () => {
  it('verify detects all 1,000 random mutations of a signed SQLite audit store', async () => {
    const r = await runMutationCampaign(dir, { trials: 1000, entries: 120, seed: 7 });
    expect(r.missed).toEqual([]);
    expect(r.detectedWithRemembered).toBe(1000);
    // Without a remembered checkpoint, everything except "delete the evidence too" is still caught.
    for (const kind of MUTATION_KINDS) {
      const k = r.byKind[kind]!;
      expect(k.trials).toBe(100);
      if (!NEEDS_REMEMBERED.has(kind)) expect(k.storeOnly, kind).toBe(100);
    }
  }, 180_000);
});
