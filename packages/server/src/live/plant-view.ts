import { listVariables, type AddressSpaceSpec, type Plant } from '@aethercore/core';
import type { PlantResponse, SeriesInfo, TrendSpec } from '../api/types.ts';

/**
 * `/api/plant` from the plant file and the address space the twin serves over OPC UA.
 * The trends are chosen from the plant, not hard-coded ids: the first robot cell's vibration and
 * temperature (R7 in Werkhalle 4, the seed day's 11:15 story) and every heat-driven station's
 * quality characteristic with its tolerance (the 13:45 thermal drift story).
 */
export function plantView(plant: Plant, spec: AddressSpaceSpec): PlantResponse {
  const series: SeriesInfo[] = listVariables(spec).map(({ path, variable }) => ({
    seriesId: variable.seriesId,
    equipmentId: path.at(-1) ?? '',
    name: variable.name,
    unit: variable.unit,
    ...(variable.euRange === undefined ? {} : { euRange: variable.euRange }),
    ...(variable.description === undefined ? {} : { description: variable.description }),
  }));
  const byId = new Map(series.map((s) => [s.seriesId, s]));
  const trends: TrendSpec[] = [];
  const robot =
    plant.stations.find((s) => s.kind === 'robot') ?? plant.stations.find((s) => s.failure !== undefined);
  if (robot !== undefined) {
    const label = robot.equipment[0]?.id ?? robot.id;
    const vib = byId.get(`${robot.id}/vibrationRmsMmS`);
    if (vib !== undefined)
      trends.push({
        kind: 'vibration',
        seriesId: vib.seriesId,
        equipmentId: label,
        name: vib.name,
        unit: vib.unit,
        limits: upper(vib),
      });
    const temp = byId.get(`${robot.id}/temperatureC`);
    if (temp !== undefined)
      trends.push({
        kind: 'temperature',
        seriesId: temp.seriesId,
        equipmentId: label,
        name: temp.name,
        unit: temp.unit,
        limits: upper(temp),
      });
  }
  for (const st of plant.stations) {
    if (st.thermal === undefined) continue;
    const dim = series.find((s) => s.equipmentId === st.id && s.unit === 'mm');
    if (dim === undefined) continue;
    trends.push({
      kind: 'characteristic',
      seriesId: dim.seriesId,
      equipmentId: st.id,
      name: st.thermal.characteristic,
      unit: 'mm',
      limits: {
        low: st.thermal.nominalMm - st.thermal.toleranceMm,
        high: st.thermal.nominalMm + st.thermal.toleranceMm,
        nominal: st.thermal.nominalMm,
      },
    });
  }
  return {
    namespaceUri: spec.namespaceUri,
    lineId: plant.line.id,
    lineName: plant.line.name,
    stations: plant.stations.map((s, index) => ({ id: s.id, name: s.name, index })),
    series,
    trends,
    root: spec.root,
  };
}

function upper(s: SeriesInfo): TrendSpec['limits'] {
  return s.euRange === undefined ? {} : { high: s.euRange.high };
}
