import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AetherError, isAetherError, type ErrorKind, type Logger } from '@aethercore/core';
import type { ErrorResponse } from '../api/types.ts';

/**
 * The one place where coded errors become HTTP (as Eclipse Ditto maps its exceptions): the
 * status follows `AetherError.kind`, the body is `{ code, message, hint, path }`. Anything that is
 * not an AetherError is a bug or an outage: it is logged with its stack and answered as
 * `server.internal` without leaking internals.
 */
export const STATUS_BY_KIND: Readonly<Record<ErrorKind, ContentfulStatusCode>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'rate-limited': 429,
  internal: 500,
  unavailable: 503,
};

export function toHttpError(e: unknown): { status: ContentfulStatusCode; body: ErrorResponse } {
  const err = normalise(e);
  const body: ErrorResponse = {
    code: err.code,
    message: err.message,
    ...(err.hint === undefined ? {} : { hint: err.hint }),
    ...(err.path === undefined ? {} : { path: err.path }),
  };
  return { status: STATUS_BY_KIND[err.kind], body };
}

function normalise(e: unknown): AetherError {
  if (isAetherError(e)) return e;
  if (e instanceof HTTPException) {
    // Hono raises these for framework-level input problems (e.g. a malformed body).
    const status = e.status;
    const kind: ErrorKind = status === 404 ? 'not-found' : status < 500 ? 'invalid' : 'internal';
    return new AetherError({ code: 'http.bad-request', message: e.message || 'bad request', kind });
  }
  return new AetherError({
    code: 'server.internal',
    message: 'internal error',
    hint: 'This is a bug or an outage; the server log has the details.',
    category: 'system',
    kind: 'internal',
  });
}

/** Hono `onError` handler. */
export function errorHandler(logger: Logger) {
  return (e: unknown, c: Context): Response => {
    const { status, body } = toHttpError(e);
    if (status >= 500) {
      logger.log('error', 'request failed', {
        method: c.req.method,
        path: c.req.path,
        code: body.code,
        error: e instanceof Error ? (e.stack ?? e.message) : String(e),
      });
    }
    return c.json(body, status);
  };
}

/** Hono `notFound` handler: unknown routes get a coded 404 too. */
export function notFoundHandler(c: Context): Response {
  const { status, body } = toHttpError(
    new AetherError({
      code: 'http.route-unknown',
      message: `no route ${c.req.method} ${c.req.path}`,
      hint: 'See GET /api/openapi.json for the routes this server offers.',
      kind: 'not-found',
    }),
  );
  return c.json(body, status);
}
