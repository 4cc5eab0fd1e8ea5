import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * The shared rig of the Chromium e2e files: `aethercore start` as a child process (live mode on
 * loopback, ephemeral HTTP and OPC UA ports, a temp data dir, demo users seeded with a known
 * password), Debian Chromium through playwright-core, and a teardown that always runs and always
 * removes what it started. Every wait is a bounded wait for a condition; the bounds are generous
 * because CI runs on a fresh 2-core machine that may be slow and loaded (a whole CI run took 612 s,
 * and the first start of a clean checkout builds the dashboard with Vite).
 */
export const REPO = path.resolve(import.meta.dirname, '../../../..');
export const CHROMIUM = process.env['AETHERCORE_CHROMIUM'] ?? '/usr/bin/chromium';
/** Seeds every demo user with this password at the first start of the temp data dir. */
export const DEMO_PASSWORD = 'e2e-demo-password';

/** How long `aethercore start` may take to print its URL: a cold start builds the dashboard, and on
 * the loaded project machine (load average near 30 on 2 cores) a start once took over 300 s. */
const START_TIMEOUT_MS = 600_000;
/** How long the product may take to exit after SIGTERM before it is killed (and the test fails). */
const STOP_TIMEOUT_MS = 60_000;
/** `beforeAll`: the start, plus launching Chromium. */
export const RIG_SETUP_TIMEOUT_MS = START_TIMEOUT_MS + 120_000;
/** `afterAll`: closing Chromium plus the graceful stop, each bounded. */
export const RIG_TEARDOWN_TIMEOUT_MS = STOP_TIMEOUT_MS + 60_000;

export interface RigOptions {
  /** Temp dir name prefix, e.g. 'aethercore-plan-e2e-'. */
  readonly tmpPrefix: string;
  /** `aethercore start` options after the ports and the data dir, e.g. ['--speed', '300', '--start-at', '11:30']. */
  readonly startArgs: readonly string[];
  readonly locale: 'de-DE' | 'en-GB';
  readonly viewport?: { readonly width: number; readonly height: number };
}

export interface E2eRig {
  /** The dashboard's origin, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  readonly page: Page;
  readonly context: BrowserContext;
  /** The product's stdout and stderr so far, plus uncaught page errors (for failure messages). */
  output(): string;
}

/** Start the product and Chromium. On any failure, what was started is torn down before rethrowing. */
export async function startRig(
  opts: RigOptions,
): Promise<{ rig: E2eRig; teardown: () => Promise<number | null> }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install it (Debian: apt-get install -y chromium) or set AETHERCORE_CHROMIUM; CI installs it.`,
    );
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), opts.tmpPrefix));
  const log = { text: '' };
  let child: ChildProcess | undefined;
  let context: BrowserContext | undefined;
  const teardown = async (): Promise<number | null> => {
    try {
      // A browser that hangs on close must not keep the product (or the test) alive.
      if (context !== undefined) await bounded(context.close(), 30_000).catch(() => undefined);
      return child === undefined ? null : await stopProduct(child, log);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  };
  try {
    child = spawnProduct(path.join(tmp, 'data'), opts.startArgs, log);
    const url = await productUrl(child, log);
    context = await chromium.launchPersistentContext(path.join(tmp, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      viewport: opts.viewport ?? { width: 1440, height: 900 },
      locale: opts.locale,
      timezoneId: 'Europe/Berlin',
      timeout: 120_000,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    // The renderer shares two cores with the product (and, on the project machine, with other work):
    // actions and waits without an explicit bound get a generous one.
    page.setDefaultTimeout(90_000);
    page.setDefaultNavigationTimeout(120_000);
    page.on('pageerror', (e) => (log.text += `\n[page error] ${e.message}`));
    const ctx = context;
    return { rig: { url, page, context: ctx, output: () => log.text }, teardown };
  } catch (e) {
    await teardown().catch(() => undefined);
    throw new Error(`${String(e)}\n--- product output ---\n${log.text.slice(-3_000)}`, { cause: e });
  }
}

/**
 * Register the rig for the enclosing `describe`: started in `beforeAll`, torn down in `afterAll`
 * (which also checks the graceful exit code 0 on SIGTERM). The getter throws until it has started.
 */
export function useE2eRig(opts: RigOptions): () => E2eRig {
  let started: { rig: E2eRig; teardown: () => Promise<number | null> } | undefined;
  beforeAll(async () => {
    started = await startRig(opts);
  }, RIG_SETUP_TIMEOUT_MS);
  afterAll(async () => {
    if (started === undefined) return;
    const { rig, teardown } = started;
    started = undefined;
    const code = await teardown();
    expect(code, rig.output().slice(-3_000)).toBe(0);
  }, RIG_TEARDOWN_TIMEOUT_MS);
  return () => {
    if (started === undefined) throw new Error('the e2e rig has not started (see the beforeAll error)');
    return started.rig;
  };
}

/**
 * Poll `read` until `ok` holds, at most `timeoutMs`, returning the last value. A condition, never a
 * sleep: on a fast machine it returns at once, on a slow one it waits up to the bound.
 */
export async function until<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let v = await read();
  while (!ok(v)) {
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(v)?.slice(0, 500)}`,
      );
    await new Promise((r) => setTimeout(r, 250));
    v = await read();
  }
  return v;
}

/**
 * A GET on the product's API, parsed as JSON (with a bearer token when given). Sent again once when
 * the kept-alive socket it reused was reset: the server closes idle sockets after 5 s, and a starved
 * test process may reuse one just as it closes (ECONNRESET). A GET is safe to repeat.
 */
export async function getJson<T>(url: string, token?: string): Promise<T> {
  const init = token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } };
  let r: Response;
  try {
    r = await fetch(url, init);
  } catch (e) {
    if ((e as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw e;
    r = await fetch(url, init);
  }
  return (await r.json()) as T;
}

/** Sign in through the API as a demo user: the session the dashboard's sign-in dialog would store. */
export async function login(
  url: string,
  user: string,
): Promise<{ token: string; expiresAt: number; principal: unknown }> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, password: DEMO_PASSWORD }),
  });
  if (r.status !== 200) throw new Error(`login as ${user} answered ${r.status}: ${await r.text()}`);
  return (await r.json()) as { token: string; expiresAt: number; principal: unknown };
}

function spawnProduct(dataDir: string, args: readonly string[], log: { text: string }): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'packages/cli/src/main.ts',
      'start',
      '--port',
      '0',
      '--opcua-port',
      '0',
      '--data-dir',
      dataDir,
      ...args,
    ],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AETHERCORE_LOG_LEVEL: 'warn', AETHERCORE_DEMO_PASSWORD: DEMO_PASSWORD },
    },
  );
  child.stdout?.on('data', (d: Buffer) => (log.text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log.text += d.toString()));
  // If the test process dies without its afterAll (a crash, a killed worker), take the product along.
  const kill = (): void => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  return child;
}

function productUrl(child: ChildProcess, log: { text: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`aethercore start did not print its URL within ${START_TIMEOUT_MS / 1000} s`)),
      START_TIMEOUT_MS,
    );
    const check = (): void => {
      const m = /dashboard\s+(http:\/\/[^\s/]+)\//.exec(log.text);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        child.off('exit', exited);
        resolve(m[1]);
      }
    };
    const exited = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`aethercore start exited with ${code} before printing its URL`));
    };
    child.stdout?.on('data', check);
    child.once('exit', exited);
    check();
  });
}

/** SIGTERM, wait for the exit (bounded), SIGKILL if it hangs (then fail: shutdown must be graceful). */
async function stopProduct(child: ChildProcess, log: { text: string }): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const result = await Promise.race([exited, delay(STOP_TIMEOUT_MS).then(() => 'timeout' as const)]);
  if (result === 'timeout') {
    child.kill('SIGKILL');
    await bounded(exited, 10_000).catch(() => undefined);
    throw new Error(
      `aethercore start did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM:\n${log.text.slice(-3_000)}`,
    );
  }
  return result;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

function bounded<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, delay(ms).then(() => Promise.reject(new Error(`no answer within ${ms} ms`)))]);
}
