import type { Logger, Reading, VariableSpec } from '@aethercore/core';
import {
  DataType,
  StatusCodes,
  Variant,
  type CallMethodResultOptions,
  type ISessionContext,
  type Namespace,
  type StatusCode,
  type UAObject,
} from 'node-opcua';
import type { WriteDecision } from './opcua-server.ts';

/** Argument types a plant method may take or return (OPC UA built-in types, Part 6 §5.1.2). */
export type MethodArgumentType = 'Double' | 'Int32' | 'String' | 'Boolean';
export type MethodValue = number | string | boolean;

export interface MethodArgumentSpec {
  readonly name: string;
  readonly dataType: MethodArgumentType;
  readonly description?: string;
}

/**
 * What a method handler answers, mapped to OPC UA Part 4 §5.11.2 Call result codes:
 * good → Good, out-of-range → Bad_OutOfRange, invalid-argument → Bad_InvalidArgument,
 * node-unknown → Bad_NodeIdUnknown, invalid-state → Bad_InvalidState (e.g. maintenance while
 * failed), denied → Bad_UserAccessDenied.
 */
export type MethodStatus =
  'good' | 'out-of-range' | 'invalid-argument' | 'node-unknown' | 'invalid-state' | 'denied';

export interface MethodCallResult {
  readonly status: MethodStatus;
  readonly outputs?: readonly MethodValue[];
}

export interface MethodSpec {
  /** The equipment object (its id in the AddressSpaceSpec) the method is a component of. */
  readonly objectId: string;
  /** Browse name, PascalCase as OPC UA methods are named (`PerformMaintenance`). */
  readonly name: string;
  readonly description?: string;
  readonly inputs: readonly MethodArgumentSpec[];
  readonly outputs?: readonly MethodArgumentSpec[];
  /** Arguments arrive type-checked against `inputs`; the handler checks ranges and targets. */
  readonly call: (args: readonly MethodValue[]) => MethodCallResult;
}

/**
 * The plant side's actuation surface, served next to the AddressSpaceSpec: Methods on equipment
 * objects, and extra variables (writable setpoints and read-backs) with their own source and write
 * hook, so commands can be verified by reading the plant rather than by trusting the write status.
 */
export interface ActuationSurface {
  readonly methods: readonly MethodSpec[];
  readonly variables: readonly { readonly objectId: string; readonly variable: VariableSpec }[];
  /** Current value of a surface variable (read at every sample, so a read-back is never stale). */
  readonly read: (seriesId: string) => Reading | undefined;
  /** Writes of writable surface variables inside EURange; default: deny. */
  readonly write?: (seriesId: string, value: number | string | boolean) => WriteDecision;
}

const TYPES: Readonly<Record<MethodArgumentType, DataType>> = {
  Double: DataType.Double,
  Int32: DataType.Int32,
  String: DataType.String,
  Boolean: DataType.Boolean,
};

const STATUS: Readonly<Record<MethodStatus, StatusCode>> = {
  good: StatusCodes.Good,
  'out-of-range': StatusCodes.BadOutOfRange,
  'invalid-argument': StatusCodes.BadInvalidArgument,
  'node-unknown': StatusCodes.BadNodeIdUnknown,
  'invalid-state': StatusCodes.BadInvalidState,
  denied: StatusCodes.BadUserAccessDenied,
};

/** The NodeId string of a method: `s=<objectId>.<Name>` (variables use `/`, so they never clash). */
export const methodNodeId = (objectId: string, name: string): string => `${objectId}.${name}`;

function argumentOk(t: MethodArgumentType, v: unknown): v is MethodValue {
  switch (t) {
    case 'Double':
      return typeof v === 'number' && Number.isFinite(v);
    case 'Int32':
      return typeof v === 'number' && Number.isInteger(v);
    case 'String':
      return typeof v === 'string';
    case 'Boolean':
      return typeof v === 'boolean';
  }
}

/** Adds one Method to its object and binds the handler; a throwing handler gives Bad_InternalError. */
export function addMethod(ns: Namespace, parent: UAObject, m: MethodSpec, log: Logger): void {
  const arg = (a: MethodArgumentSpec) => ({
    name: a.name,
    dataType: TYPES[a.dataType],
    valueRank: -1,
    ...(a.description === undefined ? {} : { description: { text: a.description } }),
  });
  const method = ns.addMethod(parent, {
    nodeId: `s=${methodNodeId(m.objectId, m.name)}`,
    browseName: m.name,
    ...(m.description === undefined ? {} : { description: m.description }),
    inputArguments: m.inputs.map(arg),
    outputArguments: (m.outputs ?? []).map(arg),
    executable: true,
    userExecutable: true,
  });
  const answer = (inputArguments: Variant[]): CallMethodResultOptions => {
    if (inputArguments.length < m.inputs.length) return { statusCode: StatusCodes.BadArgumentsMissing };
    if (inputArguments.length > m.inputs.length) return { statusCode: StatusCodes.BadTooManyArguments };
    const values: MethodValue[] = [];
    const results: StatusCode[] = [];
    let bad = false;
    m.inputs.forEach((spec, i) => {
      const v: unknown = inputArguments[i]?.value;
      const good = argumentOk(spec.dataType, v);
      results.push(good ? StatusCodes.Good : StatusCodes.BadTypeMismatch);
      if (good) values.push(v);
      else bad = true;
    });
    if (bad) return { statusCode: StatusCodes.BadInvalidArgument, inputArgumentResults: results };
    try {
      const r = m.call(values);
      const outs = m.outputs ?? [];
      return {
        statusCode: STATUS[r.status] ?? StatusCodes.BadInternalError,
        outputArguments:
          r.status === 'good'
            ? outs.map(
                (o, i) =>
                  new Variant({
                    dataType: TYPES[o.dataType],
                    value: r.outputs?.[i] ?? defaultOf(o.dataType),
                  }),
              )
            : [],
      };
    } catch (e) {
      log.log('error', 'OPC UA method failed', {
        method: m.name,
        objectId: m.objectId,
        error: e instanceof Error ? e.message : String(e),
      });
      return { statusCode: StatusCodes.BadInternalError };
    }
  };
  // node-opcua tells promise handlers from callback handlers by arity: two parameters = promise.
  method.bindMethod((inputArguments: Variant[], _context: ISessionContext) =>
    Promise.resolve(answer(inputArguments)),
  );
}

const defaultOf = (t: MethodArgumentType): MethodValue => (t === 'String' ? '' : t === 'Boolean' ? false : 0);
