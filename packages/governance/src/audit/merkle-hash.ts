import { sha256, sha256Concat } from '../crypto/sha256.ts';

/**
 * RFC 9162 §2.1.1 hashing with SHA-256. The 0x00/0x01 prefixes separate leaves from interior nodes,
 * so no leaf can be passed off as a subtree (second-preimage defence).
 */
export const HASH_SIZE = 32;

/** MTH({}) = SHA-256() — the hash of the empty string. */
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

/** MTH({d}) = SHA-256(0x00 ‖ d). */
export function hashLeaf(entry: Uint8Array): Uint8Array {
  return sha256Concat([0x00, entry]);
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256Concat([0x01, left, right]);
}

/** The largest power of two strictly smaller than n (n ≥ 2): the split point k of RFC 9162 §2.1.1. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Reference MTH over leaf hashes, straight from the RFC's recursive definition (tests and small trees). */
export function rootFromLeafHashes(leaves: readonly Uint8Array[], lo = 0, hi = leaves.length): Uint8Array {
  const n = hi - lo;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves[lo]!;
  const k = splitPoint(n);
  return hashChildren(rootFromLeafHashes(leaves, lo, lo + k), rootFromLeafHashes(leaves, lo + k, hi));
}
