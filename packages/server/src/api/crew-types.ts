/** `GET /api/crew`: the plant's workers and who is off sick (plant time, ms since epoch). */
export interface CrewResponse {
  readonly now: number;
  readonly shifts: readonly { readonly id: string; readonly name: string }[];
  readonly workers: readonly CrewWorkerView[];
}

export interface CrewWorkerView {
  readonly id: string;
  readonly name: string;
  readonly shift: string;
  readonly qualifications: readonly string[];
  /** End of the running sick note, null when the worker is not off sick. */
  readonly sickUntil: number | null;
}

/** `POST /api/crew/absences`: the sick note as applied to the running line. */
export interface CrewAbsenceResponse {
  readonly worker: string;
  readonly shift: string;
  readonly fromMs: number;
  readonly untilMs: number;
}
