import { spawn } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AetherError, silentLogger, type Logger } from '@aethercore/core';

/** Where the dashboard's sources live in this checkout (packages/web). */
export const WEB_DIR = path.resolve(import.meta.dirname, '../../web');
export const DIST_DIR = path.join(WEB_DIR, 'dist');

/** Newest modification time (ms) under the dashboard's sources and build config. */
function newestSourceMtime(webDir: string): number {
  let newest = 0;
  const visit = (p: string): void => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['src', 'index.html', 'vite.config.ts', 'package.json']) visit(path.join(webDir, p));
  return newest;
}

/** True when `dist/index.html` is missing or older than any source file: a stat walk, no hashing. */
export function dashboardIsStale(webDir = WEB_DIR): boolean {
  const index = path.join(webDir, 'dist', 'index.html');
  if (!existsSync(index)) return true;
  return statSync(index).mtimeMs < newestSourceMtime(webDir);
}

/**
 * Build the dashboard with Vite if it is missing or older than its sources, so that a fresh
 * `npm install && npm start` works without a separate build step. Returns the dist directory.
 * A failed build with an old dist keeps serving the old one (with a warning); without any dist
 * it is a coded error.
 */
export async function ensureDashboardBuilt(logger: Logger = silentLogger, webDir = WEB_DIR): Promise<string> {
  const dist = path.join(webDir, 'dist');
  if (!dashboardIsStale(webDir)) return dist;
  const log = logger.child('dashboard');
  const hadDist = existsSync(path.join(dist, 'index.html'));
  log.log('info', hadDist ? 'dashboard sources changed, rebuilding' : 'dashboard not built yet, building', {
    webDir,
  });
  let viteBin: string;
  try {
    const req = createRequire(path.join(webDir, 'package.json'));
    viteBin = path.join(path.dirname(req.resolve('vite/package.json')), 'bin', 'vite.js');
  } catch (e) {
    return fail(`vite is not installed (${String(e)})`);
  }
  const started = performance.now();
  // Build beside dist and swap it in, so a server already serving dist (or a second start building
  // at the same time) never sees a half-written directory.
  const tmp = path.join(webDir, `.dist-build-${process.pid}-${Date.now()}`);
  const { code, output } = await run(
    process.execPath,
    [viteBin, 'build', '--logLevel', 'warn', '--outDir', tmp, '--emptyOutDir'],
    webDir,
  );
  if (code !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    return fail(`vite build exited with ${code}: ${output.slice(-2_000)}`);
  }
  const old = `${tmp}-old`;
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(tmp, dist);
  rmSync(old, { recursive: true, force: true });
  log.log('info', 'dashboard built', { ms: Math.round(performance.now() - started), dist });
  return dist;

  function fail(why: string): string {
    if (hadDist) {
      log.log('warn', 'dashboard rebuild failed; serving the previous build', { why });
      return dist;
    }
    throw new AetherError({
      code: 'dashboard.build-failed',
      message: `the dashboard could not be built: ${why}`,
      hint: 'Run `npm install` at the repository root (it installs Vite), then `npm run build -w @aethercore/web`.',
      category: 'system',
      kind: 'unavailable',
    });
  }
}

function run(cmd: string, args: readonly string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    // NODE_ENV is forced: under a test runner it is `test`, and Vite would then bundle React's
    // development build (several times slower in the browser, measured as stalls in the e2e runs).
    const child = spawn(cmd, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (e) => resolve({ code: -1, output: String(e) }));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}
