import { Hono } from 'hono';
import { openApiDocument } from '../openapi.ts';
import { emptyQuery, parseQuery } from '../query.ts';

export function openApiRoutes(version = '0.1.0'): Hono {
  let doc: Record<string, unknown> | undefined;
  return new Hono().get('/openapi.json', (c) => {
    parseQuery(emptyQuery, c.req.query());
    doc ??= openApiDocument(version);
    return c.json(doc);
  });
}
