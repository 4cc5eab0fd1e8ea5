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
      // String concatenation rather than map/join: this runs for every audit append.
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + write(v[i], `${path}[${i}]`);
        return `${out}]`;
      }
      const rec = v as Record<string, unknown>;
      const keys = Object.keys(rec).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const x = rec[k];
        if (x === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(k)}:${write(x, `${path}.${k}`)}`;
        first = false;
      }
      return `${out}}`;
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
