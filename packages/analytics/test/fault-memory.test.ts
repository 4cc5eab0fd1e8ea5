import { AetherError, createRandom, ExactVectorIndex, exactSearchBatch } from '@aethercore/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applySignatureScaler,
  calibrateUnknownThreshold,
  computeSignature,
  diagnose,
  FAILURE_MODES,
  fitSignatureScaler,
  generateSignatures,
  powerSpectrum,
  SIGNATURE_DIM,
  SIGNATURE_FEATURES,
  synthesizeWindow,
  type FaultLabels,
} from '../src/index.ts';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof AetherError ? e.code : `not coded: ${String(e)}`;
  }
  return undefined;
}

describe('ExactVectorIndex', () => {
  it('returns the k nearest by squared L2, as a full sort does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer(),
        (n, d, k, seed) => {
          const rng = createRandom(seed);
          const rows = Float32Array.from({ length: n * d }, () => rng.normal());
          const q = Float32Array.from({ length: d }, () => rng.normal());
          const idx = new ExactVectorIndex(d, 'l2', 4);
          idx.add(
            Array.from({ length: n }, (_, i) => i * 3),
            rows,
          );
          const dist = (i: number): number => {
            let s = 0;
            for (let j = 0; j < d; j++) s += ((rows[i * d + j] as number) - (q[j] as number)) ** 2;
            return s;
          };
          const want = Array.from({ length: n }, (_, i) => dist(i))
            .sort((a, b) => a - b)
            .slice(0, k);
          const got = idx.search(q, k);
          expect(got.length).toBe(Math.min(k, n));
          got.forEach((h, i) => {
            expect(h.distance).toBeCloseTo(want[i] as number, 4);
            expect(h.id % 3).toBe(0);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('cosine distance is 1 − cos and ignores the length', () => {
    const idx = new ExactVectorIndex(2, 'cosine');
    idx.add([7, 8], Float32Array.from([10, 0, 0, 1]));
    const [hit] = idx.search(Float32Array.from([0.5, 0]), 1);
    expect(hit?.id).toBe(7);
    expect(hit?.distance).toBeCloseTo(0, 6);
    expect(idx.search(Float32Array.from([1, 1]), 2)[1]?.distance).toBeCloseTo(1 - Math.SQRT1_2, 5);
  });

  it('fromRows wraps rows with ids 0…n−1', () => {
    const idx = ExactVectorIndex.fromRows(2, Float32Array.from([0, 0, 5, 5, 1, 1]));
    expect(idx.size()).toBe(3);
    expect(idx.search(Float32Array.from([4, 4]), 1)[0]?.id).toBe(1);
  });

  it('rejects a wrong dimension, NaN, bad ids and bad k with coded errors', () => {
    const idx = new ExactVectorIndex(3);
    expect(codeOf(() => idx.add([1], Float32Array.from([1, 2])))).toBe('vector.dimension-mismatch');
    expect(codeOf(() => idx.add([1], Float32Array.from([1, Number.NaN, 2])))).toBe('vector.not-finite');
    expect(codeOf(() => idx.add([-1], Float32Array.from([1, 2, 3])))).toBe('vector.id-invalid');
    expect(codeOf(() => idx.search(Float32Array.from([1, 2]), 1))).toBe('vector.dimension-mismatch');
    expect(codeOf(() => idx.search(Float32Array.from([1, 2, Number.POSITIVE_INFINITY]), 1))).toBe(
      'vector.not-finite',
    );
    expect(codeOf(() => idx.search(Float32Array.from([1, 2, 3]), 0))).toBe('vector.k-invalid');
    expect(codeOf(() => new ExactVectorIndex(0))).toBe('vector.dimension-invalid');
    expect(idx.size()).toBe(0);
  });
});

describe('powerSpectrum', () => {
  it('puts a bin-centred sinusoid of amplitude A into its bin as A²/4', () => {
    const n = 256;
    const x = Float64Array.from({ length: n }, (_, i) => 3 * Math.sin((2 * Math.PI * 10 * i) / n));
    const p = new Float64Array(n / 2);
    powerSpectrum(x, p);
    expect(p[10]).toBeCloseTo(9 / 4, 9);
    expect(p[11]).toBeCloseTo(0, 9);
    expect(p[0]).toBeCloseTo(0, 9);
  });
});

describe('signatures', () => {
  it('have the documented length and are identical for the same seed', () => {
    expect(SIGNATURE_FEATURES).toHaveLength(SIGNATURE_DIM);
    const a = generateSignatures({ count: 300, seed: 11 });
    const b = generateSignatures({ count: 300, seed: 11 });
    const c = generateSignatures({ count: 300, seed: 12 });
    expect(a.vectors).toEqual(b.vectors);
    expect(a.mode).toEqual(b.mode);
    expect(a.timeToFailureH).toEqual(b.timeToFailureH);
    expect(a.vectors).not.toEqual(c.vectors);
    expect(a.vectors.every(Number.isFinite)).toBe(true);
    expect(new Set(a.mode).size).toBe(FAILURE_MODES.length);
  });

  it('follow the P–F physics: worse wear, higher vibration RMS and less time to failure', () => {
    const b = generateSignatures({ count: 4000, seed: 3, modes: ['imbalance'] });
    const rms = SIGNATURE_FEATURES.indexOf('vib.rms');
    const hi: number[] = [];
    const lo: number[] = [];
    for (let i = 0; i < b.count; i++) {
      const s = b.severity[i] as number;
      if (s > 0.7) hi.push(i);
      if (s < 0.1) lo.push(i);
    }
    const mean = (ix: number[], f: (i: number) => number): number =>
      ix.reduce((s, i) => s + f(i), 0) / ix.length;
    expect(mean(hi, (i) => b.vectors[i * SIGNATURE_DIM + rms] as number)).toBeGreaterThan(
      2 * mean(lo, (i) => b.vectors[i * SIGNATURE_DIM + rms] as number),
    );
    expect(mean(hi, (i) => b.timeToFailureH[i] as number)).toBeLessThan(
      mean(lo, (i) => b.timeToFailureH[i] as number),
    );
  });

  it('rejects NaN samples and windows that are not a power of two', () => {
    const w = synthesizeWindow('normal', createRandom(1)).window;
    const bad = Float64Array.from(w.vibration);
    bad[5] = Number.NaN;
    expect(codeOf(() => computeSignature({ ...w, vibration: bad }))).toBe('fault-memory.not-finite');
    expect(codeOf(() => computeSignature({ ...w, vibration: new Float64Array(300) }))).toBe(
      'fault-memory.window-length',
    );
    expect(codeOf(() => generateSignatures({ count: -1, seed: 1 }))).toBe('fault-memory.count-invalid');
  });
});

describe('diagnose', () => {
  // Four tight, well separated clusters in 8 dimensions: the right mode must win every time.
  const d = 8;
  const centres = [0, 1, 2, 3].map((c) => Float32Array.from({ length: d }, (_, j) => (j === c ? 10 : 0)));
  const rng = createRandom(5);
  const n = 400;
  const rows = new Float32Array(n * d);
  const labels: FaultLabels = {
    mode: new Uint8Array(n),
    severity: new Float32Array(n),
    timeToFailureH: new Float32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const c = i % 4;
    for (let j = 0; j < d; j++) rows[i * d + j] = (centres[c]?.[j] as number) + 0.3 * rng.normal();
    labels.mode[i] = c + 1; // bearing-wear, gear-tooth-damage, misalignment, imbalance
    labels.severity[i] = 0.2 * (c + 1);
    labels.timeToFailureH[i] = 10 * (c + 1);
  }
  const index = new ExactVectorIndex(d);
  index.add(
    Array.from({ length: n }, (_, i) => i),
    rows,
  );
  const heldOut = Float32Array.from(
    { length: 40 * d },
    (_, i) => (centres[Math.floor(i / d) % 4]?.[i % d] as number) + 0.3 * rng.normal(),
  );
  const memory = { index, labels, unknownThreshold: calibrateUnknownThreshold(index, heldOut) };

  it('names the mode of clearly separated patterns with its evidence', () => {
    for (let c = 0; c < 4; c++) {
      const q = Float32Array.from(centres[c] ?? []).map((v) => v + 0.2 * rng.normal());
      const r = diagnose(memory, q, 10);
      expect(r.kind).toBe('known');
      if (r.kind !== 'known') continue;
      expect(r.mode).toBe(FAILURE_MODES[c + 1]);
      expect(r.confidence).toBeGreaterThan(0.99);
      expect(r.severity).toBeCloseTo(0.2 * (c + 1), 5);
      expect(r.timeToFailureH).toBeCloseTo(10 * (c + 1), 5);
      expect(r.evidence).toHaveLength(10);
      expect(r.evidence.every((e) => e.mode === FAILURE_MODES[c + 1])).toBe(true);
    }
  });

  it('answers unknown for an outlier far from every stored pattern', () => {
    const r = diagnose(
      memory,
      Float32Array.from({ length: d }, () => -25),
      10,
    );
    expect(r.kind).toBe('unknown');
    if (r.kind === 'unknown') expect(r.nearestDistance).toBeGreaterThan(r.threshold);
  });

  it('recognises generated failure modes well above chance with an exact memory', () => {
    const b = generateSignatures({ count: 6000, seed: 9 });
    applySignatureScaler(fitSignatureScaler(b.vectors), b.vectors);
    const stored = 5000;
    const idx = ExactVectorIndex.fromRows(SIGNATURE_DIM, b.vectors.slice(0, stored * SIGNATURE_DIM));
    const mem = {
      index: idx,
      labels: { mode: b.mode, severity: b.severity, timeToFailureH: b.timeToFailureH },
      unknownThreshold: Infinity,
    };
    let ok = 0;
    for (let i = stored; i < b.count; i++) {
      const r = diagnose(mem, b.vectors.subarray(i * SIGNATURE_DIM, (i + 1) * SIGNATURE_DIM), 10);
      if (r.kind === 'known' && r.mode === FAILURE_MODES[b.mode[i] as number]) ok++;
    }
    // Chance is 1/8; the 1 M-signature bench measures ≈ 0.95.
    expect(ok / (b.count - stored)).toBeGreaterThan(0.8);
  });
});

describe('exactSearchBatch', () => {
  it('gives the same neighbours as one-by-one exact search', () => {
    const rng = createRandom(8);
    const d = 5;
    const idx = ExactVectorIndex.fromRows(
      d,
      Float32Array.from({ length: 500 * d }, () => rng.normal()),
    );
    const queries = Float32Array.from({ length: 37 * d }, () => rng.normal());
    const batch = exactSearchBatch(idx, queries, 7);
    expect(batch).toHaveLength(37);
    batch.forEach((hits, q) => expect(hits).toEqual(idx.search(queries.subarray(q * d, (q + 1) * d), 7)));
  });
});
