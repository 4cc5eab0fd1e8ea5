import { existsSync } from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { AetherError } from '@aethercore/core';

/**
 * The built dashboard at `/`. Vite puts content-hashed files under `/assets/`, which may be cached
 * for good; `index.html` must be revalidated so a rebuild shows up on reload.
 */
export function dashboardRoutes(staticDir: string | undefined): Hono {
  const app = new Hono();
  if (staticDir === undefined || !existsSync(path.join(staticDir, 'index.html'))) {
    app.get('/', () => {
      throw new AetherError({
        code: 'dashboard.not-built',
        message: 'the dashboard is not built',
        hint: 'Run `npm run build -w @aethercore/web` (or start with `aethercore start`, which builds it). The API is at /api.',
        kind: 'not-found',
      });
    });
    return app;
  }
  const root = path.resolve(staticDir);
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.get('/', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-cache');
  });
  app.use('/*', serveStatic({ root }));
  return app;
}
