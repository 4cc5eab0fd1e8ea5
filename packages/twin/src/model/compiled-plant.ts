import type { Plant, Station } from '@aethercore/core';

/**
 * The plant file turned into index-based numeric tables for the simulation's hot path:
 * stations, variants and materials are numbered in file order, and per (variant, station) the
 * planned cycle time (0 = the routing skips the station) and the materials consumed there.
 */
export interface CompiledPlant {
  readonly plant: Plant;
  readonly n: number;
  readonly stationIds: readonly string[];
  readonly stations: readonly Station[];
  /** Buffer capacity between station i and i + 1 (length n − 1). */
  readonly bufferCap: Int32Array;
  readonly bufferIds: readonly string[];
  readonly variantIds: readonly string[];
  /** `${product}/${variant}` → variant index. */
  readonly variantIndex: ReadonlyMap<string, number>;
  readonly variantBatchSize: Int32Array;
  /** Planned cycle time in ms for [variant * n + station]; 0 when the routing skips the station. */
  readonly cycleMs: Float64Array;
  /** Lognormal parameters (μ of ln ms, σ) of the cycle time per [variant * n + station]; σ = 0 means fixed. */
  readonly cycleMu: Float64Array;
  readonly cycleSigma: Float64Array;
  /** Power (kW) per [station * 6 + state code]: the hot path integrates energy at every state change. */
  readonly powerTable: Float64Array;
  /** The line's ideal cycle time per variant (the slowest step, ms): ISO 22400 planned runtime per item. */
  readonly idealLineCycleMs: Float64Array;
  /** Materials consumed per [variant * n + station]: pairs (material index, quantity). */
  readonly consumption: readonly (readonly number[])[];
  readonly materialIds: readonly string[];
  readonly qualification: readonly (string | undefined)[];
  /** First station with a thermal model (the heat-driven assembly station), or −1. */
  readonly thermalStation: number;
  /** First station with an end-of-line test model, or −1. */
  readonly testStation: number;
}

export function compilePlant(plant: Plant): CompiledPlant {
  const n = plant.stations.length;
  const stationIds = plant.stations.map((s) => s.id);
  const stationIndex = new Map(stationIds.map((id, i) => [id, i]));
  const bufferCap = new Int32Array(Math.max(0, n - 1)).fill(1);
  const bufferIds = stationIds.slice(0, -1).map((id, i) => `${id}>${stationIds[i + 1] ?? ''}`);
  for (const b of plant.buffers) {
    const i = stationIndex.get(b.from);
    if (i !== undefined && i < n - 1) {
      bufferCap[i] = b.capacity;
      bufferIds[i] = b.id;
    }
  }
  const variantIds: string[] = [];
  const variantIndex = new Map<string, number>();
  const batch: number[] = [];
  const routingOf: string[] = [];
  const bomOf: string[] = [];
  for (const p of plant.products) {
    for (const v of p.variants) {
      variantIndex.set(`${p.id}/${v.id}`, variantIds.length);
      variantIds.push(`${p.id}/${v.id}`);
      batch.push(p.batchSize);
      routingOf.push(v.routing);
      bomOf.push(v.bom);
    }
  }
  const nv = variantIds.length;
  const cycleMs = new Float64Array(nv * n);
  const idealLineCycleMs = new Float64Array(nv);
  const consumption: number[][] = Array.from({ length: nv * n }, () => []);
  const materialIds = plant.materials.map((m) => m.id);
  const materialIndex = new Map(materialIds.map((id, i) => [id, i]));
  for (let v = 0; v < nv; v++) {
    const routing = plant.routings.find((r) => r.id === routingOf[v]);
    for (const step of routing?.steps ?? []) {
      const s = stationIndex.get(step.station);
      const st = s === undefined ? undefined : plant.stations[s];
      if (s === undefined || st === undefined) continue;
      const ms = (step.cycleTimeS ?? st.cycleTimeS) * 1000;
      cycleMs[v * n + s] = Math.max(1, ms);
      idealLineCycleMs[v] = Math.max(idealLineCycleMs[v] ?? 0, ms);
    }
    const bom = plant.boms.find((b) => b.id === bomOf[v]);
    for (const item of bom?.items ?? []) {
      const s = stationIndex.get(item.station);
      const m = materialIndex.get(item.material);
      if (s === undefined || m === undefined) continue;
      consumption[v * n + s]?.push(m, item.quantity);
    }
  }
  const cycleMu = new Float64Array(nv * n);
  const cycleSigma = new Float64Array(nv * n);
  for (let k = 0; k < nv * n; k++) {
    const ct = cycleMs[k] as number;
    if (ct <= 0) continue;
    const cv = plant.stations[k % n]?.cycleTimeCv ?? 0;
    const s2 = Math.log(1 + cv * cv);
    cycleMu[k] = Math.log(ct) - s2 / 2;
    cycleSigma[k] = Math.sqrt(s2);
  }
  const powerTable = new Float64Array(n * 6);
  plant.stations.forEach((st, s) => {
    const e = st.energy;
    // State codes: off 0, idle 1, starved 2, blocked 3, producing 4, failed 5.
    powerTable.set([e.offKW, e.idleKW, e.idleKW, e.idleKW, e.producingKW, e.failedKW], s * 6);
  });
  return {
    plant,
    cycleMu,
    cycleSigma,
    powerTable,
    n,
    stationIds,
    stations: plant.stations,
    bufferCap,
    bufferIds,
    variantIds,
    variantIndex,
    variantBatchSize: Int32Array.from(batch),
    cycleMs,
    idealLineCycleMs,
    consumption,
    materialIds,
    qualification: plant.stations.map((s) => s.qualification),
    thermalStation: plant.stations.findIndex((s) => s.thermal !== undefined),
    testStation: plant.stations.findIndex((s) => s.test !== undefined),
  };
}
