import { Hono } from 'hono';
import { z } from 'zod';
import { AetherError, type Plant } from '@aethercore/core';
import { actorId } from '@aethercore/governance';
import { SICK_NOTE_DEFAULT_MS, sickNoteUntil } from '@aethercore/agents';
import type { CrewResponse, CrewAbsenceResponse } from '../../api/crew-types.ts';
import type { RouteContext } from '../app.ts';
import { authorize, parseBody, requireGovernance } from '../governance-auth.ts';
import { emptyQuery, parseQuery } from '../query.ts';

/** A sick note without an end runs 24 h of plant time, as the twin's random `worker-sick` disruption. */
export const DEFAULT_ABSENCE_MS = SICK_NOTE_DEFAULT_MS;
/** The longest note accepted at once (a fortnight); longer absences are a roster change, not a sick note. */
export const MAX_ABSENCE_MS = 14 * DEFAULT_ABSENCE_MS;

/** The running line's crew as the routes see it (the live mode implements it over the looping twin). */
export interface CrewControl {
  readonly plant: Plant;
  /** Plant time, ms since epoch (the live mode's continuous clock). */
  now(): number;
  /** Applies `ReportWorkerSick` to the running twin; false when the twin refuses it. */
  reportSick(worker: string, durationMs: number): boolean;
}

const absenceBody = z
  .object({
    worker: z.string().trim().min(1).max(64),
    untilMs: z.number().int().optional(),
  })
  .strict();

/**
 * `GET /crew`: the workers (shift, qualifications, sick until), public like the other read routes.
 * `POST /crew/absences`: a shift lead reports a sick note. It needs `proposal.approve` (supervisor,
 * engineer, production manager, admin): whoever may approve a schedule change may report the
 * absence that triggers one. The note is audited (who reported whom, until when) and applied to
 * the running twin as the `ReportWorkerSick` command, so `WorkerReportedSick` lands in the event log
 * and Strategos re-plans the shifts exactly as after a random sick note.
 */
export function crewRoutes(ctx: RouteContext, crew: CrewControl | undefined): Hono {
  return new Hono()
    .get('/crew', async (c) => {
      parseQuery(emptyQuery, c.req.query());
      const control = requireCrew(crew);
      const sick = await sickUntil(ctx, control.now());
      const body: CrewResponse = {
        now: control.now(),
        shifts: control.plant.shiftCalendar.shifts.map((s) => ({ id: s.id, name: s.name })),
        workers: control.plant.workers.map((w) => ({
          id: w.id,
          name: w.name,
          shift: w.shift,
          qualifications: w.qualifications,
          sickUntil: sick.get(w.id) ?? null,
        })),
      };
      return c.json(body);
    })
    .post('/crew/absences', async (c) => {
      const gov = requireGovernance(ctx.governance);
      const principal = await authorize(gov, c);
      const control = requireCrew(crew);
      const body = await parseBody(absenceBody, c);
      const worker = control.plant.workers.find((w) => w.id === body.worker);
      if (worker === undefined) {
        throw new AetherError({
          code: 'crew.worker-unknown',
          message: `No worker ${body.worker} on this plant.`,
          hint: 'GET /api/crew lists the workers (W001 …).',
          path: 'worker',
          kind: 'not-found',
        });
      }
      const now = control.now();
      const untilMs = body.untilMs ?? now + DEFAULT_ABSENCE_MS;
      const durationMs = untilMs - now;
      if (!(durationMs > 0 && durationMs <= MAX_ABSENCE_MS)) {
        throw new AetherError({
          code: 'crew.absence-invalid',
          message: `A sick note must end after now and within 14 days (untilMs ${untilMs}, now ${now}).`,
          hint: 'Leave untilMs out for 24 h, or send plant time in ms since epoch (GET /api/crew shows now).',
          path: 'untilMs',
        });
      }
      const applied = control.reportSick(worker.id, durationMs);
      // Audited after the twin took it (or refused it): the record says who reported whom until when.
      await gov.log.append({
        actor: actorId(principal),
        actorKind: principal.kind,
        action: 'crew.absence-reported',
        subject: worker.id,
        time: gov.clock.now(),
        outcome: applied ? 'done' : 'failed',
        data: { worker: worker.id, shift: worker.shift, untilMs, plantTime: now },
      });
      if (!applied) {
        throw new AetherError({
          code: 'crew.absence-refused',
          message: `The running line did not accept the sick note for ${worker.id}.`,
          hint: 'Try again; if it persists, check /api/health (the twin may be restarting).',
          path: 'worker',
          kind: 'unavailable',
        });
      }
      const res: CrewAbsenceResponse = { worker: worker.id, shift: worker.shift, fromMs: now, untilMs };
      return c.json(res, 201);
    });
}

function requireCrew(crew: CrewControl | undefined): CrewControl {
  if (crew === undefined) {
    throw new AetherError({
      code: 'crew.unavailable',
      message: 'This server runs without a live line (no crew to report on).',
      hint: 'Start the live mode (`aethercore start`).',
      kind: 'unavailable',
    });
  }
  return crew;
}

/** Who is off sick at `now`, until when: from `WorkerReportedSick` in the event log (24 h unless it names a duration). */
async function sickUntil(ctx: RouteContext, now: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const e of await ctx.events.read({ types: ['WorkerReportedSick'] })) {
    const worker = e.data['worker'];
    const until = sickNoteUntil(e);
    if (typeof worker === 'string' && until > now) out.set(worker, Math.max(out.get(worker) ?? 0, until));
  }
  return out;
}
