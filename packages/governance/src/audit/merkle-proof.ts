import { bytesEqual } from '../crypto/bytes.ts';
import { HASH_SIZE, hashChildren } from './merkle-hash.ts';

/**
 * Proof verification exactly as RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency).
 * These are pure functions over hashes: an auditor needs only a checkpoint, never the server.
 * Sizes are plain numbers (exact up to 2^53 entries, far beyond any plant's log).
 */

function validSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function wellFormed(path: readonly Uint8Array[]): boolean {
  return path.every((p) => p.length === HASH_SIZE);
}

/** §2.1.3.2 steps 2–4: the root a path leads to, or undefined when the path has the wrong shape. */
export function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  path: readonly Uint8Array[],
): Uint8Array | undefined {
  if (!validSize(leafIndex) || !validSize(treeSize) || leafIndex >= treeSize) return undefined;
  if (leafHash.length !== HASH_SIZE || !wellFormed(path)) return undefined;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}

/** True when `path` proves that `leafHash` is leaf `leafIndex` of the tree of `treeSize` with `rootHash`. */
export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  path: readonly Uint8Array[],
  rootHash: Uint8Array,
): boolean {
  const r = rootFromInclusionProof(leafIndex, treeSize, leafHash, path);
  return r !== undefined && bytesEqual(r, rootHash);
}

/**
 * True when `path` proves that the tree of size `first` with `firstHash` is a prefix of the tree of
 * size `second` with `secondHash` (RFC 9162 §2.1.4.2). Equal sizes need an empty path and equal
 * roots; the empty tree is a prefix of every tree (empty path).
 */
export function verifyConsistency(
  first: number,
  second: number,
  firstHash: Uint8Array,
  secondHash: Uint8Array,
  path: readonly Uint8Array[],
): boolean {
  if (!validSize(first) || !validSize(second) || first > second || !wellFormed(path)) return false;
  if (firstHash.length !== HASH_SIZE || secondHash.length !== HASH_SIZE) return false;
  if (first === second) return path.length === 0 && bytesEqual(firstHash, secondHash);
  if (first === 0) return path.length === 0;
  // Step 1: a non-trivial proof is never empty.
  if (path.length === 0) return false;
  // Step 2: when `first` is a power of two its root is a node of the second tree and is not sent.
  const full = isPow2(first) ? [firstHash, ...path] : path;
  // Step 3.
  let fn = first - 1;
  let sn = second - 1;
  // Step 4.
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // Step 5.
  let fr = full[0]!;
  let sr = full[0]!;
  // Step 6.
  for (let i = 1; i < full.length; i++) {
    const c = full[i]!;
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // Step 7.
  return sn === 0 && bytesEqual(fr, firstHash) && bytesEqual(sr, secondHash);
}

function isPow2(n: number): boolean {
  if (n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}
