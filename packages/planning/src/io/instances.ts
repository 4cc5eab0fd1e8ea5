/**
 * The benchmark instance shapes, as read from the standard text formats (BENCHMARKS.md B1/B2).
 * Machines are 0-based here whatever the file uses.
 */

/** Classic job shop: every job visits machines in a fixed order; one operation per machine per job. */
export interface JobShopInstance {
  readonly name: string;
  readonly jobs: number;
  readonly machines: number;
  /** ops[j][k] = the k-th operation of job j. */
  readonly ops: readonly (readonly { readonly machine: number; readonly duration: number }[])[];
}

/** Flexible job shop: each operation can run on one of several machines, with machine-specific durations. */
export interface FlexibleJobShopInstance {
  readonly name: string;
  readonly jobs: number;
  readonly machines: number;
  /** ops[j][k] = alternatives of the k-th operation of job j. */
  readonly ops: readonly (readonly (readonly { readonly machine: number; readonly duration: number }[])[])[];
}
