import { describe, expect, it } from 'vitest';
import { Ed25519Signer, ed25519Verifier } from '../src/audit-ed25519.ts';
import { ScryptPasswordHasher, randomApiToken } from '../src/audit-scrypt-password-hasher.ts';

describe('Ed25519 signer/verifier', () => {
  it('signs and verifies; any change to message, signature or key fails', () => {
    const s = Ed25519Signer.generate('test/log');
    const msg = new TextEncoder().encode('origin\n1\nabc=\n');
    const sig = s.sign(msg);
    expect(s.publicKey).toHaveLength(32);
    expect(ed25519Verifier.verify(s.publicKey, msg, sig)).toBe(true);
    const bad = Uint8Array.from(sig);
    bad[10]! ^= 1;
    expect(ed25519Verifier.verify(s.publicKey, msg, bad)).toBe(false);
    expect(ed25519Verifier.verify(s.publicKey, Uint8Array.of(...msg, 1), sig)).toBe(false);
    expect(ed25519Verifier.verify(Ed25519Signer.generate('x').publicKey, msg, sig)).toBe(false);
    expect(ed25519Verifier.verify(new Uint8Array(5), msg, sig)).toBe(false);
    expect(ed25519Verifier.verify(s.publicKey, msg, sig.subarray(0, 10))).toBe(false);
  });

  it('round-trips a PEM key and rejects non-Ed25519 PEM', () => {
    const s = Ed25519Signer.generate('k');
    const t = Ed25519Signer.fromPem('k', s.toPem());
    expect(Array.from(t.publicKey)).toEqual(Array.from(s.publicKey));
    expect(() => Ed25519Signer.fromPem('k', 'nonsense')).toThrow(/not a readable PEM/);
  });
});

describe('scrypt password hasher', () => {
  const h = new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });
  it('verifies the right password only, salts every hash', async () => {
    const a = await h.hash('correct horse');
    const b = await h.hash('correct horse');
    expect(a).not.toBe(b);
    expect(await h.verify('correct horse', a)).toBe(true);
    expect(await h.verify('correct horsf', a)).toBe(false);
    expect(await h.verify('correct horse', 'scrypt$1$1$1$x$y')).toBe(false);
    expect(await h.verify('correct horse', 'garbage')).toBe(false);
  });

  it('issues distinct high-entropy tokens', () => {
    const t = new Set(Array.from({ length: 100 }, () => randomApiToken()));
    expect(t.size).toBe(100);
    for (const x of t) expect(x).toMatch(/^act_[A-Za-z0-9_-]{43}$/);
  });
});
