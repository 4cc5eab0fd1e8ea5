import type { Plant, Worker } from '@aethercore/core';
import { assignWorkers } from '../model/staffing.ts';

/**
 * The people on the line: which shifts are running, who is off sick (until when), and which worker
 * runs which station. A station that needs a qualification runs only with a worker assigned.
 */
export class Crew {
  /** Indexes into the shift calendar of the shifts running now (two at a handover). */
  readonly activeShifts: number[] = [];
  /** Worker id → sick until (ms). */
  readonly sick = new Map<string, number>();
  readonly staffedBy: (string | undefined)[];
  readonly #plant: Plant;
  readonly #qualification: readonly (string | undefined)[];

  constructor(plant: Plant, qualification: readonly (string | undefined)[]) {
    this.#plant = plant;
    this.#qualification = qualification;
    this.staffedBy = qualification.map(() => undefined);
  }

  /** Workers of the running shifts who are not sick at `now`. */
  present(now: number): Worker[] {
    const shiftIds = new Set(this.activeShifts.map((i) => this.#plant.shiftCalendar.shifts[i]?.id));
    return this.#plant.workers.filter((w) => shiftIds.has(w.shift) && !((this.sick.get(w.id) ?? -1) > now));
  }

  /** Reassigns everybody present (see `assignWorkers`). */
  assign(now: number): void {
    const staffed = assignWorkers(this.#qualification, this.present(now));
    for (let s = 0; s < staffed.length; s++) this.staffedBy[s] = staffed[s];
  }

  /** The incoming crew of a shift on its own, and the stations it cannot staff (for `ShiftStarted`). */
  incoming(
    shiftId: string,
    now: number,
    stationIds: readonly string[],
  ): { workers: string[]; unstaffed: string[] } {
    const crew = this.present(now).filter((w) => w.shift === shiftId);
    const own = assignWorkers(this.#qualification, crew);
    return {
      workers: crew.map((w) => w.id),
      unstaffed: stationIds.filter((_, i) => this.#qualification[i] !== undefined && own[i] === undefined),
    };
  }

  /** True when the station may run as far as people are concerned. */
  staffed(s: number): boolean {
    return (
      this.activeShifts.length > 0 &&
      (this.#qualification[s] === undefined || this.staffedBy[s] !== undefined)
    );
  }
}
