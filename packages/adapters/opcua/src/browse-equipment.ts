import { AetherError, type EngineeringUnit } from '@aethercore/core';
import {
  AttributeIds,
  BrowseDirection,
  NodeClass,
  NodeClassMask,
  NodeId,
  NodeIdType,
  type ClientSession,
  type ReferenceDescription,
} from 'node-opcua';
import { engineeringUnitOf } from './engineering-units.ts';
import { withSession, type ClientConnectOptions } from './client-session.ts';

export interface BrowsedVariable {
  readonly nodeId: string;
  readonly browseName: string;
  /** The string identifier of the NodeId (`ST03/temperatureC` on an AetherCore server), else the NodeId text. */
  readonly seriesId: string;
  readonly dataType: 'Double' | 'UInt32' | 'String' | 'Boolean' | 'Other';
  /** Numeric or Boolean: becomes a `Reading`. */
  readonly numeric: boolean;
  readonly unit: EngineeringUnit;
  readonly euRange?: { readonly low: number; readonly high: number };
  readonly writable: boolean;
}

export interface BrowsedEquipment {
  readonly nodeId: string;
  readonly browseName: string;
  readonly displayName: string;
  /** ISA-95 level from the `EquipmentLevel` property, when the server provides it. */
  readonly level?: string;
  readonly variables: readonly BrowsedVariable[];
  readonly children: readonly BrowsedEquipment[];
}

// Standard NodeIds (Part 6, NodeIds.csv).
const OBJECTS_FOLDER = 'i=85';
const SERVER_OBJECT = 'i=2253';
const HIERARCHICAL_REFERENCES = 'i=33';
const HAS_PROPERTY = 'i=46';
const DATA_TYPES: Readonly<Record<string, BrowsedVariable['dataType']>> = {
  'ns=0;i=11': 'Double',
  'ns=0;i=7': 'UInt32',
  'ns=0;i=12': 'String',
  'ns=0;i=1': 'Boolean',
};
// Boolean, SByte, Byte, Int16, UInt16, Int32, UInt32, Float, Double: values a Reading can carry exactly.
const NUMERIC_TYPE_IDS = new Set([1, 2, 3, 4, 5, 6, 7, 10, 11]);
const CURRENT_WRITE = 0x02;

/** Bounds for foreign servers: a browse never walks an unbounded tree. */
const MAX_DEPTH = 12;
const MAX_NODES = 20_000;

/**
 * Browses the equipment tree under Objects (skipping the Server object and namespace 0) with its
 * variables, their data types, EngineeringUnits and EURange. An independent client's view: it knows
 * nothing of the AddressSpaceSpec.
 */
export function browseEquipment(
  endpointUrl: string,
  options: ClientConnectOptions = {},
): Promise<readonly BrowsedEquipment[]> {
  return withSession(endpointUrl, options, (session) => browseSession(session));
}

export async function browseSession(session: ClientSession): Promise<readonly BrowsedEquipment[]> {
  let budget = MAX_NODES;
  const walk = async (
    objects: readonly ReferenceDescription[],
    depth: number,
  ): Promise<BrowsedEquipment[]> => {
    if (objects.length === 0) return [];
    if (depth > MAX_DEPTH || (budget -= objects.length) < 0) {
      throw new AetherError({
        code: 'opcua.browse-too-large',
        message: `the equipment tree exceeds ${MAX_DEPTH} levels or ${MAX_NODES} nodes`,
        hint: 'pass seriesIds with namespaceUri instead of browsing',
        kind: 'invalid',
      });
    }
    const refs = await browseMany(
      session,
      objects.map((o) => o.nodeId.toString()),
      HIERARCHICAL_REFERENCES,
      NodeClassMask.Object | NodeClassMask.Variable,
    );
    const out: BrowsedEquipment[] = [];
    for (let i = 0; i < objects.length; i++) {
      const o = objects[i]!;
      const children = refs[i] ?? [];
      const childObjects = children.filter(
        (r) => Number(r.nodeClass) === Number(NodeClass.Object) && r.nodeId.namespace !== 0,
      );
      const componentVars = children.filter(
        (r) =>
          Number(r.nodeClass) === Number(NodeClass.Variable) &&
          r.referenceTypeId.toString() !== `ns=0;${HAS_PROPERTY}`,
      );
      const props = children.filter(
        (r) =>
          Number(r.nodeClass) === Number(NodeClass.Variable) &&
          r.referenceTypeId.toString() === `ns=0;${HAS_PROPERTY}`,
      );
      const levelProp = props.find((p) => p.browseName.name === 'EquipmentLevel');
      const [variables, level, sub] = await Promise.all([
        describeVariables(session, componentVars),
        levelProp === undefined
          ? Promise.resolve(undefined)
          : readValue(session, levelProp.nodeId.toString()),
        walk(childObjects, depth + 1),
      ]);
      out.push({
        nodeId: o.nodeId.toString(),
        browseName: o.browseName.name ?? '',
        displayName: o.displayName.text ?? o.browseName.name ?? '',
        ...(typeof level === 'string' ? { level } : {}),
        variables,
        children: sub,
      });
    }
    return out;
  };
  const [top] = await browseMany(session, [OBJECTS_FOLDER], HIERARCHICAL_REFERENCES, NodeClassMask.Object);
  const roots = (top ?? []).filter(
    (r) => r.nodeId.namespace !== 0 && r.nodeId.toString() !== `ns=0;${SERVER_OBJECT}`,
  );
  return walk(roots, 0);
}

/** Every variable of the tree, depth-first. */
export function flattenVariables(tree: readonly BrowsedEquipment[]): BrowsedVariable[] {
  return tree.flatMap((e) => [...e.variables, ...flattenVariables(e.children)]);
}

async function describeVariables(
  session: ClientSession,
  vars: readonly ReferenceDescription[],
): Promise<BrowsedVariable[]> {
  if (vars.length === 0) return [];
  const ids = vars.map((v) => v.nodeId.toString());
  const [props, attrs] = await Promise.all([
    browseMany(session, ids, HAS_PROPERTY, NodeClassMask.Variable),
    session.read(
      ids.flatMap((nodeId) => [
        { nodeId, attributeId: AttributeIds.DataType },
        { nodeId, attributeId: AttributeIds.UserAccessLevel },
      ]),
    ),
  ]);
  const propIds = props.map((ps) => ({
    range: ps.find((p) => p.browseName.name === 'EURange')?.nodeId.toString(),
    units: ps.find((p) => p.browseName.name === 'EngineeringUnits')?.nodeId.toString(),
  }));
  const toRead = propIds.flatMap((p) => [p.range, p.units]).filter((x): x is string => x !== undefined);
  const propValues = new Map<string, unknown>();
  if (toRead.length > 0) {
    const dvs = await session.read(toRead.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })));
    toRead.forEach((id, i) => propValues.set(id, dvs[i]?.value.value));
  }
  return vars.map((v, i) => {
    const typeId = attrs[2 * i]?.value.value as NodeId | null | undefined;
    const access = Number(attrs[2 * i + 1]?.value.value ?? 0);
    const typeKey = typeId instanceof NodeId ? typeId.toString() : '';
    const range = propValues.get(propIds[i]?.range ?? '') as { low?: number; high?: number } | undefined;
    const units = propValues.get(propIds[i]?.units ?? '') as { unitId: number } | undefined;
    const nodeId = v.nodeId;
    return {
      nodeId: nodeId.toString(),
      browseName: v.browseName.name ?? '',
      seriesId: nodeId.identifierType === NodeIdType.STRING ? String(nodeId.value) : nodeId.toString(),
      dataType: DATA_TYPES[typeKey] ?? 'Other',
      numeric:
        typeId instanceof NodeId && typeId.namespace === 0 && NUMERIC_TYPE_IDS.has(Number(typeId.value)),
      unit: engineeringUnitOf(units),
      ...(range !== undefined && typeof range.low === 'number' && typeof range.high === 'number'
        ? { euRange: { low: range.low, high: range.high } }
        : {}),
      writable: (access & CURRENT_WRITE) !== 0,
    };
  });
}

async function readValue(session: ClientSession, nodeId: string): Promise<unknown> {
  const dv = await session.read({ nodeId, attributeId: AttributeIds.Value });
  return dv.value.value;
}

/** Browse several nodes in one request, following continuation points. */
async function browseMany(
  session: ClientSession,
  nodeIds: readonly string[],
  referenceTypeId: string,
  nodeClassMask: number,
): Promise<ReferenceDescription[][]> {
  const results = await session.browse(
    nodeIds.map((nodeId) => ({
      nodeId,
      referenceTypeId,
      includeSubtypes: true,
      browseDirection: BrowseDirection.Forward,
      nodeClassMask,
      resultMask: 0x3f /* all ResultMask bits */,
    })),
  );
  const out: ReferenceDescription[][] = [];
  for (const r of results) {
    const refs = [...(r.references ?? [])];
    let cp = r.continuationPoint;
    while (cp !== null && cp !== undefined && cp.length > 0) {
      const next = await session.browseNext(cp, false);
      refs.push(...(next.references ?? []));
      cp = next.continuationPoint;
    }
    out.push(refs);
  }
  return out;
}
