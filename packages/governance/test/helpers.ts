import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ManualClock, MemoryAuditStore } from '@aethercore/core';
import {
  AuditLog,
  hashRef,
  parsePolicyText,
  type ActionProposal,
  type AgentPrincipal,
  type HumanPrincipal,
  type PolicyDocument,
  type Role,
} from '../src/index.ts';

export const POLICY_TEXT = readFileSync(path.join(import.meta.dirname, 'fixtures', 'policy.yaml'), 'utf8');
export const policy = (): PolicyDocument => parsePolicyText(POLICY_TEXT);

/** Monday 2026-11-23 10:00 at UTC+1 (09:00 UTC). */
export const MONDAY_10 = Date.UTC(2026, 10, 23, 9, 0);

export async function auditLog(
  start = MONDAY_10,
): Promise<{ log: AuditLog; store: MemoryAuditStore; clock: ManualClock }> {
  const store = new MemoryAuditStore();
  const clock = new ManualClock(start);
  return { log: await AuditLog.open(store, { clock }), store, clock };
}

export const human = (id: string, ...roles: Exclude<Role, 'agent'>[]): HumanPrincipal => ({
  kind: 'user',
  id,
  displayName: id,
  roles,
});
export const agent = (id: string): AgentPrincipal => ({
  kind: 'agent',
  id,
  displayName: id,
  roles: ['agent'],
});

export function setpointProposal(
  over: Partial<ActionProposal> = {},
  value = 1600,
  now = MONDAY_10,
): ActionProposal {
  const change = { kind: 'setpoint', setpoint: { target: 'ST07/spindleSpeed', value } };
  return {
    id: 'P-1',
    proposer: 'strategos',
    tool: 'write-setpoint',
    effect: 'actuate',
    actionClass: 'setpoint-change',
    equipment: 'ST07',
    change,
    createdAt: now - 1000,
    uncertainty: 0.1,
    evidence: {
      stateVersion: 42,
      simulatedAt: now - 30_000,
      changeHash: hashRef(change),
      kpis: { energyKWh: { baseline: 100, withChange: 95 }, outputParts: { baseline: 500, withChange: 500 } },
      constraintsOk: true,
    },
    expectedKpiDeltas: { energyKWh: -5 },
    explanation: 'Lower spindle speed saves energy at unchanged output.',
    ...over,
  };
}
