import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRandom } from '@aethercore/core';
import { afterAll, describe, expect, it } from 'vitest';
import { Index, MetricKind, ScalarKind } from 'usearch';
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

describe('usearch storage and opening modes', () => {
  const d = 8;
  const rng = createRandom(9);
  const rows = Float32Array.from({ length: 400 * d }, () => rng.normal());
  const ids = Array.from({ length: 400 }, (_, i) => i);
  const queries = Float32Array.from({ length: 20 * d }, () => rng.normal());

  it('a memory-mapped view answers as the index it was saved from; batched search as single ones', () => {
    const a = new UsearchVectorIndex({ dim: d, threads: 1, expansionSearch: 32 });
    a.add(ids, rows);
    const file = path.join(dir, 'v.usearch');
    a.save(file);
    const v = UsearchVectorIndex.view(file, { dim: d, expansionSearch: 32 });
    const batch = v.searchBatch(queries, 5, 2);
    for (let q = 0; q < 20; q++) {
      const query = queries.subarray(q * d, q * d + d);
      expect(v.search(query, 5)).toEqual(a.search(query, 5));
      expect(batch[q]).toEqual(a.search(query, 5));
      const raw = a.searchRaw(query, 5);
      expect(Array.from(raw.keys, Number)).toEqual(a.search(query, 5).map((h) => h.id));
    }
    expect(v.searchBatch(queries.subarray(0, d), 3, 1)).toEqual([a.search(queries.subarray(0, d), 3)]);
  });

  it('f16 storage keeps squared L2 up to half-precision rounding and round-trips', () => {
    const a = new UsearchVectorIndex({ dim: d, threads: 1, dtype: 'f16' });
    a.add(ids, rows);
    const q = rows.subarray(5 * d, 6 * d);
    const hit = a.search(q, 1)[0];
    expect(hit?.id).toBe(5);
    // A stored vector's distance to itself: only its own f16 rounding (relative 2^-11 per feature).
    expect(hit?.distance ?? 1).toBeLessThan(1e-4);
    const file = path.join(dir, 'h.usearch');
    a.save(file);
    const b = UsearchVectorIndex.load(file, { dim: d, dtype: 'f16' });
    expect(b.search(q, 5)).toEqual(a.search(q, 5));
  });

  it('an unknown dtype is a coded error', () => {
    let code: string | undefined;
    try {
      new UsearchVectorIndex({ dim: d, dtype: 'i8' as 'f16' });
    } catch (e) {
      code = (e as { code?: string }).code;
    }
    expect(code).toBe('vector.dtype-invalid');
  });

  it("why there is no i8 for L2: usearch's Node binding scales every vector to unit length", () => {
    const idx = new Index({
      dimensions: 4,
      metric: MetricKind.L2sq,
      quantization: ScalarKind.I8,
      connectivity: 8,
      expansion_add: 16,
      expansion_search: 16,
      multi: false,
    });
    // Two vectors in the same direction, 1 and 3 units long: 4 apart in squared L2.
    idx.add(new BigUint64Array([1n]), new Float32Array([1, 0, 0, 0]), 1);
    const r = idx.search(new Float32Array([3, 0, 0, 0]), 1, 1);
    expect(Number(r.keys[0])).toBe(1);
    expect(r.distances[0]).toBeLessThan(0.5);
  });
});
