/**
 * A measured value with its quality and source time, as an OPC UA DataValue carries them
 * (OPC UA Part 4, 7.11: StatusCode Good/Uncertain/Bad; SourceTimestamp).
 */
export type Quality = 'good' | 'uncertain' | 'bad';

export interface Reading {
  /** Stable series id, the equipment path plus the variable: `wh4/L1/ST03/temperatureC`. */
  readonly seriesId: string;
  readonly value: number;
  readonly quality: Quality;
  /** When the value was measured at the source, ms since epoch. */
  readonly sourceTime: number;
}
