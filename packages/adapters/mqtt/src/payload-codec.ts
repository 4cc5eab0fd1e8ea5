import {
  AetherError,
  describeValue,
  ENGINEERING_UNITS,
  type EngineeringUnit,
  type Quality,
  type Reading,
} from '@aethercore/core';

/**
 * Payloads, JSON (UTF-8) so `mosquitto_sub` shows them as they are:
 *
 *   data   {"t":1732176000000,"v":2.31,"q":"good","unit":"mm/s"}   t = source time (ms since epoch),
 *                                                                   q = OPC UA-style quality (Part 4, 7.11)
 *   $meta  {"seriesId":"ST05/vibrationRmsMmS","unit":"mm/s","low":0,"high":2.7,"description":"…"}
 *   $state "online" | "offline"
 *
 * Why JSON and not Sparkplug B: Sparkplug's protobuf payloads need a codec on every consumer and
 * its topic namespace (spBv1.0/group/message_type/edge_node/device) flattens the ISA-95 hierarchy
 * into one group level; the npm codec (sparkplug-payload) has seen no release in years. JSON in an
 * ISA-95 namespace is readable with standard tools and carries the same facts (time, value,
 * quality; unit and range in the retained birth, online state in the last will).
 */

/** Larger payloads are refused before parsing (a sample is ~60 bytes; a birth ~200). */
export const MAX_PAYLOAD_BYTES = 4_096;

const QUALITIES: ReadonlySet<string> = new Set<Quality>(['good', 'uncertain', 'bad']);
const UNITS: ReadonlySet<string> = new Set<string>(ENGINEERING_UNITS);

export interface SignalMeta {
  readonly seriesId: string;
  readonly unit: EngineeringUnit;
  readonly low?: number;
  readonly high?: number;
  readonly description?: string;
}

function payloadError(code: string, message: string, path: string): AetherError {
  return new AetherError({
    code,
    message,
    hint: 'a data payload is JSON {"t": <integer ms since epoch>, "v": <finite number>, "q": "good"|"uncertain"|"bad", "unit"?: <unit>} (docs/mqtt.md)',
    path,
  });
}

/** Bytes → a JSON object, or `mqtt.payload-too-large` / `mqtt.payload-invalid`. */
function parseObject(payload: unknown): Record<string, unknown> {
  let text: string;
  if (typeof payload === 'string') text = payload;
  else if (payload instanceof Uint8Array) {
    if (payload.byteLength > MAX_PAYLOAD_BYTES)
      throw payloadError(
        'mqtt.payload-too-large',
        `payload of ${payload.byteLength} bytes exceeds ${MAX_PAYLOAD_BYTES}`,
        'payload',
      );
    text = new TextDecoder('utf-8', { fatal: false }).decode(payload);
  } else
    throw payloadError('mqtt.payload-invalid', `payload is not bytes: ${describeValue(payload)}`, 'payload');
  if (text.length > MAX_PAYLOAD_BYTES)
    throw payloadError(
      'mqtt.payload-too-large',
      `payload of ${text.length} characters exceeds ${MAX_PAYLOAD_BYTES}`,
      'payload',
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw payloadError('mqtt.payload-invalid', `payload is not JSON: ${describeValue(text)}`, 'payload');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw payloadError(
      'mqtt.payload-invalid',
      `payload is not a JSON object: ${describeValue(parsed)}`,
      'payload',
    );
  return parsed as Record<string, unknown>;
}

export function encodeSample(
  r: Pick<Reading, 'value' | 'quality' | 'sourceTime'>,
  unit?: EngineeringUnit,
): string {
  return JSON.stringify({
    t: r.sourceTime,
    v: r.value,
    q: r.quality,
    ...(unit === undefined ? {} : { unit }),
  });
}

/**
 * A data payload → a reading of `seriesId`. Throws `mqtt.payload-invalid` (not a JSON object),
 * `mqtt.payload-too-large`, or `mqtt.sample-invalid` with the offending field in `path`.
 * When `expectedUnit` is given, a payload naming another unit is refused (`mqtt.unit-mismatch`):
 * a gateway configured in °F must not silently feed a °C series.
 */
export function decodeSample(seriesId: string, payload: unknown, expectedUnit?: EngineeringUnit): Reading {
  const o = parseObject(payload);
  const { t, v, q, unit } = o;
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0)
    throw payloadError(
      'mqtt.sample-invalid',
      `t must be a non-negative integer (ms since epoch), got ${describeValue(t)}`,
      't',
    );
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw payloadError('mqtt.sample-invalid', `v must be a finite number, got ${describeValue(v)}`, 'v');
  if (q !== undefined && (typeof q !== 'string' || !QUALITIES.has(q)))
    throw payloadError(
      'mqtt.sample-invalid',
      `q must be good, uncertain or bad, got ${describeValue(q)}`,
      'q',
    );
  if (unit !== undefined) {
    if (typeof unit !== 'string' || !UNITS.has(unit))
      throw payloadError(
        'mqtt.sample-invalid',
        `unit is not a known engineering unit: ${describeValue(unit)}`,
        'unit',
      );
    if (expectedUnit !== undefined && unit !== expectedUnit)
      throw payloadError(
        'mqtt.unit-mismatch',
        `series ${seriesId} is in ${expectedUnit}, the payload says ${unit}`,
        'unit',
      );
  }
  return { seriesId, value: v, quality: (q as Quality | undefined) ?? 'good', sourceTime: t };
}

export function encodeMeta(m: SignalMeta): string {
  return JSON.stringify(m);
}

/** A retained birth payload → its metadata, or a coded error (`mqtt.meta-invalid`, …). */
export function decodeMeta(payload: unknown): SignalMeta {
  const o = parseObject(payload);
  const bad = (field: string): never => {
    throw new AetherError({
      code: 'mqtt.meta-invalid',
      message: `birth field ${field} is invalid: ${describeValue(o[field])}`,
      hint: 'a birth payload is JSON {"seriesId", "unit", "low"?, "high"?, "description"?} (docs/mqtt.md)',
      path: field,
    });
  };
  const { seriesId, unit, low, high, description } = o;
  if (typeof seriesId !== 'string' || seriesId.length === 0 || seriesId.length > 512) bad('seriesId');
  if (typeof unit !== 'string' || !UNITS.has(unit)) bad('unit');
  if (low !== undefined && (typeof low !== 'number' || !Number.isFinite(low))) bad('low');
  if (high !== undefined && (typeof high !== 'number' || !Number.isFinite(high))) bad('high');
  if (description !== undefined && (typeof description !== 'string' || description.length > 1_000))
    bad('description');
  return {
    seriesId: seriesId as string,
    unit: unit as EngineeringUnit,
    ...(low === undefined ? {} : { low: low as number }),
    ...(high === undefined ? {} : { high: high as number }),
    ...(description === undefined ? {} : { description: description as string }),
  };
}
