import type { EngineeringUnit } from '@aethercore/core';
import { makeEUInformation, standardUnits, type EUInformation } from 'node-opcua';

/**
 * The model's SI units as OPC UA EUInformation (Part 8, 5.6.3): UNECE Recommendation 20 common codes,
 * namespace http://www.opcfoundation.org/UA/units/un/cefact. node-opcua's `standardUnits` covers most;
 * the rest are made with the same rule (`makeEUInformation(commonCode, symbol, name)`).
 * 'none' has no EngineeringUnits property at all.
 */
const UNITS: Readonly<Record<Exclude<EngineeringUnit, 'none'>, () => EUInformation>> = {
  degC: () => standardUnits.degree_celsius, // CEL
  mm: () => standardUnits.millimetre, // MMT
  'mm/s': () => makeEUInformation('C16', 'mm/s', 'millimetre per second'),
  kW: () => standardUnits.kilowatt, // KWT
  kWh: () => makeEUInformation('KWH', 'kW·h', 'kilowatt hour'),
  s: () => standardUnits.second, // SEC
  count: () => makeEUInformation('H87', 'pc', 'piece'),
  '%': () => standardUnits.percent, // P1
  bar: () => standardUnits.bar, // BAR
  A: () => standardUnits.ampere, // AMP
  V: () => standardUnits.volt, // VLT
  Hz: () => standardUnits.hertz, // HTZ
};

export function euInformationOf(unit: EngineeringUnit): EUInformation | undefined {
  return unit === 'none' ? undefined : UNITS[unit]();
}

/** The reverse mapping, by UNECE unitId, for clients that read EngineeringUnits back. */
export function engineeringUnitOf(eu: { unitId: number } | undefined): EngineeringUnit {
  if (eu === undefined) return 'none';
  for (const [unit, make] of Object.entries(UNITS) as [
    Exclude<EngineeringUnit, 'none'>,
    () => EUInformation,
  ][]) {
    if (make().unitId === eu.unitId) return unit;
  }
  return 'none';
}
