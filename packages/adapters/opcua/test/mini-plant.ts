import type { AddressSpaceSpec, EquipmentNodeSpec, VariableSpec } from '@aethercore/core';

const v = (equipment: string, name: string, rest: Omit<VariableSpec, 'name' | 'seriesId'>): VariableSpec => ({
  name,
  seriesId: `${equipment}/${name}`,
  ...rest,
});

const station = (id: string, displayName: string): EquipmentNodeSpec => ({
  id,
  level: 'WorkCell',
  displayName,
  variables: [
    v(id, 'temperatureC', {
      dataType: 'Double',
      unit: 'degC',
      euRange: { low: 10, high: 90 },
      writable: false,
      description: 'spindle temperature',
    }),
    v(id, 'vibrationRmsMmS', {
      dataType: 'Double',
      unit: 'mm/s',
      euRange: { low: 0, high: 12 },
      writable: false,
    }),
    v(id, 'partsCount', { dataType: 'UInt32', unit: 'count', writable: false }),
    v(id, 'running', { dataType: 'Boolean', unit: 'none', writable: false }),
    v(id, 'state', { dataType: 'String', unit: 'none', writable: false }),
    v(id, 'feedOverridePct', {
      dataType: 'Double',
      unit: '%',
      euRange: { low: 50, high: 120 },
      writable: true,
    }),
  ],
  children: [],
});

/** A small hand-made plant: one site, one area, one line, two stations. */
export const MINI_PLANT: AddressSpaceSpec = {
  namespaceUri: 'urn:aethercore:test-plant',
  root: {
    id: 'WH4',
    level: 'Site',
    displayName: 'Werkhalle 4',
    variables: [],
    children: [
      {
        id: 'A1',
        level: 'Area',
        displayName: 'Machining',
        variables: [],
        children: [
          {
            id: 'L1',
            level: 'Line',
            displayName: 'Line 1',
            variables: [],
            children: [station('ST01', 'Lathe 1'), station('ST03', 'Mill 3')],
          },
        ],
      },
    ],
  },
};
