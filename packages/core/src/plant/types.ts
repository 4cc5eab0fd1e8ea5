/**
 * The plant model in ISA-95 vocabulary (IEC 62264-1 / ISA-95.00.01): an equipment hierarchy
 * Site → Area → Line (production line) → WorkCell → Equipment, plus the product definition
 * (products, variants, routings as operation DAGs, bills of material), production requests (orders),
 * and personnel (shift calendar, workers with qualifications). SI units, unit in the field name.
 * Produced by `parsePlantYaml`; every quantity here is already converted to the named unit.
 */
export interface NamedEntity {
  readonly id: string;
  readonly name: string;
}

/** Power draw per machine state (kW), the basis of energy-per-state accounting (ISO 50001 style). */
export interface EnergyProfile {
  readonly offKW: number;
  readonly idleKW: number;
  readonly producingKW: number;
  readonly failedKW: number;
}

/**
 * Failure with degradation: the time to failure is Weibull(shape β, scale η) in hours; for
 * `degradationH` before the failure vibration and temperature grow as p^exponent (p = elapsed share
 * of the degradation period), the P–F interval of reliability-centred maintenance (Moubray, RCM II).
 */
export interface FailureModel {
  readonly weibullShape: number;
  readonly weibullScaleH: number;
  readonly degradationH: number;
  readonly degradationExponent: number;
  readonly vibrationBaseMmS: number;
  readonly vibrationAtFailureMmS: number;
  readonly temperatureRiseAtFailureC: number;
  readonly mttrMin: number;
  /** Coefficient of variation of the repair time (lognormal). */
  readonly repairCv: number;
}

/**
 * A heat-driven process (press-fit with heated tooling, soldering, adhesive curing): the measured
 * quality characteristic (a dimension in mm) moves by `sensitivityMmPerK` per kelvin the tool runs
 * above `referenceTemperatureC`.
 */
export interface ThermalModel {
  readonly characteristic: string;
  readonly nominalMm: number;
  /** Symmetric tolerance: the part is in spec if |dimension − nominal| ≤ toleranceMm. */
  readonly toleranceMm: number;
  readonly referenceTemperatureC: number;
  readonly sensitivityMmPerK: number;
  /** Standard deviation of the process around its mean (mm). */
  readonly noiseMm: number;
  /** First-order thermal time constant of the tool (min). */
  readonly timeConstantMin: number;
}

/**
 * Minor stoppages (jams, misfeeds, sensor faults cleared by the operator): short stops that are not
 * logged as downtime and so count as a performance loss in ISO 22400 terms. `perHour` of producing
 * time, each lasting an exponential time with mean `meanS`.
 */
export interface MinorStopModel {
  readonly perHour: number;
  readonly meanS: number;
}

/** End-of-line test: outcome probabilities per tested part. */
export interface TestModel {
  readonly scrapProbability: number;
  readonly reworkProbability: number;
  readonly reworkTimeS: number;
}

export type StationKind =
  'feeding' | 'assembly' | 'robot' | 'screwing' | 'pressing' | 'inspection' | 'test' | 'packing' | 'other';

/** A work unit on the line (ISA-95 "work unit" in a production line). */
export interface Station extends NamedEntity {
  readonly kind: StationKind;
  readonly workCell: string;
  /** Equipment inside the station that is named on its own (robot arm R7). */
  readonly equipment: readonly NamedEntity[];
  readonly cycleTimeS: number;
  /** Coefficient of variation of the cycle time (lognormal). */
  readonly cycleTimeCv: number;
  /** Time to pass a part through when the variant's routing skips the station. */
  readonly transferTimeS: number;
  /** Worker qualification needed to run the station; absent for unmanned cells. */
  readonly qualification?: string;
  readonly ambientTemperatureC: number;
  /** Temperature rise while producing, reached with the thermal time constant. */
  readonly loadTemperatureRiseC: number;
  readonly energy: EnergyProfile;
  readonly failure?: FailureModel;
  readonly minorStops?: MinorStopModel;
  readonly thermal?: ThermalModel;
  readonly test?: TestModel;
}

/** A buffer (conveyor section or storage place) between two neighbouring stations; capacity in parts. */
export interface LineBuffer {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly capacity: number;
}

export interface Material extends NamedEntity {
  readonly unit: string;
  readonly initialStock: number;
}

export interface Variant extends NamedEntity {
  readonly routing: string;
  readonly bom: string;
}

export interface Product extends NamedEntity {
  readonly batchSize: number;
  readonly variants: readonly Variant[];
}

/** One operation of a routing; `after` lists predecessor steps (a DAG: parallel branches, joins). */
export interface RoutingStep {
  readonly id: string;
  readonly station: string;
  readonly after: readonly string[];
  /** Overrides the station's cycle time for this variant. */
  readonly cycleTimeS?: number;
}

export interface Routing {
  readonly id: string;
  readonly steps: readonly RoutingStep[];
}

export interface BomItem {
  readonly material: string;
  readonly quantity: number;
  /** The station where the material is consumed. */
  readonly station: string;
}

export interface BillOfMaterials {
  readonly id: string;
  readonly items: readonly BomItem[];
}

export interface Order {
  readonly id: string;
  readonly product: string;
  readonly variant: string;
  readonly quantity: number;
  /** Due date, ms since epoch (UTC); exactly one of `dueAt` and `dueInH` is set. */
  readonly dueAt?: number;
  /** Due in hours after the simulation start (scenario files that replay any day). */
  readonly dueInH?: number;
  readonly priority: number;
}

export interface Shift {
  readonly id: string;
  readonly name: string;
  /** Minutes after midnight (UTC) the shift starts; it ends `durationMin` later (may cross midnight). */
  readonly startMin: number;
  readonly durationMin: number;
}

export interface ShiftCalendar {
  /** ISO weekdays the line works, 1 = Monday … 7 = Sunday. */
  readonly workingDays: readonly number[];
  readonly shifts: readonly Shift[];
}

export interface Worker extends NamedEntity {
  readonly shift: string;
  readonly qualifications: readonly string[];
}

export interface Delivery {
  /** Minutes after midnight (UTC), every working day. */
  readonly atMin: number;
  readonly material: string;
  readonly quantity: number;
}

export interface Supplier extends NamedEntity {
  readonly deliveries: readonly Delivery[];
}

export interface Plant extends NamedEntity {
  readonly namespaceUri: string;
  readonly site: NamedEntity;
  readonly area: NamedEntity;
  readonly line: NamedEntity;
  readonly workCells: readonly NamedEntity[];
  /** In line order: parts flow from the first to the last station. */
  readonly stations: readonly Station[];
  readonly buffers: readonly LineBuffer[];
  readonly materials: readonly Material[];
  readonly products: readonly Product[];
  readonly routings: readonly Routing[];
  readonly boms: readonly BillOfMaterials[];
  readonly orders: readonly Order[];
  readonly shiftCalendar: ShiftCalendar;
  readonly workers: readonly Worker[];
  readonly suppliers: readonly Supplier[];
}

/** A batch (ISA-95 material lot): `batchSize` consecutive parts of one order share a batch id. */
export interface Batch {
  readonly id: string;
  readonly order: string;
  readonly variant: string;
  readonly size: number;
}
