// The public surface of @aethercore/twin: the Werkhalle 4 digital twin.
export { createTwin, resolveScenario, SCENARIO_NAMES, type Twin, type TwinOptions } from './twin.ts';
export { describeAddressSpace, stationVariables } from './telemetry/address-space.ts';
export { recordTelemetry, type RecordOptions } from './telemetry/record.ts';
export { computeKpis, type Kpis, type LineKpis, type StationKpis } from './kpi/compute-kpis.ts';
export {
  generateDisruptions,
  DISRUPTION_WEIGHTS,
  type DisruptionOptions,
} from './scenario/disruption-generator.ts';
export { werkhalle4Day, baselineDay, WERKHALLE4_DAY_START_MS } from './scenario/werkhalle4-day.ts';
export { hashEventLog, fnv1a64, canonicalJson } from './kernel/hash.ts';
export { EventQueue } from './kernel/event-queue.ts';
export {
  STATION_STATES,
  type StationState,
  type StationSnapshot,
  type LineSnapshot,
  type OrderSnapshot,
  type Disruption,
  type DisruptionKind,
  type Scenario,
  type TwinCommand,
} from './types.ts';
