import { z } from 'zod';
import { AetherError } from '@aethercore/core';

/**
 * The server's typed configuration. Every key has a default and can be overridden by an
 * environment variable (`AETHERCORE_PORT=8080`), then by explicit overrides (CLI flags).
 * Only composition roots (server, cli) call `loadConfig`; packages receive the parsed value.
 */
export interface ServerConfig {
  /** HTTP port of the API and dashboard; 0 picks a free port (tests). */
  readonly port: number;
  /** Interface the HTTP server binds to. */
  readonly host: string;
  /** Port of the twin's OPC UA server; 0 picks a free port (tests). */
  readonly opcuaPort: number;
  /** Simulated seconds per wall-clock second. */
  readonly speed: number;
  /** Where SQLite files and OPC UA certificates live. */
  readonly dataDir: string;
  /** The plant file (YAML). */
  readonly plant: string;
  readonly seed: number;
  readonly scenario: string;
  /** How often the real-time driver advances the twin, wall ms. */
  readonly tickMs: number;
  /** OPC UA sampling interval of the platform's subscription, wall ms. */
  readonly samplingIntervalMs: number;
  /**
   * Fast-forward the twin to this time of day (UTC, `HH:MM`) of the scenario's day before going
   * real-time, for demos of a later moment (`11:00` for R7, `13:30` for the thermal drift).
   */
  readonly startAt: string | undefined;
  /** Sentinel's policy file (YAML), relative to the working directory. */
  readonly policy: string;
  /**
   * One password for every seeded demo user at the first start (≥ 12 characters); unset: random
   * passwords, printed once. Ignored once `<dataDir>/identities.json` exists.
   */
  readonly demoPassword: string | undefined;
  /** The MQTT sensor path (docs/mqtt.md); false: every series over OPC UA, as before. */
  readonly mqtt: boolean;
  /** An external MQTT broker (`mqtt://host:1883`); unset: the embedded broker. */
  readonly mqttUrl: string | undefined;
  /** Port of the embedded broker; unset: 1883, or any free port when 1883 is taken. */
  readonly mqttPort: number | undefined;
}

/** One row per key: the env var that overrides it and its schema (with the default). */
const port = z.coerce.number().int().min(0).max(65535);
const KEYS = {
  port: { env: 'AETHERCORE_PORT', schema: port.default(8080) },
  host: { env: 'AETHERCORE_HOST', schema: z.string().min(1).default('127.0.0.1') },
  opcuaPort: { env: 'AETHERCORE_OPCUA_PORT', schema: port.default(4840) },
  speed: { env: 'AETHERCORE_SPEED', schema: z.coerce.number().positive().max(100_000).default(60) },
  dataDir: { env: 'AETHERCORE_DATA_DIR', schema: z.string().min(1).default('./var') },
  plant: { env: 'AETHERCORE_PLANT', schema: z.string().min(1).default('plants/werkhalle4.yaml') },
  seed: {
    env: 'AETHERCORE_SEED',
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(42),
  },
  scenario: { env: 'AETHERCORE_SCENARIO', schema: z.string().min(1).default('werkhalle4-day') },
  tickMs: { env: 'AETHERCORE_TICK_MS', schema: z.coerce.number().int().min(20).max(5_000).default(200) },
  samplingIntervalMs: {
    env: 'AETHERCORE_SAMPLING_MS',
    schema: z.coerce.number().int().min(10).max(60_000).default(250),
  },
  startAt: {
    env: 'AETHERCORE_START_AT',
    schema: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day HH:MM (UTC)')
      .optional(),
  },
  policy: { env: 'AETHERCORE_POLICY', schema: z.string().min(1).default('policies/default.yaml') },
  demoPassword: {
    env: 'AETHERCORE_DEMO_PASSWORD',
    schema: z.string().min(12, 'at least 12 characters').max(200).optional(),
  },
  mqtt: {
    env: 'AETHERCORE_MQTT',
    schema: z
      .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off'])])
      .default(true)
      .transform((v) => v === true || v === 'true' || v === '1' || v === 'on'),
  },
  mqttUrl: {
    env: 'AETHERCORE_MQTT_URL',
    schema: z
      .string()
      .max(500)
      .regex(/^(mqtts?|tcp|ssl):\/\/[^\s/]+(:\d{1,5})?\/?$/, 'expected mqtt://host:port')
      .optional(),
  },
  mqttPort: { env: 'AETHERCORE_MQTT_PORT', schema: port.optional() },
} as const satisfies Record<keyof ServerConfig, { env: string; schema: z.ZodType }>;

/** The env var names, for `--help` texts and docs. */
export const CONFIG_ENV: Readonly<Record<keyof ServerConfig, string>> = Object.fromEntries(
  Object.entries(KEYS).map(([k, v]) => [k, v.env]),
) as Record<keyof ServerConfig, string>;

/**
 * Build the config from defaults ← env ← overrides. Throws `config.invalid` naming the key, the
 * env var and the offending value, so a typo in `AETHERCORE_PORT` stops the start with a clear message.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = {},
  overrides: Partial<Record<keyof ServerConfig, string | number | undefined>> = {},
): ServerConfig {
  const out: Record<string, unknown> = {};
  for (const [key, { env: name, schema }] of Object.entries(KEYS)) {
    const override = overrides[key as keyof ServerConfig];
    const fromEnv = env[name];
    const raw = override ?? (fromEnv === undefined || fromEnv === '' ? undefined : fromEnv);
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const source = override !== undefined ? 'option' : `env ${name}`;
      throw new AetherError({
        code: 'config.invalid',
        message: `config key '${key}' (${source}) has an invalid value ${key === 'demoPassword' ? '(hidden)' : JSON.stringify(raw)}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        hint: `Set ${name} to a valid value or unset it to use the default (${JSON.stringify(schema.parse(undefined))}).`,
        path: key,
        kind: 'invalid',
      });
    }
    out[key] = parsed.data;
  }
  return out as unknown as ServerConfig;
}
