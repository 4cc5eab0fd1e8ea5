import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { PlanResponse } from '@aethercore/server';

/**
 * Strategos on the running product: `aethercore start` from 09:25 of the seed day at ×60, so the
 * 09:30 PCB delay arrives five seconds after the start; Chromium shows the plan panel's Gantt chart and
 * the re-plan. The start/stop/poll helpers follow `dashboard.e2e.test.ts` (kept local: test files
 * do not import each other). Writes docs/plan-panel.png.
 */
const REPO = path.resolve(import.meta.dirname, '../../..');
const CHROMIUM = process.env['AETHERCORE_CHROMIUM'] ?? '/usr/bin/chromium';
const SCREENSHOT = path.join(REPO, 'docs', 'plan-panel.png');

let product: ChildProcess | undefined;
let url = '';
let output = '';
let tmp = '';
let context: BrowserContext | undefined;
let page: Page;
let pageErrors = '';

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
      '--start-at',
      '09:25',
      '--data-dir',
      dataDir,
    ],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AETHERCORE_LOG_LEVEL: 'warn', AETHERCORE_DEMO_PASSWORD: 'e2e-demo-password' },
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

async function until<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let v = await read();
  while (!ok(v)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 250));
    v = await read();
  }
  return v;
}

describe('plan panel in Chromium (e2e)', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `Chromium not found at ${CHROMIUM}. Install it (apt-get install -y chromium) or set AETHERCORE_CHROMIUM.`,
      );
    tmp = mkdtempSync(path.join(os.tmpdir(), 'aethercore-plan-e2e-'));
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
      viewport: { width: 1440, height: 1400 },
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => (pageErrors += `${e.message}\n`));
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    const code = await stopProduct();
    if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
    expect(code, output.slice(-3_000)).toBe(0);
  }, 60_000);

  it('re-plans after the 09:30 PCB delay and draws the plan as a Gantt chart', async () => {
    // The API first: the live runner re-planned on the stored delay event and proposed O-1003 first.
    const plan = await until(
      async () => (await (await fetch(`${url}/api/plan`)).json()) as PlanResponse,
      (p) => p.lastReplan !== null,
      90_000,
      'the re-plan after the 09:30 delay',
    );
    expect(plan.lastReplan?.triggers.map((x) => x.type)).toContain('SupplierDeliveryDelayed');
    expect(plan.lastReplan?.outcome).toBe('proposed');
    expect(plan.lastReplan?.route).toBe('inbox');
    expect(plan.plan?.valid).toBe(true);
    expect(plan.latency.count).toBeGreaterThanOrEqual(1);

    await page.goto(`${url}/`);
    const gantt = page.getByTestId('plan-gantt');
    // Attached, not "visible": the panel sits below the fold of the fixed-height layout until scrolled to.
    await gantt.waitFor({ state: 'attached', timeout: 30_000 }).catch(async (e: unknown) => {
      const html = await page.content();
      const i = Math.max(0, html.indexOf('plan-panel') - 100);
      throw new Error(`${String(e)}\npage errors: ${pageErrors}\n${html.slice(i, i + 1500)}`);
    });
    await gantt.scrollIntoViewIfNeeded();
    await until(
      () => gantt.getAttribute('data-bars'),
      (n) => n !== null && Number(n) > 20,
      20_000,
      'Gantt bars in the next 8 h',
    );
    // echarts drew on its canvas: some pixels are not background.
    const painted = await gantt
      .locator('canvas')
      .first()
      .evaluate((c: HTMLCanvasElement) => {
        const ctx = c.getContext('2d');
        if (ctx === null) return 0;
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4 * 7) if ((d[i] ?? 0) > 0) n++;
        return n;
      });
    expect(painted).toBeGreaterThan(500);
    const panel = page.getByTestId('plan-panel');
    await until(
      () => panel.getByTestId('plan-replan').textContent(),
      (t) => t !== null && t.includes('Vorschlag an Sentinel'),
      20_000,
      'the re-plan line (German)',
    );
    expect(await panel.getByTestId('plan-sequence').textContent()).toContain('O-1003');
    await page.getByTestId('lang-en').click();
    await until(
      () => panel.getByTestId('plan-replan').textContent(),
      (t) => t !== null && t.includes('proposal to Sentinel'),
      10_000,
      'the re-plan line (English)',
    );
    await panel.screenshot({ path: SCREENSHOT });
  }, 180_000);
});
