import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt (RFC 7914) for governance's `PasswordHasher` port. The encoded form
 * carries its parameters (`scrypt$N$r$p$salt$hash`, base64), so they can be raised later without
 * invalidating stored hashes. Defaults: N = 2^15, r = 8, p = 1, 16-byte salt, 32-byte key.
 */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

const DEFAULT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

function derive(password: string, salt: Buffer, params: ScryptParams, keyLen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      keyLen,
      { ...params, maxmem: 256 * params.N * params.r },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

export class ScryptPasswordHasher {
  readonly #params: ScryptParams;

  constructor(params: ScryptParams = DEFAULT) {
    this.#params = params;
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, this.#params, 32);
    const { N, r, p } = this.#params;
    return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
  }

  /** False for a wrong password and for any malformed encoded hash (never throws on bad input). */
  async verify(password: string, encoded: string): Promise<boolean> {
    const parts = encoded.split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
    const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
    if (![N, r, p].every((v) => Number.isSafeInteger(v) && v > 0) || N > 2 ** 20 || r > 32 || p > 16)
      return false;
    const salt = Buffer.from(parts[4] ?? '', 'base64');
    const want = Buffer.from(parts[5] ?? '', 'base64');
    if (salt.length < 8 || want.length < 16) return false;
    try {
      const got = await derive(password, salt, { N, r, p }, want.length);
      return timingSafeEqual(got, want);
    } catch {
      return false;
    }
  }
}

/** A fresh API token (256 bits from the OS CSPRNG, base64url); store only its hash. */
export function randomApiToken(prefix = 'act'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}
