import type { Plant } from '@aethercore/core';
import { MS_PER_H, MS_PER_MIN } from '../model/calendar.ts';
import type { Disruption, Scenario } from '../types.ts';

/** The seed day: Tuesday 10 March 2026, 06:00–16:30 (times are UTC, read as local plant time). */
export const WERKHALLE4_DAY_START_MS = Date.UTC(2026, 2, 10, 6, 0);
const at = (hh: number, mm: number): number => Date.UTC(2026, 2, 10, hh, mm);

/**
 * PRODUCT.md's day in Werkhalle 4, scripted:
 * - 08:00 the robot arm R7 (station ST05) starts to wear (two clean hours first, as a baseline for
 *   anomaly detection): vibration and temperature rise from then on and it would fail at 05:15 next
 *   morning (18 h after 11:15) if not maintained; by 11:15 vibration is up about 1 mm/s (≈ 25σ of
 *   the sensor noise) and temperature about 3 K. The wear itself is hidden (no event).
 * - 09:30 the sensor-PCB delivery of Weber Elektronik is reported 3 h late (`SupplierDeliveryDelayed`).
 * - 11:00 the heated press-fit tool (ST04) starts drifting up by 6 K/h (a cooling fault, hidden): the
 *   press depth moves toward its upper tolerance limit; SPC can find the shift well before 13:45.
 * - 13:45 an operator at the end-of-line test reports a suspected inaccuracy (`OperatorReportReceived`).
 * - 16:30 `DayEnded`.
 * Station ids follow plants/werkhalle4.yaml; on another plant the matching parts are skipped.
 */
export function werkhalle4Day(plant: Plant): Scenario {
  const has = (id: string): boolean => plant.stations.some((s) => s.id === id);
  const robot =
    plant.stations.find((s) => s.equipment.some((e) => e.id === 'R7'))?.id ??
    (has('ST05') ? 'ST05' : undefined);
  const heated = plant.stations.find((s) => s.thermal !== undefined)?.id;
  const test = plant.stations.find((s) => s.test !== undefined)?.id;
  const pcbSupplier = plant.suppliers.find((s) => s.deliveries.some((d) => d.material === 'M-PCB'));
  const d: Disruption[] = [];
  if (robot !== undefined)
    d.push({ kind: 'degradation', atMs: at(8, 0), station: robot, failAtMs: at(11, 15) + 18 * MS_PER_H });
  if (pcbSupplier !== undefined)
    d.push({
      kind: 'supplier-delay',
      atMs: at(9, 30),
      supplier: pcbSupplier.id,
      material: 'M-PCB',
      latenessMin: 180,
    });
  if (heated !== undefined) d.push({ kind: 'quality-drift', atMs: at(11, 0), station: heated, rateKPerH: 6 });
  if (test !== undefined) {
    d.push({
      kind: 'operator-report',
      atMs: at(13, 45),
      station: test,
      text: 'Vermutete Maßabweichung in der laufenden Teileserie (suspected inaccuracy in the current part series)',
    });
  }
  d.push({ kind: 'day-end', atMs: at(16, 30) });
  return {
    name: 'werkhalle4-day',
    description:
      'The Werkhalle 4 seed day: supplier delay 09:30, R7 wear visible by 11:15, thermal drift reported 13:45, day end 16:30',
    startMs: WERKHALLE4_DAY_START_MS,
    disruptions: d,
  };
}

/** The same day and start with nothing going wrong: the baseline for the day's comparison. */
export function baselineDay(): Scenario {
  return {
    name: 'baseline',
    description: 'The seed day without disruptions',
    startMs: WERKHALLE4_DAY_START_MS,
    disruptions: [{ kind: 'day-end', atMs: at(16, 30) }],
  };
}

export const DAY_END_OFFSET_MS = 10 * MS_PER_H + 30 * MS_PER_MIN;
