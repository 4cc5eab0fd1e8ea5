import { emptyQuery } from '../query.ts';
import type { RouteDoc } from '../openapi.ts';

/** OpenAPI entries of the crew routes (workers, sick notes), kept beside the routes; `openapi.ts` splices them in. */
export const CREW_ROUTE_DOCS: readonly RouteDoc[] = [
  {
    path: '/api/crew',
    summary:
      'The workers (id, name, shift, qualifications) and who is off sick until when (plant time); 503 `crew.unavailable` without a live line',
    query: emptyQuery,
    response: 'Crew',
  },
  {
    path: '/api/crew/absences',
    method: 'post',
    summary:
      'Report a sick note (default 24 h of plant time): applied to the running twin as ReportWorkerSick (event WorkerReportedSick, Strategos re-plans the shifts); audited as crew.absence-reported. Errors: 404 `crew.worker-unknown`, 400 `crew.absence-invalid` (untilMs not after now or beyond 14 days)',
    query: emptyQuery,
    body: 'CrewAbsence',
    response: 'CrewAbsenceReported',
    auth: 'proposal.approve',
  },
];

const str = { type: 'string' } as const;
const num = { type: 'number' } as const;

export const CREW_SCHEMAS: Record<string, unknown> = {
  Crew: {
    type: 'object',
    properties: {
      now: num,
      shifts: {
        type: 'array',
        items: { type: 'object', properties: { id: str, name: str }, required: ['id', 'name'] },
      },
      workers: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: str,
            name: str,
            shift: str,
            qualifications: { type: 'array', items: str },
            sickUntil: {
              type: ['number', 'null'],
              description: 'End of the running sick note (ms), or null',
            },
          },
          required: ['id', 'name', 'shift', 'qualifications', 'sickUntil'],
        },
      },
    },
    required: ['now', 'shifts', 'workers'],
  },
  CrewAbsence: {
    type: 'object',
    properties: {
      worker: str,
      untilMs: { type: 'integer', description: 'End of the note, plant time (ms); default now + 24 h' },
    },
    required: ['worker'],
    additionalProperties: false,
  },
  CrewAbsenceReported: {
    type: 'object',
    properties: { worker: str, shift: str, fromMs: num, untilMs: num },
    required: ['worker', 'shift', 'fromMs', 'untilMs'],
  },
};
