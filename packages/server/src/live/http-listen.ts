import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { AetherError } from '@aethercore/core';

/** Puts the app on a socket; resolves once listening, or rejects with `server.listen-failed`. */
export function listen(app: Hono, host: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port });
    // Node closes idle keep-alive sockets after 5 s; a client that sends on such a socket in the same
    // instant gets ECONNRESET (seen in tests on a loaded machine). Keep idle sockets longer than
    // clients do (undici: 4 s, browsers: longer still), so the client side always closes first.
    if ('keepAliveTimeout' in server) {
      server.keepAliveTimeout = 65_000;
      server.headersTimeout = 66_000;
    }
    server.once('listening', () => resolve(server));
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new AetherError({
          code: 'server.listen-failed',
          message: `cannot listen on ${host}:${port}: ${e.code ?? e.message}`,
          hint:
            e.code === 'EADDRINUSE'
              ? 'Another process uses the port: set AETHERCORE_PORT (or --port) to a free one.'
              : 'Check AETHERCORE_HOST and AETHERCORE_PORT.',
          category: 'system',
          kind: 'unavailable',
          cause: e,
        }),
      ),
    );
  });
}

/** Closes the server, cutting connections still open, so shutdown is bounded. */
export function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // SSE streams end when the hub closes; anything else still open is cut so shutdown is bounded.
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}
