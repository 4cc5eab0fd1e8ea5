import type {
  AddressSpaceSpec,
  EngineeringUnit,
  EquipmentNodeSpec,
  Plant,
  Station,
  VariableSpec,
} from '@aethercore/core';

/**
 * The plant's address space (ISA-95 hierarchy as OPC UA Part 8 would expose it): Site → Area →
 * Line → WorkCell → Equipment (one node per station), each station with its variables. The
 * `state` variable is a String in OPC UA; in readings it carries the index into STATION_STATES.
 */
export function describeAddressSpace(plant: Plant): AddressSpaceSpec {
  const cells: EquipmentNodeSpec[] = plant.workCells.map((wc) => ({
    id: wc.id,
    level: 'WorkCell',
    displayName: wc.name,
    variables: [],
    children: plant.stations.filter((s) => s.workCell === wc.id).map(stationNode),
  }));
  const line: EquipmentNodeSpec = {
    id: plant.line.id,
    level: 'Line',
    displayName: plant.line.name,
    variables: [],
    children: cells,
  };
  const area: EquipmentNodeSpec = {
    id: plant.area.id,
    level: 'Area',
    displayName: plant.area.name,
    variables: [],
    children: [line],
  };
  return {
    namespaceUri: plant.namespaceUri,
    root: { id: plant.site.id, level: 'Site', displayName: plant.site.name, variables: [], children: [area] },
  };
}

const v = (
  station: string,
  name: string,
  dataType: VariableSpec['dataType'],
  unit: EngineeringUnit,
  low: number,
  high: number,
  description: string,
): VariableSpec => ({
  name,
  description,
  dataType,
  unit,
  euRange: { low, high },
  seriesId: `${station}/${name}`,
  writable: false,
});

/** The variables of one station, in the order `twin.readings()` reports them. */
export function stationVariables(s: Station): VariableSpec[] {
  const f = s.failure;
  // Normal range up to about the ISO 10816-3 zone B/C boundary (2.8 mm/s for medium machines on
  // rigid foundations): 1.5 × the station's healthy level, at least 2.3 mm/s.
  const vibHigh = f === undefined ? 2.3 : Math.max(2.3, f.vibrationBaseMmS * 1.5);
  const e = s.energy;
  const vars: VariableSpec[] = [
    v(
      s.id,
      'state',
      'String',
      'none',
      0,
      5,
      'Machine state: off, idle, starved, blocked, producing, failed (reading value = index)',
    ),
    v(s.id, 'partsProduced', 'UInt32', 'count', 0, 1_000_000, 'Parts processed since the start'),
    v(s.id, 'vibrationRmsMmS', 'Double', 'mm/s', 0, round2(vibHigh), 'Vibration velocity RMS (10–1000 Hz)'),
    v(
      s.id,
      'temperatureC',
      'Double',
      'degC',
      round2(s.ambientTemperatureC - 5),
      round2(s.ambientTemperatureC + s.loadTemperatureRiseC + (s.thermal === undefined ? 8 : 10)),
      s.thermal ? 'Tool temperature' : 'Drive/housing temperature',
    ),
    v(
      s.id,
      'powerKW',
      'Double',
      'kW',
      0,
      round2(Math.max(e.producingKW, e.idleKW, e.failedKW, e.offKW) * 1.2),
      'Electrical power',
    ),
    v(s.id, 'energyKWh', 'Double', 'kWh', 0, 1_000_000, 'Electrical energy since the start'),
  ];
  if (s.thermal !== undefined) {
    const th = s.thermal;
    vars.push(
      v(
        s.id,
        'dimensionMm',
        'Double',
        'mm',
        round4(th.nominalMm - th.toleranceMm),
        round4(th.nominalMm + th.toleranceMm),
        `Quality characteristic ${th.characteristic} of the last part (nominal ± tolerance)`,
      ),
    );
  }
  return vars;
}

function stationNode(s: Station): EquipmentNodeSpec {
  return {
    id: s.id,
    level: 'Equipment',
    displayName: s.name,
    variables: stationVariables(s),
    children: s.equipment.map((e) => ({
      id: e.id,
      level: 'Equipment',
      displayName: e.name,
      variables: [],
      children: [],
    })),
  };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
