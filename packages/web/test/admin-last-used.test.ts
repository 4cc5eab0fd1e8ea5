import { describe, expect, it } from 'vitest';
import { agoText, lastUsedOf } from '../src/admin/last-used.ts';

const NOW = Date.UTC(2026, 10, 24, 9, 0);
const MIN = 60_000;

describe("an API token's last use, relative to the server's time", () => {
  it('never, just now (first minute, and a use after the list time), then minutes, hours, days', () => {
    expect(lastUsedOf(undefined, NOW)).toEqual({ kind: 'never' });
    expect(lastUsedOf(NOW, NOW)).toEqual({ kind: 'just-now' });
    expect(lastUsedOf(NOW - MIN + 1, NOW)).toEqual({ kind: 'just-now' });
    expect(lastUsedOf(NOW + 5_000, NOW)).toEqual({ kind: 'just-now' });
    expect(lastUsedOf(NOW - MIN, NOW)).toEqual({ kind: 'ago', value: 1, unit: 'minute' });
    expect(lastUsedOf(NOW - 59 * MIN - 59_999, NOW)).toEqual({ kind: 'ago', value: 59, unit: 'minute' });
    expect(lastUsedOf(NOW - 60 * MIN, NOW)).toEqual({ kind: 'ago', value: 1, unit: 'hour' });
    expect(lastUsedOf(NOW - 24 * 60 * MIN + 1, NOW)).toEqual({ kind: 'ago', value: 23, unit: 'hour' });
    expect(lastUsedOf(NOW - 3 * 24 * 60 * MIN, NOW)).toEqual({ kind: 'ago', value: 3, unit: 'day' });
  });

  it('reads in German and English', () => {
    expect(agoText('de-DE', { kind: 'ago', value: 3, unit: 'minute' })).toBe('vor 3 Minuten');
    expect(agoText('en-GB', { kind: 'ago', value: 3, unit: 'minute' })).toBe('3 minutes ago');
    expect(agoText('de-DE', { kind: 'ago', value: 2, unit: 'day' })).toBe('vorgestern');
    expect(agoText('en-GB', { kind: 'ago', value: 5, unit: 'hour' })).toBe('5 hours ago');
  });
});
