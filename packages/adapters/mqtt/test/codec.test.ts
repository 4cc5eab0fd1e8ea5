import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AetherError, ENGINEERING_UNITS, type EngineeringUnit, type Quality } from '@aethercore/core';
import {
  DEFAULT_TOPIC_PREFIX as P,
  decodeMeta,
  decodeSample,
  encodeMeta,
  encodeSample,
  gatewayStateTopic,
  metaTopic,
  parseTopic,
  RecentTimes,
  signalTopic,
} from '../src/index.ts';

const level = fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/);
const quality = fc.constantFrom<Quality>('good', 'uncertain', 'bad');
const unit = fc.constantFrom<EngineeringUnit>(...ENGINEERING_UNITS);

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof AetherError) return e.code;
    throw e;
  }
  return 'none';
}

describe('topic scheme', () => {
  it('maps the ISA-95 path and signal to a topic and back (round trip)', () => {
    fc.assert(
      fc.property(fc.array(level, { minLength: 1, maxLength: 6 }), level, (path, signal) => {
        const data = parseTopic(P, signalTopic(P, path, signal));
        expect(data).toEqual({ kind: 'data', path, signal, seriesId: `${path.at(-1)}/${signal}` });
        expect(parseTopic(P, metaTopic(P, path, signal))).toEqual({ ...data, kind: 'meta' });
      }),
    );
    expect(parseTopic(P, gatewayStateTopic(P, 'gw-1'))).toEqual({ kind: 'state', gatewayId: 'gw-1' });
    expect(signalTopic(P, ['SITE-A', 'WH4', 'L1', 'WC-ROBOT', 'ST05'], 'vibrationRmsMmS')).toBe(
      'aethercore/v1/SITE-A/WH4/L1/WC-ROBOT/ST05/vibrationRmsMmS',
    );
  });

  it('refuses foreign and hostile topics with mqtt.topic-invalid', () => {
    for (const t of [
      'other/SITE-A/ST05/x',
      `${P}/ST05`,
      `${P}//x`,
      `${P}/a/b/c/d/e/f/g/h/i`,
      `${P}/$gateway/$state`,
      `${P}/ST05/$x`,
      `${P}/ST05/x/$meta/extra`,
      `${P}/${'x'.repeat(2000)}/y`,
      42,
      null,
      undefined,
    ])
      expect(codeOf(() => parseTopic(P, t))).toBe('mqtt.topic-invalid');
    expect(codeOf(() => signalTopic(P, ['ST+'], 'x'))).toBe('mqtt.topic-invalid');
    expect(codeOf(() => signalTopic(P, ['ST05'], 'a#'))).toBe('mqtt.topic-invalid');
    expect(codeOf(() => signalTopic(P, [], 'x'))).toBe('mqtt.topic-invalid');
  });

  it('never throws anything but a coded error on arbitrary topic strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        for (const t of [s, `${P}/${s}`]) {
          try {
            parseTopic(P, t);
          } catch (e) {
            expect(e).toBeInstanceOf(AetherError);
            expect((e as AetherError).code).toBe('mqtt.topic-invalid');
          }
        }
      }),
    );
  });
});

describe('payload codec', () => {
  it('round-trips every finite value, quality, integer time and unit', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        quality,
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.option(unit, { nil: undefined }),
        (value, q, sourceTime, u) => {
          const bytes = Buffer.from(encodeSample({ value, quality: q, sourceTime }, u));
          const r = decodeSample('ST05/x', bytes, u);
          // JSON has no -0: it comes back as 0, which is the same measurement.
          expect(r).toEqual({
            seriesId: 'ST05/x',
            value: Object.is(value, -0) ? 0 : value,
            quality: q,
            sourceTime,
          });
        },
      ),
    );
  });

  it('defaults a missing quality to good', () => {
    expect(decodeSample('a/b', '{"t":5,"v":1.5}')).toEqual({
      seriesId: 'a/b',
      value: 1.5,
      quality: 'good',
      sourceTime: 5,
    });
  });

  it('refuses hostile payloads with the right code', () => {
    const cases: [unknown, string][] = [
      ['not json', 'mqtt.payload-invalid'],
      ['[1,2]', 'mqtt.payload-invalid'],
      ['null', 'mqtt.payload-invalid'],
      ['"str"', 'mqtt.payload-invalid'],
      [42, 'mqtt.payload-invalid'],
      [Buffer.alloc(5_000, 0x20), 'mqtt.payload-too-large'],
      ['{"t":"1","v":1}', 'mqtt.sample-invalid'],
      ['{"t":1.5,"v":1}', 'mqtt.sample-invalid'],
      ['{"t":-1,"v":1}', 'mqtt.sample-invalid'],
      ['{"t":1e300,"v":1}', 'mqtt.sample-invalid'],
      ['{"t":1,"v":"2"}', 'mqtt.sample-invalid'],
      ['{"t":1,"v":null}', 'mqtt.sample-invalid'],
      ['{"t":1}', 'mqtt.sample-invalid'],
      ['{"t":1,"v":1,"q":"great"}', 'mqtt.sample-invalid'],
      ['{"t":1,"v":1,"unit":"furlong"}', 'mqtt.sample-invalid'],
      ['{"t":1,"v":1,"unit":"kW","__proto__":{"x":1}}', 'mqtt.unit-mismatch'],
      [Buffer.from([0xff, 0xfe, 0x00]), 'mqtt.payload-invalid'],
    ];
    for (const [payload, code] of cases)
      expect(codeOf(() => decodeSample('ST05/x', payload, 'mm/s'))).toBe(code);
  });

  it('never throws anything but a coded error on arbitrary bytes or JSON', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
          fc.json().map((j) => Buffer.from(j)),
        ),
        (b) => {
          try {
            const r = decodeSample('s/x', b);
            expect(Number.isFinite(r.value)).toBe(true);
            expect(Number.isSafeInteger(r.sourceTime)).toBe(true);
          } catch (e) {
            expect(e).toBeInstanceOf(AetherError);
            expect((e as AetherError).code).toMatch(/^mqtt\./);
          }
        },
      ),
    );
  });

  it('round-trips births and refuses bad ones', () => {
    const m = {
      seriesId: 'ST05/vibrationRmsMmS',
      unit: 'mm/s' as const,
      low: 0,
      high: 2.7,
      description: 'Vibration',
    };
    expect(decodeMeta(encodeMeta(m))).toEqual(m);
    expect(decodeMeta('{"seriesId":"a/b","unit":"kW"}')).toEqual({ seriesId: 'a/b', unit: 'kW' });
    for (const bad of [
      '{"unit":"kW"}',
      '{"seriesId":"a/b","unit":"hp"}',
      '{"seriesId":"a/b","unit":"kW","low":"0"}',
      '[]',
    ])
      expect(codeOf(() => decodeMeta(bad))).toMatch(/^mqtt\.(meta|payload)-invalid$/);
  });
});

describe('RecentTimes', () => {
  it('recognises repeats within its window and forgets beyond it', () => {
    const r = new RecentTimes(3);
    expect([1, 2, 3].map((t) => r.add(t))).toEqual([true, true, true]);
    expect(r.add(2)).toBe(false);
    expect(r.add(4)).toBe(true); // evicts 1
    expect(r.add(1)).toBe(true);
    expect(r.add(4)).toBe(false);
  });
});
