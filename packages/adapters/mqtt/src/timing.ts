import type { MqttClient } from 'mqtt';
import { AetherError } from '@aethercore/core';

/**
 * mqtt.js's own default (30 s). A connack on a loopback broker normally takes milliseconds, but on a
 * saturated machine (load average 30 on 2 cores) 10 s was seen to expire and the client then looped
 * between connect and timeout.
 */
export const CONNECT_TIMEOUT_MS = 30_000;
/** Shutdown never waits longer than this for a broker that does not answer; then the socket is dropped. */
export const STOP_GRACE_MS = 3_000;

/** Resolves with `p`'s value, or undefined when it rejects or takes longer than `ms`. */
export const within = <T>(p: Promise<T>, ms: number): Promise<T | undefined> =>
  new Promise((resolve) => {
    const t = setTimeout(() => resolve(undefined), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      () => {
        clearTimeout(t);
        resolve(undefined);
      },
    );
  });

/** Waits for a client's first CONNACK; after `CONNECT_TIMEOUT_MS` the client is dropped and a coded error thrown. */
export function firstConnect(client: MqttClient, url: string, who: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.end(true);
      reject(
        new AetherError({
          code: 'mqtt.connect-failed',
          message: `${who} cannot reach the MQTT broker at ${url} within ${CONNECT_TIMEOUT_MS / 1000} s`,
          hint: 'start the broker (or drop --mqtt-url to use the embedded one), or run with --no-mqtt',
          kind: 'unavailable',
          category: 'third-party',
        }),
      );
    }, CONNECT_TIMEOUT_MS);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
