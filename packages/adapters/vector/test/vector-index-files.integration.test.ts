import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRandom } from '@aethercore/core';
import { afterAll, describe, expect, it } from 'vitest';
import { HnswVectorIndex, UsearchVectorIndex } from '../src/index.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ac-vector-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('save and load', () => {
  const d = 8;
  const rng = createRandom(4);
  const rows = Float32Array.from({ length: 300 * d }, () => rng.normal());
  const ids = Array.from({ length: 300 }, (_, i) => i * 2);
  const q = rows.subarray(17 * d, 18 * d);

  it('hnswlib-node answers the same after a round trip', () => {
    const a = new HnswVectorIndex({ dim: d });
    a.add(ids, rows);
    const file = path.join(dir, 'a.hnsw');
    a.save(file);
    const b = HnswVectorIndex.load(file, { dim: d });
    expect(b.size()).toBe(300);
    expect(b.search(q, 5)).toEqual(a.search(q, 5));
    expect(b.search(q, 1)[0]?.id).toBe(34);
  });

  it('usearch answers the same after a round trip', () => {
    const a = new UsearchVectorIndex({ dim: d, threads: 1 });
    a.add(ids, rows);
    const file = path.join(dir, 'a.usearch');
    a.save(file);
    const b = UsearchVectorIndex.load(file, { dim: d, threads: 1 });
    expect(b.size()).toBe(300);
    expect(b.search(q, 5)).toEqual(a.search(q, 5));
    expect(b.search(q, 1)[0]?.id).toBe(34);
  });
});
