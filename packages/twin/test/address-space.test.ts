import { listVariables } from '@aethercore/core';
import { describe, expect, it } from 'vitest';
import { createTwin, describeAddressSpace, recordTelemetry } from '../src/index.ts';
import { at, werkhalle4 } from './helpers.ts';

describe('describeAddressSpace', () => {
  const plant = werkhalle4();
  const spec = describeAddressSpace(plant);
  const vars = listVariables(spec);

  it('is Site → Area → Line → WorkCell → Equipment with the required variables', () => {
    expect(spec.namespaceUri).toBe('urn:aethercore:werkhalle4');
    expect(spec.root.level).toBe('Site');
    expect(spec.root.children[0]?.level).toBe('Area');
    expect(spec.root.children[0]?.children[0]?.level).toBe('Line');
    expect(spec.root.children[0]?.children[0]?.children.every((c) => c.level === 'WorkCell')).toBe(true);
    const st05 = vars.filter((v) => v.path.includes('ST05')).map((v) => v.variable.name);
    expect(st05).toEqual([
      'state',
      'partsProduced',
      'vibrationRmsMmS',
      'temperatureC',
      'powerKW',
      'energyKWh',
    ]);
    const st04 = vars.filter((v) => v.path.includes('ST04')).map((v) => v.variable);
    const dim = st04.find((v) => v.name === 'dimensionMm');
    expect(dim?.unit).toBe('mm');
    expect(dim?.euRange).toEqual({ low: 12.35, high: 12.45 });
    expect(st04.find((v) => v.name === 'vibrationRmsMmS')?.unit).toBe('mm/s');
    for (const { variable } of vars) expect(variable.euRange!.low).toBeLessThan(variable.euRange!.high);
  });

  it('readings cover exactly the variables, in order, with sim source time and good quality', () => {
    const twin = createTwin({ plant, scenario: 'werkhalle4-day', seed: 42 });
    twin.advanceTo(at(8));
    const readings = twin.readings();
    expect(readings.map((r) => r.seriesId)).toEqual(vars.map((v) => v.variable.seriesId));
    for (const r of readings) {
      expect(r.sourceTime).toBe(at(8));
      expect(r.quality).toBe('good');
      expect(Number.isFinite(r.value)).toBe(true);
    }
  });

  it('records telemetry at a fixed interval without touching the event log', () => {
    const a = createTwin({ plant, scenario: 'werkhalle4-day', seed: 42 });
    const b = createTwin({ plant, scenario: 'werkhalle4-day', seed: 42 });
    const samples = recordTelemetry(a, at(7), 60_000);
    b.run(at(7));
    expect(samples).toHaveLength(60 * vars.length);
    expect(samples[vars.length]?.sourceTime).toBe(at(6) + 120_000);
    expect(a.events()).toEqual(b.events());
  });

  it('records only the requested series', () => {
    const twin = createTwin({ plant, scenario: 'werkhalle4-day', seed: 42 });
    const samples = recordTelemetry(twin, at(6, 10), 1000, {
      series: ['ST05/vibrationRmsMmS', 'ST05/temperatureC'],
    });
    expect(samples).toHaveLength(2 * 600);
    expect(new Set(samples.map((r) => r.seriesId))).toEqual(
      new Set(['ST05/vibrationRmsMmS', 'ST05/temperatureC']),
    );
  });

  it('gives every variable a unique series id', () => {
    const ids = vars.map((v) => v.variable.seriesId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
