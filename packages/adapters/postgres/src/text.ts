import { AetherError } from '@aethercore/core';

/**
 * PostgreSQL `text` cannot hold U+0000 (the server rejects the whole statement). The core validators
 * accept such strings, so the adapter refuses them up front with the caller's validation code and the
 * exact path, instead of a storage error after a round trip. JSON data is not affected: JSON.stringify
 * escapes U+0000 as `\u0000`, which the `json` type keeps verbatim.
 */
export function assertNoNul(s: string, code: string, path: string): void {
  if (s.includes('\u0000')) {
    throw new AetherError({
      code,
      message: `${path} contains the character U+0000, which PostgreSQL text cannot store; nothing of the batch was stored`,
      hint: 'remove NUL characters from ids, types and streams',
      path,
    });
  }
}
