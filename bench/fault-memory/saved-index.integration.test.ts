import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AetherError } from '@aethercore/core';
import { afterAll, describe, expect, it } from 'vitest';
import { runSavedQueries } from './ef-sweep.ts';
import { runFaultMemory } from './fault-memory.ts';
import { main } from './main.ts';

const root = mkdtempSync(path.join(tmpdir(), 'ac-b5-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function codeOf(f: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await f();
  } catch (e) {
    return e instanceof AetherError ? e.code : `not coded: ${String(e)}`;
  }
  return undefined;
}

describe('B5 --save-index / --load-index', () => {
  const dir = path.join(root, 'idx');
  const base = {
    size: 2000,
    queries: 40,
    k: 10,
    ef: 32,
    m: 16,
    efConstruction: 64,
    seed: 3,
    calibration: 50,
  };

  it('a saved index answers exactly as the built one (load and view)', { timeout: 120_000 }, async () => {
    const built = await runFaultMemory({ ...base, indexes: ['hnsw', 'usearch'], saveIndex: dir });
    for (const loadMode of ['load', 'view'] as const) {
      const sweep = await runSavedQueries({
        dir,
        expected: { size: 2000, seed: 3 },
        indexes: ['hnsw', 'usearch'],
        dtype: 'f32',
        efs: [32, 8],
        loadMode,
      });
      expect(sweep.meta.size).toBe(2000);
      for (const kind of ['hnsw', 'usearch'] as const) {
        const b = built.indexes.find((r) => r.index === kind);
        const s = sweep.rows.find(
          (r) => r.index === (kind === 'hnsw' ? 'hnsw' : 'usearch-f32') && r.ef === 32,
        );
        // Same graph, same beam, same queries: HNSW search is deterministic, so every figure
        // computed from the hits is identical.
        expect(s?.recallAtK).toBe(b?.recallAtK);
        expect(s?.top1Accuracy).toBe(b?.top1Accuracy);
        expect(s?.agreesWithExact).toBe(b?.agreesWithExact);
      }
      // A narrower beam on the same graph never finds more than all of the true neighbours.
      for (const r of sweep.rows) expect(r.recallAtK).toBeLessThanOrEqual(1);
      expect(sweep.rows).toHaveLength(4);
    }
  });

  it('refuses a directory without a saved index, other parameters, or a missing dtype with coded errors', async () => {
    expect(await codeOf(() => main(['--load-index', path.join(root, 'nothing-here')]))).toBe(
      'bench.index-dir-missing',
    );
    expect(await codeOf(() => main(['--load-index', dir, '--size', '999']))).toBe(
      'bench.index-params-differ',
    );
    expect(await codeOf(() => main(['--load-index', dir, '--seed', '4']))).toBe('bench.index-params-differ');
    expect(await codeOf(() => main(['--load-index', dir, '--dtype', 'f16']))).toBe('bench.index-not-saved');
    expect(await codeOf(() => main(['--ef-sweep', '16,32']))).toBe('bench.option-invalid');
    expect(await codeOf(() => main(['--load-index', dir, '--ef-sweep', '16,x']))).toBe(
      'bench.option-invalid',
    );
    const bad = path.join(root, 'bad');
    await runFaultMemory({ ...base, size: 300, indexes: ['usearch'], saveIndex: bad });
    writeFileSync(path.join(bad, 'truth-ids.u32'), Buffer.alloc(7));
    expect(await codeOf(() => main(['--load-index', bad]))).toBe('bench.index-dir-invalid');
    writeFileSync(path.join(bad, 'meta.json'), '{"format": 1');
    expect(await codeOf(() => main(['--load-index', bad]))).toBe('bench.index-dir-invalid');
  });
});
