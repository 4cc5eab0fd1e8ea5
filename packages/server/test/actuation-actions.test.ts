import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActionProposal } from '@aethercore/governance';
import {
  ACTUATION_ACTIONS,
  ACTUATION_KINDS,
  planActuation,
  type ActuationTargets,
} from '../src/live/actuation-actions.ts';

const targets: ActuationTargets = { stations: new Set(['ST04', 'ST05']), lineId: 'L1' };
const base = (change: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ({
    id: 'P-1',
    proposer: 'strategos',
    effect: 'actuate',
    createdAt: 0,
    change,
    ...extra,
  }) as unknown as ActionProposal;
const withTool = (
  kind: keyof typeof ACTUATION_ACTIONS,
  change: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) =>
  base(
    { kind, ...change },
    { tool: ACTUATION_ACTIONS[kind].tool, actionClass: ACTUATION_ACTIONS[kind].actionClass, ...extra },
  );

describe('the action table (proposal → TwinCommand → OPC UA)', () => {
  it('maps each kind to its command, wire operation and read-back', () => {
    const wo = planActuation(
      withTool('work-order', { params: { station: 'ST05', durationMin: 45 } }, { equipment: 'ST05' }),
      targets,
    );
    expect(wo.ok && wo.value).toMatchObject({
      command: { type: 'PerformMaintenance', station: 'ST05', durationMin: 45 },
      operation: {
        op: 'call',
        objectId: 'ST05',
        method: 'PerformMaintenance',
        args: [{ dataType: 'Double', value: 45 }],
      },
      readBack: { kind: 'value', seriesId: 'ST05/inMaintenance', expect: true },
    });
    const sp = planActuation(
      withTool('setpoint', { setpoint: { target: 'ST04/speedFactor', value: 0.9 } }),
      targets,
    );
    expect(sp.ok && sp.value).toMatchObject({
      command: { type: 'SetStationSpeed', station: 'ST04', speedFactor: 0.9 },
      operation: { op: 'write', seriesId: 'ST04/speedFactor', value: 0.9 },
    });
    const th = planActuation(withTool('thermal-correction', { params: { station: 'ST04' } }), targets);
    expect(th.ok && th.value.readBack).toEqual({
      kind: 'value',
      seriesId: 'ST04/thermalDriftK',
      expect: 0,
      tolerance: 1e-6,
    });
    const pr = planActuation(withTool('order-priority', { params: { order: 'PO-1', priority: 5 } }), targets);
    expect(pr.ok && pr.value.operation).toEqual({
      op: 'call',
      objectId: 'L1',
      method: 'SetOrderPriority',
      args: [
        { dataType: 'String', value: 'PO-1' },
        { dataType: 'Int32', value: 5 },
      ],
    });
    const cx = planActuation(withTool('order-cancel', { params: { order: 'PO-1' } }), targets);
    expect(cx.ok && cx.value.readBack).toEqual({
      kind: 'order',
      lineId: 'L1',
      order: 'PO-1',
      expectStatus: 'cancelled',
    });
    expect(new Set(ACTUATION_KINDS.map((k) => ACTUATION_ACTIONS[k].command)).size).toBe(
      ACTUATION_KINDS.length,
    );
  });

  it('refuses with coded errors: unknown action, class/tool mismatch, unknown target, bad parameters', () => {
    const code = (p: ActionProposal) => {
      const r = planActuation(p, targets);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(code(base({ kind: 'firmware' }, { tool: 'flash-plc' }))).toBe('actuation.action-unknown');
    expect(
      code(
        withTool(
          'work-order',
          { params: { station: 'ST05', durationMin: 45 } },
          { actionClass: 'setpoint-change' },
        ),
      ),
    ).toBe('actuation.class-mismatch');
    expect(
      code(
        withTool('work-order', { params: { station: 'ST05', durationMin: 45 } }, { tool: 'write-setpoint' }),
      ),
    ).toBe('actuation.class-mismatch');
    expect(code(withTool('work-order', { params: { station: 'ST99', durationMin: 45 } }))).toBe(
      'actuation.target-unknown',
    );
    expect(
      code(withTool('work-order', { params: { station: 'ST05', durationMin: 45 } }, { equipment: 'ST04' })),
    ).toBe('actuation.parameter-invalid');
    expect(code(withTool('work-order', { params: { station: 'ST05', durationMin: 0 } }))).toBe(
      'actuation.parameter-invalid',
    );
    expect(code(withTool('setpoint', { setpoint: { target: 'ST05/temperatureC', value: 1 } }))).toBe(
      'actuation.target-unknown',
    );
    expect(code(withTool('setpoint', { setpoint: { target: 'ST05/speedFactor', value: Number.NaN } }))).toBe(
      'actuation.parameter-invalid',
    );
    expect(code(withTool('order-priority', { params: { order: 'PO-1', priority: 1.5 } }))).toBe(
      'actuation.parameter-invalid',
    );
    expect(code(withTool('order-cancel', { params: { order: '' } }))).toBe('actuation.parameter-invalid');
  });

  it('never throws on hostile proposals (random values anywhere), and every refusal is coded', () => {
    const hostile = fc.oneof(
      fc.anything(),
      fc.constant({ toString: {} }),
      fc.constant(Object.create(null) as unknown),
      fc.record({
        kind: fc.constantFrom(...ACTUATION_KINDS),
        params: fc.anything(),
        setpoint: fc.anything(),
      }),
    );
    fc.assert(
      fc.property(hostile, fc.anything(), fc.constantFrom(...ACTUATION_KINDS), (change, params, kind) => {
        for (const p of [
          change as ActionProposal,
          base(change as Record<string, unknown>),
          withTool(kind, { params, setpoint: params }),
          withTool(kind, {
            params: { station: params, order: params, durationMin: params, priority: params },
          }),
        ]) {
          const r = planActuation(p, targets);
          if (!r.ok) expect(r.error.code).toMatch(/^actuation\.[a-z-]+$/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
