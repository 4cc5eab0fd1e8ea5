import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { PolicyHistoryResponse, PolicyResponse } from '@aethercore/server';

/**
 * Policy authorship on the running product: `aethercore start` (temp data dir, demo password),
 * Chromium signs in as the process engineer (the matrix gives `policy.change` to engineers and
 * production managers, not to admins), changes a purchase-order limit in the editor — first with
 * a mistake the server names by field path — and the version, the history and the audit trail
 * show the change. An admin then sees the users list; sign-out ends the session on the server.
 * The start/stop/poll helpers follow `dashboard.e2e.test.ts` (kept local: test files do not import
 * each other). Writes docs/dashboard-policy.png.
 */
const REPO = path.resolve(import.meta.dirname, '../../..');
const CHROMIUM = process.env['AETHERCORE_CHROMIUM'] ?? '/usr/bin/chromium';
const SCREENSHOT = path.join(REPO, 'docs', 'dashboard-policy.png');
const DEMO_PASSWORD = 'e2e-demo-password';

let product: ChildProcess | undefined;
let url = '';
let output = '';
let tmp = '';
let context: BrowserContext | undefined;
let page: Page;

async function startProduct(dataDir: string): Promise<string> {
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
      '--speed',
      '60',
      '--data-dir',
      dataDir,
    ],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AETHERCORE_LOG_LEVEL: 'warn', AETHERCORE_DEMO_PASSWORD: DEMO_PASSWORD },
    },
  );
  product = child;
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`aethercore start did not print its URL within 180 s:\n${output}`)),
      180_000,
    );
    const check = (): void => {
      const m = /dashboard\s+(http:\/\/[^\s/]+)\//.exec(output);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`aethercore start exited with ${code}:\n${output}`));
    });
  });
}

async function stopProduct(): Promise<number | null> {
  const child = product;
  if (child === undefined || child.exitCode !== null) return child?.exitCode ?? null;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 20_000));
  const result = await Promise.race([exited, timeout]);
  if (result === 'timeout') {
    child.kill('SIGKILL');
    throw new Error(`aethercore start did not stop within 20 s of SIGTERM:\n${output.slice(-3_000)}`);
  }
  return result;
}

async function signIn(user: string): Promise<void> {
  await page.getByTestId('login-button').click();
  await page.getByTestId('login-user').fill(user);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('logout-button').waitFor({ timeout: 90_000 });
}

async function api<T>(p: string, token: string): Promise<{ status: number; body: T }> {
  const r = await fetch(`${url}${p}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, body: (await r.json()) as T };
}

describe('policy screen in Chromium (e2e)', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}. Install it (Debian: apt-get install -y chromium) or set AETHERCORE_CHROMIUM; CI installs it.`,
      );
    }
    tmp = mkdtempSync(path.join(os.tmpdir(), 'aethercore-policy-e2e-'));
    url = await startProduct(path.join(tmp, 'data'));
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
      viewport: { width: 1440, height: 900 },
      locale: 'en-GB',
      timezoneId: 'Europe/Berlin',
    });
    page = context.pages()[0] ?? (await context.newPage());
    // The dashboard shares two cores with benchmarks and other work: be patient, not flaky.
    page.setDefaultTimeout(90_000);
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    const code = await stopProduct();
    if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
    expect(code, output.slice(-3_000)).toBe(0);
  }, 60_000);

  it('an engineer changes a limit: a mistake names its field, then the version increments, the history and the audit trail show it', async () => {
    await page.goto(`${url}/`);
    await page.waitForSelector('[data-testid="station"]', { timeout: 120_000 });
    await page.getByTestId('lang-en').click();
    const screen = page.getByTestId('admin-screen');
    expect(await screen.textContent()).toContain('Sign in to see the policy');

    await signIn('engineer');
    await expect
      .poll(() => page.getByTestId('policy-version').textContent(), { timeout: 90_000 })
      .toContain('Version 1');
    const po = page.getByTestId('policy-class').filter({ hasText: 'purchase-order' });
    expect(await po.getByTestId('policy-limits').textContent()).toContain('≤ 5,000 EUR per order');
    expect(await po.getByTestId('policy-grade').textContent()).toBe('Needs approval');
    expect(await page.getByTestId('policy-class').count()).toBeGreaterThanOrEqual(6);

    await page.getByTestId('policy-edit').click();
    const editor = page.getByTestId('policy-text');
    const text = await editor.inputValue();
    expect(text).toMatch(/^version: 2$/m);
    expect(text).toContain('maxPerOrder: 5000');
    // A mistake first: a negative limit is refused with the field path, nothing changes.
    await editor.fill(text.replace('maxPerOrder: 5000', 'maxPerOrder: -4000'));
    await page.getByTestId('policy-reason').fill('supplier alert: smaller orders');
    await page.getByTestId('policy-save').click();
    await expect
      .poll(() => page.getByTestId('policy-error').textContent(), { timeout: 90_000 })
      .toContain('actionClasses.purchase-order.limits.money.maxPerOrder');
    expect(await page.getByTestId('policy-error').textContent()).toContain('policy.invalid');
    // Fixed: saved, in force at once.
    await editor.fill(text.replace('maxPerOrder: 5000', 'maxPerOrder: 4000'));
    await page.getByTestId('policy-save').click();
    await expect
      .poll(() => page.getByTestId('policy-saved').textContent(), { timeout: 90_000 })
      .toContain('Version 2 is in force now');
    expect(await page.getByTestId('policy-version').textContent()).toContain('Version 2');
    expect(await po.getByTestId('policy-limits').textContent()).toContain('≤ 4,000 EUR per order');
    const history = await page.getByTestId('policy-history-entry').allTextContents();
    expect(history[0]).toMatch(/^v2 u:engineer .*supplier alert: smaller orders/);
    expect(history.at(-1)).toMatch(/^v1 system:startup/);

    // The API agrees, and the audit trail panel shows the change (polled every 5 s).
    const token = await page.evaluate(
      () =>
        (JSON.parse(window.sessionStorage.getItem('aethercore.session') ?? '{}') as { token?: string })
          .token ?? '',
    );
    const policy = await api<PolicyResponse>('/api/policy', token);
    expect(policy.body.version).toBe(2);
    expect(policy.body.current).toMatchObject({
      changedBy: 'u:engineer',
      reason: 'supplier alert: smaller orders',
    });
    const h = await api<PolicyHistoryResponse>('/api/policy/history', token);
    expect(h.body.versions.map((v) => v.version)).toEqual([1, 2]);
    await expect
      .poll(() => page.locator('[data-testid="audit-entry"]').allTextContents(), { timeout: 90_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/policy\.changed u:engineer done/)]));
    await expect
      .poll(() => page.locator('[data-testid="audit-entry"]').allTextContents(), { timeout: 90_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/policy\.change u:engineer denied/)]));

    // German labels of the same screen.
    await page.getByTestId('lang-de').click();
    expect(await screen.locator('h2').first().textContent()).toBe('Richtlinie & Verwaltung');
    expect(await po.getByTestId('policy-grade').textContent()).toBe('Freigabe nötig');
    expect(await po.getByTestId('policy-limits').textContent()).toContain('≤ 4.000 EUR je Bestellung');
    await page.getByTestId('lang-en').click();
    await screen.scrollIntoViewIfNeeded();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Sign-out ends the session on the server too (the stored hash is deleted).
    await page.getByTestId('logout-button').click();
    await expect
      .poll(async () => (await api<unknown>('/api/auth/me', token)).status, { timeout: 60_000 })
      .toBe(401);
  }, 600_000);

  it('an admin sees the users list but no editor (the matrix keeps policy changes with engineers and managers)', async () => {
    await signIn('admin');
    const rows = page.getByTestId('user-row');
    await rows.first().waitFor({ timeout: 90_000 });
    const ids = await rows.locator('td:first-child').allTextContents();
    expect(ids).toEqual(
      expect.arrayContaining(['admin', 'operator', 'supervisor', 'engineer', 'manager', 'dexter']),
    );
    expect(await page.getByTestId('policy-edit').count()).toBe(0);
    expect(await page.getByTestId('admin-screen').textContent()).toContain(
      'Only engineers and production managers change the policy.',
    );
    await page.getByTestId('logout-button').click();
  }, 300_000);
});
