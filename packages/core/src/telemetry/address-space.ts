/**
 * A protocol-neutral description of what a plant exposes: the equipment hierarchy (ISA-95) and,
 * per equipment, its variables with engineering units and normal range. The twin produces it from
 * the plant file; the OPC UA adapter turns it into an address space (Objects → Site → Area → Line →
 * WorkCell → Equipment, each variable with EngineeringUnits and EURange, OPC UA Part 8), and the
 * OPC UA client adapter uses it to know what to subscribe to.
 */
export type EquipmentLevel = 'Enterprise' | 'Site' | 'Area' | 'Line' | 'WorkCell' | 'Equipment';

/** Engineering units used in the model (SI, as ARCHITECTURE.md asks); adapters map them to UNECE codes. */
export const ENGINEERING_UNITS = [
  'degC',
  'mm',
  'mm/s',
  'kW',
  'kWh',
  's',
  'count',
  '%',
  'bar',
  'A',
  'V',
  'Hz',
  'none',
] as const;
export type EngineeringUnit = (typeof ENGINEERING_UNITS)[number];

export interface VariableSpec {
  /** Browse name, camelCase with the unit where ambiguous: `temperatureC`, `vibrationRmsMmS`. */
  readonly name: string;
  readonly description?: string;
  readonly dataType: 'Double' | 'UInt32' | 'String' | 'Boolean';
  readonly unit: EngineeringUnit;
  /** Normal operating range (OPC UA EURange); values outside are plausible but abnormal. */
  readonly euRange?: { readonly low: number; readonly high: number };
  /** Series id used in the telemetry store: `${equipment.id}/${name}`. */
  readonly seriesId: string;
  /** True for setpoints a guarded gateway may write; false for measurements. */
  readonly writable: boolean;
}

export interface EquipmentNodeSpec {
  /** Stable id, unique in the plant: `ST03`, `R7`. */
  readonly id: string;
  readonly level: EquipmentLevel;
  readonly displayName: string;
  readonly variables: readonly VariableSpec[];
  readonly children: readonly EquipmentNodeSpec[];
}

export interface AddressSpaceSpec {
  /** OPC UA namespace URI for the plant, e.g. `urn:aethercore:werkhalle4`. */
  readonly namespaceUri: string;
  readonly root: EquipmentNodeSpec;
}

/** Every variable in the spec, depth-first, with the path of equipment ids that leads to it. */
export function listVariables(spec: AddressSpaceSpec): { path: readonly string[]; variable: VariableSpec }[] {
  const out: { path: readonly string[]; variable: VariableSpec }[] = [];
  const walk = (node: EquipmentNodeSpec, path: readonly string[]): void => {
    const here = [...path, node.id];
    for (const v of node.variables) out.push({ path: here, variable: v });
    for (const c of node.children) walk(c, here);
  };
  walk(spec.root, []);
  return out;
}
