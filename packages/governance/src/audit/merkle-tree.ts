import { AetherError } from '@aethercore/core';
import { EMPTY_ROOT, HASH_SIZE, hashChildren, splitPoint } from './merkle-hash.ts';

/** A growable array of 32-byte hashes in one buffer (1 M leaves ≈ 32 MB, no per-hash objects). */
class HashArray {
  #buf = new Uint8Array(HASH_SIZE * 1024);
  length = 0;

  push(h: Uint8Array): void {
    if ((this.length + 1) * HASH_SIZE > this.#buf.length) {
      const next = new Uint8Array(this.#buf.length * 2);
      next.set(this.#buf);
      this.#buf = next;
    }
    this.#buf.set(h, this.length * HASH_SIZE);
    this.length++;
  }

  /** A view (no copy); hashes never change once pushed, so the view stays valid. */
  get(i: number): Uint8Array {
    return this.#buf.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
  }
}

/**
 * An append-only RFC 9162 Merkle tree over leaf hashes that keeps every complete subtree.
 *
 * `levels[h][j]` is the hash of the perfect subtree over leaves [j·2^h, (j+1)·2^h). An append adds
 * one leaf and completes at most log₂ n subtrees (amortised one node hash), like the compact range
 * of transparency-dev/merkle; every RFC 9162 subtree hash MTH(D[lo:hi]) then needs O(log n) stored
 * nodes plus O(log n) hashes for its ragged right edge, so proofs on 1,000,000 entries take microseconds.
 */
export class MerkleTree {
  readonly #levels: HashArray[] = [new HashArray()];

  get size(): number {
    return this.#levels[0]!.length;
  }

  /** Appends one leaf hash (already `hashLeaf(entry)`); returns its 0-based index. */
  append(leafHash: Uint8Array): number {
    if (leafHash.length !== HASH_SIZE) throw new Error(`leaf hash must be ${HASH_SIZE} bytes`);
    const index = this.size;
    this.#levels[0]!.push(leafHash);
    let n = index + 1;
    for (let h = 1; n % 2 === 0; h++) {
      n /= 2;
      const below = this.#levels[h - 1]!;
      const level = this.#levels[h] ?? (this.#levels[h] = new HashArray());
      level.push(hashChildren(below.get(below.length - 2), below.get(below.length - 1)));
    }
    return index;
  }

  leafHash(index: number): Uint8Array {
    this.#checkRange(index, index + 1, 'index');
    return this.#levels[0]!.get(index);
  }

  /** MTH(D[0:treeSize]): the root of any earlier tree size, not only the current one. */
  rootAt(treeSize: number = this.size): Uint8Array {
    this.#checkRange(0, treeSize, 'treeSize');
    return treeSize === 0 ? EMPTY_ROOT : this.#subtree(0, treeSize);
  }

  /** PATH(m, D[0:n]) of RFC 9162 §2.1.3.1: the audit path of leaf `index` in the tree of `treeSize`. */
  inclusionProof(index: number, treeSize: number = this.size): Uint8Array[] {
    this.#checkRange(0, treeSize, 'treeSize');
    if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) {
      throw new AetherError({
        code: 'audit.index-out-of-range',
        message: `Entry ${index} is not in a tree of size ${treeSize}.`,
        hint: 'Ask for an entry index below the tree size.',
        kind: 'not-found',
      });
    }
    const out: Uint8Array[] = [];
    let lo = 0;
    let hi = treeSize;
    let m = index;
    // Walk down from the root; the RFC appends siblings bottom-up, so collect and reverse.
    while (hi - lo > 1) {
      const k = splitPoint(hi - lo);
      if (m < k) {
        out.push(this.#subtree(lo + k, hi));
        hi = lo + k;
      } else {
        out.push(this.#subtree(lo, lo + k));
        lo += k;
        m -= k;
      }
    }
    return out.reverse();
  }

  /** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true) of RFC 9162 §2.1.4.1. */
  consistencyProof(first: number, second: number = this.size): Uint8Array[] {
    this.#checkRange(0, second, 'second');
    if (!Number.isSafeInteger(first) || first < 0 || first > second) {
      throw new AetherError({
        code: 'audit.size-out-of-range',
        message: `Cannot prove consistency from size ${first} to size ${second}.`,
        hint: 'The first size must be between 0 and the second size.',
      });
    }
    if (first === 0 || first === second) return [];
    const out: Uint8Array[] = [];
    let lo = 0;
    let hi = second;
    let m = first;
    let b = true;
    for (;;) {
      const n = hi - lo;
      if (m === n) {
        if (!b) out.push(this.#subtree(lo, hi));
        break;
      }
      const k = splitPoint(n);
      if (m <= k) {
        out.push(this.#subtree(lo + k, hi));
        hi = lo + k;
      } else {
        out.push(this.#subtree(lo, lo + k));
        lo += k;
        m -= k;
        b = false;
      }
    }
    return out.reverse();
  }

  /** MTH(D[lo:hi]) for the subtrees that occur in RFC 9162's recursion (lo aligned to the split). */
  #subtree(lo: number, hi: number): Uint8Array {
    const n = hi - lo;
    if ((n & (n - 1)) === 0 && n <= 2 ** 30) {
      const h = Math.log2(n);
      if (lo % n === 0) {
        const level = this.#levels[h];
        if (level !== undefined && lo / n < level.length) return level.get(lo / n);
      }
    }
    if (n === 1) return this.#levels[0]!.get(lo);
    const k = splitPoint(n);
    return hashChildren(this.#subtree(lo, lo + k), this.#subtree(lo + k, hi));
  }

  #checkRange(lo: number, hi: number, what: string): void {
    if (!Number.isSafeInteger(hi) || hi < lo || hi > this.size) {
      throw new AetherError({
        code: 'audit.size-out-of-range',
        message: `${what} ${hi} is outside the log (size ${this.size}).`,
        hint: 'Use a tree size between 0 and the current size of the log.',
        kind: 'not-found',
      });
    }
  }
}
