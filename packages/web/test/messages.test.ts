import { describe, expect, it } from 'vitest';
import { de, en, eventLabel, format, humanizeType, preferredLanguage } from '../src/i18n/messages.ts';

describe('dashboard messages', () => {
  it('German and English have the same keys and no empty or untranslated text', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(de).sort());
    for (const [k, v] of Object.entries(en)) {
      expect(v.trim(), k).not.toBe('');
      expect(de[k as keyof typeof de].trim(), k).not.toBe('');
    }
    // The labels a supervisor reads most must differ between the languages.
    for (const k of [
      'line.title',
      'kpi.availability',
      'state.failed',
      'state.starved',
      'events.title',
    ] as const)
      expect(de[k]).not.toBe(en[k]);
  });

  it('event labels translate known types and humanize unknown ones', () => {
    expect(eventLabel('de', 'StationFailed')).toBe('Station gestört');
    expect(eventLabel('en', 'StationFailed')).toBe('Station failed');
    expect(humanizeType('SupplierDeliveryDelayed')).toBe('Supplier delivery delayed');
    expect(eventLabel('de', 'SomethingNewHappened')).toBe('Something new happened');
  });

  it('remembers the stored language, else follows the browser, else German', () => {
    expect(preferredLanguage('en', ['de-DE'])).toBe('en');
    expect(preferredLanguage(null, ['fr-FR', 'en-US'])).toBe('en');
    expect(preferredLanguage('xx', ['fr-FR'])).toBe('de');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('Vibration {eq}', { eq: 'R7' })).toBe('Vibration R7');
    expect(format('{a} {b}', { a: '1' })).toBe('1 {b}');
  });
});
