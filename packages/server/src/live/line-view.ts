import type { Plant } from '@aethercore/core';
import type { LineSnapshot } from '@aethercore/twin';
import { STATION_STATES, type LineResponse, type StationState } from '../api/types.ts';

const KNOWN = new Set<string>(STATION_STATES);

/** `/api/line` from the twin's snapshot; `offsetMs` shifts the time of a looped day (see looping-twin.ts). */
export function lineView(plant: Plant, snap: LineSnapshot, offsetMs: number): LineResponse {
  return {
    lineId: plant.line.id,
    lineName: plant.line.name,
    simTime: snap.time + offsetMs,
    stations: plant.stations.map((s) => {
      const st = snap.stations[s.id];
      const state: StationState = st !== undefined && KNOWN.has(st.state) ? st.state : 'off';
      return {
        id: s.id,
        name: s.name,
        state,
        ...(st?.reason === undefined ? {} : { reason: st.reason }),
        partsProduced: st?.partsProduced ?? 0,
        energyKWh: round(st?.energyKWh ?? 0, 3),
        ...(st?.currentOrder === undefined ? {} : { currentOrder: st.currentOrder }),
      };
    }),
    buffers: plant.buffers.map((b) => ({
      id: b.id,
      from: b.from,
      to: b.to,
      level: snap.buffers[b.id]?.level ?? 0,
      capacity: snap.buffers[b.id]?.capacity ?? b.capacity,
    })),
    counters: {
      released: snap.line.released,
      goodParts: snap.line.goodParts,
      scrapped: snap.line.scrapped,
      reworked: snap.line.reworked,
      wip: snap.line.wip,
      energyKWh: round(snap.line.energyKWh, 3),
    },
  };
}

const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;
