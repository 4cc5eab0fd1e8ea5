import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { LogLevel } from '@aethercore/core';
import type { ServerConfig } from '@aethercore/server';

// The server (and node-opcua under it) is loaded only when `start` runs, so other commands and
// `--help` stay fast and quiet. The env names below are checked against CONFIG_ENV at start.
const ENV = {
  port: 'AETHERCORE_PORT',
  host: 'AETHERCORE_HOST',
  opcuaPort: 'AETHERCORE_OPCUA_PORT',
  speed: 'AETHERCORE_SPEED',
  plant: 'AETHERCORE_PLANT',
  dataDir: 'AETHERCORE_DATA_DIR',
  seed: 'AETHERCORE_SEED',
  scenario: 'AETHERCORE_SCENARIO',
  startAt: 'AETHERCORE_START_AT',
  mqtt: 'AETHERCORE_MQTT',
  mqttUrl: 'AETHERCORE_MQTT_URL',
  mqttPort: 'AETHERCORE_MQTT_PORT',
} as const;

/** The repository root (this file is packages/cli/src/commands/start.ts): defaults resolve here when run elsewhere. */
const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');

interface StartOpts {
  port?: string;
  host?: string;
  opcuaPort?: string;
  speed?: string;
  plant?: string;
  dataDir?: string;
  seed?: string;
  scenario?: string;
  startAt?: string;
  mqtt: boolean;
  mqttUrl?: string;
  mqttPort?: string;
  dashboard: boolean;
}

/**
 * `aethercore start`: the embedded live mode. The twin runs Werkhalle 4 in (accelerated) real
 * time and serves it over OPC UA; the platform subscribes as a real OPC UA client, stores events
 * and telemetry in SQLite, and serves the API and dashboard. Options override the environment
 * (`AETHERCORE_*`), which overrides the defaults.
 */
export function register(program: Command): void {
  program
    .command('start')
    .description('Run the live line: twin + OPC UA server and client + SQLite + HTTP API and dashboard')
    .option('--port <n>', `HTTP port of API and dashboard (env ${ENV.port}, default 8080; 0 = any free port)`)
    .option('--host <addr>', `interface to bind (env ${ENV.host}, default 127.0.0.1)`)
    .option('--opcua-port <n>', `OPC UA server port (env ${ENV.opcuaPort}, default 4840; 0 = any free port)`)
    .option('--speed <x>', `simulated seconds per wall second (env ${ENV.speed}, default 60)`)
    .option('--plant <file>', `plant file (env ${ENV.plant}, default plants/werkhalle4.yaml)`)
    .option('--data-dir <dir>', `SQLite files and OPC UA certificates (env ${ENV.dataDir}, default ./var)`)
    .option('--seed <n>', `random seed of the twin (env ${ENV.seed}, default 42)`)
    .option('--scenario <name>', `twin scenario (env ${ENV.scenario}, default werkhalle4-day)`)
    .option(
      '--start-at <HH:MM>',
      `fast-forward the twin to this time of the scenario day (UTC) first (env ${ENV.startAt})`,
    )
    .option(
      '--mqtt-url <url>',
      `external MQTT broker for the sensor path, e.g. mqtt://127.0.0.1:1883 (env ${ENV.mqttUrl}; default: the embedded broker)`,
    )
    .option(
      '--mqtt-port <n>',
      `port of the embedded MQTT broker (env ${ENV.mqttPort}; default 1883, or a free port when 1883 is taken)`,
    )
    .option('--no-mqtt', `no MQTT sensor path: every series over OPC UA (env ${ENV.mqtt}=false)`)
    .option('--no-dashboard', 'do not build or serve the web dashboard (API only)')
    .addHelpText(
      'after',
      '\nOPC UA carries the machine level (state, counters, gauges, Methods); MQTT the condition-monitoring sensors (vibration, temperatures, power, energy), see docs/mqtt.md.\nThe dashboard is built automatically (Vite) when packages/web/dist is missing or older than its sources.\nStop with Ctrl-C (SIGINT) or SIGTERM; shutdown is graceful.',
    )
    .action(async (o: StartOpts) => {
      const { CONFIG_ENV, createJsonLogger, ensureDashboardBuilt, loadConfig, startLive } =
        await import('@aethercore/server');
      for (const [k, v] of Object.entries(ENV)) {
        if (CONFIG_ENV[k as keyof typeof ENV] !== v)
          throw new Error(`start.ts: env name of ${k} is out of date`);
      }
      const config = withRepoDefaults(
        loadConfig(process.env, {
          port: o.port,
          host: o.host,
          opcuaPort: o.opcuaPort,
          speed: o.speed,
          plant: o.plant,
          dataDir: o.dataDir,
          seed: o.seed,
          scenario: o.scenario,
          startAt: o.startAt,
          mqtt: o.mqtt ? undefined : 'false',
          mqttUrl: o.mqttUrl,
          mqttPort: o.mqttPort,
        }),
        o.plant !== undefined || process.env[ENV.plant] !== undefined,
      );
      const level = process.env['AETHERCORE_LOG_LEVEL'];
      const logger = createJsonLogger('aethercore', isLevel(level) ? { level } : {});
      const staticDir = o.dashboard ? await ensureDashboardBuilt(logger) : undefined;
      const live = await startLive(config, { logger, ...(staticDir === undefined ? {} : { staticDir }) });

      console.log(`AetherCore is running: ${config.plant}, scenario ${config.scenario}, ×${config.speed}`);
      console.log(
        `  dashboard  ${live.url}/${staticDir === undefined ? '  (not served: --no-dashboard)' : ''}`,
      );
      console.log(`  API        ${live.url}/api  (OpenAPI: ${live.url}/api/openapi.json)`);
      console.log(`  OPC UA     ${live.opcuaEndpoint}  (machine level)`);
      console.log(
        `  MQTT       ${live.mqttUrl === undefined ? '(off: --no-mqtt)' : `${live.mqttUrl}  (sensors, topics aethercore/v1/#)`}`,
      );
      console.log('Press Ctrl-C to stop.');

      await new Promise<void>((resolve) => {
        let stopping = false;
        const onSignal = (signal: NodeJS.Signals): void => {
          if (stopping) {
            console.error(`${signal} again: exiting now`);
            process.exit(130);
          }
          stopping = true;
          console.error(`${signal}: stopping …`);
          void live.stop().then(resolve);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
      // Everything is closed; if a library left a handle open, do not hang the terminal.
      setTimeout(() => process.exit(process.exitCode ?? 0), 2_000).unref();
    });
}

/** A default plant path that does not exist relative to the cwd is taken from the repository. */
function withRepoDefaults(config: ServerConfig, plantGiven: boolean): ServerConfig {
  if (plantGiven || existsSync(config.plant) || path.isAbsolute(config.plant)) return config;
  return { ...config, plant: path.join(REPO_ROOT, config.plant) };
}

function isLevel(v: string | undefined): v is LogLevel {
  return v === 'debug' || v === 'info' || v === 'warn' || v === 'error';
}
