import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Hono } from 'hono';
import type { Logger, Reading } from '@aethercore/core';
import { createTwin, describeAddressSpace, STATION_STATES } from '@aethercore/twin';
import { SqliteEventStore, SqliteTelemetryStore } from '@aethercore/adapter-sqlite';
import { startOpcUaServer, subscribeOpcUa } from '@aethercore/adapter-opcua';
import type { ServerConfig } from '../config.ts';
import { createApp } from '../http/app.ts';
import { createJsonLogger } from '../json-logger.ts';
import { LiveHub } from './live-hub.ts';
import { liveLineSource } from './live-line-source.ts';
import { LoopingTwin } from './looping-twin.ts';
import { RealtimeDriver } from './realtime-driver.ts';
import { TelemetryIngest } from './telemetry-ingest.ts';
import { readPlant } from './read-plant.ts';
import { fastForward } from './fast-forward.ts';
import { closeServer, listen } from './http-listen.ts';
import { openLiveGovernance } from '../governance/open-live-governance.ts';
import { StrategosRunner } from './strategos-runner.ts';
import { AnalytikaRunner } from './analytika-runner.ts';
import { createFindingSink } from './agent-findings.ts';
import { twinActuationSurface } from './actuation-surface.ts';
import { startLiveDexter } from './dexter-live.ts';
import type { DexterGateway } from './dexter-gateway.ts';
import { dailySummarySource } from './daily-summary-source.ts';
import { splitSensorSeries } from './mqtt-sensor-split.ts';
import { FeedMerge } from './mqtt-feed-merge.ts';
import { startLiveMqtt, type LiveMqtt } from './mqtt-live.ts';

export interface StartLiveOptions {
  readonly logger?: Logger;
  /** The built dashboard to serve at `/` (see `ensureDashboardBuilt`); none: the API only. */
  readonly staticDir?: string;
  readonly version?: string;
}

export interface LiveHandle {
  /** `http://host:port` of the API and dashboard. */
  readonly url: string;
  /** Where the twin's OPC UA server listens (`opc.tcp://…`). */
  readonly opcuaEndpoint: string;
  /** The MQTT broker of the sensor path (`mqtt://…`); undefined with `--no-mqtt`. */
  readonly mqttUrl: string | undefined;
  readonly app: Hono;
  readonly hub: LiveHub;
  /** Sentinel's files in the data dir (audit store, keys, identities). */
  readonly governanceFiles: {
    readonly store: string;
    readonly key: string;
    readonly vkey: string;
    readonly identities: string;
  };
  /** Counters for logs and tests. */
  stats(): LiveStats;
  /** Graceful shutdown: driver, OPC UA client and server, SSE streams, HTTP, stores. Idempotent. */
  stop(): Promise<void>;
}

export interface LiveStats {
  readonly simTime: number;
  readonly eventsStored: number;
  readonly readingsIngested: number;
  readonly readingsShed: number;
  readonly opcuaConnected: boolean;
  /** The MQTT sensor path (absent with `--no-mqtt`): connection, messages delivered, refused by code. */
  readonly mqtt?: ReturnType<LiveMqtt['stats']> & { readonly connected: boolean };
  readonly loop: number;
  /** Wall ms from the twin's value to the durable telemetry row (OPC UA sampling + publish + batch commit), p50/p95. */
  readonly ingestLagMs?: { readonly p50: number; readonly p95: number };
  /** Open SSE connections. */
  readonly sseClients: number;
}

/** Files of the live run in the data dir: reset at every start, because the twin replays from the morning. */
const LIVE_FILES = /^live-(events|telemetry)\.db(-wal|-shm|-journal)?$/;

/**
 * The embedded live mode, wired the way the architecture says data flows:
 * plant file → twin (real-time driver) → events into the SQLite event store → twin readings served
 * by a real OPC UA server → the platform's OPC UA client subscription → SQLite telemetry store →
 * SSE to the browsers. No in-process shortcut between the twin's readings and the telemetry store.
 */
export async function startLive(config: ServerConfig, options: StartLiveOptions = {}): Promise<LiveHandle> {
  const logger = options.logger ?? createJsonLogger('aethercore');
  const log = logger.child('live');
  const plant = readPlant(config.plant);
  const spec = describeAddressSpace(plant);

  mkdirSync(config.dataDir, { recursive: true });
  for (const f of readdirSync(config.dataDir))
    if (LIVE_FILES.test(f)) rmSync(path.join(config.dataDir, f), { force: true });
  const events = new SqliteEventStore({ file: path.join(config.dataDir, 'live-events.db') });
  // Telemetry is a cache of what the PLC side serves: NORMAL sync (no fsync per commit) is the deliberate trade.
  const telemetry = new SqliteTelemetryStore({
    file: path.join(config.dataDir, 'live-telemetry.db'),
    synchronous: 'NORMAL',
  });

  const twin = new LoopingTwin((loop) =>
    createTwin({ plant, scenario: config.scenario, seed: config.seed + loop }),
  );
  const baseline =
    config.scenario === 'baseline'
      ? undefined
      : new LoopingTwin((loop) => createTwin({ plant, scenario: 'baseline', seed: config.seed + loop }));
  if (config.startAt !== undefined) await fastForward(config.startAt, twin, baseline, events, log);
  const hub = new LiveHub();
  const latest = new Map<string, Reading>();
  const refreshLatest = (): void => {
    for (const r of twin.readings()) latest.set(r.seriesId, r);
  };
  refreshLatest();

  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanupAll = async (): Promise<void> => {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (e) {
        log.log('warn', 'shutdown step failed', { error: String(e) });
      }
    }
    cleanups.length = 0;
  };
  cleanups.push(
    () => events.close(),
    () => telemetry.close(),
  );

  try {
    // Sentinel first: the audit log must be open before anything can act or be stopped.
    const wallClock = { now: () => Date.now() };
    // The plant's actuation surface (Methods and writable setpoints on the twin's OPC UA server).
    const actuation = twinActuationSurface({ plant, twin: () => twin.twin, now: () => twin.now() });
    const sentinelFiles = await openLiveGovernance({
      dataDir: config.dataDir,
      policyFile: config.policy,
      clock: wallClock,
      logger: logger.child('sentinel'),
      // Coarse on purpose: the twin has no versioned plant state yet, so the replayed day is the version.
      stateVersion: () => twin.loop,
      // Evidence age in plant time too: at ×60, five wall minutes are five plant hours. The running day's
      // own clock, as the agents' what-ifs and Dexter's refresh record it (`plantTime`).
      plantClock: { now: () => twin.twin.now() },
      // Setpoints as the plant reports them (the same values its OPC UA variables serve), so a
      // speed-factor change within its max step stays within limits instead of going to the inbox.
      currentValue: (target) => actuation.surface.read(target)?.value,
      demoPassword: config.demoPassword,
    });
    cleanups.push(() => sentinelFiles.close());
    const governance = sentinelFiles.governance;
    if (sentinelFiles.generatedPasswords.size > 0) {
      // Printed once, at the first start only (identities.db keeps just the scrypt hashes).
      const lines = [...sentinelFiles.generatedPasswords].map(([u, p]) => `  ${u.padEnd(11)} ${p}`);
      process.stderr.write(
        `\nSentinel demo users (first start; passwords are shown only now, set AETHERCORE_DEMO_PASSWORD to choose one):\n${lines.join('\n')}\n\n`,
      );
    }
    // Approval deadlines (expiry, escalation) advance with the wall clock, once a minute.
    const deadlines = setInterval(() => {
      governance.sentinel.inbox
        .execute({ type: 'CheckDeadlines', time: wallClock.now() })
        .then(() => sentinelFiles.persist())
        .catch((e: unknown) => log.log('warn', 'approval deadline check failed', { error: String(e) }));
    }, 60_000);
    deadlines.unref();
    cleanups.push(() => clearInterval(deadlines));

    // Dexter's plant side: Methods and the speed setpoint on the station objects (commands go to the running twin).
    const opcServer = await startOpcUaServer({
      actuation: actuation.surface,
      port: config.opcuaPort,
      host: config.host,
      spec,
      read: (seriesId) => latest.get(seriesId),
      // The twin reports a station's state as the index into STATION_STATES; OPC UA serves the name.
      readText: (seriesId) => {
        const r = latest.get(seriesId);
        return r === undefined
          ? undefined
          : {
              seriesId,
              text: STATION_STATES[r.value] ?? 'unknown',
              quality: r.quality,
              sourceTime: r.sourceTime,
            };
      },
      pkiDir: path.join(config.dataDir, 'pki', 'server'),
      logger: logger.child('opcua'),
    });
    cleanups.push(() => opcServer.stop());
    log.log('info', 'OPC UA server listening', {
      endpointUrl: opcServer.endpointUrl,
      variables: latest.size,
    });

    // A reading's sourceTime is simulated: its wall-clock age at commit is the simulated age ÷ speed.
    const ingest = new TelemetryIngest(telemetry, hub, logger.child('ingest'), {
      ageMs: (r) => (twin.now() - r.sourceTime) / config.speed,
    });
    cleanups.push(() => ingest.stop());
    // OPC UA for the machine level, MQTT for the sensors (mqtt-sensor-split.ts): each numeric series
    // over exactly one path; with --no-mqtt every one over the OPC UA client session (security None on loopback).
    const split = splitSensorSeries(spec, config.mqtt);
    const seriesIds = split.opcua;
    // Analytika (live agent) is fed from the ingest path: the readings the subscription delivered.
    const analytika = new AnalytikaRunner({
      plant,
      twin: () => twin.twin,
      day: () => twin.loop,
      governance,
      sink: createFindingSink(events, hub, logger.child('agents')),
      logger: logger.child('analytika'),
    });
    cleanups.push(() => analytika.idle());
    // Two feeds reach Analytika merged in source-time order, so neither path's readings are dropped as late.
    const feed = config.mqtt
      ? new FeedMerge({ sources: ['opcua', 'mqtt'], onReadings: (rs) => analytika.push(rs) })
      : undefined;
    if (feed !== undefined) {
      const releasing = setInterval(() => feed.release(), 500);
      releasing.unref();
      cleanups.push(() => {
        clearInterval(releasing);
        feed.drain();
      });
    }
    const subscription = await subscribeOpcUa({
      endpointUrl: opcServer.endpointUrl,
      namespaceUri: opcServer.namespaceUri,
      seriesIds,
      samplingIntervalMs: config.samplingIntervalMs,
      onReadings: (rs) => {
        ingest.push(rs);
        if (feed === undefined) analytika.push(rs);
        else feed.push('opcua', rs);
      },
      pkiDir: path.join(config.dataDir, 'pki', 'client'),
      logger: logger.child('opcua'),
    });
    cleanups.push(() => subscription.stop());
    log.log('info', 'OPC UA subscription started', {
      series: seriesIds.length,
      samplingIntervalMs: config.samplingIntervalMs,
    });

    // The sensor path: a simulated condition-monitoring gateway publishes the sensor series to the
    // broker (embedded unless --mqtt-url), the platform subscribes; the same ingest and Analytika feed.
    const mqtt = config.mqtt
      ? await startLiveMqtt({
          url: config.mqttUrl,
          port: config.mqttPort,
          host: config.host,
          signals: split.mqtt,
          units: split.mqttUnits,
          read: (seriesId) => latest.get(seriesId),
          samplingIntervalMs: config.samplingIntervalMs,
          onReadings: (rs) => {
            ingest.push(rs);
            feed?.push('mqtt', rs);
          },
          // Stable per data dir: the broker keeps one persistent session per installation.
          instanceId: createHash('sha256').update(path.resolve(config.dataDir)).digest('hex').slice(0, 10),
          logger: logger.child('mqtt'),
        })
      : undefined;
    if (mqtt !== undefined) cleanups.push(() => mqtt.stop());

    const driver = new RealtimeDriver({
      twin,
      events,
      hub,
      speed: config.speed,
      tickMs: config.tickMs,
      logger: logger.child('driver'),
      afterTick: refreshLatest,
    });
    driver.start();
    cleanups.push(() => driver.stop());

    // Keep the telemetry store bounded: raw samples for two simulated days, then 1-minute buckets for 30.
    const retention = setInterval(() => {
      telemetry
        .applyRetention(
          { rawMaxAgeMs: 2 * 86_400_000, downsampleBucketMs: 60_000, downsampledMaxAgeMs: 30 * 86_400_000 },
          Math.floor(twin.now()),
        )
        .catch((e: unknown) => log.log('warn', 'telemetry retention failed', { error: String(e) }));
    }, 60_000);
    retention.unref();
    cleanups.push(() => clearInterval(retention));

    // A line of figures every 30 s: what flows, how late, whether anything was shed.
    let last = { at: performance.now(), events: 0, readings: 0 };
    const statsTimer = setInterval(() => {
      const now = performance.now();
      const dt = (now - last.at) / 1000;
      const lag = ingest.lagPercentiles();
      log.log('info', 'live stats', {
        simTime: new Date(twin.now()).toISOString(),
        eventsPerS: Math.round((driver.eventsStored - last.events) / dt),
        readingsPerS: Math.round((ingest.ingested - last.readings) / dt),
        ingestLagMsP50: lag === undefined ? null : Math.round(lag.p50),
        ingestLagMsP95: lag === undefined ? null : Math.round(lag.p95),
        readingsShed: ingest.shed,
        opcuaConnected: subscription.connected(),
        ...(mqtt === undefined ? {} : { mqttConnected: mqtt.connected(), mqtt: mqtt.stats() }),
        sseClients: hub.subscribers,
        rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
      });
      last = { at: now, events: driver.eventsStored, readings: ingest.ingested };
    }, 30_000);
    statsTimer.unref();
    cleanups.push(() => clearInterval(statsTimer));

    const source = liveLineSource({
      plant,
      spec,
      twin,
      events,
      ...(baseline === undefined ? {} : { baseline }),
      components: () => ({
        twin: driver.failing ? 'down' : 'ok',
        opcua: subscription.connected() ? 'ok' : 'down',
        ...(mqtt === undefined ? {} : { mqtt: mqtt.connected() ? ('ok' as const) : ('down' as const) }),
        store: ingest.failing ? 'down' : 'ok',
      }),
    });
    // Strategos (live agent): re-plans on disruptions in the stored events; its plan is served at /api/plan.
    const strategos = new StrategosRunner({
      twin,
      plant,
      hub,
      events,
      governance,
      persist: () => {
        sentinelFiles.persist();
        return Promise.resolve();
      },
      logger: logger.child('strategos'),
      // The planning runs in a worker thread on a replica of the twin (same plant, scenario, seed).
      twinSeed: (loop) => config.seed + loop,
    });
    strategos.start();
    cleanups.push(() => strategos.stop());
    // Dexter starts after the HTTP app (it needs the OPC UA server up); the app reaches it through this holder.
    const actuator: { gateway?: DexterGateway } = {};
    const app = createApp({
      execute: (p) =>
        actuator.gateway === undefined
          ? Promise.resolve({ status: 'unavailable' })
          : actuator.gateway.execute(p),
      source,
      events,
      telemetry,
      hub,
      logger,
      governance,
      plan: () => strategos.response(),
      // Sick notes from people: the ReportWorkerSick command on the running twin (durations: loop-safe).
      crew: {
        plant,
        now: () => twin.now(),
        reportSick: (worker, durationMs) => twin.twin.apply({ type: 'ReportWorkerSick', worker, durationMs }),
      },
      // Analytika's daily summary: the running day from the event store vs a reference twin day, what-ifs in forks.
      summary: dailySummarySource({
        plant,
        twin,
        events,
        scenario: config.scenario,
        seed: config.seed,
        governance,
        logger: logger.child('summary'),
      }),
      run: { scenario: config.scenario, speed: config.speed, seed: config.seed },
      ...(options.staticDir === undefined ? {} : { staticDir: options.staticDir }),
      ...(options.version === undefined ? {} : { version: options.version }),
    });
    cleanups.push(() => hub.close());

    // Saves the inbox every 5 s: Analytika's proposals, and decisions people made through the API.
    const persisting = setInterval(() => {
      try {
        sentinelFiles.persist();
      } catch (e) {
        log.log('warn', 'saving the approval inbox failed', { error: String(e) });
      }
    }, 5_000);
    persisting.unref();
    cleanups.push(() => clearInterval(persisting));
    // Dexter: approved proposals reach the plant only through sentinel.execute and the OPC UA actuation session.
    const dexter = await startLiveDexter({
      plant,
      endpointUrl: opcServer.endpointUrl,
      namespaceUri: opcServer.namespaceUri,
      governance,
      pkiDir: path.join(config.dataDir, 'pki', 'client'),
      logger: logger.child('dexter'),
      afterPass: () => sentinelFiles.persist(),
      twin: () => twin.twin,
      // The evidence refresh runs in its own worker thread on a replica of the running day (same seed).
      replay: { loop: () => twin.loop, seed: (loop) => config.seed + loop },
    });
    cleanups.push(() => dexter.stop());
    actuator.gateway = dexter.gateway;
    // Shutdown runs in reverse: stop the twin's clock first, so nothing moves while sessions close.
    cleanups.push(() => driver.stop());
    // Analytika's within-limits proposals (policy) are executed by Dexter at once; the rest wait in the inbox.
    analytika.connectExecutor(dexter.gateway);
    const server = await listen(app, config.host, config.port);
    cleanups.push(() => closeServer(server));
    const address = server.address() as AddressInfo;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${address.port}`;
    log.log('info', 'HTTP API and dashboard listening', {
      url,
      dashboard: options.staticDir !== undefined && existsSync(options.staticDir),
    });

    let stopped: Promise<void> | undefined;
    return {
      url,
      opcuaEndpoint: opcServer.endpointUrl,
      mqttUrl: mqtt?.url,
      app,
      hub,
      governanceFiles: sentinelFiles.files,
      stats: () => {
        const lag = ingest.lagPercentiles();
        return {
          simTime: twin.now(),
          eventsStored: driver.eventsStored,
          readingsIngested: ingest.ingested,
          readingsShed: ingest.shed,
          opcuaConnected: subscription.connected(),
          ...(mqtt === undefined ? {} : { mqtt: { ...mqtt.stats(), connected: mqtt.connected() } }),
          loop: twin.loop,
          ...(lag === undefined ? {} : { ingestLagMs: lag }),
          sseClients: hub.subscribers,
        };
      },
      stop: () => {
        stopped ??= (async () => {
          log.log('info', 'shutting down');
          await cleanupAll();
          log.log('info', 'stopped');
        })();
        return stopped;
      },
    };
  } catch (e) {
    await cleanupAll();
    throw e;
  }
}
