/**
 * SHA-256 (FIPS 180-4 §6.2) in plain TypeScript. Governance is a pure package and may not use
 * `node:crypto`; the audit log still needs a hash that every auditor can recompute byte for byte,
 * so this is the standard algorithm, checked against the NIST example vectors and node:crypto in tests.
 *
 * The compression loop works on a reusable scratch buffer so the Merkle tree's two-block node hashes
 * (RFC 9162 §2.1.1: 0x01 ‖ left ‖ right = 65 bytes) allocate only their 32-byte result.
 */

// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

// FIPS 180-4 §5.3.3: initial hash value.
const H0 = new Uint32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const W = new Uint32Array(64);
const H = new Uint32Array(8);
let scratch = new Uint8Array(256);

function compress(block: Uint8Array, off: number): void {
  for (let t = 0; t < 16; t++) {
    const j = off + t * 4;
    W[t] = ((block[j]! << 24) | (block[j + 1]! << 16) | (block[j + 2]! << 8) | block[j + 3]!) >>> 0;
  }
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15]!;
    const w2 = W[t - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) >>> 0;
  }
  let a = H[0]!;
  let b = H[1]!;
  let c = H[2]!;
  let d = H[3]!;
  let e = H[4]!;
  let f = H[5]!;
  let g = H[6]!;
  let h = H[7]!;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[t]! + W[t]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  H[0] = (H[0]! + a) >>> 0;
  H[1] = (H[1]! + b) >>> 0;
  H[2] = (H[2]! + c) >>> 0;
  H[3] = (H[3]! + d) >>> 0;
  H[4] = (H[4]! + e) >>> 0;
  H[5] = (H[5]! + f) >>> 0;
  H[6] = (H[6]! + g) >>> 0;
  H[7] = (H[7]! + h) >>> 0;
}

/**
 * SHA-256 of the concatenation of `parts` (avoids copying the caller's buffers together first).
 * A number part stands for one byte: `sha256Concat([0x01, left, right])`.
 */
export function sha256Concat(parts: readonly (Uint8Array | number)[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += typeof p === 'number' ? 1 : p.length;
  // FIPS 180-4 §5.1.1: append 0x80, zero-pad to 56 mod 64, then the bit length as 64-bit big-endian.
  const padded = (((len + 8) >>> 6) + 1) << 6;
  if (scratch.length < padded) scratch = new Uint8Array(Math.max(padded, scratch.length * 2));
  const m = scratch;
  let o = 0;
  for (const p of parts) {
    if (typeof p === 'number') m[o++] = p & 0xff;
    else {
      m.set(p, o);
      o += p.length;
    }
  }
  m[o++] = 0x80;
  m.fill(0, o, padded);
  const bits = len * 8;
  const hi = Math.floor(bits / 0x100000000);
  m[padded - 8] = hi >>> 24;
  m[padded - 7] = (hi >>> 16) & 0xff;
  m[padded - 6] = (hi >>> 8) & 0xff;
  m[padded - 5] = hi & 0xff;
  m[padded - 4] = (bits >>> 24) & 0xff;
  m[padded - 3] = (bits >>> 16) & 0xff;
  m[padded - 2] = (bits >>> 8) & 0xff;
  m[padded - 1] = bits & 0xff;
  H.set(H0);
  for (let off = 0; off < padded; off += 64) compress(m, off);
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const v = H[i]!;
    out[i * 4] = v >>> 24;
    out[i * 4 + 1] = (v >>> 16) & 0xff;
    out[i * 4 + 2] = (v >>> 8) & 0xff;
    out[i * 4 + 3] = v & 0xff;
  }
  return out;
}

/** SHA-256 of `data`. `sha256(utf8('abc'))` → ba7816bf…f20015ad (FIPS 180-4 example). */
export function sha256(data: Uint8Array): Uint8Array {
  return sha256Concat([data]);
}
