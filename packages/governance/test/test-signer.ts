import { generateKeyPairSync, sign, verify, createPublicKey } from 'node:crypto';
import type { SignatureVerifier, Signer } from '@aethercore/core';

/** Test-only Ed25519 through node:crypto (the production adapter lives in adapter-sqlite). */
export function testSigner(keyName: string): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'));
  return { keyName, publicKey: raw, sign: (m) => new Uint8Array(sign(null, m, privateKey)) };
}

export const testVerifier: SignatureVerifier = {
  verify(pub, msg, sig) {
    try {
      const key = createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(pub).toString('base64url') },
        format: 'jwk',
      });
      return verify(null, msg, key, sig);
    } catch {
      return false;
    }
  },
};
