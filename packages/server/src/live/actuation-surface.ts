import type { Plant, Reading, VariableSpec } from '@aethercore/core';
import type { Twin, TwinCommand } from '@aethercore/twin';
import type {
  ActuationSurface,
  MethodCallResult,
  MethodSpec,
  MethodValue,
  WriteDecision,
} from '@aethercore/adapter-opcua';
import {
  IN_MAINTENANCE,
  MAINTENANCE_MIN,
  METHODS,
  ORDER_PRIORITY,
  SPEED_FACTOR,
  THERMAL_DRIFT_K,
} from './actuation-actions.ts';

export interface TwinSurfaceOptions {
  readonly plant: Plant;
  /** The running twin (the live loop's current day). */
  readonly twin: () => Twin;
  /** Source time of read-backs (the live continuous clock). */
  readonly now: () => number;
}

export interface TwinSurface {
  readonly surface: ActuationSurface;
  /** Commands the twin accepted through this surface (every write and method call that changed it). */
  readonly applied: () => number;
}

/**
 * The plant side of actuation, as a PLC would offer it over OPC UA: on each station object the
 * Methods `PerformMaintenance(durationMin)` and, on thermal stations, `CorrectThermalDrift()`; the
 * writable setpoint `speedFactor` (AnalogItem, EURange 0.5–1.2, CurrentRead|CurrentWrite); read-backs
 * `inMaintenance` and `thermalDriftK`. On the line object (the MES side): `SetOrderPriority(order,
 * priority)`, `CancelOrder(order)` and the read-only `GetOrderStatus(order) → (status, priority)`.
 * Every argument is checked here, on the plant side, whatever the platform already checked.
 */
export function twinActuationSurface(o: TwinSurfaceOptions): TwinSurface {
  let applied = 0;
  const apply = (c: TwinCommand): boolean => {
    const done = o.twin().apply(c);
    if (done) applied++;
    return done;
  };
  const stations = o.plant.stations;
  const lineId = o.plant.line.id;
  const variables: { objectId: string; variable: VariableSpec }[] = [];
  const methods: MethodSpec[] = [];
  const v = (station: string, name: string, rest: Omit<VariableSpec, 'name' | 'seriesId'>): void => {
    variables.push({ objectId: station, variable: { name, seriesId: `${station}/${name}`, ...rest } });
  };
  for (const s of stations) {
    v(s.id, SPEED_FACTOR.name, {
      dataType: 'Double',
      unit: 'none',
      euRange: { low: SPEED_FACTOR.low, high: SPEED_FACTOR.high },
      writable: true,
      description: 'Speed setpoint: factor of the nominal cycle speed (adaptive cycle timing)',
    });
    v(s.id, IN_MAINTENANCE, {
      dataType: 'Boolean',
      unit: 'none',
      writable: false,
      description: 'True while planned maintenance runs',
    });
    methods.push({
      objectId: s.id,
      name: METHODS.performMaintenance,
      description: 'Stops the station for planned maintenance now (state failed, reason maintenance)',
      inputs: [
        {
          name: 'durationMin',
          dataType: 'Double',
          description: `Duration in minutes (${MAINTENANCE_MIN.low}–${MAINTENANCE_MIN.high})`,
        },
      ],
      call: ([d]): MethodCallResult => {
        if (typeof d !== 'number' || d < MAINTENANCE_MIN.low || d > MAINTENANCE_MIN.high)
          return { status: 'out-of-range' };
        return {
          status: apply({ type: 'PerformMaintenance', station: s.id, durationMin: d })
            ? 'good'
            : 'invalid-state',
        };
      },
    });
    if (s.thermal !== undefined) {
      v(s.id, THERMAL_DRIFT_K, {
        dataType: 'Double',
        unit: 'degC',
        writable: false,
        description: 'Current thermal drift of the tool in K (0 after a correction)',
      });
      methods.push({
        objectId: s.id,
        name: METHODS.correctThermalDrift,
        description:
          'Compensates the current thermal drift (tool offset); Bad_InvalidState when there is none',
        inputs: [],
        outputs: [{ name: 'correctionK', dataType: 'Double' }],
        call: (): MethodCallResult => {
          const before = o.twin().snapshot().stations[s.id]?.thermalDriftK ?? 0;
          return apply({ type: 'CorrectThermalDrift', station: s.id })
            ? { status: 'good', outputs: [before] }
            : { status: 'invalid-state' };
        },
      });
    }
  }
  const order = (id: MethodValue | undefined) =>
    typeof id === 'string'
      ? o
          .twin()
          .snapshot()
          .orders.find((x) => x.id === id)
      : undefined;
  methods.push(
    {
      objectId: lineId,
      name: METHODS.setOrderPriority,
      description: 'Sets a production order’s dispatching priority (higher first)',
      inputs: [
        { name: 'order', dataType: 'String' },
        { name: 'priority', dataType: 'Int32', description: `${ORDER_PRIORITY.low}–${ORDER_PRIORITY.high}` },
      ],
      call: ([id, p]): MethodCallResult => {
        if (order(id) === undefined) return { status: 'invalid-argument' };
        if (typeof p !== 'number' || p < ORDER_PRIORITY.low || p > ORDER_PRIORITY.high)
          return { status: 'out-of-range' };
        return {
          status: apply({ type: 'SetOrderPriority', order: id as string, priority: p })
            ? 'good'
            : 'invalid-state',
        };
      },
    },
    {
      objectId: lineId,
      name: METHODS.cancelOrder,
      description: 'Cancels an open or running production order',
      inputs: [{ name: 'order', dataType: 'String' }],
      call: ([id]): MethodCallResult => {
        if (order(id) === undefined) return { status: 'invalid-argument' };
        return { status: apply({ type: 'CancelOrder', order: id as string }) ? 'good' : 'invalid-state' };
      },
    },
    {
      objectId: lineId,
      name: METHODS.getOrderStatus,
      description: 'Reads an order’s status (open, in-progress, completed, cancelled) and priority',
      inputs: [{ name: 'order', dataType: 'String' }],
      outputs: [
        { name: 'status', dataType: 'String' },
        { name: 'priority', dataType: 'Int32' },
      ],
      call: ([id]): MethodCallResult => {
        const found = order(id);
        return found === undefined
          ? { status: 'invalid-argument' }
          : { status: 'good', outputs: [found.status, found.priority] };
      },
    },
  );
  const read = (seriesId: string): Reading | undefined => {
    const [station, name] = seriesId.split('/');
    const st = station === undefined ? undefined : o.twin().snapshot().stations[station];
    if (st === undefined) return undefined;
    const value =
      name === SPEED_FACTOR.name
        ? st.speedFactor
        : name === IN_MAINTENANCE
          ? Number(st.state === 'failed' && st.reason === 'maintenance')
          : name === THERMAL_DRIFT_K
            ? st.thermalDriftK
            : undefined;
    return value === undefined
      ? undefined
      : { seriesId, value, quality: 'good', sourceTime: Math.floor(o.now()) };
  };
  const write = (seriesId: string, value: number | string | boolean): WriteDecision => {
    const [station, name] = seriesId.split('/');
    if (station === undefined || name !== SPEED_FACTOR.name || typeof value !== 'number') return 'deny';
    return apply({ type: 'SetStationSpeed', station, speedFactor: value }) ? 'accept' : 'invalid';
  };
  return { surface: { methods, variables, read, write }, applied: () => applied };
}
