/**
 * How long a sick note keeps a worker away, read from its `WorkerReportedSick` event: a note a person
 * reported (`ReportWorkerSick`, the dashboard) names its `durationMs`; the twin's random one does not
 * and runs 24 h, as the twin applies it. One reading for Strategos' line state and the crew route.
 */
export const SICK_NOTE_DEFAULT_MS = 86_400_000;

/** Plant time (ms) the worker of a `WorkerReportedSick` event is off sick until. */
export function sickNoteUntil(e: {
  readonly time: number;
  readonly data: Readonly<Record<string, unknown>>;
}): number {
  const d = e.data['durationMs'];
  return e.time + (typeof d === 'number' && Number.isFinite(d) ? d : SICK_NOTE_DEFAULT_MS);
}
