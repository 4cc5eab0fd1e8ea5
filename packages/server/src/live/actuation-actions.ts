import { AetherError, describeValue, fail, ok, type Result } from '@aethercore/core';
import type { ActionProposal } from '@aethercore/governance';
import type { TwinCommand } from '@aethercore/twin';

/**
 * Dexter's one table from a proposal's action (change kind, action class, tool, target, parameters)
 * to a twin command and the OPC UA operation that carries it to the plant. Agents target these
 * kinds; anything else is refused (`actuation.action-unknown`, audited, nothing written).
 *
 * | change.kind          | action class             | tool                  | parameters                                  | TwinCommand         | OPC UA (plant side)                                   | read-back                           |
 * | -------------------- | ------------------------ | --------------------- | ------------------------------------------- | ------------------- | ----------------------------------------------------- | ----------------------------------- |
 * | `work-order`         | `maintenance-work-order` | `create-work-order`   | params.station, params.durationMin (1–480)  | PerformMaintenance  | Method `<station>.PerformMaintenance(durationMin)`    | `<station>/inMaintenance` = true    |
 * | `setpoint`           | `setpoint-change`        | `write-setpoint`      | setpoint.target `<station>/speedFactor`, value 0.5–1.2 | SetStationSpeed | Write `<station>/speedFactor` (AnalogItem, EURange 0.5–1.2) | `<station>/speedFactor` = value |
 * | `thermal-correction` | `thermal-correction`     | `correct-thermal-drift` | params.station                            | CorrectThermalDrift | Method `<station>.CorrectThermalDrift()`              | `<station>/thermalDriftK` = 0       |
 * | `order-priority`     | `schedule-change`        | `set-order-priority`  | params.order, params.priority (integer 0–100) | SetOrderPriority  | Method `<line>.SetOrderPriority(order, priority)`     | `<line>.GetOrderStatus(order)` priority |
 * | `order-cancel`       | `order-cancellation`     | `cancel-order`        | params.order                                | CancelOrder         | Method `<line>.CancelOrder(order)`                    | `<line>.GetOrderStatus(order)` = cancelled |
 */
export const ACTUATION_KINDS = [
  'work-order',
  'setpoint',
  'thermal-correction',
  'order-priority',
  'order-cancel',
] as const;
export type ActuationKind = (typeof ACTUATION_KINDS)[number];

export interface ActuationAction {
  readonly kind: ActuationKind;
  readonly actionClass: string;
  readonly tool: string;
  readonly command: TwinCommand['type'];
}

export const ACTUATION_ACTIONS: Readonly<Record<ActuationKind, ActuationAction>> = {
  'work-order': {
    kind: 'work-order',
    actionClass: 'maintenance-work-order',
    tool: 'create-work-order',
    command: 'PerformMaintenance',
  },
  setpoint: {
    kind: 'setpoint',
    actionClass: 'setpoint-change',
    tool: 'write-setpoint',
    command: 'SetStationSpeed',
  },
  'thermal-correction': {
    kind: 'thermal-correction',
    actionClass: 'thermal-correction',
    tool: 'correct-thermal-drift',
    command: 'CorrectThermalDrift',
  },
  'order-priority': {
    kind: 'order-priority',
    actionClass: 'schedule-change',
    tool: 'set-order-priority',
    command: 'SetOrderPriority',
  },
  'order-cancel': {
    kind: 'order-cancel',
    actionClass: 'order-cancellation',
    tool: 'cancel-order',
    command: 'CancelOrder',
  },
};

/** The writable setpoint each station exposes (OPC UA AnalogItem `<station>/speedFactor`). */
export const SPEED_FACTOR = { name: 'speedFactor', low: 0.5, high: 1.2 } as const;
/** Read-backs the plant side serves for verification. */
export const IN_MAINTENANCE = 'inMaintenance';
export const THERMAL_DRIFT_K = 'thermalDriftK';
export const MAINTENANCE_MIN = { low: 1, high: 480 } as const;
export const ORDER_PRIORITY = { low: 0, high: 100 } as const;

/** Method names on the OPC UA objects (station objects and the line object). */
export const METHODS = {
  performMaintenance: 'PerformMaintenance',
  correctThermalDrift: 'CorrectThermalDrift',
  setOrderPriority: 'SetOrderPriority',
  cancelOrder: 'CancelOrder',
  getOrderStatus: 'GetOrderStatus',
} as const;

export type MethodArgument =
  | { readonly dataType: 'Double'; readonly value: number }
  | { readonly dataType: 'Int32'; readonly value: number }
  | { readonly dataType: 'String'; readonly value: string };

/** What goes over the wire. */
export type PlantOperation =
  | {
      readonly op: 'call';
      readonly objectId: string;
      readonly method: string;
      readonly args: readonly MethodArgument[];
    }
  | { readonly op: 'write'; readonly seriesId: string; readonly value: number };

/** How the effect is confirmed afterwards, by reading the plant (not by trusting the write's status). */
export type ReadBack =
  | {
      readonly kind: 'value';
      readonly seriesId: string;
      readonly expect: number | boolean;
      readonly tolerance?: number;
    }
  | {
      readonly kind: 'order';
      readonly lineId: string;
      readonly order: string;
      readonly expectStatus?: string;
      readonly expectPriority?: number;
    };

export interface ActuationPlan {
  readonly action: ActuationAction;
  readonly command: TwinCommand;
  readonly operation: PlantOperation;
  readonly readBack: ReadBack;
}

/** What the plant exposes: the known station ids and the line object's id. */
export interface ActuationTargets {
  readonly stations: ReadonlySet<string>;
  readonly lineId: string;
}

const refuse = (code: string, message: string, hint: string, path?: string): Result<never, AetherError> =>
  fail(new AetherError({ code, message, hint, kind: 'invalid', ...(path === undefined ? {} : { path }) }));

/**
 * Maps a proposal to its plan through `ACTUATION_ACTIONS`. Never throws: hostile values give a coded
 * error (`actuation.action-unknown`, `actuation.class-mismatch`, `actuation.parameter-invalid`,
 * `actuation.target-unknown`).
 */
export function planActuation(
  proposal: ActionProposal,
  targets: ActuationTargets,
): Result<ActuationPlan, AetherError> {
  const p = proposal as unknown as Record<string, unknown> | null | undefined;
  const change =
    typeof p === 'object' && p !== null ? (p['change'] as Record<string, unknown> | undefined) : undefined;
  const kind = typeof change === 'object' && change !== null ? change['kind'] : undefined;
  if (typeof kind !== 'string' || !(ACTUATION_KINDS as readonly string[]).includes(kind)) {
    return refuse(
      'actuation.action-unknown',
      `Dexter has no plant action for change kind ${describeValue(kind)}.`,
      `Use one of: ${ACTUATION_KINDS.join(', ')}.`,
      'change.kind',
    );
  }
  const action = ACTUATION_ACTIONS[kind as ActuationKind];
  const cls = p?.['actionClass'];
  if (cls !== undefined && cls !== action.actionClass) {
    return refuse(
      'actuation.class-mismatch',
      `A '${kind}' change belongs to action class '${action.actionClass}', not ${describeValue(cls)}.`,
      'Propose it under its own action class.',
      'actionClass',
    );
  }
  if (p?.['tool'] !== action.tool) {
    return refuse(
      'actuation.class-mismatch',
      `A '${kind}' change is made with tool '${action.tool}', not ${describeValue(p?.['tool'])}.`,
      'Propose it with the tool of the action table.',
      'tool',
    );
  }
  const params = (
    typeof change?.['params'] === 'object' && change['params'] !== null ? change['params'] : {}
  ) as Record<string, unknown>;
  const station = (): Result<string, AetherError> => {
    const s = params['station'];
    if (typeof s !== 'string' || !targets.stations.has(s)) {
      return refuse(
        'actuation.target-unknown',
        `Unknown station ${describeValue(s)}.`,
        'Name a station of the plant file (ST01…).',
        'change.params.station',
      );
    }
    if (p?.['equipment'] !== undefined && p['equipment'] !== s) {
      return refuse(
        'actuation.parameter-invalid',
        `The proposal names equipment ${describeValue(p['equipment'])} but acts on ${s}.`,
        'equipment and change.params.station must agree (the policy checks equipment).',
        'equipment',
      );
    }
    return ok(s);
  };
  const order = (): Result<string, AetherError> => {
    const o = params['order'];
    return typeof o === 'string' && o.length > 0 && o.length <= 100
      ? ok(o)
      : refuse(
          'actuation.parameter-invalid',
          `Order id ${describeValue(o)} is not a non-empty string.`,
          'Name the production order (e.g. PO-1001).',
          'change.params.order',
        );
  };
  switch (action.kind) {
    case 'work-order': {
      const s = station();
      if (!s.ok) return s;
      const d = params['durationMin'];
      if (
        typeof d !== 'number' ||
        !Number.isFinite(d) ||
        d < MAINTENANCE_MIN.low ||
        d > MAINTENANCE_MIN.high
      ) {
        return refuse(
          'actuation.parameter-invalid',
          `durationMin ${describeValue(d)} is outside ${MAINTENANCE_MIN.low}–${MAINTENANCE_MIN.high} min.`,
          'Give the maintenance duration in minutes.',
          'change.params.durationMin',
        );
      }
      return ok({
        action,
        command: { type: 'PerformMaintenance', station: s.value, durationMin: d },
        operation: {
          op: 'call',
          objectId: s.value,
          method: METHODS.performMaintenance,
          args: [{ dataType: 'Double', value: d }],
        },
        readBack: { kind: 'value', seriesId: `${s.value}/${IN_MAINTENANCE}`, expect: true },
      });
    }
    case 'setpoint': {
      const sp = change?.['setpoint'] as { target?: unknown; value?: unknown } | undefined;
      const target = typeof sp === 'object' && sp !== null ? sp.target : undefined;
      const value = typeof sp === 'object' && sp !== null ? sp.value : undefined;
      const [st, name, ...rest] = typeof target === 'string' ? target.split('/') : [];
      if (st === undefined || name !== SPEED_FACTOR.name || rest.length > 0 || !targets.stations.has(st)) {
        return refuse(
          'actuation.target-unknown',
          `No writable setpoint ${describeValue(target)}.`,
          `Writable setpoints are <station>/${SPEED_FACTOR.name}.`,
          'change.setpoint.target',
        );
      }
      if (p?.['equipment'] !== undefined && p['equipment'] !== st) {
        return refuse(
          'actuation.parameter-invalid',
          `The proposal names equipment ${describeValue(p['equipment'])} but writes ${st}.`,
          'equipment and the setpoint target must agree.',
          'equipment',
        );
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return refuse(
          'actuation.parameter-invalid',
          `Setpoint value ${describeValue(value)} is not a finite number.`,
          'Give the speed factor as a number.',
          'change.setpoint.value',
        );
      }
      // The range itself is the policy's and the plant's business (both check it); Dexter passes it on.
      return ok({
        action,
        command: { type: 'SetStationSpeed', station: st, speedFactor: value },
        operation: { op: 'write', seriesId: target as string, value },
        readBack: { kind: 'value', seriesId: target as string, expect: value, tolerance: 1e-9 },
      });
    }
    case 'thermal-correction': {
      const s = station();
      if (!s.ok) return s;
      return ok({
        action,
        command: { type: 'CorrectThermalDrift', station: s.value },
        operation: { op: 'call', objectId: s.value, method: METHODS.correctThermalDrift, args: [] },
        readBack: { kind: 'value', seriesId: `${s.value}/${THERMAL_DRIFT_K}`, expect: 0, tolerance: 1e-6 },
      });
    }
    case 'order-priority': {
      const o = order();
      if (!o.ok) return o;
      const pr = params['priority'];
      if (typeof pr !== 'number' || !Number.isInteger(pr) || Math.abs(pr) > 2 ** 31 - 1) {
        return refuse(
          'actuation.parameter-invalid',
          `priority ${describeValue(pr)} is not a 32-bit integer.`,
          `Give an integer priority ${ORDER_PRIORITY.low}–${ORDER_PRIORITY.high}.`,
          'change.params.priority',
        );
      }
      return ok({
        action,
        command: { type: 'SetOrderPriority', order: o.value, priority: pr },
        operation: {
          op: 'call',
          objectId: targets.lineId,
          method: METHODS.setOrderPriority,
          args: [
            { dataType: 'String', value: o.value },
            { dataType: 'Int32', value: pr },
          ],
        },
        readBack: { kind: 'order', lineId: targets.lineId, order: o.value, expectPriority: pr },
      });
    }
    case 'order-cancel': {
      const o = order();
      if (!o.ok) return o;
      return ok({
        action,
        command: { type: 'CancelOrder', order: o.value },
        operation: {
          op: 'call',
          objectId: targets.lineId,
          method: METHODS.cancelOrder,
          args: [{ dataType: 'String', value: o.value }],
        },
        readBack: { kind: 'order', lineId: targets.lineId, order: o.value, expectStatus: 'cancelled' },
      });
    }
  }
}
