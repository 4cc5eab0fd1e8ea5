import os from 'node:os';
import path from 'node:path';
import { AetherError } from '@aethercore/core';
import {
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
  type ClientSession,
} from 'node-opcua';

export interface ClientConnectOptions {
  /** Client certificate and trust lists (default: `<tmpdir>/aethercore-opcua-client-pki`, never $HOME). */
  readonly pkiDir?: string;
  /** `None` (default; the loopback demo) or `SignAndEncrypt` with Basic256Sha256. */
  readonly security?: 'None' | 'SignAndEncrypt';
  /** Accept a server certificate not yet in pkiDir/trusted (tests, first contact; default false). */
  readonly trustUnknownServers?: boolean;
  /** node-opcua's reconnect strategy (exponential backoff). maxRetry −1 = retry forever (default). */
  readonly reconnect?: {
    readonly maxRetry?: number;
    readonly initialDelayMs?: number;
    readonly maxDelayMs?: number;
  };
  /** Give up the first connection after this long (default 15 s), even while retrying. */
  readonly connectTimeoutMs?: number;
}

/**
 * One application identity for every AetherCore client: the certificate in pkiDir carries this
 * applicationUri in its subjectAltName, and a server checks that the two match.
 */
const APPLICATION_NAME = 'aethercore-client';

export function createClient(options: ClientConnectOptions): OPCUAClient {
  const pki = path.resolve(options.pkiDir ?? path.join(os.tmpdir(), 'aethercore-opcua-client-pki'));
  const secure = options.security === 'SignAndEncrypt';
  return OPCUAClient.create({
    applicationName: APPLICATION_NAME,
    applicationUri: `urn:aethercore:${APPLICATION_NAME}`,
    endpointMustExist: false,
    securityMode: secure ? MessageSecurityMode.SignAndEncrypt : MessageSecurityMode.None,
    securityPolicy: secure ? SecurityPolicy.Basic256Sha256 : SecurityPolicy.None,
    clientCertificateManager: new OPCUACertificateManager({
      rootFolder: pki,
      automaticallyAcceptUnknownCertificate: options.trustUnknownServers ?? false,
    }),
    connectionStrategy: {
      maxRetry: options.reconnect?.maxRetry ?? -1,
      initialDelay: options.reconnect?.initialDelayMs ?? 500,
      maxDelay: options.reconnect?.maxDelayMs ?? 10_000,
    },
    keepSessionAlive: true,
  });
}

/** Connects, bounded by connectTimeoutMs; a failure becomes `opcua.connect-failed`. */
export async function connectClient(
  client: OPCUAClient,
  endpointUrl: string,
  options: ClientConnectOptions,
): Promise<ClientSession> {
  const timeoutMs = options.connectTimeoutMs ?? 15_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
    });
    await Promise.race([client.connect(endpointUrl), timeout]);
    return await Promise.race([client.createSession(), timeout]);
  } catch (e) {
    await client.disconnect().catch(() => undefined);
    throw new AetherError({
      code: 'opcua.connect-failed',
      message: `cannot connect to ${endpointUrl}: ${e instanceof Error ? e.message : String(e)}`,
      hint: 'check that the OPC UA server runs and the endpoint URL (opc.tcp://host:port/path) is right',
      category: 'third-party',
      kind: 'unavailable',
      cause: e,
    });
  } finally {
    clearTimeout(timer);
  }
}

/** Open a session, run `work`, and always close the session and the connection. */
export async function withSession<T>(
  endpointUrl: string,
  options: ClientConnectOptions,
  work: (session: ClientSession) => Promise<T>,
): Promise<T> {
  const client = createClient({ ...options, reconnect: { maxRetry: 0, ...options.reconnect } });
  const session = await connectClient(client, endpointUrl, options);
  try {
    return await work(session);
  } finally {
    await session.close().catch(() => undefined);
    await client.disconnect().catch(() => undefined);
  }
}
