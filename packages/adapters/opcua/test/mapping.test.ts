import { ENGINEERING_UNITS, type EngineeringUnit, type Quality } from '@aethercore/core';
import { StatusCodes } from 'node-opcua';
import { describe, expect, it } from 'vitest';
import { engineeringUnitOf, euInformationOf, qualityOf, statusOf } from '../src/index.ts';

/** OPC UA Part 8, 5.6.3: unitId = the UNECE common code's characters packed big-endian into an Int32. */
const unitId = (code: string): number => [...code].reduce((id, c) => (id << 8) | c.charCodeAt(0), 0);

describe('engineering units → EUInformation (UNECE Rec 20)', () => {
  const expected: Record<string, string> = {
    degC: 'CEL',
    mm: 'MMT',
    'mm/s': 'C16',
    kW: 'KWT',
    kWh: 'KWH',
    s: 'SEC',
    count: 'H87',
    '%': 'P1',
    bar: 'BAR',
    A: 'AMP',
    V: 'VLT',
    Hz: 'HTZ',
  };
  it.each(Object.entries(expected))('%s → %s', (unit, code) => {
    const eu = euInformationOf(unit as EngineeringUnit);
    expect(eu?.unitId).toBe(unitId(code));
    expect(eu?.namespaceUri).toBe('http://www.opcfoundation.org/UA/units/un/cefact');
  });

  it('covers every unit of the model, and maps back', () => {
    for (const u of ENGINEERING_UNITS) {
      const eu = euInformationOf(u);
      if (u === 'none') expect(eu).toBeUndefined();
      else expect(engineeringUnitOf(eu)).toBe(u);
    }
    expect(engineeringUnitOf({ unitId: unitId('XYZ') })).toBe('none');
    expect(engineeringUnitOf(undefined)).toBe('none');
  });
});

describe('quality ↔ StatusCode', () => {
  it('round-trips the three qualities', () => {
    for (const q of ['good', 'uncertain', 'bad'] as Quality[]) expect(qualityOf(statusOf(q))).toBe(q);
  });
  it('reads any sub-code by its severity bits', () => {
    expect(qualityOf(StatusCodes.BadSensorFailure)).toBe('bad');
    expect(qualityOf(StatusCodes.BadCommunicationError)).toBe('bad');
    expect(qualityOf(StatusCodes.UncertainLastUsableValue)).toBe('uncertain');
    expect(qualityOf(StatusCodes.GoodClamped)).toBe('good');
  });
});
