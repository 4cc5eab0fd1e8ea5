import { createRandom, type Worker } from '@aethercore/core';
import { describe, expect, it } from 'vitest';
import { isoWeekday, shiftInstances } from '../src/model/calendar.ts';
import { assignWorkers } from '../src/model/staffing.ts';
import { lognormal, weibull, weibullResidual } from '../src/physics/distributions.ts';
import { eolOutcome } from '../src/physics/eol-test.ts';
import { at, werkhalle4 } from './helpers.ts';

const mean = (n: number, f: () => number): number => {
  let s = 0;
  for (let i = 0; i < n; i++) s += f();
  return s / n;
};

describe('distributions', () => {
  it('Weibull mean is η·Γ(1 + 1/β) (β = 2: 0.8862 η)', () => {
    const rng = createRandom(1);
    expect(mean(40_000, () => weibull(rng, 2, 100))).toBeCloseTo(88.62, 0);
  });

  it('residual life at age 0 is the plain lifetime; worn units (β > 1) have less left', () => {
    const rng = createRandom(2);
    expect(mean(40_000, () => weibullResidual(rng, 2, 100, 0))).toBeCloseTo(88.62, 0);
    const old = mean(40_000, () => weibullResidual(rng, 2, 100, 100));
    expect(old).toBeLessThan(60);
    expect(old).toBeGreaterThan(0);
  });

  it('lognormal keeps the mean and the coefficient of variation', () => {
    const rng = createRandom(3);
    const xs = Array.from({ length: 40_000 }, () => lognormal(rng, 60, 0.1));
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
    expect(m).toBeCloseTo(60, 0);
    expect(sd / m).toBeCloseTo(0.1, 2);
  });
});

describe('shift calendar', () => {
  it('knows the weekday and runs the night shift across midnight, not on weekends', () => {
    expect(isoWeekday(at(6))).toBe(2); // Tuesday 10 March 2026
    const cal = werkhalle4().shiftCalendar;
    const tue = shiftInstances(cal, at(0), at(0) + 24 * 3_600_000);
    expect(tue.map((s) => [cal.shifts[s.shift]?.id, (s.endMs - s.startMs) / 3_600_000])).toEqual([
      ['night', 8], // Monday's night shift, until 06:00 on Tuesday
      ['early', 8],
      ['late', 8],
      ['night', 8],
    ]);
    const saturday = Date.UTC(2026, 2, 14, 8);
    expect(shiftInstances(cal, saturday, saturday + 3_600_000)).toEqual([]);
  });
});

describe('assignWorkers', () => {
  const w = (id: string, ...q: string[]): Worker => ({ id, name: id, shift: 'early', qualifications: q });

  it('serves the scarcest qualification first and keeps the floater for last', () => {
    const staffed = assignWorkers(
      ['press', 'solder', undefined, 'press'],
      [w('F', 'press', 'solder'), w('P1', 'press'), w('P2', 'press')],
    );
    expect(staffed).toEqual(['P1', 'F', undefined, 'P2']);
  });

  it('leaves a station empty when nobody qualified is left', () => {
    expect(assignWorkers(['solder', 'solder'], [w('S', 'solder')])).toEqual(['S', undefined]);
  });
});

describe('eolOutcome', () => {
  const test = { scrapProbability: 0.01, reworkProbability: 0.1, reworkTimeS: 60 };
  const thermal = {
    characteristic: 'd',
    nominalMm: 10,
    toleranceMm: 0.05,
    referenceTemperatureC: 20,
    sensitivityMmPerK: 0.001,
    noiseMm: 0.01,
    timeConstantMin: 5,
  };
  it('scraps out-of-tolerance parts whatever the draw, and otherwise splits the draw into scrap / rework / pass', () => {
    expect(eolOutcome(test, thermal, 10.06, false, 0.99)).toBe('scrap-tolerance');
    expect(eolOutcome(test, thermal, 9.96, false, 0.5)).toBe('pass');
    expect(eolOutcome(test, thermal, 10, false, 0.005)).toBe('scrap-test');
    expect(eolOutcome(test, thermal, 10, false, 0.05)).toBe('rework');
    expect(eolOutcome(test, thermal, 10, true, 0.05)).toBe('pass');
    expect(eolOutcome(test, undefined, undefined, false, 0.5)).toBe('pass');
  });
});
