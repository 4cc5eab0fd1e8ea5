import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ManualClock,
  MemoryAuditStore,
  silentLogger,
  type AuditStore,
  type Clock,
  type NewAuditRecord,
  type Reading,
} from '@aethercore/core';
import { ScryptPasswordHasher, randomApiToken } from '@aethercore/adapter-sqlite';
import {
  connectActuator,
  startOpcUaServer,
  type OpcUaActuator,
  type OpcUaServerHandle,
} from '@aethercore/adapter-opcua';
import {
  hashRef,
  parsePolicyText,
  Sentinel,
  type ActionProposal,
  type HumanPrincipal,
  type PolicyDocument,
} from '@aethercore/governance';
import { createTwin, describeAddressSpace, type Twin } from '@aethercore/twin';
import { createGovernance, seedDemoIdentities } from '../../src/index.ts';
import type { Governance } from '../../src/governance/governance.ts';
import { twinActuationSurface } from '../../src/live/actuation-surface.ts';
import { DexterGateway } from '../../src/live/dexter-gateway.ts';
import { DexterLoop } from '../../src/live/dexter-loop.ts';
import { readPlant } from '../../src/live/read-plant.ts';

export const REPO = path.resolve(import.meta.dirname, '../../../..');
export const DEFAULT_POLICY = parsePolicyText(readFileSync(path.join(REPO, 'policies/default.yaml'), 'utf8'));
/** Tuesday 2026-11-24 10:00 plant time (UTC+1): inside the setpoint time window. */
export const T0 = Date.UTC(2026, 10, 24, 9, 0);
export const STATE_VERSION = 3;
const PASSWORD = 'correct-horse-battery';

/** An audit store that can be made to fail: every append, or only the intent (`started`) entries of actions. */
export class FlakyAuditStore extends MemoryAuditStore implements AuditStore {
  failAll = false;
  failIntents = false;
  override append(records: readonly NewAuditRecord[], expectedSize: number): Promise<number> {
    const text = records.map((r) => new TextDecoder().decode(r.entry)).join('\n');
    if (this.failAll || (this.failIntents && text.includes('"outcome":"started"')))
      return Promise.reject(new Error('disk full (test)'));
    return super.append(records, expectedSize);
  }
}

/** The default policy with rate limits lifted, for bursts (the rate limit is tested in governance). */
export function burstPolicy(): PolicyDocument {
  const p = structuredClone(DEFAULT_POLICY) as {
    actionClasses: Record<string, { limits?: { rate?: unknown } }>;
  };
  for (const c of Object.values(p.actionClasses))
    if (c.limits?.rate !== undefined) c.limits.rate = { max: 100_000, windowS: 3600 };
  return p as unknown as PolicyDocument;
}

export interface RigHooks {
  /** Called synchronously as Dexter sends a call or write (after the gate let it start). */
  beforeRequest?: () => void;
}

export interface Rig {
  readonly twin: Twin;
  readonly gov: Governance;
  readonly clock: ManualClock;
  readonly store: FlakyAuditStore;
  readonly server: OpcUaServerHandle;
  readonly actuator: OpcUaActuator;
  readonly gateway: DexterGateway;
  readonly loop: DexterLoop;
  readonly hooks: RigHooks;
  /** Twin commands the plant side accepted. */
  readonly applied: () => number;
  readonly supervisor: HumanPrincipal;
  readonly engineer: HumanPrincipal;
  close(): Promise<void>;
}

/**
 * A real loopback OPC UA server serving the Werkhalle 4 twin with Dexter's actuation surface, a real
 * actuator session, and Sentinel over an in-memory audit store (with `currentValue` from the twin, so
 * setpoint steps are checked).
 */
export async function startRig(policy: PolicyDocument = DEFAULT_POLICY): Promise<Rig> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aether-dexter-'));
  const plant = readPlant(path.join(REPO, 'plants/werkhalle4.yaml'));
  const twin = createTwin({ plant, scenario: 'baseline', seed: 42 });
  twin.advanceTo(twin.now() + 10 * 3_600_000); // 10:00 on the replayed day: stations producing
  const surface = twinActuationSurface({ plant, twin: () => twin, now: () => twin.now() });
  const readings = (): Map<string, Reading> => new Map(twin.readings().map((r) => [r.seriesId, r]));
  const server = await startOpcUaServer({
    port: 0,
    spec: describeAddressSpace(plant),
    read: (id) => readings().get(id),
    actuation: surface.surface,
    pkiDir: path.join(dir, 'server'),
    trustUnknownClients: true,
  });
  const actuator = await connectActuator({
    endpointUrl: server.endpointUrl,
    namespaceUri: server.namespaceUri,
    pkiDir: path.join(dir, 'client'),
    trustUnknownServers: true,
    connectTimeoutMs: 20_000,
  });
  const clock = new ManualClock(T0);
  const store = new FlakyAuditStore();
  const base = await createGovernance({
    store,
    clock,
    policy,
    hasher: new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }),
    newToken: () => randomApiToken('acs'),
    stateVersion: () => STATE_VERSION,
  });
  const sentinel = new Sentinel({
    log: base.log,
    clock,
    policy: base.sentinel.policy,
    currentValue: (target) => {
      const [st, name] = target.split('/');
      return name === 'speedFactor' && st !== undefined
        ? twin.snapshot().stations[st]?.speedFactor
        : undefined;
    },
  });
  const gov: Governance = { ...base, sentinel };
  await seedDemoIdentities(gov.identities, () => PASSWORD);
  const hooks: RigHooks = {};
  // The gateway's actuator: the real session, with a hook at the moment a request leaves (tests stop the line there).
  const wire: OpcUaActuator = {
    ...actuator,
    call: (...a) => {
      hooks.beforeRequest?.();
      return actuator.call(...a);
    },
    write: (...a) => {
      hooks.beforeRequest?.();
      return actuator.write(...a);
    },
  };
  const gateway = new DexterGateway({
    governance: gov,
    actuator: wire,
    targets: { stations: new Set(plant.stations.map((s) => s.id)), lineId: plant.line.id },
    logger: silentLogger,
    verifyTimeoutMs: 3_000,
  });
  const loop = new DexterLoop({ gateway, governance: gov, logger: silentLogger });
  const human = (id: string): HumanPrincipal => {
    const p = gov.identities.get(id);
    if (p?.kind !== 'user') throw new Error(`no user ${id}`);
    return p;
  };
  return {
    twin,
    gov,
    clock,
    store,
    server,
    actuator,
    gateway,
    loop,
    applied: surface.applied,
    hooks,
    supervisor: human('supervisor'),
    engineer: human('engineer'),
    close: async () => {
      await actuator.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A proposal with twin evidence for exactly this change (the verifier checks hash, freshness and claims). */
export function proposal(
  id: string,
  now: number,
  p: {
    tool: string;
    actionClass: string;
    equipment?: string;
    change: ActionProposal['change'];
    proposer?: string;
  },
): ActionProposal {
  return {
    id,
    proposer: p.proposer ?? 'strategos',
    tool: p.tool,
    effect: 'actuate',
    actionClass: p.actionClass,
    ...(p.equipment === undefined ? {} : { equipment: p.equipment }),
    change: p.change,
    createdAt: now - 1000,
    uncertainty: 0.1,
    evidence: {
      stateVersion: STATE_VERSION,
      simulatedAt: now - 5_000,
      changeHash: hashRef(p.change),
      kpis: { goodParts: { baseline: 200, withChange: 204 } },
      constraintsOk: true,
    },
    expectedKpiDeltas: { goodParts: 4 },
    explanation: 'test proposal',
  };
}

export const speedProposal = (id: string, now: number, station: string, value: number): ActionProposal =>
  proposal(id, now, {
    tool: 'write-setpoint',
    actionClass: 'setpoint-change',
    equipment: station,
    change: { kind: 'setpoint', setpoint: { target: `${station}/speedFactor`, value } },
  });

export const workOrder = (id: string, now: number, station: string, durationMin = 45): ActionProposal =>
  proposal(id, now, {
    tool: 'create-work-order',
    actionClass: 'maintenance-work-order',
    equipment: station,
    proposer: 'analytika',
    change: { kind: 'work-order', params: { station, durationMin } },
  });

/**
 * Governance over an in-memory audit store at T0 with the demo identities, for gateways on a scripted
 * plant; with `plantClock`, Sentinel judges the evidence's plant age by it too.
 */
export async function scriptedGovernance(
  o: { plantClock?: Clock } = {},
): Promise<{ gov: Governance; clock: ManualClock }> {
  const clock = new ManualClock(T0);
  const gov = await createGovernance({
    store: new MemoryAuditStore(),
    clock,
    policy: DEFAULT_POLICY,
    hasher: new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }),
    newToken: () => randomApiToken('acs'),
    stateVersion: () => STATE_VERSION,
    ...(o.plantClock === undefined ? {} : { plantClock: o.plantClock }),
  });
  await seedDemoIdentities(gov.identities, () => PASSWORD);
  return { gov, clock };
}

/** Analytika proposes a work order on ST05 now (its evidence simulated at plant time `plantTime`, when given); the supervisor approves it. */
export async function approvedWorkOrder(
  gov: Governance,
  clock: ManualClock,
  id: string,
  plantTime?: number,
): Promise<ActionProposal> {
  const wo = workOrder(id, clock.now(), 'ST05');
  const p =
    plantTime === undefined || wo.evidence === undefined
      ? wo
      : { ...wo, evidence: { ...wo.evidence, plantTime } };
  const analytika = gov.identities.get('analytika');
  const sup = gov.identities.get('supervisor');
  if (analytika === undefined || sup?.kind !== 'user') throw new Error('identities');
  await gov.sentinel.review(p, analytika, STATE_VERSION);
  await gov.sentinel.inbox.executeOrThrow({
    type: 'ApproveProposal',
    id,
    by: sup,
    reason: 'ok',
    time: clock.now(),
  });
  return p;
}
