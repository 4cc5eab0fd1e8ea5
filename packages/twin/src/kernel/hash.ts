/**
 * FNV-1a 64-bit (Fowler–Noll–Vo, draft-eastlake-fnv-21) over the UTF-8 bytes of a string, in pure
 * TypeScript on four 16-bit limbs: pure packages cannot use `node:crypto`, and BigInt is slow.
 * Not a cryptographic hash: it pins replays; it does not protect against tampering (the audit log does).
 */
export function fnv1a64(text: string): string {
  // Offset basis 0xcbf29ce484222325 as 16-bit limbs, least significant first.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i++) {
    h0 ^= bytes[i] as number;
    // h × prime mod 2^64, prime = 0x100000001b3 = 2^40 + 0x1b3; 2^40 is limb 2 shifted by 8 bits.
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3;
    const t2 = h2 * 0x1b3 + (h0 << 8);
    const t3 = h3 * 0x1b3 + (h1 << 8);
    h0 = t0 & 0xffff;
    const c1 = t1 + Math.floor(t0 / 65536);
    h1 = c1 & 0xffff;
    const c2 = t2 + Math.floor(c1 / 65536);
    h2 = c2 & 0xffff;
    h3 = (t3 + Math.floor(c2 / 65536)) & 0xffff;
  }
  const hex = (n: number): string => n.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}

/** JSON with object keys sorted at every level: the canonical text of an event log. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** The replay fingerprint of an event log: FNV-1a 64 over one canonical JSON line per event. */
export function hashEventLog(events: readonly unknown[]): string {
  return fnv1a64(events.map(canonicalJson).join('\n'));
}
