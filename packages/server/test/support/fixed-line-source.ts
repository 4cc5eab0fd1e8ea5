import type { KpisResponse, LineResponse, LineSource, PlantResponse } from '../../src/index.ts';

const T0 = Date.UTC(2026, 2, 12, 6, 0, 0);

/** A LineSource with fixed data: three stations, two buffers, R7's vibration and temperature. */
export function fixedLineSource(
  overrides: { simTime?: number; kpis?: () => Promise<KpisResponse> } = {},
): LineSource & { time: number } {
  const plant: PlantResponse = {
    namespaceUri: 'urn:aethercore:test',
    lineId: 'L1',
    lineName: 'Test line',
    stations: [
      { id: 'ST01', name: 'Press-fit', index: 0 },
      { id: 'R7', name: 'Robot R7', index: 1 },
      { id: 'ST03', name: 'Screwing', index: 2 },
    ],
    series: [
      {
        seriesId: 'R7/vibrationRmsMmS',
        equipmentId: 'R7',
        name: 'vibrationRmsMmS',
        unit: 'mm/s',
        euRange: { low: 0, high: 4.5 },
      },
      { seriesId: 'R7/temperatureC', equipmentId: 'R7', name: 'temperatureC', unit: 'degC' },
    ],
    trends: [
      {
        kind: 'vibration',
        seriesId: 'R7/vibrationRmsMmS',
        equipmentId: 'R7',
        name: 'vibrationRmsMmS',
        unit: 'mm/s',
        limits: { high: 4.5 },
      },
      {
        kind: 'temperature',
        seriesId: 'R7/temperatureC',
        equipmentId: 'R7',
        name: 'temperatureC',
        unit: 'degC',
        limits: {},
      },
    ],
    root: { id: 'L1', level: 'Line', displayName: 'Test line', variables: [], children: [] },
  };
  const source = {
    time: overrides.simTime ?? T0,
    plant: () => plant,
    simTime: () => source.time,
    components: () => ({ twin: 'ok' as const }),
    line: (): LineResponse => ({
      lineId: 'L1',
      lineName: 'Test line',
      simTime: source.time,
      stations: [
        { id: 'ST01', name: 'Press-fit', state: 'producing', partsProduced: 10, energyKWh: 1 },
        {
          id: 'R7',
          name: 'Robot R7',
          state: 'blocked',
          partsProduced: 9,
          energyKWh: 2,
          reason: 'output-full',
        },
        {
          id: 'ST03',
          name: 'Screwing',
          state: 'starved',
          partsProduced: 8,
          energyKWh: 1,
          reason: 'material',
        },
      ],
      buffers: [
        { id: 'B1', from: 'ST01', to: 'R7', level: 3, capacity: 5 },
        { id: 'B2', from: 'R7', to: 'ST03', level: 0, capacity: 5 },
      ],
      counters: { partsGood: 8, partsScrap: 1 },
    }),
    kpis:
      overrides.kpis ??
      ((): Promise<KpisResponse> =>
        Promise.resolve({
          from: T0,
          to: source.time,
          kpis: {
            output: 8,
            oee: 0.8,
            availability: 0.9,
            performance: 0.95,
            quality: 0.94,
            energyPerUnitKWh: 1.2,
            firstPassYield: 0.9,
            downtimeS: 60,
          },
        })),
  };
  return source;
}
