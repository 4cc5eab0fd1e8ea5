import { z } from 'zod';

/**
 * The plant file as written (YAML), before units are converted and cross-references checked.
 * Quantities accept a plain number in the unit named by the key or a string with a unit ("55 s").
 */
const quantity = z.union([z.number(), z.string()]);
const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected an id of letters, digits, "_", "-", "."');
const named = z.object({ id, name: z.string().min(1) });
const probability = z.number().min(0).max(1);
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day "HH:MM"');

const energy = z.strictObject({
  offKW: quantity,
  idleKW: quantity,
  producingKW: quantity,
  failedKW: quantity,
});

const failure = z.strictObject({
  weibullShape: z.number().positive(),
  weibullScaleH: quantity,
  degradationH: quantity,
  degradationExponent: z.number().positive().optional(),
  vibrationBaseMmS: quantity,
  vibrationAtFailureMmS: quantity,
  temperatureRiseAtFailureC: quantity,
  mttrMin: quantity,
  repairCv: z.number().min(0).optional(),
});

const thermal = z.strictObject({
  characteristic: z.string().min(1),
  nominalMm: quantity,
  toleranceMm: quantity,
  referenceTemperatureC: quantity,
  sensitivityMmPerK: z.number(),
  noiseMm: quantity,
  timeConstantMin: quantity,
});

const minorStops = z.strictObject({ perHour: z.number().min(0), meanS: quantity });

const test = z.strictObject({
  scrapProbability: probability,
  reworkProbability: probability,
  reworkTimeS: quantity,
});

export const stationKinds = [
  'feeding',
  'assembly',
  'robot',
  'screwing',
  'pressing',
  'inspection',
  'test',
  'packing',
  'other',
] as const;

const station = z.strictObject({
  id,
  name: z.string().min(1),
  kind: z.enum(stationKinds),
  workCell: id,
  equipment: z.array(named).optional(),
  cycleTimeS: quantity,
  cycleTimeCv: z.number().min(0).max(1).optional(),
  transferTimeS: quantity.optional(),
  qualification: z.string().min(1).optional(),
  ambientTemperatureC: quantity.optional(),
  loadTemperatureRiseC: quantity.optional(),
  energy,
  failure: failure.optional(),
  minorStops: minorStops.optional(),
  thermal: thermal.optional(),
  test: test.optional(),
});

export const plantFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  id,
  name: z.string().min(1),
  namespaceUri: z.string().min(1).optional(),
  site: named,
  area: named,
  line: named,
  workCells: z.array(named).min(1),
  stations: z.array(station).min(1),
  buffers: z.array(z.strictObject({ id, from: id, to: id, capacity: z.number().int().min(1) })).optional(),
  materials: z.array(
    z.strictObject({
      id,
      name: z.string().min(1),
      unit: z.string().optional(),
      initialStock: z.number().int().min(0),
    }),
  ),
  products: z
    .array(
      z.strictObject({
        id,
        name: z.string().min(1),
        batchSize: z.number().int().positive().optional(),
        variants: z.array(z.strictObject({ id, name: z.string().min(1), routing: id, bom: id })).min(1),
      }),
    )
    .min(1),
  routings: z
    .array(
      z.strictObject({
        id,
        steps: z
          .array(
            z.strictObject({
              id,
              station: id,
              after: z.array(id).optional(),
              cycleTimeS: quantity.optional(),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
  boms: z.array(
    z.strictObject({
      id,
      items: z.array(z.strictObject({ material: id, quantity: z.number().positive(), station: id })),
    }),
  ),
  orders: z
    .array(
      z.strictObject({
        id,
        product: id,
        variant: id,
        quantity: z.number().int().positive(),
        dueAt: z.string().optional(),
        dueInH: quantity.optional(),
        priority: z.number().int().optional(),
      }),
    )
    .optional(),
  shiftCalendar: z
    .strictObject({
      workingDays: z.array(z.number().int().min(1).max(7)).min(1),
      shifts: z
        .array(z.strictObject({ id, name: z.string().min(1), start: timeOfDay, end: timeOfDay }))
        .min(1),
    })
    .optional(),
  workers: z
    .array(
      z.strictObject({ id, name: z.string().min(1), shift: id, qualifications: z.array(z.string().min(1)) }),
    )
    .optional(),
  suppliers: z.array(
    z.strictObject({
      id,
      name: z.string().min(1),
      deliveries: z.array(
        z.strictObject({ at: timeOfDay, material: id, quantity: z.number().int().positive() }),
      ),
    }),
  ),
});

export type PlantFile = z.infer<typeof plantFileSchema>;
