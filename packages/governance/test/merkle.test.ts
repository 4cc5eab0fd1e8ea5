import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../src/crypto/bytes.ts';
import { EMPTY_ROOT, hashLeaf, rootFromLeafHashes } from '../src/audit/merkle-hash.ts';
import { verifyConsistency, verifyInclusion } from '../src/audit/merkle-proof.ts';
import { MerkleTree } from '../src/audit/merkle-tree.ts';

// Known-answer vectors of transparency-dev/merkle (testonly/constants.go, reference_test.go), Apache-2.0.
const LEAF_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const INCLUSION: [number, number, string[]][] = [
  [0, 1, []],
  [0, 2, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7']],
  [1, 2, ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d']],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];
const CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

const hex = (s: string): Uint8Array => fromHex(s)!;
const vectorTree = (): MerkleTree => {
  const t = new MerkleTree();
  for (const l of LEAF_INPUTS) t.append(hashLeaf(hex(l)));
  return t;
};

describe('RFC 9162 Merkle tree: transparency-dev/merkle vectors', () => {
  it('empty root is SHA-256 of the empty string', () => {
    expect(toHex(EMPTY_ROOT)).toBe(ROOTS[0]);
    expect(toHex(new MerkleTree().rootAt(0))).toBe(ROOTS[0]);
  });

  it('roots of every prefix', () => {
    const t = vectorTree();
    for (let n = 0; n <= 8; n++) expect(toHex(t.rootAt(n))).toBe(ROOTS[n]);
  });

  it.each(INCLUSION)('inclusion proof of leaf %i in tree %i', (index, size, want) => {
    const t = vectorTree();
    const proof = t.inclusionProof(index, size);
    expect(proof.map(toHex)).toEqual(want);
    expect(verifyInclusion(index, size, t.leafHash(index), proof, hex(ROOTS[size]!))).toBe(true);
  });

  it.each(CONSISTENCY)('consistency proof %i → %i', (first, second, want) => {
    const t = vectorTree();
    const proof = t.consistencyProof(first, second);
    expect(proof.map(toHex)).toEqual(want);
    expect(verifyConsistency(first, second, hex(ROOTS[first]!), hex(ROOTS[second]!), proof)).toBe(true);
  });
});

/** A random tree of n leaves, built both incrementally and by the RFC's reference recursion. */
function randomTree(n: number, seed: number): { tree: MerkleTree; leaves: Uint8Array[] } {
  const tree = new MerkleTree();
  const leaves: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const h = hashLeaf(Uint8Array.of(seed & 0xff, i & 0xff, (i >> 8) & 0xff));
    leaves.push(h);
    tree.append(h);
  }
  return { tree, leaves };
}

function flip(h: Uint8Array, bit: number): Uint8Array {
  const c = Uint8Array.from(h);
  c[(bit >> 3) % c.length]! ^= 1 << (bit & 7);
  return c;
}

describe('RFC 9162 Merkle tree: properties over random trees', () => {
  const sizeAndIndex = fc
    .integer({ min: 1, max: 300 })
    .chain((n) => fc.tuple(fc.constant(n), fc.nat(n - 1), fc.nat()));

  it('incremental roots equal the reference MTH for every prefix', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.nat(), (n, seed) => {
        const { tree, leaves } = randomTree(n, seed);
        for (let m = 0; m <= n; m += Math.max(1, Math.floor(n / 17))) {
          expect(toHex(tree.rootAt(m))).toBe(toHex(rootFromLeafHashes(leaves.slice(0, m))));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('inclusion proofs verify; any altered proof, root, index, size or leaf is rejected', () => {
    fc.assert(
      fc.property(sizeAndIndex, fc.nat(255), fc.nat(), ([n, m, seed], bit, pick) => {
        const { tree } = randomTree(n, seed);
        const root = tree.rootAt(n);
        const leaf = tree.leafHash(m);
        const proof = tree.inclusionProof(m, n);
        expect(verifyInclusion(m, n, leaf, proof, root)).toBe(true);
        expect(verifyInclusion(m, n, flip(leaf, bit), proof, root)).toBe(false);
        expect(verifyInclusion(m, n, leaf, proof, flip(root, bit))).toBe(false);
        if (proof.length > 0) {
          const i = pick % proof.length;
          const bad = proof.map((p, j) => (j === i ? flip(p, bit) : p));
          expect(verifyInclusion(m, n, leaf, bad, root)).toBe(false);
          expect(verifyInclusion(m, n, leaf, proof.slice(0, -1), root)).toBe(false);
          expect(verifyInclusion(m, n, leaf, [...proof, proof[0]!], root)).toBe(false);
        }
        if (n > 1) expect(verifyInclusion((m + 1 + (pick % (n - 1))) % n, n, leaf, proof, root)).toBe(false);
        // Index ≥ size is refused outright (the size itself is bound by the signed checkpoint).
        expect(verifyInclusion(n, n, leaf, proof, root)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('a proof for one tree size never verifies against the root of another size', () => {
    fc.assert(
      fc.property(sizeAndIndex, ([n, m, seed]) => {
        const { tree } = randomTree(n + 5, seed);
        const proof = tree.inclusionProof(m, n);
        for (let other = m + 1; other <= n + 5; other++) {
          if (other === n) continue;
          expect(verifyInclusion(m, other, tree.leafHash(m), proof, tree.rootAt(other))).toBe(false);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('consistency proofs verify; altered proofs, roots or sizes are rejected', () => {
    const sizes = fc
      .integer({ min: 1, max: 300 })
      .chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(sizes, fc.nat(), fc.nat(255), fc.nat(), ([m, n], seed, bit, pick) => {
        const { tree } = randomTree(n, seed);
        const a = tree.rootAt(m);
        const b = tree.rootAt(n);
        const proof = tree.consistencyProof(m, n);
        expect(verifyConsistency(m, n, a, b, proof)).toBe(true);
        if (m < n) {
          expect(verifyConsistency(m, n, flip(a, bit), b, proof)).toBe(false);
          expect(verifyConsistency(m, n, a, flip(b, bit), proof)).toBe(false);
          const i = pick % proof.length;
          expect(
            verifyConsistency(
              m,
              n,
              a,
              b,
              proof.map((p, j) => (j === i ? flip(p, bit) : p)),
            ),
          ).toBe(false);
          expect(verifyConsistency(m, n, a, b, proof.slice(1))).toBe(false);
          expect(verifyConsistency(n, m, b, a, proof)).toBe(false);
          if (m > 1) expect(verifyConsistency(m - 1, n, tree.rootAt(m - 1), b, proof)).toBe(false);
          if (m + 1 < n) expect(verifyConsistency(m + 1, n, tree.rootAt(m + 1), b, proof)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a forked log (one earlier leaf changed) fails consistency with the original checkpoint', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.nat(), fc.nat(), (n, seed, pick) => {
        const { tree, leaves } = randomTree(n, seed);
        const m = 1 + (pick % (n - 1));
        const forked = new MerkleTree();
        leaves.forEach((l, i) => forked.append(i === pick % m ? flip(l, 0) : l));
        const proof = forked.consistencyProof(m, n);
        expect(verifyConsistency(m, n, tree.rootAt(m), forked.rootAt(n), proof)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects out-of-range requests with coded errors', () => {
    const { tree } = randomTree(5, 1);
    expect(() => tree.inclusionProof(5, 5)).toThrow(/not in a tree/);
    expect(() => tree.rootAt(6)).toThrow(/outside the log/);
    expect(() => tree.consistencyProof(4, 3)).toThrow(/consistency/);
  });
});
