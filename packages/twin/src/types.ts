/**
 * Public types of the twin: station states, snapshots, scenarios and disruptions.
 */

/**
 * Machine states. `idle`, `starved` (no part or no material) and `blocked` (output buffer full)
 * all draw idle power; `off` is outside shifts or unstaffed. The index in `STATION_STATES` is the
 * numeric value the `state` variable carries in readings (Reading.value is a number).
 */
export type StationState = 'off' | 'idle' | 'starved' | 'blocked' | 'producing' | 'failed';
export const STATION_STATES: readonly StationState[] = [
  'off',
  'idle',
  'starved',
  'blocked',
  'producing',
  'failed',
];

export interface StationSnapshot {
  readonly state: StationState;
  /** Why the station is not producing: `shift`, `unstaffed`, `material`, `no-order`, `wear`, `breakdown`… */
  readonly reason?: string;
  readonly partsProduced: number;
  readonly energyKWh: number;
  /** Parts waiting in the buffer in front of the station (and its capacity); 0/0 for the first station. */
  readonly inputBufferLevel: number;
  readonly inputBufferCapacity: number;
  readonly currentOrder?: string;
  readonly currentVariant?: string;
  readonly worker?: string;
  /** Adaptive cycle timing factor (1 = nominal; `SetStationSpeed`): the read-back of the speed setpoint. */
  readonly speedFactor: number;
  /** Thermal stations only: the current thermal drift in K (0 after `CorrectThermalDrift`). */
  readonly thermalDriftK?: number;
}

export interface OrderSnapshot {
  readonly id: string;
  readonly variant: string;
  readonly quantity: number;
  readonly released: number;
  readonly good: number;
  readonly scrapped: number;
  readonly dueAt: number;
  /** Dispatching priority (higher first; `SetOrderPriority`). */
  readonly priority: number;
  readonly status: 'open' | 'in-progress' | 'completed' | 'cancelled';
}

export interface LineSnapshot {
  readonly time: number;
  readonly plant: string;
  /** Ids of the shifts running now. */
  readonly shifts: readonly string[];
  readonly stations: Readonly<Record<string, StationSnapshot>>;
  readonly buffers: Readonly<Record<string, { readonly level: number; readonly capacity: number }>>;
  readonly stock: Readonly<Record<string, number>>;
  readonly orders: readonly OrderSnapshot[];
  readonly line: {
    readonly released: number;
    readonly goodParts: number;
    readonly scrapped: number;
    readonly reworked: number;
    readonly wip: number;
    readonly energyKWh: number;
  };
}

/**
 * Something that happens to the line from outside, at a time. Scenarios are lists of these; the
 * random generator draws them from a documented distribution (see `disruption-generator.ts`).
 */
export type Disruption =
  | {
      readonly kind: 'machine-breakdown';
      readonly atMs: number;
      readonly station: string;
      readonly durationMin: number;
    }
  | {
      readonly kind: 'supplier-delay';
      readonly atMs: number;
      readonly supplier: string;
      readonly material: string;
      readonly latenessMin: number;
    }
  | { readonly kind: 'order-cancellation'; readonly atMs: number; readonly order: string }
  | {
      readonly kind: 'rush-order';
      readonly atMs: number;
      readonly order: string;
      readonly product: string;
      readonly variant: string;
      readonly quantity: number;
      readonly dueInH: number;
    }
  | { readonly kind: 'worker-sick'; readonly atMs: number; readonly worker: string }
  | {
      readonly kind: 'quality-drift';
      readonly atMs: number;
      readonly station: string;
      readonly rateKPerH: number;
    }
  /** Wear that starts at `atMs` and ends in failure at `failAtMs` (replaces the sampled lifetime). */
  | {
      readonly kind: 'degradation';
      readonly atMs: number;
      readonly station: string;
      readonly failAtMs: number;
    }
  | {
      readonly kind: 'operator-report';
      readonly atMs: number;
      readonly station: string;
      readonly text: string;
    }
  | { readonly kind: 'day-end'; readonly atMs: number };

export type DisruptionKind = Disruption['kind'];

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Simulation start, ms since epoch (UTC). */
  readonly startMs: number;
  readonly disruptions: readonly Disruption[];
}

/** Commands an agent (through Dexter and the guarded gateway) may send to the twin. Imperative names. */
export type TwinCommand =
  | { readonly type: 'CorrectThermalDrift'; readonly station: string }
  | { readonly type: 'PerformMaintenance'; readonly station: string; readonly durationMin: number }
  /** Adaptive cycle timing: speed factor 0.5–1.2 of the nominal cycle (see `LineSimulation.setSpeed`). */
  | { readonly type: 'SetStationSpeed'; readonly station: string; readonly speedFactor: number }
  | { readonly type: 'SetOrderPriority'; readonly order: string; readonly priority: number }
  | { readonly type: 'CancelOrder'; readonly order: string }
  /**
   * A sick note a person reported (the shift lead on the dashboard): the same effect as the `worker-sick`
   * disruption, off for `durationMs` from now (default 24 h, as the disruption). A duration, not an
   * end time: the live loop shifts twin time, a duration means the same on every clock.
   */
  | { readonly type: 'ReportWorkerSick'; readonly worker: string; readonly durationMs?: number };
