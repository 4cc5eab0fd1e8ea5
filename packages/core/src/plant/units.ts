/**
 * Quantities in the plant file. A field's unit is named in its key (`cycleTimeS`, `powerKW`); the value
 * is either a plain number in that unit or a string with an explicit unit (`"55 s"`, `"1.5 min"`,
 * `"2.2 kW"`), converted here to the field's SI unit. An unknown or mismatched unit is an input error
 * (`plant.unit-unknown`): silently reading "2.2 kWh" as kW would corrupt every energy figure.
 */
export type Dimension =
  | 'time-s'
  | 'time-min'
  | 'time-h'
  | 'power-kW'
  | 'energy-kWh'
  | 'length-mm'
  | 'temperature-C'
  | 'velocity-mmS'
  | 'ratio';

interface UnitDef {
  readonly dim: 'time' | 'power' | 'energy' | 'length' | 'temperature' | 'velocity' | 'ratio';
  /** Factor to the base unit of the dimension (s, kW, kWh, mm, degC, mm/s, 1). */
  readonly factor: number;
}

const UNITS: Readonly<Record<string, UnitDef>> = {
  ms: { dim: 'time', factor: 0.001 },
  s: { dim: 'time', factor: 1 },
  min: { dim: 'time', factor: 60 },
  h: { dim: 'time', factor: 3600 },
  d: { dim: 'time', factor: 86_400 },
  W: { dim: 'power', factor: 0.001 },
  kW: { dim: 'power', factor: 1 },
  MW: { dim: 'power', factor: 1000 },
  Wh: { dim: 'energy', factor: 0.001 },
  kWh: { dim: 'energy', factor: 1 },
  MWh: { dim: 'energy', factor: 1000 },
  um: { dim: 'length', factor: 0.001 },
  µm: { dim: 'length', factor: 0.001 },
  mm: { dim: 'length', factor: 1 },
  degC: { dim: 'temperature', factor: 1 },
  '°C': { dim: 'temperature', factor: 1 },
  K: { dim: 'temperature', factor: 1 },
  'mm/s': { dim: 'velocity', factor: 1 },
  '%': { dim: 'ratio', factor: 0.01 },
};

const TARGET: Readonly<Record<Dimension, { dim: UnitDef['dim']; per: number; names: string }>> = {
  'time-s': { dim: 'time', per: 1, names: 'ms, s, min, h, d' },
  'time-min': { dim: 'time', per: 60, names: 'ms, s, min, h, d' },
  'time-h': { dim: 'time', per: 3600, names: 'ms, s, min, h, d' },
  'power-kW': { dim: 'power', per: 1, names: 'W, kW, MW' },
  'energy-kWh': { dim: 'energy', per: 1, names: 'Wh, kWh, MWh' },
  'length-mm': { dim: 'length', per: 1, names: 'µm, um, mm' },
  'temperature-C': { dim: 'temperature', per: 1, names: 'degC, °C (K for differences)' },
  'velocity-mmS': { dim: 'velocity', per: 1, names: 'mm/s' },
  ratio: { dim: 'ratio', per: 1, names: '% (or a plain fraction)' },
};

export type QuantityResult = { ok: true; value: number } | { ok: false; message: string; hint: string };

/** Converts `55`, `"55 s"`, `"0.9 min"` to the field's unit; plain numbers are taken as already in it. */
export function parseQuantity(raw: number | string, dim: Dimension): QuantityResult {
  const t = TARGET[dim];
  if (typeof raw === 'number') {
    return Number.isFinite(raw)
      ? { ok: true, value: raw }
      : {
          ok: false,
          message: 'expected a finite number',
          hint: `write a number or a quantity with a unit (${t.names})`,
        };
  }
  const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S*)\s*$/.exec(raw);
  if (!m)
    return {
      ok: false,
      message: `expected a number with a unit, got "${raw}"`,
      hint: `write e.g. "55 s"; units allowed here: ${t.names}`,
    };
  const value = Number(m[1]);
  const unit = m[2] ?? '';
  if (unit === '') return { ok: true, value };
  const def = UNITS[unit];
  if (def === undefined)
    return {
      ok: false,
      message: `unknown unit "${unit}" in "${raw}"`,
      hint: `units allowed here: ${t.names}`,
    };
  if (def.dim !== t.dim)
    return {
      ok: false,
      message: `unit "${unit}" is a ${def.dim}, this field expects a ${t.dim}`,
      hint: `units allowed here: ${t.names}`,
    };
  return { ok: true, value: (value * def.factor) / t.per };
}
