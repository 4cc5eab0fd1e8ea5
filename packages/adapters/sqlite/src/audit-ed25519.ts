import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { AetherError, type SignatureVerifier, type Signer } from '@aethercore/core';

/**
 * Ed25519 (RFC 8032) for audit checkpoints, through node:crypto. Governance is pure and sees only
 * the `Signer` / `SignatureVerifier` ports; this adapter holds the private key.
 */
export class Ed25519Signer implements Signer {
  readonly keyName: string;
  readonly publicKey: Uint8Array;
  readonly #key: KeyObject;

  private constructor(keyName: string, key: KeyObject) {
    this.keyName = keyName;
    this.#key = key;
    const jwk = createPublicKey(key).export({ format: 'jwk' });
    this.publicKey = new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url'));
  }

  /** A fresh key pair (for a new log, a witness, or tests). */
  static generate(keyName: string): Ed25519Signer {
    return new Ed25519Signer(keyName, generateKeyPairSync('ed25519').privateKey);
  }

  /** Loads a PKCS#8 PEM private key (as written by `toPem()` or `openssl genpkey -algorithm ed25519`). */
  static fromPem(keyName: string, pem: string): Ed25519Signer {
    let key: KeyObject;
    try {
      key = createPrivateKey(pem);
    } catch (e) {
      throw new AetherError({
        code: 'audit.key-invalid',
        message: `The signing key for ${keyName} is not a readable PEM private key.`,
        hint: 'Use a PKCS#8 Ed25519 key (openssl genpkey -algorithm ed25519).',
        cause: e,
      });
    }
    if (key.asymmetricKeyType !== 'ed25519') {
      throw new AetherError({
        code: 'audit.key-invalid',
        message: `The signing key for ${keyName} is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519.`,
        hint: 'Generate an Ed25519 key: openssl genpkey -algorithm ed25519.',
      });
    }
    return new Ed25519Signer(keyName, key);
  }

  toPem(): string {
    return this.#key.export({ format: 'pem', type: 'pkcs8' }).toString();
  }

  sign(message: Uint8Array): Uint8Array {
    return new Uint8Array(sign(null, message, this.#key));
  }
}

const publicKeys = new Map<string, KeyObject>();

function publicKeyObject(raw: Uint8Array): KeyObject | undefined {
  if (raw.length !== 32) return undefined;
  const x = Buffer.from(raw).toString('base64url');
  let key = publicKeys.get(x);
  if (key === undefined) {
    try {
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    } catch {
      return undefined;
    }
    publicKeys.set(x, key);
  }
  return key;
}

/** Verifies raw Ed25519 signatures; malformed keys or signatures are simply "not valid". */
export const ed25519Verifier: SignatureVerifier = {
  verify(publicKey, message, signature) {
    const key = publicKeyObject(publicKey);
    if (key === undefined || signature.length !== 64) return false;
    try {
      return verify(null, message, key, signature);
    } catch {
      return false;
    }
  },
};
