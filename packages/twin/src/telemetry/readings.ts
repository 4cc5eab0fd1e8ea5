import type { Reading } from '@aethercore/core';
import type { LineSimulation } from '../kernel/line-simulation.ts';
import type { CompiledPlant } from '../model/compiled-plant.ts';

/**
 * Sensor values as functions of the state and the physics at the current sim time, with small
 * seeded measurement noise (σ: 0.04 mm/s vibration, 0.15 K temperature, 1% power, 1.5 µm
 * dimension gauge). Counters (state, partsProduced, energyKWh) are exact. One entry per variable of
 * `describeAddressSpace`, in the same order.
 */
export function currentReadings(sim: LineSimulation, cp: CompiledPlant): Reading[] {
  const t = sim.now;
  const out: Reading[] = [];
  const r = (seriesId: string, value: number): void => {
    out.push({ seriesId, value, quality: 'good', sourceTime: t });
  };
  for (let s = 0; s < cp.n; s++) {
    const st = cp.stations[s];
    const id = cp.stationIds[s] as string;
    if (st === undefined) continue;
    r(`${id}/state`, sim.state[s] as number);
    r(`${id}/partsProduced`, sim.produced[s] as number);
    r(`${id}/vibrationRmsMmS`, Math.max(0, sim.vibrationRmsMmS(s) + 0.04 * sim.noise()));
    r(`${id}/temperatureC`, sim.toolTemperatureC(s) + 0.15 * sim.noise());
    r(`${id}/powerKW`, Math.max(0, sim.powerKW(s) * (1 + 0.01 * sim.noise())));
    r(`${id}/energyKWh`, sim.energyAt(s));
    if (st.thermal !== undefined) {
      const last = sim.lastDimensionMm[s] as number;
      r(`${id}/dimensionMm`, Number.isNaN(last) ? st.thermal.nominalMm : last + 0.0015 * sim.noise());
    }
  }
  return out;
}
