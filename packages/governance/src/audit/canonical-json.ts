import { AetherError } from '@aethercore/core';

/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no insignificant whitespace, numbers in
 * ECMAScript shortest form — the JSON Canonicalization Scheme of RFC 8785 for the values we log.
 * The same entry always yields the same bytes, so its Merkle leaf hash is reproducible by anyone.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(v: unknown, path: string): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) throw bad(path, `${v} is not a JSON number`);
      return JSON.stringify(Object.is(v, -0) ? 0 : v);
    case 'object': {
      if (Array.isArray(v)) return `[${v.map((x, i) => write(x, `${path}[${i}]`)).join(',')}]`;
      const rec = v as Record<string, unknown>;
      const keys = Object.keys(rec)
        .filter((k) => rec[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${write(rec[k], `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw bad(path, `a ${typeof v} cannot be written to the audit log`);
  }
}

function bad(path: string, what: string): AetherError {
  return new AetherError({
    code: 'audit.entry-not-json',
    message: `Audit entry value at ${path}: ${what}.`,
    hint: 'Log plain JSON values (strings, finite numbers, booleans, arrays, objects).',
    path,
  });
}
