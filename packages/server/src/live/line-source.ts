import type { KpisResponse, LineResponse, PlantResponse } from '../api/types.ts';

/**
 * What the HTTP API reads about the line. The live mode implements it over the twin and the
 * event log; tests implement it with fixed data. Keeping the API behind this seam means the
 * routes never see the twin's internals, only the API's own types.
 */
export interface LineSource {
  plant(): PlantResponse;
  line(): LineResponse;
  kpis(): Promise<KpisResponse>;
  /** Simulated time, ms since epoch. */
  simTime(): number;
  /** Component health for `/api/health` (`twin`, `opcua`, `store`, …). */
  components(): Readonly<Record<string, 'ok' | 'down' | 'starting'>>;
}
