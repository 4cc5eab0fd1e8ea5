/**
 * The HTTP API's response types. The dashboard imports these with `import type` (the only thing
 * it may take from the server), so they are plain data: no classes, no functions.
 *
 * Station states follow the usual line-balancing vocabulary (and the twin): a station is
 * producing, idle (no order), blocked (downstream buffer full), starved (upstream buffer empty),
 * failed (breakdown, under repair) or off (outside its shift / planned stop).
 */
import type { EquipmentNodeSpec, Quality, Reading, SeriesPoint, StoredEvent } from '@aethercore/core';

export type { EquipmentNodeSpec, Quality, Reading, SeriesPoint, StoredEvent };

export const STATION_STATES = ['producing', 'idle', 'blocked', 'starved', 'failed', 'off'] as const;
export type StationState = (typeof STATION_STATES)[number];

/** How the live line runs: shown in the dashboard's header. */
export interface RunInfo {
  readonly scenario: string;
  /** Simulated seconds per wall second. */
  readonly speed: number;
  readonly seed: number;
}

export interface HealthResponse {
  readonly status: 'ok' | 'degraded';
  readonly version: string;
  /** Simulated time of the line, ms since epoch. */
  readonly simTime: number;
  /** Seq of the newest stored event. */
  readonly lastSeq: number;
  /** Per component: is it working (`opcua`: the platform's subscription is connected). */
  readonly components: Readonly<Record<string, 'ok' | 'down' | 'starting'>>;
  readonly run?: RunInfo;
}

/** A watched variable of the plant, with its series id in the telemetry store. */
export interface SeriesInfo {
  readonly seriesId: string;
  readonly equipmentId: string;
  readonly name: string;
  readonly unit: string;
  readonly euRange?: { readonly low: number; readonly high: number };
  readonly description?: string;
}

export interface StationInfo {
  readonly id: string;
  readonly name: string;
  /** Position in flow order, 0-based. */
  readonly index: number;
}

/**
 * A series the supervisor's trend charts show, with its limits: an alarm limit for condition
 * monitoring (vibration zone boundary per ISO 10816-3, temperature), or the tolerance of a
 * quality characteristic (LSL/USL around the nominal, as on an SPC chart).
 */
export interface TrendSpec {
  readonly kind: 'vibration' | 'temperature' | 'characteristic';
  readonly seriesId: string;
  readonly equipmentId: string;
  /** Variable or characteristic name (`pressDepthMm`). */
  readonly name: string;
  readonly unit: string;
  readonly limits: { readonly low?: number; readonly high?: number; readonly nominal?: number };
}

export interface PlantResponse {
  readonly namespaceUri: string;
  readonly lineId: string;
  readonly lineName: string;
  /** Stations in flow order. */
  readonly stations: readonly StationInfo[];
  readonly series: readonly SeriesInfo[];
  /** What the dashboard charts: R7's vibration and temperature, the heat-driven station's characteristic. */
  readonly trends: readonly TrendSpec[];
  /** The full equipment hierarchy (ISA-95 levels), as served over OPC UA. */
  readonly root: EquipmentNodeSpec;
}

export interface StationView {
  readonly id: string;
  readonly name: string;
  readonly state: StationState;
  /** Why it is not producing: `shift`, `unstaffed`, `material`, `no-order`, `wear`, `breakdown`, … */
  readonly reason?: string;
  /** Parts processed since the start of the (simulated) day. */
  readonly partsProduced: number;
  readonly energyKWh: number;
  /** The order whose part is in work, if any. */
  readonly currentOrder?: string;
}

export interface BufferView {
  readonly id: string;
  /** Upstream and downstream station ids. */
  readonly from: string;
  readonly to: string;
  readonly level: number;
  readonly capacity: number;
}

export interface LineResponse {
  readonly lineId: string;
  readonly lineName: string;
  /** Simulated time, ms since epoch. */
  readonly simTime: number;
  /** Stations in flow order. */
  readonly stations: readonly StationView[];
  /** Buffers between consecutive stations. */
  readonly buffers: readonly BufferView[];
  /** Line counters (good parts out, scrap, energy so far, …), named with units. */
  readonly counters: Readonly<Record<string, number>>;
}

/** The KPI set a supervisor reads (OEE after Nakajima: availability × performance × quality). */
export interface KpiValues {
  /** Good parts out of the line. */
  readonly output: number;
  readonly oee: number;
  readonly availability: number;
  readonly performance: number;
  readonly quality: number;
  readonly energyPerUnitKWh: number;
  /** Parts good at the first EOL test, without rework / all parts finished, 0..1 (ISO 22400-2 FPY). */
  readonly firstPassYield: number;
  readonly downtimeS: number;
}

export interface KpisResponse {
  /** The window the KPIs cover (sim ms). */
  readonly from: number;
  readonly to: number;
  readonly kpis: KpiValues;
  /** The same KPIs for the baseline run (no agents), when available. */
  readonly baseline?: KpiValues;
  /** Relative change against the baseline, (value − baseline) / baseline. */
  readonly deltas?: Partial<Record<keyof KpiValues, number>>;
}

export interface TelemetryResponse {
  readonly series: string;
  readonly from: number;
  readonly to: number;
  readonly bucketMs?: number;
  readonly points: readonly SeriesPoint[];
}

export interface EventsResponse {
  readonly events: readonly StoredEvent[];
  /** Seq of the newest stored event (for the next `after=`). */
  readonly lastSeq: number;
}

/** Body of every error answer: the coded error, mapped to HTTP in one place. */
export interface ErrorResponse {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly path?: string;
}

/**
 * Server-sent events on `GET /api/stream`, by SSE event name:
 * `hello` once, `snapshot` about once a second, `events` and `readings` batched as they arrive,
 * `kpis` every few seconds.
 */
export interface StreamMessages {
  readonly hello: {
    readonly simTime: number;
    readonly lastSeq: number;
    readonly version: string;
    readonly run?: RunInfo;
  };
  readonly snapshot: LineResponse;
  readonly events: readonly StoredEvent[];
  readonly readings: readonly Reading[];
  readonly kpis: KpisResponse;
  /** The stop-all switch: sent after hello and on every change. */
  readonly stop: StopResponse;
}
export type StreamEventName = keyof StreamMessages;

// ---- Governance (Sentinel): auth, stop-all, approval inbox, audit trail ----

export interface PrincipalView {
  readonly kind: 'user' | 'agent';
  readonly id: string;
  readonly displayName: string;
  readonly roles: readonly string[];
}

export interface AuthLoginResponse {
  /** Bearer token for `Authorization: Bearer <token>`; only its hash is kept by the server. */
  readonly token: string;
  readonly expiresAt: number;
  readonly principal: PrincipalView;
}

/** The stop-all switch. `by` is the audit actor (`u:anna`), `at` wall-clock ms. */
export interface StopResponse {
  readonly engaged: boolean;
  readonly epoch: number;
  readonly by?: string;
  readonly at?: number;
  readonly reason?: string;
  /** On `POST /api/stop` only: whether the audit entry was written (a stop is never refused). */
  readonly audited?: boolean;
}

export interface VerdictView {
  readonly pass: boolean;
  readonly grade: string;
  readonly approvalsRequired: number;
  readonly policyVersion: number;
  readonly reasons: readonly { readonly check: string; readonly code: string; readonly message: string }[];
  readonly checks: readonly { readonly name: string; readonly ok: boolean }[];
}

export interface ProposalView {
  readonly id: string;
  readonly status: 'pending' | 'approved' | 'rejected' | 'expired';
  readonly grade: string;
  readonly requiredApprovals: number;
  readonly requester: string;
  readonly submittedAt: number;
  readonly expiresAt: number;
  readonly escalationLevel: number;
  readonly notifyRole: string;
  readonly approvals: readonly { readonly by: string; readonly at: number; readonly reason: string }[];
  readonly acknowledgements: readonly { readonly by: string; readonly at: number }[];
  readonly rejection?: { readonly by: string; readonly at: number; readonly reason: string };
  readonly closedAt?: number;
  /** The proposal as submitted (id, proposer, tool, change, evidence, expectedKpiDeltas, explanation). */
  readonly proposal: {
    readonly id: string;
    readonly proposer: string;
    readonly tool: string;
    readonly actionClass?: string;
    readonly equipment?: string;
    readonly change: { readonly kind: string } & Record<string, unknown>;
    readonly evidence?: {
      readonly stateVersion: number;
      readonly simulatedAt: number;
      readonly kpis: Record<string, { readonly baseline: number; readonly withChange: number }>;
      readonly constraintsOk: boolean;
    };
    readonly expectedKpiDeltas?: Record<string, number>;
    readonly explanation?: string;
    readonly uncertainty?: number;
  };
  readonly verdict: VerdictView;
}

export interface ProposalsResponse {
  readonly proposals: readonly ProposalView[];
  readonly now: number;
}

export interface AuditEntriesResponse {
  /** Entries in the log. */
  readonly size: number;
  readonly entries: readonly {
    readonly index: number;
    readonly entry?: Record<string, unknown>;
    readonly undecodable?: true;
  }[];
}

export interface AuditCheckpointResponse {
  readonly size: number;
  readonly checkpoint:
    { readonly note: string; readonly treeSize: number; readonly rootHash: string } | undefined;
  /** The log's C2SP verifier key (`aethercore.local/audit+<id>+<key>`). */
  readonly logKey: string | undefined;
  /** Signature checked with the log key and root recomputed from the stored leaves. */
  readonly verified: boolean;
  readonly problem?: string;
}

export interface AuditProofResponse {
  readonly index: number;
  readonly treeSize: number;
  readonly leafHash: string;
  readonly proof: readonly string[];
  readonly rootHash: string;
  readonly verified: boolean;
  readonly entry?: Record<string, unknown>;
  readonly checkpoint?: string;
}

/** One lot operation of Strategos' plan on a station (a Gantt bar), times in ms on the line's clock. */
export interface PlanOperationView {
  readonly order: string;
  readonly lot: number;
  readonly quantity: number;
  readonly station: string;
  readonly start: number;
  readonly end: number;
  /** A lot already in the line when the plan was made. */
  readonly wip: boolean;
}

export interface PlanOrderView {
  readonly id: string;
  readonly variant: string;
  readonly quantity: number;
  readonly dueAt: number;
  readonly release: number;
  readonly completion?: number;
  readonly tardinessMin: number;
  readonly sequence: number;
}

/** `/api/plan`: Strategos' current plan, the last re-plan with its deltas, and the event-to-proposal latency. */
export interface PlanResponse {
  readonly plan: {
    readonly builtAt: number;
    readonly reason: 'initial' | 'refresh' | 'replan';
    readonly stations: readonly string[];
    readonly orders: readonly PlanOrderView[];
    readonly operations: readonly PlanOperationView[];
    readonly kpis: {
      readonly makespanAt: number;
      readonly tardyOrders: number;
      readonly totalTardinessMin: number;
    };
    readonly valid: boolean;
    readonly lotSize: number;
  } | null;
  readonly lastReplan: {
    readonly time: number;
    readonly triggers: readonly { readonly type: string; readonly time: number; readonly subject: string }[];
    readonly outcome: 'proposed' | 'no-change' | 'no-improvement' | 'no-effect' | 'infeasible';
    readonly events: readonly string[];
    readonly planner?: {
      readonly delta: {
        readonly makespanMin: number;
        readonly totalTardinessMin: number;
        readonly tardyOrders: number;
      };
      readonly stability: {
        readonly moved: number;
        readonly machineChanged: number;
        readonly totalShift: number;
        readonly meanShift: number;
      };
      readonly method: string;
      readonly candidates: number;
    };
    readonly sequence?: { readonly line: readonly string[]; readonly planned: readonly string[] };
    readonly priorities?: readonly { readonly order: string; readonly priority: number }[];
    readonly simulated?: {
      readonly fromMs: number;
      readonly toMs: number;
      readonly kpis: Readonly<Record<string, { readonly baseline: number; readonly withChange: number }>>;
      readonly deltas: Readonly<Record<string, number>>;
    };
    readonly proposalId?: string;
    /** Sentinel's routing of the proposal: execute, inbox or rejected. */
    readonly route?: string;
    /** Wall ms from the triggering event's arrival to the reviewed proposal (or the finding). */
    readonly latencyMs: number;
  } | null;
  /** Event-to-proposal latency over the re-plans since the start (wall ms). */
  readonly latency: {
    readonly count: number;
    readonly p50Ms: number | null;
    readonly p95Ms: number | null;
    readonly maxMs: number | null;
  };
}
