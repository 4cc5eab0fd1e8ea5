import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import { AetherError, type Logger } from '@aethercore/core';

export interface MqttBrokerOptions {
  /** Interface to bind; loopback by default (the embedded broker has no authentication). */
  readonly host?: string;
  /** TCP port; 0 picks a free port (tests). MQTT's registered port is 1883. */
  readonly port?: number;
  readonly logger: Logger;
}

export interface MqttBrokerHandle {
  /** `mqtt://host:port`. */
  readonly url: string;
  readonly port: number;
  /** Connected clients right now. */
  clients(): number;
  /** Closes every client connection and the listener. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The embedded broker of the demo: aedes 1.x (in-memory persistence: retained messages and
 * persistent sessions live as long as the process) on a plain TCP listener. For production use an
 * external broker (mosquitto, EMQX, HiveMQ) and point the platform at it with `--mqtt-url`.
 */
export async function startMqttBroker(o: MqttBrokerOptions): Promise<MqttBrokerHandle> {
  const host = o.host ?? '127.0.0.1';
  const broker = await Aedes.createBroker();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  broker.on('clientError', (client, err) =>
    o.logger.log('debug', 'mqtt broker: client error', { client: client.id, error: err.message }),
  );
  broker.on('connectionError', (_client, err) =>
    o.logger.log('debug', 'mqtt broker: connection error', { error: err.message }),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port ?? 1883, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    const code = (e as NodeJS.ErrnoException).code;
    throw new AetherError({
      code: 'mqtt.broker-listen-failed',
      message: `the embedded MQTT broker cannot listen on ${host}:${o.port ?? 1883}: ${code ?? String(e)}`,
      hint:
        code === 'EADDRINUSE'
          ? 'another broker (mosquitto?) holds the port: use it with --mqtt-url mqtt://127.0.0.1:1883, or pick another --mqtt-port'
          : 'check --mqtt-port and --host',
      kind: 'unavailable',
      category: 'system',
      cause: e,
    });
  }
  const port = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;
  return {
    url: `mqtt://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    clients: () => broker.connectedClients,
    stop: () => {
      stopped ??= (async () => {
        await new Promise<void>((resolve) => broker.close(() => resolve()));
        for (const s of sockets) s.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return stopped;
    },
  };
}
