/** What the independent validator can find wrong with a schedule. */
export type ViolationKind =
  | 'precedence'
  | 'machine-overlap'
  | 'setup'
  | 'duration'
  | 'ineligible-machine'
  | 'missing-op'
  | 'duplicate-op'
  | 'unknown-op'
  | 'invalid-time'
  | 'release'
  | 'window'
  | 'downtime'
  | 'worker-overlap'
  | 'qualification'
  | 'frozen-moved';

export interface Violation {
  readonly kind: ViolationKind;
  /** The operation at fault (for pairs: the later one). */
  readonly op?: string;
  /** The other operation of a pair (predecessor, overlapping neighbour). */
  readonly other?: string;
  readonly machine?: number;
  readonly worker?: string;
  readonly message: string;
}

export type ValidationResult =
  { readonly ok: true } | { readonly ok: false; readonly violations: readonly Violation[] };

export interface ValidateOptions {
  /**
   * Operations that the previous schedule started before this time are history (running or
   * done) and must be unchanged; nothing new may start before it.
   */
  readonly frozenBefore?: number;
  /** The schedule being repaired; required for the frozen check. */
  readonly previous?: {
    readonly assignments: readonly {
      readonly op: string;
      readonly machine: number;
      readonly start: number;
      readonly worker?: string;
    }[];
  };
}
