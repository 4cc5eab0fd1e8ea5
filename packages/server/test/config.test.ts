import { describe, expect, it } from 'vitest';
import { AetherError } from '@aethercore/core';
import { CONFIG_ENV, loadConfig } from '../src/index.ts';

describe('loadConfig', () => {
  it('has defaults for every key', () => {
    expect(loadConfig()).toEqual({
      port: 8080,
      host: '127.0.0.1',
      opcuaPort: 4840,
      speed: 60,
      dataDir: './var',
      plant: 'plants/werkhalle4.yaml',
      seed: 42,
      scenario: 'werkhalle4-day',
      tickMs: 200,
      samplingIntervalMs: 250,
      startAt: undefined,
      policy: 'policies/default.yaml',
      demoPassword: undefined,
      mqtt: true,
      mqttUrl: undefined,
      mqttPort: undefined,
    });
  });

  it('env overrides defaults, options override env, empty env values are ignored', () => {
    const env = {
      AETHERCORE_PORT: '9090',
      AETHERCORE_SPEED: '120',
      AETHERCORE_SEED: '7',
      AETHERCORE_DATA_DIR: '',
      AETHERCORE_START_AT: '11:00',
    };
    const c = loadConfig(env, { speed: 600 });
    expect(c).toMatchObject({ port: 9090, speed: 600, seed: 7, dataDir: './var', startAt: '11:00' });
    expect(CONFIG_ENV.opcuaPort).toBe('AETHERCORE_OPCUA_PORT');
  });

  it.each([
    [{ AETHERCORE_PORT: 'eighty' }, 'port', 'AETHERCORE_PORT'],
    [{ AETHERCORE_PORT: '70000' }, 'port', 'AETHERCORE_PORT'],
    [{ AETHERCORE_SPEED: '-1' }, 'speed', 'AETHERCORE_SPEED'],
    [{ AETHERCORE_SEED: '1.5' }, 'seed', 'AETHERCORE_SEED'],
    [{ AETHERCORE_START_AT: '25:00' }, 'startAt', 'AETHERCORE_START_AT'],
  ])('%o is a coded config.invalid naming the key and the env var', (env, key, name) => {
    let err: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AetherError);
    const e = err as AetherError;
    expect(e.code).toBe('config.invalid');
    expect(e.path).toBe(key);
    expect(e.message).toContain(name);
    expect(e.hint).toContain(name);
  });
});
