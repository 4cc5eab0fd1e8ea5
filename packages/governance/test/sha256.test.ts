import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../src/crypto/sha256.ts';
import { fromBase64, fromHex, toBase64, toHex, utf8 } from '../src/crypto/bytes.ts';

describe('sha256 (FIPS 180-4)', () => {
  // NIST CSRC "Examples with intermediate values" for SHA-256 and the FIPS 180-2 long-message vector.
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
    [
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
    ],
  ])('NIST vector %#', (msg, want) => {
    expect(toHex(sha256(utf8(msg)))).toBe(want);
  });

  it('one million times "a" (FIPS 180-2 Appendix B.3)', () => {
    expect(toHex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
  });

  it('agrees with node:crypto on every length around the block and padding boundaries', () => {
    for (let len = 0; len < 200; len++) {
      const data = Uint8Array.from({ length: len }, (_, i) => (i * 31 + len) & 0xff);
      expect(toHex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });

  it('agrees with node:crypto on random inputs (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (data) => {
        expect(toHex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
      }),
    );
  });
});

describe('bytes', () => {
  it('round-trips hex and base64 and matches Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (data) => {
        expect(toBase64(data)).toBe(Buffer.from(data).toString('base64'));
        expect(fromBase64(toBase64(data))).toEqual(data);
        expect(fromHex(toHex(data))).toEqual(data);
      }),
    );
  });

  it('rejects malformed encodings', () => {
    expect(fromHex('abc')).toBeUndefined();
    expect(fromHex('zz')).toBeUndefined();
    expect(fromBase64('abc')).toBeUndefined();
    expect(fromBase64('QQ=A')).toBeUndefined();
    expect(fromBase64('QR==')).toBeUndefined(); // non-canonical padding bits
  });
});
